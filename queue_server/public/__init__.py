"""The citizen's public ticket page."""
