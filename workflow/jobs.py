"""Project-wide jobs: run a stage over every article, reading everything before writing anything.

The CLI calls these and prints their reports; they never print.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path

from .check import CatalogInput, Report, all_checks, run_checks
from .errors import WorkflowError
from .export import Gate, Localized, judge, localize
from .extract import splitter, template, update_with_notes
from .formats.mo import write_mo
from .formats.publish import render_html, render_index, render_markdown, render_text
from .formats.srx import SrxRules
from .formats.tmx import TranslationUnit
from .formats.xliff import ImportResult, apply_xliff, read_xliff, write_xliff
from .formats.glossary_csv import read_glossary
from .formats.source import decode_source
from .engines.argos import (ArgosEngine, InstalledPackage, find_route, install_command,
                            installed_packages)
from .engines.base import Engine, PivotEngine
from .formats.tmx import pairs as tmx_pairs
from .formats.tmx import read_tmx
from .glossary import Glossary
from .model import UnitState
from .pretranslate import (DEFAULT_FUZZY_THRESHOLD, Draft, GlossaryGuide, apply_drafts,
                           needs_draft, tm_draft, translate_all)
from .tm import TMEntry, TranslationMemory
from .formats.po import format_po
from .formats.srx import srx_segment
from .model import Catalog, Document
from .project import CONFIG_NAME, Article, Project, slug, write_atomic
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
    now = now or datetime.now(timezone.utc).replace(second=0, microsecond=0)
    documents = []
    writes = []
    notes: list[tuple[str, str]] = []
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
            catalog, changes = update_with_notes(existing, pot, lang=lang, now=now)
            writes.append(_planned(path, format_po(catalog)))
            notes += [(project.rel(path), change) for change in changes]
    return ExtractReport(tuple(documents), tuple(writes), tuple(notes))


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
    unknown = set(project.config.disabled_checks) - set(all_checks())
    if unknown:
        raise WorkflowError(f"unknown check {sorted(unknown)[0]!r} in [check] disable",
                            path=CONFIG_NAME, fix="run 'l10n check --list' for the codes")
    return run_checks(inputs, glossary=glossary,
                      disabled=tuple(disabled) + project.config.disabled_checks)


@dataclass
class ReviewReport:
    marked: int = 0
    already: int = 0
    skipped_drafts: int = 0
    written: list[str] = field(default_factory=list)


def review_project(project: Project, docs: list[str] | None = None, *,
                   langs: list[str] | None = None, lines: list[int] | None = None,
                   by: str | None = None, include_drafts: bool = False,
                   undo: bool = False) -> ReviewReport:
    """Mark translated units reviewed (or take the mark away), whole catalogs or by PO line."""
    report = ReviewReport()
    for _article, _lang, path in project.catalogs(docs, langs):
        catalog = project.read_catalog(path)
        units = []
        for unit in catalog.units:
            chosen = not unit.obsolete and any(unit.translations) and (
                not lines or unit.line in lines)
            if chosen and undo:
                if unit.review_marks:
                    unit = unit.unmark_reviewed()
                    report.marked += 1
            elif chosen and unit.state is UnitState.REVIEWED:
                report.already += 1
            elif chosen and unit.fuzzy and not include_drafts:
                report.skipped_drafts += 1
            elif chosen:
                unit = unit.mark_reviewed(by)
                report.marked += 1
            units.append(unit)
        data = format_po(replace(catalog, units=tuple(units))).encode("utf-8")
        if data != path.read_bytes():
            write_atomic(path, data)
            report.written.append(project.rel(path))
    return report


# ---------------------------------------------------------------------------------------------
# Translation memory and pre-translation

TM_IMPORTS = "tm"            # imported TMX files live here (committed), so a rebuild has them
TM_DATABASE = ".l10n/tm.sqlite"


def catalog_tm_entries(project: Project) -> list[TMEntry]:
    """Human translations in every catalog (fuzzy drafts excluded), in both directions."""
    entries = []
    for path in sorted(project.locales_dir.glob("*/LC_MESSAGES/*.po")):
        catalog = project.read_catalog(path)
        src = catalog.header_value("X-Source-Language")
        tgt = catalog.header_value("Language") or path.parent.parent.name
        if not src:
            continue
        for unit in catalog.active:
            if unit.state is UnitState.TRANSLATED and unit.msgid_plural is None:
                entries.append(TMEntry(src, tgt, unit.msgid, unit.msgstr, path.stem))
                entries.append(TMEntry(tgt, src, unit.msgstr, unit.msgid, path.stem))
    return entries


def imported_tm_entries(project: Project) -> list[TMEntry]:
    entries = []
    folder = project.root / TM_IMPORTS
    for path in sorted(folder.glob("*.tmx")) if folder.is_dir() else []:
        try:
            with path.open("rb") as f:
                units = read_tmx(f)
        except WorkflowError as exc:
            raise exc.at(project.rel(path)) from None
        entries += [TMEntry(s, t, a, b, f"{path.name}") for s, t, a, b, _ in tmx_pairs(units)]
    return entries


def open_tm(project: Project, *, rebuild: bool = True) -> TranslationMemory:
    """The project's memory, rebuilt from the catalogs and the imported TMX files."""
    tm = TranslationMemory(project.root / TM_DATABASE)
    if rebuild:
        tm.rebuild(catalog_tm_entries(project) + imported_tm_entries(project))
    return tm


@dataclass
class PretranslateReport:
    tm_exact: int = 0
    tm_fuzzy: int = 0
    mt: int = 0
    skipped: int = 0            # no engine for the pair: left empty
    already: int = 0            # units that had a translation: never touched
    missing_models: dict[tuple[str, str], str] = field(default_factory=dict)
    written: list[str] = field(default_factory=list)
    seconds_mt: float = 0.0
    mt_sentences: int = 0


EngineFactory = Callable[[str, str], "Engine | None"]


def argos_engine_factory(**options) -> EngineFactory:
    """Engines for language pairs from the installed Argos packages, each loaded once."""
    cache: dict[Path, ArgosEngine] = {}
    packages = None

    def load(pkg: InstalledPackage) -> ArgosEngine:
        if pkg.path not in cache:
            cache[pkg.path] = ArgosEngine(pkg, **options)
        return cache[pkg.path]

    def factory(src: str, tgt: str):
        nonlocal packages
        if packages is None:
            packages = installed_packages()
        route = find_route(packages, src, tgt)
        if route is None:
            return None
        if len(route) == 1:
            return load(route[0])
        return PivotEngine(load(route[0]), load(route[1]))

    return factory


def pretranslate_project(project: Project, *, langs: list[str] | None = None,
                         docs: list[str] | None = None, engines: EngineFactory | None = None,
                         threshold: float = DEFAULT_FUZZY_THRESHOLD, use_mt: bool = True,
                         progress: Callable[[int, int], None] | None = None,
                         chunk: int = 64, scheduler: str | None = None) -> PretranslateReport:
    """Fill empty units: TM exact, TM fuzzy, then MT in batches per language pair."""
    report = PretranslateReport()
    articles = project.articles(docs)
    targets: list[tuple[Path, Catalog, str, str]] = []
    for article, lang, path in project.catalogs([a.doc for a in articles], langs):
        catalog = project.read_catalog(path)
        tgt = catalog.header_value("Language") or lang
        src = catalog.header_value("X-Source-Language") or article.lang
        targets.append((path, catalog, src, tgt))
    tm = open_tm(project)
    glossary = load_glossary(project) if (project.root / project.config.glossary).exists() \
        else None
    drafts: dict[Path, dict[str, Draft]] = {path: {} for path, *_ in targets}
    pending: dict[tuple[str, str], dict[str, list[Path]]] = {}
    for path, catalog, src, tgt in targets:
        for unit in catalog.active:
            if not needs_draft(unit):
                report.already += 1
                continue
            draft = tm_draft(tm, src, tgt, unit.msgid, threshold=threshold)
            if draft is not None:
                drafts[path][unit.msgid] = draft
                if draft.origin == "tm-exact":
                    report.tm_exact += 1
                else:
                    report.tm_fuzzy += 1
            else:
                pending.setdefault((src, tgt), {}).setdefault(unit.msgid, []).append(path)
    tm.close()
    cluster = None
    if scheduler and engines is None and use_mt:
        cluster = engines = DaskEngines(scheduler, sorted(pending))
    try:
        return _translate_pending(project, report=report, targets=targets, pending=pending,
                                  drafts=drafts, glossary=glossary, engines=engines,
                                  use_mt=use_mt, progress=progress, chunk=chunk)
    finally:
        if cluster is not None:
            cluster.close()


def _translate_pending(project: Project, *, report: PretranslateReport,
                       targets: list[tuple[Path, Catalog, str, str]],
                       pending: dict[tuple[str, str], dict[str, list[Path]]],
                       drafts: dict[Path, dict[str, Draft]], glossary: Glossary | None,
                       engines: EngineFactory | None, use_mt: bool,
                       progress: Callable[[int, int], None] | None, chunk: int
                       ) -> PretranslateReport:
    """The MT part of pretranslate_project: per language pair, in batches; each catalog is
    written as soon as all its units have drafts."""
    total = sum(len(v) for v in pending.values())
    done = 0
    # A catalog is written as soon as every unit it needs has its draft: memory holds drafts
    # only for catalogs still in progress, and a run that dies leaves each catalog as its last
    # completed (atomic) write left it.
    waiting: dict[Path, int] = {path: 0 for path, *_ in targets}
    for sentences in pending.values():
        for paths in sentences.values():
            for path in paths:
                waiting[path] += 1
    catalogs = {path: catalog for path, catalog, *_ in targets}

    def finish(path: Path) -> None:
        if drafts[path]:
            data = format_po(apply_drafts(catalogs[path], drafts[path])).encode("utf-8")
            if data != path.read_bytes():
                write_atomic(path, data)
                report.written.append(project.rel(path))
        drafts[path] = {}

    for path, remaining in waiting.items():
        if remaining == 0:
            finish(path)

    factory = engines if engines is not None else argos_engine_factory()
    for (src, tgt), sentences in sorted(pending.items()):
        engine = factory(src, tgt) if use_mt else None
        if engine is None:
            report.skipped += sum(len(paths) for paths in sentences.values())
            if use_mt:
                report.missing_models[(src, tgt)] = install_command(src, tgt)
            done += len(sentences)
            if progress:
                progress(done, total)
            for paths in sentences.values():
                for path in paths:
                    waiting[path] -= 1
                    if waiting[path] == 0:
                        finish(path)
            continue
        guide = GlossaryGuide(glossary, src, tgt) if glossary is not None else None
        order = list(sentences)
        started = time.perf_counter()

        def deliver(batch: list[str], batch_drafts: list[Draft],
                    sentences: dict[str, list[Path]] = sentences) -> None:
            nonlocal done
            for sentence, draft in zip(batch, batch_drafts):
                for path in sentences[sentence]:
                    drafts[path][sentence] = draft
                    report.mt += 1
                    waiting[path] -= 1
                    if waiting[path] == 0:
                        finish(path)
            done += len(batch)
            if progress:
                progress(done, total)

        translate_all(engine, order, guide=guide, chunk=chunk, on_chunk=deliver)
        report.seconds_mt += time.perf_counter() - started
        report.mt_sentences += len(order)
    return report


class DaskEngines:
    """Engines that translate on the Dask cluster at ``address``; close() ends the session."""

    def __init__(self, address: str, pairs: list[tuple[str, str]]) -> None:
        try:
            from .engines.dask_engine import DaskEngine, connect
        except ImportError:
            raise WorkflowError("Dask is not installed", fix="pip install '.[dask]' (the dask "
                                "extra) to use --scheduler") from None
        self._engine = DaskEngine
        self.client = connect(address, pairs=pairs)

    def __call__(self, src: str, tgt: str):
        try:
            return self._engine(self.client, src, tgt)
        except WorkflowError:
            return None

    def close(self) -> None:
        self.client.close()


def models_status(project: Project) -> tuple[list[InstalledPackage], list[tuple[str, str, str]]]:
    """Installed packages, and for each language pair the project needs: how it is served."""
    packages = installed_packages()
    needed = sorted({(a.lang or project.read_article(a).document.lang, t)
                     for a in project.articles()
                     for t in project.targets(a.lang or project.read_article(a).document.lang)})
    status = []
    for src, tgt in needed:
        route = find_route(packages, src, tgt)
        if route is None:
            status.append((src, tgt, f"missing: {install_command(src, tgt)}"))
        elif len(route) == 1:
            status.append((src, tgt, f"{route[0].code} {route[0].version}"))
        else:
            status.append((src, tgt, f"pivot {route[0].code} + {route[1].code}"))
    return packages, status


# ---------------------------------------------------------------------------------------------
# Publishing and compiling

EXTENSIONS = {"html": "html", "md": "md", "txt": "txt", "xlf": "xlf"}


@dataclass(frozen=True)
class ExportRow:
    doc: str
    lang: str
    title: str
    status: str                 # source | published | failed
    reasons: tuple[str, ...]
    path: str | None            # the file on disk (a failed one may still have its last good export)


def _article_splitter(project: Project, document: Document, srx: SrxRules | None):
    split = None
    if srx is not None:
        rules = srx.rules_for(document.lang)
        split = (lambda text, r=rules: srx_segment(text, r)) if rules else None
    return splitter(document, abbreviations=project.config.abbreviations.get(document.lang, ()),
                    split=split)


def export_project(project: Project, *, langs: list[str] | None = None,
                   docs: list[str] | None = None, fmt: str | None = None,
                   gate: Gate | None = None) -> list[ExportRow]:
    """Publish every article in every language that passes the gate; keep the last good export
    of the ones that do not."""
    fmt = fmt or project.config.export_format
    if fmt not in ("html", "md", "txt"):
        raise WorkflowError(f"unknown export format {fmt!r}", fix="use html, md or txt")
    gate = gate or Gate(min_complete=project.config.min_complete)
    out_dir = (project.root / project.config.export_dir).resolve()
    errors_by_catalog: dict[str, list[str]] = {}
    if any(project.locales_dir.glob("*/LC_MESSAGES/*.po")):
        report = check_project(project)
        for finding in report.findings:
            used = finding.state == "translated" or (gate.include_fuzzy and
                                                    finding.state == "fuzzy")
            if finding.severity == "error" and used:
                errors_by_catalog.setdefault(finding.path, []).append(
                    f"line {finding.line}: {finding.check}: {finding.message}")
    srx = project.srx_rules()
    rows: list[ExportRow] = []
    planned: list[tuple[Localized, bool]] = []
    for article in project.articles(docs):
        document = project.read_article(article).document
        split = _article_splitter(project, document, srx)
        for lang in [document.lang] + project.targets(document.lang):
            if langs and lang not in langs:
                continue
            catalog = None
            po = project.po_path(article.doc, lang)
            if lang != document.lang and po.exists():
                catalog = project.read_catalog(po)
            localized = localize(article.doc, document, catalog, lang, split=split,
                                 include_fuzzy=gate.include_fuzzy)
            verdict = judge(localized, gate=gate, fuzzy_units=localized.fuzzy_seen,
                            errors=errors_by_catalog.get(project.rel(po), []))
            planned.append((localized, article.kind == "markdown"))
            target = _output_path(out_dir, lang, article.doc, fmt)
            status = "source" if lang == document.lang else (
                "published" if verdict.publish else "failed")
            rows.append(ExportRow(article.doc, lang, localized.title, status, verdict.reasons,
                                  project.rel(target) if verdict.publish or target.exists()
                                  else None))
    published = {(r.doc, r.lang) for r in rows if r.status != "failed"}
    for (localized, markdown), row in zip(planned, rows):
        if row.status == "failed":
            continue
        target = _output_path(out_dir, row.lang, row.doc, fmt)
        if fmt == "html":
            alternates = {lang: f"../{lang}/{row.doc}.html" for doc, lang in published
                          if doc == row.doc}
            data = render_html(localized, markdown=markdown, alternates=alternates)
        elif fmt == "md":
            data = render_markdown(localized, markdown=markdown)
        else:
            data = render_text(localized, markdown=markdown)
        write_atomic(target, data)
    index_rows = []
    for row in rows:
        href = None
        if row.path:
            href = f"{row.lang}/{row.doc}.{EXTENSIONS[fmt]}"
        state = {"source": "source", "published": "published"}.get(
            row.status, "not published: " + "; ".join(row.reasons) +
            (" (showing the last good export)" if row.path else ""))
        index_rows.append((row.title, row.doc, row.lang, state, href))
    write_atomic(out_dir / "index.html", render_index(index_rows, title=(
        f"{project.config.name}: articles by language")))
    return rows


def _output_path(out_dir: Path, lang: str, doc: str, fmt: str) -> Path:
    path = (out_dir / lang / f"{doc}.{EXTENSIONS[fmt]}").resolve()
    if out_dir not in path.parents:
        raise WorkflowError("an output path would leave the export folder",
                            path=str(path), fix="rename the article")
    return path


def compile_project(project: Project) -> list[str]:
    """An MO file beside every catalog (what msgfmt would write)."""
    written = []
    for po in sorted(project.locales_dir.glob("*/LC_MESSAGES/*.po")):
        data = write_mo(project.read_catalog(po))
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.read_bytes() != data:
            write_atomic(mo, data)
        written.append(project.rel(mo))
    return written


# ---------------------------------------------------------------------------------------------
# XLIFF and TMX interchange

def xliff_export(project: Project, *, version: str = "1.2", langs: list[str] | None = None,
                 docs: list[str] | None = None, out_dir: str = "xliff") -> list[str]:
    """One XLIFF file per article and target language: <out_dir>/<lang>/<doc>.xlf."""
    folder = (project.root / out_dir).resolve()
    written = []
    for article, lang, po in project.catalogs(docs, langs):
        catalog = project.read_catalog(po)
        source_lang = catalog.header_value("X-Source-Language") or article.lang or ""
        data = write_xliff(catalog, doc=article.doc, source_lang=source_lang,
                           target_lang=lang, version=version)
        target = _output_path(folder, lang, article.doc, "xlf")
        write_atomic(target, data)
        written.append(project.rel(target))
    return written


@dataclass(frozen=True)
class XliffImport:
    file: str
    doc: str
    lang: str
    result: ImportResult | None     # None: no catalog for this document and language
    written: bool


def xliff_import(project: Project, files: list[str], *, reviewer: str = "xliff"
                 ) -> list[XliffImport]:
    """Write the targets and states of XLIFF files back into their catalogs.

    Every file is read and checked before any catalog is written."""
    plans = []
    for name in files:
        try:
            with open(name, "rb") as f:
                document = read_xliff(f)
        except OSError as exc:
            raise WorkflowError(f"cannot read: {exc.strerror}", path=name) from None
        except WorkflowError as exc:
            raise exc.at(name) from None
        for xfile in document.files:
            doc = slug(xfile.original.rsplit("/", 1)[-1].rsplit(".", 1)[0]) \
                if xfile.original else ""
            lang = xfile.target_lang.replace("_", "-").split("-")[0].lower()
            po = project.po_path(doc, lang) if doc and lang else None
            if po is None or not po.exists():
                plans.append((name, doc, lang, None, None, None))
                continue
            catalog, result = apply_xliff(project.read_catalog(po), xfile.units,
                                          reviewer=reviewer)
            plans.append((name, doc, lang, po, catalog, result))
    imports = []
    for name, doc, lang, po, catalog, result in plans:
        written = False
        if po is not None and result.updated:
            write_atomic(po, format_po(catalog).encode("utf-8"))
            written = True
        imports.append(XliffImport(name, doc, lang, result, written))
    return imports


def project_tmx_units(project: Project) -> list[TranslationUnit]:
    """Every source sentence with its approved translations (translated or reviewed) in the
    other languages: one multilingual translation unit each."""
    units = []
    for article in project.articles():
        document_lang = None
        translations: dict[str, dict[str, tuple[str, bool]]] = {}
        order: list[str] = []
        for po in sorted(project.locales_dir.glob(f"*/LC_MESSAGES/{article.doc}.po")):
            catalog = project.read_catalog(po)
            lang = catalog.header_value("Language") or po.parent.parent.name
            document_lang = document_lang or catalog.header_value("X-Source-Language")
            for unit in catalog.active:
                if unit.msgid not in translations:
                    translations[unit.msgid] = {}
                    order.append(unit.msgid)
                if unit.state in (UnitState.TRANSLATED, UnitState.REVIEWED):
                    translations[unit.msgid][lang] = (unit.msgstr,
                                                      unit.state is UnitState.REVIEWED)
        source_lang = document_lang or article.lang or ""
        for msgid in order:
            if not translations[msgid]:
                continue
            variants = [(source_lang, msgid)] + [(lang, text) for lang, (text, _) in
                                                 sorted(translations[msgid].items())]
            reviewed = sorted(lang for lang, (_, r) in translations[msgid].items() if r)
            props = (("x-document", article.doc),)
            if reviewed:
                props += (("x-reviewed", " ".join(reviewed)),)
            units.append(TranslationUnit(tuple(variants), None, props))
    return units
