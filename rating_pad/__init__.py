"""The rating pad facing the citizen at a counter: one touch to rate the service."""
