"""Stage: catalogs + source structure → localized documents.

``localize`` is pure (rebuild an article from its catalog, judge it against the gate); ``job``
publishes the project (output paths, the index, the last good export).
"""
