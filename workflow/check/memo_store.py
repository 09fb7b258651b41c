"""The check cache: each catalog's check results (``check.memo``), kept in
``.l10n/cache/check.sqlite`` under a key made of the catalog's bytes, its languages, and
everything else the results depend on (this code, the configuration, the glossary, the checks
turned off). A catalog whose key is unchanged is neither parsed nor checked again: after an edit
to one article, ``l10n check`` re-checks that article's catalogs and runs only the project-wide
checks over the rest.

Like every cache here it is only an accelerator: results with and without it are the same
(tested byte for byte), ``L10N_NO_CACHE=1`` turns it off, and a corrupt file is noted, removed
and rebuilt.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import sys

from ..cache import CACHE_DIR, code_version, config_bytes, enabled
from ..glossary import Glossary
from ..project import Project
from . import memo
from .runner import CatalogChecked

FILE = "check.sqlite"


class ResultMemo:
    def __init__(self, db: sqlite3.Connection, key: bytes) -> None:
        self.db = db
        self.base = key
        self.seen: set[str] = set()
        self.terms: dict | None = None

    @classmethod
    def open(cls, project: Project | None, glossary_path: str | None,
             disabled: tuple[str, ...], source_lang: str | None) -> ResultMemo | None:
        if project is None or glossary_path is not None or not enabled():
            return None
        digest = hashlib.sha256(code_version().encode())
        glossary = project.root / project.config.glossary
        for part in (*config_bytes(project), repr((sorted(disabled), source_lang)).encode(),
                     glossary.read_bytes() if glossary.is_file() else b""):
            digest.update(hashlib.sha256(part).digest())
        path = project.root / CACHE_DIR / FILE
        for attempt in (1, 2):
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                db = sqlite3.connect(path, timeout=30)
                db.execute("CREATE TABLE IF NOT EXISTS results "
                           "(path TEXT PRIMARY KEY, key TEXT NOT NULL, data TEXT NOT NULL)")
                db.execute("SELECT count(*) FROM results").fetchone()
                return cls(db, digest.digest())
            except (sqlite3.Error, OSError) as exc:
                if attempt == 2:
                    return None
                sys.stderr.write(f"note: {project.rel(path)} is not a cache this version can "
                                 f"read ({exc}): rebuilt\n")
                try:
                    os.unlink(path)
                except OSError:
                    return None
        return None

    def key(self, rel: str, data: bytes, fallback_source: str, lang: str | None) -> str:
        digest = hashlib.sha256(self.base)
        digest.update(f"{rel}\0{fallback_source}\0{lang}\0".encode())
        digest.update(data)
        return digest.hexdigest()

    def get(self, rel: str, key: str, glossary: Glossary | None
            ) -> tuple[str, str, CatalogChecked] | None:
        self.seen.add(rel)
        try:
            row = self.db.execute("SELECT key, data FROM results WHERE path = ?",
                                  (rel,)).fetchone()
        except sqlite3.Error:
            return None
        if row is None or row[0] != key:
            return None
        try:
            data = json.loads(row[1])
            if self.terms is None:
                self.terms = {t.id: t for t in glossary.terms} if glossary is not None else {}
            return data["src"], data["lang"], memo.load(data["result"], rel, self.terms)
        except (ValueError, KeyError, TypeError):
            return None

    def put(self, rel: str, key: str, src: str, lang: str, result: CatalogChecked) -> None:
        self.seen.add(rel)
        data = json.dumps({"src": src, "lang": lang, "result": memo.dump(result)},
                          ensure_ascii=False, separators=(",", ":"))
        try:
            self.db.execute("INSERT OR REPLACE INTO results (path, key, data) VALUES (?, ?, ?)",
                            (rel, key, data))
        except sqlite3.Error:
            pass

    def close(self, *, prune: bool) -> None:
        """Save; with ``prune`` (a run over the whole project), catalogs that are gone leave."""
        try:
            if prune:
                known = [row[0] for row in self.db.execute("SELECT path FROM results")]
                self.db.executemany("DELETE FROM results WHERE path = ?",
                                    [(rel,) for rel in known if rel not in self.seen])
            self.db.commit()
        except sqlite3.Error:
            pass
        finally:
            self.db.close()
