"""Devices reporting their hardware's health."""
