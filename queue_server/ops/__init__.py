"""Operations: liveness and housekeeping."""
