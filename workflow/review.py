"""Stage: review. Mark translated units reviewed, or take the mark away, in whole catalogs or by line."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from .formats.po_write import format_po
from .model import UnitState
from .project import Project, write_atomic


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
