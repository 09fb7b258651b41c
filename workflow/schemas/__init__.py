"""XML schemas the package validates against at run time (copied unchanged; see SOURCE.md)."""
