"""Stage 1: the raw data package, its readers and validation."""
