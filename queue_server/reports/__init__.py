"""A centre's figures over service days, as JSON, tables, workbooks and charts."""
