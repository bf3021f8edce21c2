"""Helpers shared by the tests: a real PostgreSQL server and real server processes."""
