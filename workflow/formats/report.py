"""Check reports: text for people, JSON lines for tools, HTML for editors."""

from __future__ import annotations

import io
import json
import shutil
from collections.abc import Iterable, Sequence
from typing import IO, BinaryIO

import lxml.html
from lxml.html import builder as E

from .. import inline
from ..check.runner import CatalogInput, CheckedUnit, Finding, Report, Totals
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


class Pieces:
    """A report made of one piece per catalog (in ``parts`` streams), assembled under a header
    that knows the totals: a report of any size is written without holding it in memory."""

    parts = 1

    def piece(self, item: CatalogInput | None, rows: list[CheckedUnit],
              findings: list[Finding]) -> list[str]:
        """One catalog's piece in each part (``item`` None: a catalog that cannot be read)."""
        raise NotImplementedError

    def write(self, out: BinaryIO, totals: Totals, parts: Sequence[IO[bytes]]) -> None:
        for part in parts:
            shutil.copyfileobj(part, out)

    def render(self, report: Report) -> bytes:
        """The whole report of an in-memory ``Report``."""
        by_path: dict[str, list[Finding]] = {}
        for f in report.findings:
            by_path.setdefault(f.path, []).append(f)
        items = {item.path: item for item in report.catalogs}
        parts = [io.BytesIO() for _ in range(self.parts)]
        for path in sorted(set(by_path) | set(items)):
            for part, text in zip(parts, self.piece(items.get(path), report.units.get(path, []),
                                                    by_path.get(path, []))):
                part.write(text.encode("utf-8"))
        out = io.BytesIO()
        for part in parts:
            part.seek(0)
        self.write(out, report.totals, parts)
        return out.getvalue()


class JsonReport(Pieces):
    """JSON lines, one finding a line (``l10n check --format json``)."""

    def piece(self, item, rows, findings):
        return ["".join(json.dumps(f.as_json(), ensure_ascii=False) + "\n" for f in findings)]


class TextReport(Pieces):
    parts = 2
    TITLES = ("Translated units",
              "Drafts (fuzzy: machine or memory output; they do not fail the check)")

    def piece(self, item, rows, findings):
        return ["".join(_line(f) + "\n" for f in findings if f.state == "translated"),
                "".join(_line(f) + "\n" for f in findings if f.state == "fuzzy")]

    def write(self, out, totals, parts):
        counts = (totals.errors + totals.warnings + totals.notes, totals.drafts)
        for title, count, part in zip(self.TITLES, counts, parts):
            if count:
                out.write(f"== {title}\n".encode())
                shutil.copyfileobj(part, out)
        out.write((summary(totals) + "\n").encode())


class GateReport(Pieces):
    """What the export gate needs: error findings in the units an export would use, as JSON
    lines ``[catalog path, ["line N: check: message", ...]]``."""

    def __init__(self, *, include_fuzzy: bool) -> None:
        self.include_fuzzy = include_fuzzy

    def piece(self, item, rows, findings):
        errors = [f"line {f.line}: {f.check}: {f.message}" for f in findings
                  if f.severity == "error" and (f.state == "translated" or (
                      self.include_fuzzy and f.state == "fuzzy"))]
        return [json.dumps([findings[0].path, errors], ensure_ascii=False) + "\n"
                if errors else ""]


def format_text(report: Report) -> str:
    return TextReport().render(report).decode("utf-8")


def _line(f: Finding) -> str:
    term = f" [{f.term}]" if f.term else ""
    return f"{f.path}:{f.line}: {f.severity}: {f.check}{term}: {f.message}"


def summary(totals: Totals) -> str:
    return (f"check: {totals.catalogs} catalogs, {totals.checked} units checked "
            f"({totals.untranslated} untranslated not checked): {totals.errors} errors, "
            f"{totals.warnings} warnings, {totals.notes} notes in translated units; "
            f"{totals.drafts} findings in drafts")


def format_json(report: Report) -> str:
    return JsonReport().render(report).decode("utf-8")


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


class HtmlReport(Pieces):
    """Each catalog as a table: source and translation side by side, terms highlighted."""

    MARK = "<!--sections-->"

    def __init__(self, title: str = "Terminology and quality report") -> None:
        self.title = title

    def piece(self, item, rows, findings):
        if item is None:
            return [""]
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
        return ["".join(lxml.html.tostring(element, encoding="unicode")
                        for element in (E.H2(item.path), E.TABLE(*table_rows)))]

    def write(self, out, totals, parts):
        legend = E.P("Terms: ", E.MARK("approved form used", E.CLASS("ok")), " ",
                     E.MARK("missing", E.CLASS("missing")), " ",
                     E.MARK("forbidden variant", E.CLASS("forbidden")), " ",
                     E.MARK("check the sense", E.CLASS("unsure")))
        body = E.BODY(E.H1(self.title), E.P(E.CLASS("summary"), summary(totals)), legend)
        body.append(lxml.html.HtmlComment("sections"))
        doc = E.HTML(E.HEAD(E.META(charset="utf-8"), E.TITLE(self.title), E.STYLE(STYLE)),
                     body)
        doc.set("lang", "en")
        head, tail = lxml.html.tostring(doc, doctype="<!DOCTYPE html>",
                                        encoding="utf-8").split(self.MARK.encode(), 1)
        out.write(head)
        shutil.copyfileobj(parts[0], out)
        out.write(tail)


def format_html(report: Report, *, title: str = "Terminology and quality report") -> bytes:
    return HtmlReport(title).render(report)
