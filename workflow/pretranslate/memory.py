"""The translation memory: an embedded SQLite database, always rebuilt from the catalogs.

The PO files in git are the truth; the memory is a cache of their human translations (plus TMX
files a user imported, which are kept as files under ``tm/`` so a rebuild includes them).
Exact lookups use an index; fuzzy lookups use rapidfuzz over the sources of one language pair,
loaded once per run.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process

from ..errors import WorkflowError

SCHEMA = """
CREATE TABLE IF NOT EXISTS entries (
    src_lang TEXT NOT NULL,
    tgt_lang TEXT NOT NULL,
    source   TEXT NOT NULL,
    target   TEXT NOT NULL,
    origin   TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS by_source ON entries (src_lang, tgt_lang, source);
"""


@dataclass(frozen=True)
class TMEntry:
    src_lang: str
    tgt_lang: str
    source: str
    target: str
    origin: str   # the document (or imported file) it comes from


@dataclass(frozen=True)
class TMMatch:
    entry: TMEntry
    score: float  # 0-100; 100 is an exact match


class TranslationMemory:
    def __init__(self, path: Path | None = None, *, threads: bool = False) -> None:
        """``threads``: used from several threads, one at a time (the review page serves each
        request in its own thread and holds a lock around the memory)."""
        self.path = path
        try:
            if path is not None:
                path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(str(path) if path else ":memory:",
                                      check_same_thread=not threads)
            self.db.executescript(SCHEMA)
        except (sqlite3.Error, OSError) as exc:
            raise WorkflowError(f"cannot open the translation memory: {exc}",
                                path=str(path), fix="delete the file: it is rebuilt from the "
                                "catalogs") from None
        self._pairs: dict[tuple[str, str], tuple[list[str], list[TMEntry]]] = {}

    def close(self) -> None:
        self.db.close()

    def rebuild(self, entries: Iterable[TMEntry]) -> int:
        """Replace the whole memory (one transaction: a crash leaves the old one)."""
        rows = {(e.src_lang, e.tgt_lang, e.source, e.target): e.origin for e in entries}
        with self.db:
            self.db.execute("DELETE FROM entries")
            self.db.executemany(
                "INSERT INTO entries VALUES (?, ?, ?, ?, ?)",
                [(*key, origin) for key, origin in sorted(rows.items())])
        self._pairs.clear()
        return len(rows)

    def add(self, entries: Iterable[TMEntry]) -> int:
        rows = [(e.src_lang, e.tgt_lang, e.source, e.target, e.origin) for e in entries]
        with self.db:
            self.db.executemany("INSERT INTO entries VALUES (?, ?, ?, ?, ?)", rows)
        self._pairs.clear()
        return len(rows)

    def __len__(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM entries").fetchone()[0]

    def entries(self) -> list[TMEntry]:
        return [TMEntry(*row) for row in self.db.execute(
            "SELECT src_lang, tgt_lang, source, target, origin FROM entries "
            "ORDER BY src_lang, tgt_lang, source, target")]

    def exact(self, src_lang: str, tgt_lang: str, source: str) -> TMMatch | None:
        row = self.db.execute(
            "SELECT src_lang, tgt_lang, source, target, origin FROM entries WHERE src_lang=? "
            "AND tgt_lang=? AND source=? ORDER BY origin, target LIMIT 1",
            (src_lang, tgt_lang, source)).fetchone()
        return TMMatch(TMEntry(*row), 100.0) if row else None

    def _pair(self, src_lang: str, tgt_lang: str) -> tuple[list[str], list[TMEntry]]:
        key = (src_lang, tgt_lang)
        if key not in self._pairs:
            entries = [TMEntry(*row) for row in self.db.execute(
                "SELECT src_lang, tgt_lang, source, target, origin FROM entries "
                "WHERE src_lang=? AND tgt_lang=? ORDER BY source, origin", key)]
            self._pairs[key] = ([e.source for e in entries], entries)
        return self._pairs[key]

    def suggestions(self, src_lang: str, tgt_lang: str, source: str, *, limit: int = 3,
                    threshold: float = 60.0) -> list[TMMatch]:
        """The closest entries (at most ``limit``, best first), exact ones included."""
        sources, entries = self._pair(src_lang, tgt_lang)
        if not sources:
            return []
        found = process.extract(source, sources, scorer=fuzz.ratio, score_cutoff=threshold,
                                limit=limit * 3)
        out, seen = [], set()
        for _, score, index in found:
            entry = entries[index]
            if entry.target in seen:
                continue
            seen.add(entry.target)
            out.append(TMMatch(entry, float(score)))
        return out[:limit]

    def fuzzy(self, src_lang: str, tgt_lang: str, source: str, *,
              threshold: float = 75.0) -> TMMatch | None:
        """The closest entry scoring at least ``threshold`` (rapidfuzz ratio, 0-100)."""
        sources, entries = self._pair(src_lang, tgt_lang)
        if not sources:
            return None
        found = process.extractOne(source, sources, scorer=fuzz.ratio, score_cutoff=threshold)
        if found is None:
            return None
        return TMMatch(entries[found[2]], float(found[1]))
