"""The export stage over a project: publish every article in every language that passes the gate."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..check.job import check_project
from ..errors import WorkflowError
from ..extract.job import article_splitter
from ..formats.publish import render_html, render_index, render_markdown, render_text
from ..project import Project, write_atomic
from .localize import Gate, Localized, judge, localize

EXTENSIONS = {"html": "html", "md": "md", "txt": "txt", "xlf": "xlf"}

@dataclass(frozen=True)
class ExportRow:
    doc: str
    lang: str
    title: str
    status: str                 # source | published | failed
    reasons: tuple[str, ...]
    path: str | None            # the file on disk (a failed one may still have its last good export)

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
        split = article_splitter(project, document, srx)
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
            target = output_path(out_dir, lang, article.doc, fmt)
            status = "source" if lang == document.lang else (
                "published" if verdict.publish else "failed")
            rows.append(ExportRow(article.doc, lang, localized.title, status, verdict.reasons,
                                  project.rel(target) if verdict.publish or target.exists()
                                  else None))
    published = {(r.doc, r.lang) for r in rows if r.status != "failed"}
    for (localized, markdown), row in zip(planned, rows):
        if row.status == "failed":
            continue
        target = output_path(out_dir, row.lang, row.doc, fmt)
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

def output_path(out_dir: Path, lang: str, doc: str, fmt: str) -> Path:
    path = (out_dir / lang / f"{doc}.{EXTENSIONS[fmt]}").resolve()
    if out_dir not in path.parents:
        raise WorkflowError("an output path would leave the export folder",
                            path=str(path), fix="rename the article")
    return path
