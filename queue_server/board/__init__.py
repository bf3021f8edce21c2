"""The queue as boards see it: the snapshot and the centre's configuration."""
