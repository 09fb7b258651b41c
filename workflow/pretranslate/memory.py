"""The translation memory: an embedded SQLite database, kept in step with the catalogs.

The PO files in git are the truth; the memory is a cache of their human translations (plus TMX
files a user imported, which are kept as files under ``tm/`` so a rebuild includes them). Each
entry remembers the file it came from, and each file its size, time and SHA-256: a run reads
again only the files that changed (``pretranslate.job.open_tm``).

Exact lookups use an index. Fuzzy lookups score with rapidfuzz, but not against every entry:
the sources of a language pair are indexed by word once per run, and a query is scored only
against the entries that share its rarest words (``CANDIDATES`` at most, and only those whose
length allows the threshold), so a lookup costs what those words' entries cost, not what the
memory holds. ``benchmarks/bench_tm_lookup.py`` measures the speed and how often the result
differs from scoring everything.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process

from ..errors import WorkflowError

VERSION = 2
SCHEMA = """
CREATE TABLE IF NOT EXISTS entries (
    src_lang TEXT NOT NULL,
    tgt_lang TEXT NOT NULL,
    source   TEXT NOT NULL,
    target   TEXT NOT NULL,
    origin   TEXT NOT NULL,
    file     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS by_source ON entries (src_lang, tgt_lang, source);
CREATE INDEX IF NOT EXISTS by_file ON entries (file);
CREATE TABLE IF NOT EXISTS files (file TEXT PRIMARY KEY, size INTEGER, mtime INTEGER, sha TEXT);
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT);
"""
CANDIDATES = 64         # entries scored per fuzzy lookup, at most
RARE_WORDS = 6          # the query's words whose entries are candidates, at least
POSTINGS = 10_000       # ... and more words while their entries number no more than this
_WORD = re.compile(r"\w+")


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
            if self.db.execute("PRAGMA user_version").fetchone()[0] != VERSION:
                self.db.executescript("DROP TABLE IF EXISTS entries; DROP TABLE IF EXISTS files;"
                                      f"DROP TABLE IF EXISTS meta; PRAGMA user_version = {VERSION}")
            self.db.executescript(SCHEMA)
        except (sqlite3.Error, OSError) as exc:
            raise WorkflowError(f"cannot open the translation memory: {exc}",
                                path=str(path), fix="delete the file: it is rebuilt from the "
                                "catalogs") from None
        self._pairs: dict[tuple[str, str], _Pair] = {}

    def close(self) -> None:
        self.db.close()

    def rebuild(self, entries: Iterable[TMEntry]) -> int:
        """Replace the whole memory (one transaction: a crash leaves the old one)."""
        with self.db:
            self.db.execute("DELETE FROM entries")
            self.db.execute("DELETE FROM files")
            self._insert(entries, "")
        self._pairs.clear()
        return len(self)

    def add(self, entries: Iterable[TMEntry]) -> int:
        with self.db:
            count = self._insert(entries, "")
        self._pairs.clear()
        return count

    def _insert(self, entries: Iterable[TMEntry], file: str) -> int:
        rows = sorted({(e.src_lang, e.tgt_lang, e.source, e.target, e.origin, file)
                       for e in entries})
        self.db.executemany("INSERT INTO entries VALUES (?, ?, ?, ?, ?, ?)", rows)
        return len(rows)

    def files(self) -> dict[str, tuple[int, int, str]]:
        """Each file the memory holds entries of: (size, mtime in ns, SHA-256) when read."""
        return {file: (size, mtime, sha) for file, size, mtime, sha in
                self.db.execute("SELECT file, size, mtime, sha FROM files")}

    def replace_file(self, file: str, state: tuple[int, int, str],
                     entries: Iterable[TMEntry] | None) -> None:
        """The entries of ``file`` are now ``entries`` (None: only its stat changed)."""
        with self.db:
            if entries is not None:
                self.db.execute("DELETE FROM entries WHERE file = ?", (file,))
                self._insert(entries, file)
            self.db.execute("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?)", (file, *state))
        self._pairs.clear()

    def forget_files(self, files: Iterable[str]) -> None:
        with self.db:
            for file in files:
                self.db.execute("DELETE FROM entries WHERE file = ?", (file,))
                self.db.execute("DELETE FROM files WHERE file = ?", (file,))
        self._pairs.clear()

    def meta(self, name: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
        return row[0] if row else None

    def set_meta(self, name: str, value: str) -> None:
        with self.db:
            self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (name, value))

    def __len__(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM (SELECT DISTINCT src_lang, tgt_lang, "
                               "source, target FROM entries)").fetchone()[0]

    def entries(self) -> list[TMEntry]:
        return [TMEntry(*row) for row in self.db.execute(
            "SELECT DISTINCT src_lang, tgt_lang, source, target, MIN(origin) FROM entries "
            "GROUP BY src_lang, tgt_lang, source, target "
            "ORDER BY src_lang, tgt_lang, source, target")]

    def exact(self, src_lang: str, tgt_lang: str, source: str) -> TMMatch | None:
        row = self.db.execute(
            "SELECT src_lang, tgt_lang, source, target, origin FROM entries WHERE src_lang=? "
            "AND tgt_lang=? AND source=? ORDER BY origin, target LIMIT 1",
            (src_lang, tgt_lang, source)).fetchone()
        return TMMatch(TMEntry(*row), 100.0) if row else None

    def _pair(self, src_lang: str, tgt_lang: str) -> _Pair:
        key = (src_lang, tgt_lang)
        if key not in self._pairs:
            self._pairs[key] = _Pair([TMEntry(*row) for row in self.db.execute(
                "SELECT src_lang, tgt_lang, source, target, MIN(origin) FROM entries "
                "WHERE src_lang=? AND tgt_lang=? GROUP BY source, target "
                "ORDER BY source, MIN(origin), target", key)])
        return self._pairs[key]

    def suggestions(self, src_lang: str, tgt_lang: str, source: str, *, limit: int = 3,
                    threshold: float = 60.0) -> list[TMMatch]:
        """The closest entries (at most ``limit``, best first), exact ones included."""
        pair = self._pair(src_lang, tgt_lang)
        found = pair.best(source, threshold, limit * 3)
        out, seen = [], set()
        for index, score in found:
            entry = pair.entries[index]
            if entry.target in seen:
                continue
            seen.add(entry.target)
            out.append(TMMatch(entry, score))
        return out[:limit]

    def fuzzy(self, src_lang: str, tgt_lang: str, source: str, *,
              threshold: float = 75.0) -> TMMatch | None:
        """The closest entry scoring at least ``threshold`` (rapidfuzz ratio, 0-100)."""
        pair = self._pair(src_lang, tgt_lang)
        found = pair.best(source, threshold, 1)
        return TMMatch(pair.entries[found[0][0]], found[0][1]) if found else None


class _Pair:
    """The entries of one language pair, with their sources indexed by word."""

    def __init__(self, entries: list[TMEntry]) -> None:
        import numpy as np  # here, not at the top: every command would pay its import

        self.entries = entries
        self.sources = [e.source for e in entries]
        self.lengths = np.array([len(s) for s in self.sources], dtype=np.int64)
        words: dict[str, int] = {}
        word_ids: list[int] = []
        entry_ids: list[int] = []
        for i, source in enumerate(self.sources):
            for word in set(_WORD.findall(source.casefold())):
                word_ids.append(words.setdefault(word, len(words)))
                entry_ids.append(i)
        by_word = np.argsort(np.array(word_ids, dtype=np.int64), kind="stable")
        flat = np.array(entry_ids, dtype=np.int64)[by_word]
        bounds = np.searchsorted(np.array(word_ids, dtype=np.int64)[by_word],
                                 np.arange(len(words) + 1))
        self.postings = {word: flat[bounds[k]:bounds[k + 1]] for word, k in words.items()}

    def candidates(self, query: str, threshold: float) -> list[int]:
        """Entries that share the query's rarest words (at least ``RARE_WORDS`` of them, more
        while their entries stay within ``POSTINGS``), and whose length allows a score of
        ``threshold`` (ratio = 2·common/(a+b), so the shorter is at least t/(200-t) of the
        longer): the ``CANDIDATES`` sharing the most words, then the closest in length; in the
        memory's order."""
        words = sorted((len(self.postings[w]), w) for w in set(_WORD.findall(query.casefold()))
                       if w in self.postings)
        chosen, used = [], 0
        for k, (count, word) in enumerate(words):
            if k >= RARE_WORDS and used + count > POSTINGS:
                break
            chosen.append(self.postings[word])
            used += count
        if not chosen:
            return []
        import numpy as np

        ids, shared = np.unique(np.concatenate(chosen), return_counts=True)
        length = len(query)
        lengths = self.lengths[ids]
        fits = np.minimum(lengths, length) >= threshold / (200 - threshold) * np.maximum(
            lengths, length) if threshold < 200 else lengths == length
        ids, shared, lengths = ids[fits], shared[fits], lengths[fits]
        best = np.lexsort((ids, np.abs(lengths - length), -shared))[:CANDIDATES]
        return sorted(int(i) for i in ids[best])

    def best(self, query: str, threshold: float, limit: int) -> list[tuple[int, float]]:
        """(entry, score) of the best candidates, best first (ties: the memory's order)."""
        chosen = self.candidates(query, threshold)
        if not chosen:
            return []
        found = process.extract(query, [self.sources[i] for i in chosen], scorer=fuzz.ratio,
                                score_cutoff=threshold, limit=None)
        ranked = sorted(((-score, chosen[k]) for _, score, k in found))[:limit]
        return [(i, float(-score)) for score, i in ranked]
