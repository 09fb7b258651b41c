"""Stage: drafts for empty units, from the translation memory and then machine translation.

``drafts`` holds the pure logic (TM and MT drafts under the glossary, batches in order), ``memory``
the SQLite translation memory and its rebuild from the project, ``job`` the run over a project.
"""
