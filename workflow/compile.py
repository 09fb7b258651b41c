"""Stage: compile. An MO file beside every catalog, byte-identical to what GNU msgfmt writes."""

from __future__ import annotations

from .errors import WorkflowError
from .formats.mo import write_mo
from .project import Project, write_atomic


def compile_project(project: Project) -> list[str]:
    """An MO file beside every catalog (what msgfmt would write).

    Every catalog is read and compiled before the first MO file is written, so a bad catalog
    stops the run with nothing written, never with half the MO files new and half old."""
    planned = []
    for po in sorted(project.locales_dir.glob("*/LC_MESSAGES/*.po")):
        try:
            planned.append((po.with_suffix(".mo"), write_mo(project.read_catalog(po))))
        except WorkflowError as exc:
            raise exc.at(project.rel(po)) if exc.path is None else exc from None
    written = []
    for mo, data in planned:
        if not data:
            continue            # nothing to compile: msgfmt writes no file either
        if not mo.exists() or mo.read_bytes() != data:
            write_atomic(mo, data)
        written.append(project.rel(mo))
    return written
