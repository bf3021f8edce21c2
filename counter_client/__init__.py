"""counter_client"""
