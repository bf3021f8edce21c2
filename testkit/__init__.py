"""What the tests, the benchmarks and the screenshot tools share: servers to run against
(in-process, in a thread, in a child process), a PostgreSQL server, a cuttable network
proxy, a virtual serial printer, generated ID-card photos, idempotency keys."""
