"""Stage: align a published translation with its source.

``beads`` is the pure aligner (dynamic programming over sentence beads scored by length and by
what survives translation); ``job`` reads the two documents, runs it and writes JSONL, TMX or PO,
or fills a project catalog.
"""
