"""The export stage over a project: publish every article in every language that passes the gate."""

from __future__ import annotations

import hashlib
import io
import json
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .. import pool
from ..cache import WorkCache, config_bytes, enabled, state
from ..check.job import checked
from ..errors import WorkflowError
from ..extract.job import article_splitter
from ..formats.html import rebuild_html
from ..formats.publish import (
    render_html,
    render_html_page,
    render_index,
    render_markdown,
    render_markdown_source,
    render_text,
)
from ..formats.report import GateReport
from ..formats.srx import SrxRules
from ..project import Article, Project, catalog_paths, write_atomic
from .localize import Gate, Localized, judge, localize

EXTENSIONS = {"html": "html", "md": "md", "txt": "txt", "xlf": "xlf"}

@dataclass(frozen=True)
class ExportRow:
    doc: str
    lang: str
    title: str
    status: str                 # source | published | preview | failed
    reasons: tuple[str, ...]
    path: str | None            # the file on disk (a failed one may still have its last good export)
    percent: float = 100.0
    selected: bool = True       # asked for in this run (the others are only described in the index)


PREVIEW_DIR = "preview"
INDEX_ENTRY = "\0index"           # the cache entry of the index page


def export_project(project: Project, *, langs: list[str] | None = None,
                   docs: list[str] | None = None, fmt: str | None = None,
                   gate: Gate | None = None) -> list[ExportRow]:
    """Publish the chosen articles in the chosen languages that pass the gate; keep the last good
    export of the ones that do not; rewrite the index for the whole project.

    A translation that passes a lowered gate but is not complete (sentences left in the source
    language, or drafts with --include-fuzzy) is a *preview*: it goes under ``preview/``, says
    so on the page, is never linked as an alternate language and never becomes "the last good
    export". Returns the rows of the chosen articles and languages."""
    fmt = fmt or project.config.export_format
    if fmt not in ("html", "md", "txt"):
        raise WorkflowError(f"unknown export format {fmt!r}", fix="use html, md or txt")
    if langs:
        project.check_langs(langs)
    gate = gate or Gate(min_complete=project.config.min_complete)
    out_dir = (project.root / project.config.export_dir).resolve()
    articles = project.articles()
    # the articles and catalogs are listed and stat'd once, for the gate and the cache
    catalogs = catalog_paths(project, None)
    stats = {path: state(path) for path in [*catalogs, *(a.path for a in articles)]}
    # The gate runs in another process while this one reads the export's own record and
    # finds the articles whose files are as they were (on two cores the two overlap).
    gate_errors = pool.Later(_gate_errors, project, gate, articles, catalogs, stats)
    try:
        shown = {project.rel(path): st for path, st in stats.items()}
        chosen = {a.doc for a in project.articles(docs)} if docs else {a.doc for a in articles}
        memo = WorkCache(project, f"export-{fmt}",
                         [*config_bytes(project), repr(gate).encode()]) if enabled() else None
        unchanged = {a.doc: memo.unchanged(a.doc, stats=shown) for a in articles} \
            if memo is not None else {}
        errors_by_catalog = gate_errors.result()
    finally:
        gate_errors.cancel()            # (nothing left to stop once its result is in)
    run = _Run(project, gate, errors_by_catalog, project.srx_rules(), fmt, out_dir, chosen,
               tuple(langs or ()), _on_disk(out_dir))
    remembered = {}
    for article in articles:
        plans = _remembered(project, article, errors_by_catalog, unchanged.get(article.doc),
                            shown)
        if plans is not None:
            remembered[article.doc] = plans
    # The other articles are judged and written in a pool of processes, one article at a
    # time: its pages link only to its own languages, so nothing of it is needed once they
    # are written (memory does not grow with the project).
    worked = pool.ordered(_work, [a for a in articles if a.doc not in remembered],
                          setup=_setup, args=(run,))
    rows: list[ExportRow] = []
    for article in articles:
        if article.doc in remembered:
            plans = remembered[article.doc]
            mine = _rows(run, article, plans)
            records = _publish(run, article, plans, mine, memo)
        else:
            mine, records = next(worked)
        if memo is not None:
            for name, paths, expected, facts in records:
                memo.record(name, paths, expected=expected, **facts)
        rows += mine
    on_disk = _on_disk(out_dir)
    index = [_index_row(on_disk, row) for row in rows]
    title = f"{project.config.name}: articles by language"
    digest = hashlib.sha256(repr((index, title)).encode()).hexdigest()
    entry = memo.unchanged(INDEX_ENTRY) if memo is not None else None
    if entry is None or entry.get("digest") != digest:     # the same rows: the same page
        data = render_index(index, title=title)
        _write(out_dir / "index.html", data)
        if memo is not None:
            memo.record(INDEX_ENTRY, [out_dir / "index.html"], expected={
                out_dir / "index.html": data}, digest=digest)
    if memo is not None:
        memo.keep_only({r.doc for r in rows} | {_page_entry(r) for r in rows} | {INDEX_ENTRY})
        memo.save()
    return [row for row in rows if row.selected]


@dataclass(frozen=True)
class _Run:
    """What every article's export shares in one run."""

    project: Project
    gate: Gate
    errors: dict[str, list[str]]        # the gate's errors, by catalog
    srx: SrxRules | None
    fmt: str
    out_dir: Path
    chosen: set[str]
    langs: tuple[str, ...]
    on_disk: frozenset[str]             # the exported files when the run began (_on_disk)


# (cache entry, files, their expected SHA-256, facts): what the cache should record
_Record = tuple[str, list[Path], dict[Path, str] | None, dict]
_WORKER: dict = {}


def _setup(run: _Run) -> None:
    _WORKER["run"] = run


def _work(article: Article) -> tuple[list[ExportRow], list[_Record]]:
    """One article judged and its chosen pages written (in a worker)."""
    run: _Run = _WORKER["run"]
    plans, record = _plan(run, article)
    mine = _rows(run, article, plans)
    return mine, [record, *_publish(run, article, plans, mine, None)]


def _rows(run: _Run, article: Article, plans: list[Planned]) -> list[ExportRow]:
    rows = []
    for plan in plans:
        target = _shown_output(run, plan.lang, article.doc, preview=plan.status == "preview")
        selected = article.doc in run.chosen and (not run.langs or plan.lang in run.langs)
        shown = f"{PREVIEW_DIR + '/' if plan.status == 'preview' else ''}{plan.lang}/" \
            f"{article.doc}.{EXTENSIONS[run.fmt]}"
        on_disk = shown in run.on_disk or (selected and plan.status != "failed")
        rows.append(ExportRow(article.doc, plan.lang, plan.title, plan.status, plan.reasons,
                              target if on_disk else None, plan.percent,
                              selected))
    return rows


def _publish(run: _Run, article: Article, plans: list[Planned], rows: list[ExportRow],
             memo: WorkCache | None) -> list[_Record]:
    """Write the chosen pages of one article. A page is rendered again unless its article's
    verdicts were remembered (nothing they depend on changed) and so were its own inputs."""
    public = sorted(r.lang for r in rows if r.status in ("source", "published"))
    fresh: list[Planned] | None = None
    records: list[_Record] = []
    for plan, row in zip(plans, rows):
        if not row.selected or row.status == "failed":
            continue
        preview = row.status == "preview"
        note = (f"Preview, not for publication: {row.percent:.0f}% of the sentences are "
                f"translated and reviewed{'; drafts included' if plan.fuzzy_used else ''}."
                if preview else None)
        alternates = {} if preview or run.fmt != "html" else {
            lang: f"../{lang}/{row.doc}.html" for lang in public}
        name = _page_entry(row)
        facts = [[[k, v] for k, v in sorted(alternates.items())], note, row.path]
        if plan.localized is None:
            entry = memo.unchanged(name) if memo is not None else None
            if entry is not None and entry.get("render") == facts:
                continue                 # same inputs, same page, still on disk
            if fresh is None:            # remembered, but the page must be written again
                fresh, _ = _plan(run, article)
            plan = next(p for p in fresh if p.lang == row.lang)
        assert plan.localized is not None
        target = output_path(run.out_dir, row.lang, row.doc, run.fmt, preview=preview)
        data = _render(run.project, run.fmt, plan, alternates, note)
        _write(target, data)
        records.append((name, [target], {target: hashlib.sha256(data).hexdigest()},
                        {"render": facts}))
    return records


def _page_entry(row: ExportRow) -> str:
    """The cache entry of one exported page (the article's own entry is its doc name)."""
    return f"{row.doc}\0{row.lang}\0out"


@dataclass(frozen=True)
class Planned:
    """An article in one language, as the gate judged it (``localized`` is None when the
    verdict was remembered: nothing it depends on changed)."""

    lang: str
    title: str
    status: str
    reasons: tuple[str, ...]
    percent: float
    fuzzy_used: bool
    localized: Localized | None = None
    kind: str = ""
    source: str = ""


def _plan(run: _Run, article: Article) -> tuple[list[Planned], _Record]:
    """The article in each language as the gate judges it, and what the cache should record
    of that judgement."""
    project, gate = run.project, run.gate
    ingested = project.read_article(article)
    document = ingested.document
    split = article_splitter(project, document, run.srx)
    plans, files, errors = [], [article.path], {}
    for lang in [document.lang] + project.targets(document.lang):
        catalog = None
        po, rel = project.po_path(article.doc, lang), project.po_rel(article.doc, lang)
        unreadable = []
        if lang != document.lang and po.exists():
            files.append(po)
            errors[rel] = run.errors.get(rel, [])
            try:
                catalog = project.read_catalog(po)
            except WorkflowError as exc:   # the other articles still go out
                unreadable = [f"the catalog cannot be read: {exc}"]
        localized = localize(article.doc, document, catalog, lang, split=split,
                             include_fuzzy=gate.include_fuzzy)
        verdict = judge(localized, gate=gate, fuzzy_units=localized.fuzzy_seen,
                        errors=unreadable or run.errors.get(rel, []))
        if lang == document.lang:
            status = "source"
        elif not verdict.publish:
            status = "failed"
        elif localized.missing or localized.fuzzy_used:
            status = "preview"
        else:
            status = "published"
        plans.append(Planned(lang, localized.title, status, verdict.reasons, localized.percent,
                             bool(localized.fuzzy_used), localized, article.kind, ingested.text))
    record: _Record = (article.doc, files, None, {"errors": errors, "langs": [
        [p.lang, p.title, p.status, list(p.reasons), p.percent, p.fuzzy_used] for p in plans]})
    return plans, record


def _remembered(project: Project, article: Article, errors_by_catalog: dict,
                entry: dict | None, stats: dict[str, list | None]) -> list[Planned] | None:
    """The verdicts of the last export, if the article, its catalogs and their check errors
    are as they were then (``entry``: the article's record, if its files are unchanged;
    ``stats``: the ``state`` of the project's articles and catalogs, by path as shown, taken
    at the start of the run)."""
    if entry is None or any(errors_by_catalog.get(rel, []) != found
                            for rel, found in entry.get("errors", {}).items()):
        return None
    try:
        plans = [Planned(lang, title, status, tuple(reasons), float(percent), bool(fuzzy))
                 for lang, title, status, reasons, percent, fuzzy in entry["langs"]]
    except (KeyError, TypeError, ValueError):
        return None
    for plan in plans[1:]:               # a catalog that appeared since is a change
        rel = project.po_rel(article.doc, plan.lang)
        if rel not in entry["errors"] and stats.get(rel) is not None:
            return None
    return plans


def _render(project: Project, fmt: str, plan: Planned, alternates: dict[str, str],
            note: str | None) -> bytes:
    localized = plan.localized
    assert localized is not None
    if fmt == "html":
        if plan.kind == "html":
            _, container = rebuild_html(
                plan.source, drop_tags=project.config.chrome.html_drop_tags,
                replacements={b.anchor: b.text for b in localized.blocks},
                attributes={b.anchor: dict(b.attributes) for b in localized.blocks})
            return render_html_page(localized, container, alternates=alternates, note=note)
        return render_html(localized, alternates=alternates, note=note)
    if fmt == "md" and plan.kind == "markdown":
        return render_markdown_source(localized, plan.source, note=note)
    if fmt == "md":
        return render_markdown(localized, note=note)
    return render_text(localized, note=note)


def _write(path: Path, data: bytes) -> None:
    """Write an export unless the file already holds exactly these bytes: a re-export of an
    unchanged project rewrites (and fsyncs) nothing."""
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return
    except OSError:
        pass
    write_atomic(path, data)


def _gate_errors(project: Project, gate: Gate, articles: list[Article], catalogs: list[Path],
                 stats: dict[Path, list | None]) -> dict[str, list[str]]:
    """Error-level findings in the units an export would use, by catalog."""
    if not catalogs:
        return {}

    # The gate's verdicts are kept with the check results: an export after a no-op re-runs
    # no check (it used to spend most of its time re-checking every catalog).
    found = io.BytesIO()
    checked(project, kind=f"gate-{'fuzzy' if gate.include_fuzzy else 'final'}",
            pieces=GateReport(include_fuzzy=gate.include_fuzzy), out=found, articles=articles,
            catalogs=catalogs, stats=stats)
    errors: dict[str, list[str]] = {}
    for line in found.getvalue().splitlines():
        path, found_errors = json.loads(line)
        errors[path] = found_errors
    return errors


def _index_row(on_disk: frozenset[str], row: ExportRow
               ) -> tuple[str, str, str, str, list[tuple[str, str]]]:
    """(title, doc, lang, state, links to every format on disk) for the index page."""
    preview = row.status == "preview"
    folder = f"{PREVIEW_DIR}/{row.lang}" if preview else row.lang
    links = [(ext, f"{folder}/{row.doc}.{ext}") for ext in ("html", "md", "txt")
             if f"{folder}/{row.doc}.{ext}" in on_disk]
    if row.status == "source":
        state = "source"
    elif row.status == "published":
        state = "published" if links else "ready to publish (run l10n export)"
    elif row.status == "preview":
        state = f"preview only ({row.percent:.0f}% translated): not published"
    else:
        state = "not published: " + "; ".join(row.reasons) + (
            " (showing the last good export)" if links else "")
    return row.title, row.doc, row.lang, state, links


def output_path(out_dir: Path, lang: str, doc: str, fmt: str, *, preview: bool = False) -> Path:
    name = f"{doc}.{EXTENSIONS[fmt]}"
    folder = _folder(out_dir, PREVIEW_DIR, lang) if preview else _folder(out_dir, lang)
    if "/" in name or name.startswith(".") or folder is None:
        raise WorkflowError("an output path would leave the export folder",
                            path=str(out_dir / lang / name), fix="rename the article")
    return folder / name


def _shown_output(run: _Run, lang: str, doc: str, *, preview: bool) -> str:
    """``rel(output_path(...))``, made without a Path for each page."""
    folder = _folder(run.out_dir, PREVIEW_DIR, lang) if preview else _folder(run.out_dir, lang)
    if folder is None or "/" in doc or doc.startswith("."):
        return run.project.rel(output_path(run.out_dir, lang, doc, run.fmt, preview=preview))
    return f"{run.project.rel(folder)}/{doc}.{EXTENSIONS[run.fmt]}"


def _on_disk(out_dir: Path) -> frozenset[str]:
    """The files in the export folders, as ``lang/doc.ext`` and ``preview/lang/doc.ext`` (one
    listing per folder instead of a stat per page and format)."""
    found = []
    for folder in [out_dir, out_dir / PREVIEW_DIR]:
        try:
            langs = [e for e in os.scandir(folder) if e.is_dir() and e.name != PREVIEW_DIR]
        except OSError:
            continue
        prefix = "" if folder == out_dir else f"{PREVIEW_DIR}/"
        for lang in langs:
            found += [f"{prefix}{lang.name}/{e.name}" for e in os.scandir(lang.path)
                      if e.is_file()]
    return frozenset(found)


@lru_cache(maxsize=64)
def _folder(out_dir: Path, *parts: str) -> Path | None:
    """An export folder with its links resolved, or None if it leads out of ``out_dir`` (each
    folder is resolved once, not once per page: 10,000 articles made 150,000 resolve calls)."""
    folder = out_dir.joinpath(*parts).resolve()
    return folder if out_dir in folder.parents else None
