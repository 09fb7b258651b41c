"""Stage: catalogs → counts of units and words by state."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from . import pool
from .cache import WorkCache, config_bytes, enabled
from .errors import WorkflowError
from .model import Catalog, UnitState, words
from .project import Project, read_catalog_bytes


@dataclass(frozen=True)
class Counts:
    units: dict[str, int]
    words: dict[str, int]

    @property
    def total_units(self) -> int:
        return sum(self.units.values())

    @property
    def total_words(self) -> int:
        return sum(self.words.values())

    @property
    def percent_translated(self) -> float:
        """Share of the words whose translation is done: translated or reviewed (an approved
        unit is the most done there is)."""
        total = self.total_words
        done = self.words[UnitState.TRANSLATED.value] + self.words[UnitState.REVIEWED.value]
        return 100.0 * done / total if total else 100.0

    @property
    def percent_reviewed(self) -> float:
        total = self.total_words
        return 100.0 * self.words[UnitState.REVIEWED.value] / total if total else 100.0


def count(catalog: Catalog) -> Counts:
    units = {state.value: 0 for state in UnitState}
    word_counts = {state.value: 0 for state in UnitState}
    for unit in catalog.active:
        state = unit.state.value
        units[state] += 1
        word_counts[state] += words(unit.msgid)
    return Counts(units, word_counts)


# ---------------------------------------------------------------------------------------------
# The project-wide job: one row per article and target language

@dataclass(frozen=True)
class CatalogStats:
    doc: str
    source_lang: str
    lang: str
    path: str
    counts: Counts | None  # None: the catalog does not exist yet, or cannot be read
    error: str | None = None   # why the catalog cannot be read (the other rows still count)

def project_stats(project: Project, docs: list[str] | None = None) -> list[CatalogStats]:
    """One row per article and target language. A catalog's counts are remembered in the
    project's cache: an unchanged catalog is not parsed again. The others are parsed and
    counted in a pool of processes."""
    cache = WorkCache(project, "stats", config_bytes(project)) if enabled() else None
    rows: list[CatalogStats | None] = []
    todo: list[tuple[int, _Task]] = []
    for article in project.articles(docs):
        source_lang = article.lang or project.read_article(article).document.lang
        for lang in project.targets(source_lang):
            path = project.po_path(article.doc, lang)
            rel = project.rel(path)
            entry = cache.unchanged(rel) if cache is not None else None
            if entry is not None and isinstance(entry.get("units"), dict):
                rows.append(CatalogStats(article.doc, source_lang, lang, rel,
                                         Counts(entry["units"], entry["words"])))
            else:
                todo.append((len(rows), (article.doc, source_lang, lang, rel, path)))
                rows.append(None)
    for (slot, (*_, path)), (row, sha) in zip(todo, pool.ordered(
            _count_file, [task for _, task in todo], chunk=16)):
        rows[slot] = row
        if cache is not None and row.counts is not None and sha is not None:
            cache.record(row.path, [path], expected={path: sha}, units=row.counts.units,
                         words=row.counts.words)
    done = [row for row in rows if row is not None]
    if cache is not None:
        if docs is None:
            cache.keep_only({row.path for row in done})
        cache.save()
    return done


# a catalog to count: its article, source and target language, path as shown and on disk
_Task = tuple[str, str, str, str, Path]


def _count_file(task: _Task) -> tuple[CatalogStats, str | None]:
    """One catalog's row (in a worker), and the SHA-256 of the bytes it was counted from."""
    doc, source_lang, lang, rel, path = task
    try:
        data = path.read_bytes() if path.exists() else None
        catalog = read_catalog_bytes(data, rel) if data is not None else None
    except OSError as exc:
        return CatalogStats(doc, source_lang, lang, rel, None,
                            f"{rel}: cannot read: {exc.strerror}"), None
    except WorkflowError as exc:
        return CatalogStats(doc, source_lang, lang, rel, None, str(exc)), None
    if data is None or catalog is None:
        return CatalogStats(doc, source_lang, lang, rel, None), None
    return CatalogStats(doc, source_lang, lang, rel, count(catalog)), \
        hashlib.sha256(data).hexdigest()
