"""device_drivers"""
