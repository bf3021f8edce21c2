"""The queue server: the only writer of queue state, with an event log every device follows."""
