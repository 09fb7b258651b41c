"""Stage 2 over a project: every article's template and catalogs, planned before anything is
written (a bad file stops the run before any file is touched), then written."""


from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ..formats.srx import SrxRules, srx_segment
from ..model import Document
from ..project import Article, Project, catalog_bytes, write_if_unchanged
from .template import Splitter, splitter, template, update_with_notes


@dataclass(frozen=True)
class PlannedWrite:
    path: Path
    data: bytes
    changed: bool
    before: bytes | None = None     # the file as the plan read it (None: it did not exist)

@dataclass(frozen=True)
class ExtractReport:
    documents: tuple[tuple[Article, Document], ...]
    writes: tuple[PlannedWrite, ...]
    notes: tuple[tuple[str, str], ...] = ()     # (catalog path, what extract changed and why)

    @property
    def changed(self) -> tuple[PlannedWrite, ...]:
        return tuple(w for w in self.writes if w.changed)

def plan_extract(project: Project, docs: list[str] | None = None, *,
                 now: datetime | None = None) -> ExtractReport:
    """Everything ``l10n extract`` would write, computed without writing.

    Every source and every existing catalog is read and checked first, so a bad file stops the
    run before any file is touched.
    """
    now = now or datetime.now(UTC).replace(second=0, microsecond=0)
    documents = []
    writes = []
    notes: list[tuple[str, str]] = []
    srx = project.srx_rules()
    for article in project.articles(docs):
        document = project.read_article(article).document
        documents.append((article, document))
        pot = template(document, project=project.config.name,
                       split=article_splitter(project, document, srx))
        pot_path = project.pot_path(article.doc)
        writes.append(_planned(pot_path, catalog_bytes(pot, project.rel(pot_path))))
        for lang in project.targets(document.lang):
            path = project.po_path(article.doc, lang)
            existing = project.read_catalog(path) if path.exists() else None
            catalog, changes = update_with_notes(existing, pot, lang=lang, now=now)
            writes.append(_planned(path, catalog_bytes(catalog, project.rel(path))))
            notes += [(project.rel(path), change) for change in changes]
    return ExtractReport(tuple(documents), tuple(writes), tuple(notes))

def _planned(path: Path, data: bytes) -> PlannedWrite:
    try:
        before: bytes | None = path.read_bytes()
    except FileNotFoundError:
        before = None
    return PlannedWrite(path, data, before != data, before)

def apply(report: ExtractReport) -> list[Path]:
    """Write the plan; a file saved by someone else since the plan read it is left alone and
    returned (its save is never overwritten with a plan made from the old content)."""
    conflicts = []
    for write in report.changed:
        if not write_if_unchanged(write.path, write.data, write.before):
            conflicts.append(write.path)
    return conflicts

def article_splitter(project: Project, document: Document, srx: SrxRules | None) -> Splitter:
    """How one article of the project is cut into sentences (its SRX rules, or ours)."""
    split = None
    if srx is not None:
        rules = srx.rules_for(document.lang)
        split = (lambda text, r=rules: srx_segment(text, r)) if rules else None
    return splitter(document, abbreviations=project.config.abbreviations.get(document.lang, ()),
                    split=split)
