"""One small Protocol per device kind, with real drivers and a simulator for each (issues 4–8)."""
