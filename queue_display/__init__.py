"""queue_display"""
