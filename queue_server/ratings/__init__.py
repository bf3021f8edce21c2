"""Ratings of the service by citizens."""
