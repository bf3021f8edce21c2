"""queue_client"""
