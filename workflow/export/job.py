"""The export stage over a project: publish every article in every language that passes the gate."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ..check.job import checked
from ..check.runner import Report
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
from ..project import Project, write_atomic
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
    errors_by_catalog = _gate_errors(project, gate)
    chosen = {a.doc for a in project.articles(docs)}
    srx = project.srx_rules()
    rows: list[ExportRow] = []
    planned: list[tuple[Localized, bool]] = []
    for article in project.articles():
        ingested = project.read_article(article)
        document = ingested.document
        split = article_splitter(project, document, srx)
        for lang in [document.lang] + project.targets(document.lang):
            catalog = None
            po = project.po_path(article.doc, lang)
            unreadable = []
            if lang != document.lang and po.exists():
                try:
                    catalog = project.read_catalog(po)
                except WorkflowError as exc:   # the other articles still go out
                    unreadable = [f"the catalog cannot be read: {exc}"]
            localized = localize(article.doc, document, catalog, lang, split=split,
                                 include_fuzzy=gate.include_fuzzy)
            verdict = judge(localized, gate=gate, fuzzy_units=localized.fuzzy_seen,
                            errors=unreadable or errors_by_catalog.get(project.rel(po), []))
            if lang == document.lang:
                status = "source"
            elif not verdict.publish:
                status = "failed"
            elif localized.missing or localized.fuzzy_used:
                status = "preview"
            else:
                status = "published"
            target = output_path(out_dir, lang, article.doc, fmt, preview=status == "preview")
            selected = article.doc in chosen and (not langs or lang in langs)
            on_disk = target.exists() or (selected and status != "failed")
            planned.append((localized, article.kind, ingested.text))
            rows.append(ExportRow(article.doc, lang, localized.title, status, verdict.reasons,
                                  project.rel(target) if on_disk else None, localized.percent,
                                  selected))
    public = {(r.doc, r.lang) for r in rows if r.status in ("source", "published")}
    for (localized, kind, source), row in zip(planned, rows):
        if not row.selected or row.status == "failed":
            continue
        preview = row.status == "preview"
        target = output_path(out_dir, row.lang, row.doc, fmt, preview=preview)
        note = (f"Preview, not for publication: {row.percent:.0f}% of the sentences are "
                f"translated and reviewed{'; drafts included' if localized.fuzzy_used else ''}."
                if preview else None)
        if fmt == "html":
            alternates = {} if preview else {
                lang: f"../{lang}/{row.doc}.html" for doc, lang in public if doc == row.doc}
            if kind == "html":
                _, container = rebuild_html(
                    source, drop_tags=project.config.chrome.html_drop_tags,
                    replacements={b.anchor: b.text for b in localized.blocks},
                    attributes={(b.anchor, code, name): text for b in localized.blocks
                                for (code, name), text in b.attributes})
                data = render_html_page(localized, container, alternates=alternates, note=note)
            else:
                data = render_html(localized, alternates=alternates, note=note)
        elif fmt == "md" and kind == "markdown":
            data = render_markdown_source(localized, source, note=note)
        elif fmt == "md":
            data = render_markdown(localized, note=note)
        else:
            data = render_text(localized, note=note)
        write_atomic(target, data)
    write_atomic(out_dir / "index.html", render_index(
        [_index_row(out_dir, row) for row in rows],
        title=f"{project.config.name}: articles by language"))
    return [row for row in rows if row.selected]


def _gate_errors(project: Project, gate: Gate) -> dict[str, list[str]]:
    """Error-level findings in the units an export would use, by catalog."""
    if not any(project.locales_dir.glob("*/LC_MESSAGES/*.po")):
        return {}

    def render(report: Report) -> bytes:
        errors: dict[str, list[str]] = {}
        for finding in report.findings:
            used = finding.state == "translated" or (gate.include_fuzzy
                                                     and finding.state == "fuzzy")
            if finding.severity == "error" and used:
                errors.setdefault(finding.path, []).append(
                    f"line {finding.line}: {finding.check}: {finding.message}")
        return json.dumps(errors, ensure_ascii=False, sort_keys=True).encode("utf-8")

    # The gate's verdicts are kept with the check results: an export after a no-op re-runs
    # no check (it used to spend most of its time re-checking every catalog).
    data, _ = checked(project, kind=f"gate-{'fuzzy' if gate.include_fuzzy else 'final'}",
                      render=render)
    return json.loads(data)


def _index_row(out_dir: Path, row: ExportRow) -> tuple[str, str, str, str, list[tuple[str, str]]]:
    """(title, doc, lang, state, links to every format on disk) for the index page."""
    preview = row.status == "preview"
    folder = f"{PREVIEW_DIR}/{row.lang}" if preview else row.lang
    links = [(ext, f"{folder}/{row.doc}.{ext}") for ext in ("html", "md", "txt")
             if output_path(out_dir, row.lang, row.doc, ext, preview=preview).exists()]
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
    folder = out_dir / PREVIEW_DIR / lang if preview else out_dir / lang
    path = (folder / f"{doc}.{EXTENSIONS[fmt]}").resolve()
    if out_dir not in path.parents:
        raise WorkflowError("an output path would leave the export folder",
                            path=str(path), fix="rename the article")
    return path
