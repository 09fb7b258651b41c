"""Editor actions on one sentence or one catalog, as the review page applies them. Pure."""

from __future__ import annotations

import hashlib
from dataclasses import replace

from .check.runner import CatalogInput, GlossaryCheck, run_checks
from .errors import WorkflowError
from .formats.xliff import unit_id
from .model import Catalog, Unit, UnitState

# Translator comments the tools write (machine and memory drafts, review marks), as opposed to
# a translator's own notes
MACHINE_NOTES = ("mt:", "tm:", "mt-note:", "reviewed:")


def unit_version(unit: Unit) -> str:
    """What an editor's save is based on: the unit's translation, state and review marks as the
    page showed them. A save is refused only when *this* changed on disk since (another editor,
    or Poedit, changed this sentence); changes to other units of the file do not block it."""
    data = "\x00".join([unit.msgctxt or "", unit.msgid, "\x01".join(unit.translations),
                        str(unit.fuzzy), *unit.review_marks])
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:16]


def find_unit(catalog: Catalog, uid: str | None) -> Unit | None:
    return next((u for u in catalog.units if not u.obsolete and unit_id(u) == uid), None)


def approve_all(catalog: Catalog, by: str, lang: str, *, compiled: GlossaryCheck | None,
                disabled: tuple[str, ...] = ()) -> tuple[Catalog, int, int]:
    """Approve every translated unit that has no error-level finding; (catalog, approved,
    skipped because of an error)."""
    source_lang = catalog.header_value("X-Source-Language") or "en"
    report = run_checks([CatalogInput(lang, catalog, source_lang, lang)], compiled=compiled,
                        disabled=disabled)
    wrong = {f.line for f in report.findings if f.severity == "error"}
    units, approved, skipped = [], 0, 0
    for unit in catalog.units:
        if not unit.obsolete and unit.state is UnitState.TRANSLATED:
            if unit.line in wrong:
                skipped += 1
            else:
                unit = unit.mark_reviewed(by)
                approved += 1
        units.append(unit)
    return replace(catalog, units=tuple(units)), approved, skipped


def apply_action(catalog: Catalog, uid: str | None, action: str, msgstr: str | None,
                 by: str, *, comments: str | None = None) -> Catalog | None:
    """One editor action on one unit (``uid``)."""
    units = list(catalog.units)
    index = next((i for i, u in enumerate(units) if not u.obsolete and unit_id(u) == uid), None)
    if index is None:
        return None
    unit = units[index]
    if unit.msgid_plural is not None:
        raise WorkflowError(f"this is a plural entry ({len(unit.msgstr_plural)} forms) and the "
                            "page edits one text: nothing was written",
                            fix="edit its forms in Poedit, Lokalize or a text editor")
    text = unit.msgstr if msgstr is None else msgstr.replace("\r\n", "\n")
    if action == "save":
        unit = replace(unit, msgstr=text)
    elif action == "translated":
        unit = replace(unit, msgstr=text).with_flag("fuzzy", False)
    elif action == "approve":
        unit = replace(unit, msgstr=text).with_flag("fuzzy", False)
        unit = unit.mark_reviewed(by) if unit.msgstr else unit
    elif action == "reject":
        unit = replace(unit, msgstr="", translator_comments=tuple(
            c for c in unit.translator_comments
            if not c.startswith(MACHINE_NOTES))).with_flag(
                "fuzzy", False)
    else:
        return None
    if comments is not None and action != "reject":
        # the translator's own notes, edited on the page; the machine's and review marks stay
        kept = tuple(c for c in unit.translator_comments
                     if c.startswith(MACHINE_NOTES))
        mine = tuple(" ".join(line.split()) for line in comments.splitlines() if line.strip())
        unit = replace(unit, translator_comments=mine + kept)
    units[index] = unit
    return replace(catalog, units=tuple(units))


def reviewer_name(given: str | None, default: str) -> str:
    """A reviewer's name as written into the review mark: one line, 60 characters at most."""
    name = " ".join((given or "").split())[:60]
    return name or default


def parse_tokens(values: list[str]) -> dict[str, str]:
    """``--token`` values, ``SECRET`` or ``NAME=SECRET``: secret → the name its holder approves
    under ("" when unnamed)."""
    tokens = {}
    for value in values:
        name, sep, secret = value.rpartition("=")
        tokens[secret if sep else value] = " ".join(name.split()) if sep else ""
    return tokens
