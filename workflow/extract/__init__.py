"""Stage 2: Document → POT → PO.

``template`` holds the pure functions (template, merge into a catalog, the sentence walk export
shares); ``job`` plans and applies the writes for a whole project.
"""
