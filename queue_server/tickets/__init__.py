"""Tickets: issuing, reading, and what every change of a ticket shares."""
