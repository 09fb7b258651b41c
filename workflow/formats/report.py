"""Check reports: text for people, JSON lines for tools, HTML for editors."""

from __future__ import annotations

import json
from collections.abc import Iterable

import lxml.html
from lxml.html import builder as E

from .. import inline
from ..check.runner import Finding, Report
from ..glossary import TermUse

STYLE = """
body{font:15px/1.45 system-ui,sans-serif;margin:2em;color:#222}
h1{font-size:1.4em} h2{font-size:1.15em;margin-top:2em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;width:100%;table-layout:fixed}
td,th{border:1px solid #ddd;padding:.4em .6em;vertical-align:top;text-align:left}
th{background:#f4f4f4} td.state{width:7em;font-size:.85em;color:#555}
mark.ok{background:#d6f5d6} mark.missing{background:#ffe3a3} mark.forbidden{background:#ffb3b3}
mark.unsure,mark.derived{background:#e6e6ff}
ul.findings{margin:.3em 0 0;padding-left:1.2em;font-size:.9em}
li.error{color:#a00} li.warning{color:#8a5a00} li.info{color:#336}
.summary{background:#f8f8f8;padding:.6em 1em;border-radius:4px}
"""


def format_text(report: Report) -> str:
    lines = []
    for title, state in (("Translated units", "translated"),
                         ("Drafts (fuzzy: machine or memory output; they do not fail the check)",
                          "fuzzy")):
        findings = report.of(state)
        if not findings:
            continue
        lines.append(f"== {title}")
        lines += [_line(f) for f in findings]
    lines.append(summary(report))
    return "\n".join(lines) + "\n"


def _line(f: Finding) -> str:
    term = f" [{f.term}]" if f.term else ""
    return f"{f.path}:{f.line}: {f.severity}: {f.check}{term}: {f.message}"


def summary(report: Report) -> str:
    by = {s: sum(1 for f in report.findings if f.severity == s and f.state == "translated")
          for s in ("error", "warning", "info")}
    drafts = len(report.of("fuzzy"))
    return (f"check: {len(report.catalogs)} catalogs, {report.checked} units checked "
            f"({report.untranslated} untranslated not checked): {by['error']} errors, "
            f"{by['warning']} warnings, {by['info']} notes in translated units; "
            f"{drafts} findings in drafts")


def format_json(report: Report) -> str:
    return "".join(json.dumps(f.as_json(), ensure_ascii=False) + "\n" for f in report.findings)


def _highlight(text: str, spans: Iterable[tuple[int, int, str]]):
    """Text with <mark> elements around spans; lxml escapes everything else."""
    parts: list = []
    position = 0
    for start, end, css in sorted(inline.coded_spans(text, spans)):
        if start < position:
            continue
        parts.append(text[position:start])
        parts.append(E.MARK(text[start:end], E.CLASS(css)))
        position = end
    parts.append(text[position:])
    return parts


def _spans(uses: list[TermUse], side: str) -> list[tuple[int, int, str]]:
    out = []
    for use in uses:
        css = use.status.value
        if side == "source":
            if use.in_source:
                out.append((*use.source_span, css))
        else:
            out += [(a, b, css) for a, b in use.target_spans]
    return out


def format_html(report: Report, *, title: str = "Terminology and quality report") -> bytes:
    """Each catalog as a table: source and translation side by side, terms highlighted."""
    sections = []
    for item in report.catalogs:
        rows = report.units.get(item.path, [])
        table_rows = [E.TR(E.TH("state"), E.TH(f"source ({item.source_lang})"),
                           E.TH(f"translation ({item.lang})"))]
        for row in rows:
            cells_findings = E.UL(E.CLASS("findings"), *[
                E.LI(E.CLASS(f.severity), f"{f.severity}: {f.check}: {f.message}")
                for f in row.findings]) if row.findings else ""
            table_rows.append(E.TR(
                E.TD(E.CLASS("state"), row.state, E.BR(), f"line {row.unit.line}"),
                E.TD(*_highlight(row.unit.msgid, _spans(row.terms, "source"))),
                E.TD(*_highlight(row.unit.msgstr, _spans(row.terms, "target")),
                     cells_findings)))
        sections.append(E.H2(item.path))
        sections.append(E.TABLE(*table_rows))
    legend = E.P("Terms: ", E.MARK("approved form used", E.CLASS("ok")), " ",
                 E.MARK("missing", E.CLASS("missing")), " ",
                 E.MARK("forbidden variant", E.CLASS("forbidden")), " ",
                 E.MARK("check the sense", E.CLASS("unsure")))
    doc = E.HTML(E.HEAD(E.META(charset="utf-8"), E.TITLE(title), E.STYLE(STYLE)),
                 E.BODY(E.H1(title), E.P(E.CLASS("summary"), summary(report)), legend,
                        *sections))
    doc.set("lang", "en")
    return lxml.html.tostring(doc, doctype="<!DOCTYPE html>", encoding="utf-8")


