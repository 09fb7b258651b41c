"""Stage 2 over a project: every article's template and catalogs, planned before anything is
written (a bad file stops the run before any file is touched), then written."""


from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from .. import pool
from ..cache import WorkCache, config_bytes, enabled
from ..formats.srx import SrxRules, srx_segment
from ..model import Document
from ..project import Article, Project, catalog_bytes, write_if_unchanged
from .template import Splitter, splitter, template, update_with_notes


@dataclass(frozen=True)
class PlannedWrite:
    path: Path
    changed: bool
    before: str | None          # SHA-256 of the file as the plan read it (None: it did not exist)
    after: str                  # SHA-256 of what the file will hold
    data: bytes | None = None   # the new bytes, from the worker (the plan keeps them in its spool)
    spooled: tuple[int, int] | None = None     # (offset, size) in the plan's spool

@dataclass(frozen=True)
class CachedArticle:
    """An article whose source, template and catalogs are as the last extract left them."""
    article: Article
    files: int          # its template and catalogs
    dropped: int        # blocks its reader dropped as site chrome


@dataclass(frozen=True)
class ExtractReport:
    documents: tuple[tuple[Article, Document], ...]
    writes: tuple[PlannedWrite, ...]
    notes: tuple[tuple[str, str], ...] = ()     # (catalog path, what extract changed and why)
    cached: tuple[CachedArticle, ...] = ()      # skipped: nothing they depend on changed
    # (doc, the files its work read and wrote, blocks dropped): recorded in the cache
    worked: tuple[tuple[str, tuple[Path, ...], int], ...] = ()
    cache_note: str | None = None
    # the new bytes of the changed files wait here, not in memory, until they are written
    spool: IO[bytes] | None = None

    def data(self, write: PlannedWrite) -> bytes:
        assert self.spool is not None and write.spooled is not None
        offset, size = write.spooled
        self.spool.seek(offset)
        return self.spool.read(size)

    @property
    def articles(self) -> int:
        return len(self.documents) + len(self.cached)

    @property
    def files(self) -> int:
        return len(self.writes) + sum(c.files for c in self.cached)

    @property
    def dropped(self) -> int:
        return sum(len(d.dropped) for _, d in self.documents) + \
            sum(c.dropped for c in self.cached)

    @property
    def changed(self) -> tuple[PlannedWrite, ...]:
        return tuple(w for w in self.writes if w.changed)

def extract_cache(project: Project) -> WorkCache | None:
    """The cache of extract's work (None when L10N_NO_CACHE=1)."""
    return WorkCache(project, "extract", config_bytes(project)) if enabled() else None


def plan_extract(project: Project, docs: list[str] | None = None, *,
                 now: datetime | None = None, cache: WorkCache | None = None,
                 reuse: bool = True) -> ExtractReport:
    """Everything ``l10n extract`` would write, computed without writing.

    Every source and every existing catalog is read and checked first, so a bad file stops the
    run before any file is touched. With a ``cache``, an article whose source, template and
    catalogs are all as the last extract left them is skipped (it would plan no change);
    ``reuse=False`` reads every article anyway (``extract -v`` lists all dropped chrome) and
    only refreshes the cache.
    """
    now = now or datetime.now(UTC).replace(second=0, microsecond=0)
    cached: list[CachedArticle] = []
    todo: list[Article] = []
    for article in project.articles(docs):
        entry = cache.unchanged(article.doc) if cache is not None and reuse else None
        if entry is not None:
            cached.append(CachedArticle(article, int(entry.get("outputs", 0)),
                                        int(entry.get("dropped", 0))))
        else:
            todo.append(article)
    documents: list[tuple[Article, Document]] = []
    writes: list[PlannedWrite] = []
    notes: list[tuple[str, str]] = []
    worked: list[tuple[str, tuple[Path, ...], int]] = []
    # the articles are independent: a pool of processes plans them, in order
    spool = tempfile.TemporaryFile()
    for article, (document, planned, changes) in zip(todo, pool.ordered(
            _plan_article, todo, setup=_setup, args=(project, project.srx_rules(), now))):
        documents.append((article, document))
        for write in planned:
            if write.data is not None:
                offset = spool.seek(0, os.SEEK_END)
                spool.write(write.data)
                write = replace(write, data=None, spooled=(offset, len(write.data)))
            writes.append(write)
        notes += changes
        worked.append((article.doc, (article.path, *(w.path for w in planned)),
                       len(document.dropped)))
    return ExtractReport(tuple(documents), tuple(writes), tuple(notes), tuple(cached),
                         tuple(worked), cache.note if cache is not None else None, spool)


_WORKER: dict = {}


def _setup(project: Project, srx: SrxRules | None, now: datetime) -> None:
    _WORKER.update(project=project, srx=srx, now=now)


def _plan_article(article: Article) -> tuple[Document, list[PlannedWrite],
                                             list[tuple[str, str]]]:
    """One article's template and catalogs (and the document, without its blocks: what the
    report needs of it)."""
    project: Project = _WORKER["project"]
    document = project.read_article(article).document
    pot = template(document, project=project.config.name,
                   split=article_splitter(project, document, _WORKER["srx"]))
    pot_path = project.pot_path(article.doc)
    writes = [_planned(pot_path, catalog_bytes(pot, project.rel(pot_path)))]
    notes = []
    for lang in project.targets(document.lang):
        path = project.po_path(article.doc, lang)
        existing = project.read_catalog(path) if path.exists() else None
        catalog, changes = update_with_notes(existing, pot, lang=lang, now=_WORKER["now"])
        writes.append(_planned(path, catalog_bytes(catalog, project.rel(path))))
        notes += [(project.rel(path), change) for change in changes]
    return replace(document, blocks=()), writes, notes

def _planned(path: Path, data: bytes) -> PlannedWrite:
    try:
        before: str | None = hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        before = None
    after = hashlib.sha256(data).hexdigest()
    return PlannedWrite(path, before != after, before, after, data if before != after else None)

def apply(report: ExtractReport, cache: WorkCache | None = None, *,
          everything: bool = True) -> list[Path]:
    """Write the plan; a file saved by someone else since the plan read it is left alone and
    returned (its save is never overwritten with a plan made from the old content). The cache
    then records each article's files as they now are (``everything``: the run covered every
    article, so entries of articles that no longer exist are dropped)."""
    conflicts = []
    for write in report.changed:
        if not write_if_unchanged(write.path, report.data(write), write.before):
            conflicts.append(write.path)
    if cache is not None:
        # what each file holds now, as far as this run knows: what it wrote, or what it read
        expected: dict[Path, str | None] = {w.path: w.after for w in report.writes}
        for doc, paths, dropped in report.worked:
            if any(path in conflicts for path in paths):
                cache.forget(doc)
            else:
                cache.record(doc, list(paths), expected=expected, outputs=len(paths) - 1,
                             dropped=dropped)
        if everything:
            cache.keep_only({doc for doc, *_ in report.worked} |
                            {c.article.doc for c in report.cached})
        cache.save()
    return conflicts

def article_splitter(project: Project, document: Document, srx: SrxRules | None) -> Splitter:
    """How one article of the project is cut into sentences (its SRX rules, or ours)."""
    split = None
    if srx is not None:
        rules = srx.rules_for(document.lang)
        split = (lambda text, r=rules: srx_segment(text, r)) if rules else None
    return splitter(document, abbreviations=project.config.abbreviations.get(document.lang, ()),
                    split=split)
