"""The Qt touch kiosk and the rating-pad mode (issues 6 and 9)."""
