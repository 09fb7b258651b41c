"""Readers and writers at the edge. Each works on file objects or strings, never on paths."""
