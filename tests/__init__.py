"""XepHang test suite, by layer."""
