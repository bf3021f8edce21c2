"""Storage over SQLAlchemy Core: one code path for SQLite (default) and PostgreSQL."""
