"""Stage: compile. An MO file beside every catalog, byte-identical to what GNU msgfmt writes."""

from __future__ import annotations

from .formats.mo import write_mo
from .project import Project, write_atomic


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
