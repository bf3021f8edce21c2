"""The `xephang` command and the glue every program shares (config files)."""
