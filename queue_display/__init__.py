"""The Qt waiting-room display and the Vietnamese announcer (issue 8)."""
