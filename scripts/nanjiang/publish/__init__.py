"""Stage 5: editions published together, by one atomic switch."""
