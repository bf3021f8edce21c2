"""The counter's work: call next, commands on a ticket, pause and resume."""
