"""Stage: review. Mark translated units reviewed, or take the mark away, in whole catalogs or by line."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from .errors import WorkflowError
from .model import UnitState
from .project import Project, catalog_bytes, write_if_unchanged


@dataclass
class ReviewReport:
    marked: int = 0
    already: int = 0
    skipped_drafts: int = 0
    written: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)  # saved by someone else meanwhile

def review_project(project: Project, docs: list[str] | None = None, *,
                   langs: list[str] | None = None, lines: list[int] | None = None,
                   by: str | None = None, include_drafts: bool = False,
                   undo: bool = False) -> ReviewReport:
    """Mark translated units reviewed (or take the mark away), whole catalogs or by PO line.

    ``lines`` picks entries by any line they span (a comment, the msgid, a msgstr line), as an
    editor shows them; a line that falls in no entry of any chosen catalog is an error, and then
    nothing is written."""
    report = ReviewReport()
    planned: list[tuple[Path, bytes, bytes]] = []
    used: set[int] = set()
    for _article, _lang, path in project.catalogs(docs, langs):
        text = path.read_bytes()
        catalog = project.read_catalog(path)
        spans = _entry_spans(text.decode("utf-8", errors="replace"))
        units = []
        for unit in catalog.units:
            picked = set()
            if lines:
                first, last = next(((a, b) for a, b in spans if a <= unit.line <= b),
                                   (unit.line, unit.line))
                picked = {n for n in lines if first <= n <= last}
                used |= picked
            chosen = not unit.obsolete and any(unit.translations) and (not lines or picked)
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
        data = catalog_bytes(replace(catalog, units=tuple(units)), project.rel(path))
        if data != text:
            planned.append((path, data, text))
    missing = sorted(set(lines or ()) - used)
    if missing:
        raise WorkflowError(f"line {missing[0]} is not inside any entry of the chosen catalogs",
                            fix="give a line of the entry (its comments, msgid or msgstr) and "
                            "name the article and --lang")
    for path, data, before in planned:
        if write_if_unchanged(path, data, before):
            report.written.append(project.rel(path))
        else:
            report.conflicts.append(project.rel(path))
    return report


def _entry_spans(text: str) -> list[tuple[int, int]]:
    """(first line, last line) of each block of non-blank lines: a PO entry with its comments."""
    spans, start = [], None
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            if start is None:
                start = number
        elif start is not None:
            spans.append((start, number - 1))
            start = None
    if start is not None:
        spans.append((start, len(text.splitlines())))
    return spans
