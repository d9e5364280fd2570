"""Shared basics: errors that locate, printed numbers, atomic writes, the fixed date."""
