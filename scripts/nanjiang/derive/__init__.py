"""Stage 2: derived indicators, the data audit and its evidence."""
