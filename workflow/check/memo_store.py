"""The check's working store, a SQLite file: each catalog's check results (``check.memo``), its
contribution to the checks across catalogs (``check.across``) and its rendered report pieces.

In a project it is ``.l10n/cache/check.sqlite``, kept between runs under a key made of the
catalog's bytes, its languages, and everything else the results depend on (this code, the
configuration, the glossary, the checks turned off): after an edit to one article, ``l10n check``
re-checks that article's catalogs, asks the store which units disagree across the project, and
re-renders only the catalogs whose findings changed. Without a cache (``L10N_NO_CACHE=1``, a
``--glossary`` of elsewhere, PO files outside a project) the same store lives in a temporary
file for one run: the two ways share every line of code, and memory never holds more than one
catalog's results.

Like every cache here it is only an accelerator: results with and without it are the same
(tested byte for byte), and a corrupt file is noted, removed and rebuilt.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import sys
import tempfile
import time
from collections.abc import Iterator
from itertools import groupby
from pathlib import Path

from ..cache import CACHE_DIR, RACY_NS, code_version, config_bytes, enabled
from ..glossary import Glossary
from ..project import Project
from . import memo
from .across import Said, Worded
from .runner import CatalogChecked

FILE = "check.sqlite"
VERSION = 5
SCHEMA = """
CREATE TABLE IF NOT EXISTS results (path TEXT PRIMARY KEY, key TEXT NOT NULL, src TEXT NOT NULL,
                                    lang TEXT NOT NULL, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS said (path TEXT, row INTEGER, lang TEXT, source BLOB, target BLOB,
                                 folded BLOB, long INTEGER, quiet INTEGER, source_quote TEXT,
                                 target_quote TEXT);
CREATE INDEX IF NOT EXISTS said_path ON said (path);
CREATE INDEX IF NOT EXISTS said_source ON said (lang, source);
CREATE INDEX IF NOT EXISTS said_target ON said (lang, target);
CREATE INDEX IF NOT EXISTS said_variants ON said (lang, source, target);
CREATE INDEX IF NOT EXISTS said_sources ON said (lang, target, folded) WHERE long;
CREATE TABLE IF NOT EXISTS worded (path TEXT, row INTEGER, use INTEGER, term TEXT, name TEXT,
                                   lang TEXT, abbreviated INTEGER, form TEXT);
CREATE INDEX IF NOT EXISTS worded_path ON worded (path);
CREATE INDEX IF NOT EXISTS worded_term ON worded (term, lang, abbreviated, form);
CREATE TABLE IF NOT EXISTS pieces (path TEXT, kind TEXT, digest TEXT, data TEXT,
                                   PRIMARY KEY (path, kind));
CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, size INTEGER, mtime INTEGER,
                                  ino INTEGER, sha TEXT, recorded INTEGER);
"""
_SAID = "s.path, s.row, s.lang, s.source, s.target, s.folded, s.long, s.quiet, " \
    "s.source_quote, s.target_quote"


class ResultMemo:
    def __init__(self, db: sqlite3.Connection, key: bytes, scratch: str | None = None) -> None:
        self.db = db
        self.base = key
        self.scratch = scratch          # the temporary folder of a store kept for one run
        self.seen: set[str] = set()
        self.terms: dict | None = None
        db.execute("CREATE TEMP TABLE run (path TEXT PRIMARY KEY, ord INTEGER)")
        # what the store knows of each catalog, read once: its key and languages, and the
        # stat and SHA-256 of the file when it was last read
        self.kept = {path: (key, src, lang) for path, key, src, lang in
                     db.execute("SELECT path, key, src, lang FROM results")}
        self.files = {row[0]: row[1:] for row in db.execute("SELECT * FROM files")}
        self.read: list[tuple] = []
        self.ordered: list[tuple[str, int]] = []

    @classmethod
    def open(cls, project: Project | None, glossary_path: str | None,
             disabled: tuple[str, ...], source_lang: str | None) -> ResultMemo:
        digest = hashlib.sha256(code_version().encode())
        digest.update(repr((sorted(disabled), source_lang)).encode())
        if project is None or glossary_path is not None or not enabled():
            scratch = tempfile.mkdtemp(prefix="l10n-check-")
            return cls(_connect(Path(scratch) / FILE, scratch=True), digest.digest(), scratch)
        glossary = project.root / project.config.glossary
        for part in (*config_bytes(project), glossary.read_bytes() if glossary.is_file() else b""):
            digest.update(hashlib.sha256(part).digest())
        path = project.root / CACHE_DIR / FILE
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            return cls(_connect(path), digest.digest())
        except (sqlite3.Error, OSError) as exc:
            sys.stderr.write(f"note: {project.rel(path)} is not a cache this version can "
                             f"read ({exc}): rebuilt\n")
        try:
            os.unlink(path)
            return cls(_connect(path), digest.digest())
        except (sqlite3.Error, OSError):        # no cache at all: a store for this run
            scratch = tempfile.mkdtemp(prefix="l10n-check-")
            return cls(_connect(Path(scratch) / FILE, scratch=True), digest.digest(), scratch)

    def content(self, rel: str, path: Path, stat: list | None = None) -> str:
        """The SHA-256 of a catalog's bytes; a file whose size, time and inode (``stat``, if
        just taken) are as when it was last read (and not written within two seconds of that)
        is not read again."""
        if stat is None:
            st = os.stat(path)
            stat = [st.st_size, st.st_mtime_ns, st.st_ino]
        known = self.files.get(rel)
        if known is not None and list(known[:3]) == stat and stat[1] < known[4] - RACY_NS:
            return known[3]
        sha = hashlib.sha256(path.read_bytes()).hexdigest()
        self.read.append((rel, *stat, sha, time.time_ns()))
        return sha

    def key(self, rel: str, sha: str, fallback_source: str, lang: str | None) -> str:
        return catalog_key(self.base, rel, sha, fallback_source, lang)

    def languages(self, rel: str, key: str) -> tuple[str, str] | None:
        """(source, target language) of a catalog whose results are kept under ``key``."""
        self.seen.add(rel)
        kept = self.kept.get(rel)
        return (kept[1], kept[2]) if kept is not None and kept[0] == key else None

    def result(self, rel: str, glossary: Glossary | None) -> CatalogChecked:
        """The kept results of a catalog that ``languages`` found."""
        data = self.db.execute("SELECT data FROM results WHERE path = ?", (rel,)).fetchone()[0]
        if self.terms is None:
            self.terms = {t.id: t for t in glossary.terms} if glossary is not None else {}
        return memo.load(json.loads(data), rel, self.terms)

    def put(self, rel: str, key: str, src: str, lang: str, result: dict,
            said: list[Said], worded: list[Worded]) -> None:
        """Keep a catalog's results (``memo.dump``'s) and its part of the index."""
        self.seen.add(rel)
        data = json.dumps(result, ensure_ascii=False, separators=(",", ":"))
        for table in ("said", "worded", "pieces"):
            self.db.execute(f"DELETE FROM {table} WHERE path = ?", (rel,))  # noqa: S608
        self.db.execute("INSERT OR REPLACE INTO results VALUES (?, ?, ?, ?, ?)",
                        (rel, key, src, lang, data))
        self.db.executemany("INSERT INTO said VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            [(s.path, s.row, s.lang, s.source, s.target, s.folded, s.long,
                              s.quiet, s.source_quote, s.target_quote) for s in said])
        self.db.executemany("INSERT INTO worded VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                            [(w.path, w.row, w.use, w.term, w.name, w.lang, w.abbreviated,
                              w.form) for w in worded])

    def include(self, rel: str, order: int) -> None:
        """``rel`` is one of this run's catalogs, the ``order``-th."""
        self.ordered.append((rel, order))

    def groups(self, *, everything: bool = False
               ) -> tuple[Iterator[list[Said]], Iterator[list[Said]], Iterator[list[Worded]]]:
        """The groups of this run's units that disagree, each in the run's order (what
        ``across.group`` gives in memory). ``everything``: the run covers the whole project,
        so units of catalogs not in it (deleted since) leave first, and the groups are found
        from the indexes alone."""
        self.db.executemany("INSERT OR REPLACE INTO run VALUES (?, ?)", self.ordered)
        self.ordered = []
        if everything:
            for table in ("said", "worded"):
                self.db.execute(f"DELETE FROM {table} WHERE path NOT IN "  # noqa: S608
                                "(SELECT path FROM run)")
        said = "said" if everything else "said s2 JOIN run r2 ON r2.path = s2.path"
        worded = "worded" if everything else "worded w2 JOIN run r2 ON r2.path = w2.path"
        by_source = self.db.execute(
            f"SELECT {_SAID} FROM said s JOIN run r ON r.path = s.path WHERE (s.lang, s.source) "
            f"IN (SELECT lang, source FROM {said} GROUP BY lang, source "
            "HAVING COUNT(DISTINCT target) > 1) ORDER BY s.lang, s.source, r.ord, s.row")
        by_target = self.db.execute(
            f"SELECT {_SAID} FROM said s JOIN run r ON r.path = s.path WHERE s.long AND "
            f"(s.lang, s.target) IN (SELECT lang, target FROM {said} WHERE long "
            "GROUP BY lang, target HAVING COUNT(DISTINCT folded) > 1) "
            "ORDER BY s.lang, s.target, r.ord, s.row")
        by_term = self.db.execute(
            "SELECT w.path, w.row, w.use, w.term, w.name, w.lang, w.abbreviated, w.form "
            "FROM worded w JOIN run r ON r.path = w.path WHERE (w.term, w.lang, w.abbreviated) "
            f"IN (SELECT term, lang, abbreviated FROM {worded} GROUP BY term, lang, abbreviated "
            "HAVING COUNT(DISTINCT form) > 1) "
            "ORDER BY w.term, w.lang, w.abbreviated, r.ord, w.row, w.use")
        return (_runs([_said(row) for row in by_source], lambda s: (s.lang, s.source)),
                _runs([_said(row) for row in by_target], lambda s: (s.lang, s.target)),
                _runs([Worded(path, row, use, term, name, lang, bool(abbreviated), form)
                       for path, row, use, term, name, lang, abbreviated, form in by_term],
                      lambda w: (w.term, w.lang, w.abbreviated)))

    def pieces(self, kind: str, paths: list[str]) -> dict[str, tuple[str, str]]:
        """The kept pieces of ``paths`` (a few hundred at a time): path -> (digest, data)."""
        marks = ", ".join("?" * len(paths))
        return {path: (digest, data) for path, digest, data in self.db.execute(
            f"SELECT path, digest, data FROM pieces WHERE kind = ? AND path IN ({marks})",  # noqa: S608
            (kind, *paths))}

    def keep_piece(self, rel: str, kind: str, digest: str, data: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO pieces VALUES (?, ?, ?, ?)",
                        (rel, kind, digest, data))

    def close(self, *, prune: bool) -> None:
        """Save; with ``prune`` (a run over the whole project), catalogs that are gone leave."""
        try:
            self.db.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?)",
                                self.read)
            if prune and self.scratch is None:
                gone = [(rel,) for (rel,) in self.db.execute("SELECT path FROM results")
                        if rel not in self.seen]
                for table in ("results", "said", "worded", "pieces", "files"):
                    self.db.executemany(f"DELETE FROM {table} WHERE path = ?",  # noqa: S608
                                        gone)
            self.db.commit()
        except sqlite3.Error:
            pass
        finally:
            self.db.close()
            if self.scratch is not None:
                shutil.rmtree(self.scratch, ignore_errors=True)


def catalog_key(base: bytes, rel: str, sha: str, fallback_source: str,
                lang: str | None) -> str:
    """The key a catalog's results are kept under (``base``: what every catalog shares;
    ``sha``: the SHA-256 of its bytes)."""
    digest = hashlib.sha256(base)
    digest.update(f"{rel}\0{fallback_source}\0{lang}\0{sha}".encode())
    return digest.hexdigest()


def pack(counts: tuple[int, ...], parts: list[str]) -> str:
    """A piece as stored: its counts and the length of each part on the first line, then the
    parts (read back by slicing, with no parser)."""
    head = " ".join(map(str, counts)) + "|" + " ".join(str(len(part)) for part in parts)
    return head + "\n" + "".join(parts)


def unpack(data: str, counts: int) -> tuple[tuple[int, ...], list[str]] | None:
    """What ``pack`` stored (None: not a piece with ``counts`` counts, so it is made again)."""
    head, _, body = data.partition("\n")
    numbers, _, lengths = head.partition("|")
    parts, start = [], 0
    try:
        kept = tuple(map(int, numbers.split()))
        for length in map(int, lengths.split()):
            parts.append(body[start:start + length])
            start += length
    except ValueError:
        return None
    return (kept, parts) if start == len(body) and len(kept) == counts else None


def _connect(path: Path, *, scratch: bool = False) -> sqlite3.Connection:
    db = sqlite3.connect(path, timeout=30)
    if scratch:
        db.execute("PRAGMA journal_mode = OFF")
        db.execute("PRAGMA synchronous = OFF")
    if db.execute("PRAGMA user_version").fetchone()[0] != VERSION:     # another layout: anew
        for (table,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'"
                                   ).fetchall():
            db.execute(f'DROP TABLE "{table}"')
        db.execute(f"PRAGMA user_version = {VERSION}")
    db.executescript(SCHEMA)
    db.execute("SELECT count(*) FROM results").fetchone()
    return db


def _said(row: tuple) -> Said:
    path, i, lang, source, target, folded, long, quiet, source_quote, target_quote = row
    return Said(path, i, lang, source, target, folded, bool(long), quiet, source_quote,
                target_quote)


def _runs(records: list, key) -> Iterator[list]:
    return (list(group) for _, group in groupby(records, key=key))
