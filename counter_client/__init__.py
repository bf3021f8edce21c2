"""The Qt counter client for officers, with keypads and LED signs (issue 7)."""
