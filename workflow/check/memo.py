"""One catalog's check results as plain data, and back: what the check cache keeps, so that a
catalog nobody changed is neither parsed nor checked again. Pure: the cache itself (a SQLite
file under ``.l10n/cache/``) is ``check.job``'s."""

from __future__ import annotations

from collections.abc import Mapping

from ..glossary import Status, Term, TermUse
from ..model import Unit
from .runner import CatalogChecked, CheckedUnit, Finding

_UNIT_FIELDS = ("msgid", "msgstr", "msgctxt", "msgid_plural", "msgstr_plural", "flags",
                "translator_comments", "line")


def dump(result: CatalogChecked) -> dict:
    return {"checked": result.checked, "untranslated": result.untranslated,
            "plural": _finding(result.plural) if result.plural else None,
            "rows": [_row(row) for row in result.rows]}


def _finding(f: Finding) -> list:
    return [f.path, f.line, f.msgid, f.msgstr, f.source_lang, f.lang, f.state, f.check,
            f.severity, f.message, f.term]


def _row(row: CheckedUnit) -> list:
    unit = [getattr(row.unit, name) for name in _UNIT_FIELDS]
    uses = [[u.term.id, u.status.value, list(u.source_span), [list(s) for s in u.target_spans],
             u.target_form, u.forbidden_form, u.in_source] for u in row.terms]
    return [row.state, unit, [_finding(f) for f in row.findings], uses]


def load(data: dict, path: str, terms: Mapping[str, Term]) -> CatalogChecked:
    """The results ``dump`` gave (``KeyError``/``ValueError``/``TypeError`` if they are not)."""
    rows = []
    for state, unit_fields, findings, uses in data["rows"]:
        values = dict(zip(_UNIT_FIELDS, unit_fields, strict=True))
        for name in ("msgstr_plural", "flags", "translator_comments"):
            values[name] = tuple(values[name])
        rows.append(CheckedUnit(path, Unit(**values), state,
                                [Finding(*f) for f in findings],
                                [TermUse(terms[t], Status(s), (ss[0], ss[1]),
                                         tuple((a, b) for a, b in ts), tf, ff, bool(inside))
                                 for t, s, ss, ts, tf, ff, inside in uses]))
    plural = Finding(*data["plural"]) if data["plural"] else None
    return CatalogChecked(rows, int(data["checked"]), int(data["untranslated"]), plural)
