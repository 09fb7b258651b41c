"""Stage: catalogs → findings.

The pure checks (``base``, ``values``, ``text``, gathered in ``prose``; ``runner`` runs them with
the glossary and project-wide checks) import nothing that does I/O; ``job`` is the project-wide
side: which catalogs, which glossary, which checks are turned off.
"""
