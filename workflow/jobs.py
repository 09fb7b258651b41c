"""Project-wide jobs: run a stage over every article, reading everything before writing anything.

The CLI calls these and prints their reports; they never print.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from .check import CatalogInput, Report, run_checks
from .errors import WorkflowError
from .extract import template, update
from .formats.glossary_csv import read_glossary
from .formats.source import decode_source
from .glossary import Glossary
from .formats.po import format_po
from .formats.srx import srx_segment
from .model import Catalog, Document
from .project import Article, Project, write_atomic
from .stats import Counts, count


@dataclass(frozen=True)
class PlannedWrite:
    path: Path
    data: bytes
    changed: bool


@dataclass(frozen=True)
class ExtractReport:
    documents: tuple[tuple[Article, Document], ...]
    writes: tuple[PlannedWrite, ...]

    @property
    def changed(self) -> tuple[PlannedWrite, ...]:
        return tuple(w for w in self.writes if w.changed)


def plan_extract(project: Project, docs: list[str] | None = None, *,
                 now: datetime | None = None) -> ExtractReport:
    """Everything ``l10n extract`` would write, computed without writing.

    Every source and every existing catalog is read and checked first, so a bad file stops the
    run before any file is touched.
    """
    now = now or datetime.now(timezone.utc).replace(second=0, microsecond=0)
    documents = []
    writes = []
    srx = project.srx_rules()
    for article in project.articles(docs):
        document = project.read_article(article).document
        documents.append((article, document))
        split = None
        if srx is not None:
            srx_rules = srx.rules_for(document.lang)
            split = (lambda text, r=srx_rules: srx_segment(text, r)) if srx_rules else None
        pot = template(document, project=project.config.name,
                       abbreviations=project.config.abbreviations.get(document.lang, ()),
                       split=split)
        writes.append(_planned(project.pot_path(article.doc), format_po(pot)))
        for lang in project.targets(document.lang):
            path = project.po_path(article.doc, lang)
            existing = project.read_catalog(path) if path.exists() else None
            writes.append(_planned(path, format_po(update(existing, pot, lang=lang, now=now))))
    return ExtractReport(tuple(documents), tuple(writes))


def _planned(path: Path, text: str) -> PlannedWrite:
    data = text.encode("utf-8")
    try:
        changed = path.read_bytes() != data
    except FileNotFoundError:
        changed = True
    return PlannedWrite(path, data, changed)


def apply(report: ExtractReport) -> None:
    for write in report.changed:
        write_atomic(write.path, write.data)


@dataclass(frozen=True)
class CatalogStats:
    doc: str
    source_lang: str
    lang: str
    path: str
    counts: Counts | None  # None: the catalog does not exist yet


def project_stats(project: Project, docs: list[str] | None = None) -> list[CatalogStats]:
    rows = []
    for article in project.articles(docs):
        source_lang = article.lang or project.read_article(article).document.lang
        for lang in project.targets(source_lang):
            path = project.po_path(article.doc, lang)
            catalog: Catalog | None = project.read_catalog(path) if path.exists() else None
            rows.append(CatalogStats(article.doc, source_lang, lang, project.rel(path),
                                     count(catalog) if catalog is not None else None))
    return rows


def load_glossary(project: Project, path: str | None = None) -> Glossary:
    """The project's glossary (or another file); bad rows stop here with their line."""
    target = Path(path) if path else project.root / project.config.glossary
    shown = str(path) if path else project.config.glossary
    try:
        text = decode_source(target.read_bytes())
    except OSError as exc:
        raise WorkflowError(f"cannot read: {exc.strerror}", path=shown,
                            fix="pass --glossary FILE or set [project] glossary") from None
    except WorkflowError as exc:
        raise exc.at(shown) from None
    try:
        return read_glossary(text)
    except WorkflowError as exc:
        raise exc.at(shown) from None


def catalog_paths(project: Project, paths: list[str] | None) -> list[Path]:
    """PO files named, or found under named folders; by default every project catalog."""
    if not paths:
        return sorted(project.locales_dir.glob("*/LC_MESSAGES/*.po"))
    found: list[Path] = []
    for name in paths:
        path = Path(name)
        if not path.is_absolute():
            path = (Path.cwd() / path) if path.exists() else project.root / path
        if path.is_dir():
            found += sorted(path.rglob("*.po"))
        elif path.is_file():
            found.append(path)
        else:
            raise WorkflowError("no such file or folder", path=name,
                                fix="name PO files or folders that contain them")
    return found


def check_project(project: Project, paths: list[str] | None = None, *,
                  glossary_path: str | None = None, disabled: tuple[str, ...] = ()) -> Report:
    glossary = load_glossary(project, glossary_path)
    inputs = []
    doc_langs: dict[str, str] | None = None
    for path in catalog_paths(project, paths):
        catalog = project.read_catalog(path)
        rel = project.rel(path)
        lang = catalog.header_value("Language") or path.parent.parent.name
        source_lang = catalog.header_value("X-Source-Language")
        if not source_lang:
            if doc_langs is None:
                doc_langs = {a.doc: a.lang for a in project.articles() if a.lang}
            source_lang = doc_langs.get(path.stem)
        if not source_lang:
            raise WorkflowError("the source language is unknown (no X-Source-Language header)",
                                path=rel, fix="run 'l10n extract' to refresh the header")
        inputs.append(CatalogInput(rel, catalog, source_lang, lang))
    return run_checks(inputs, glossary=glossary, disabled=disabled)
