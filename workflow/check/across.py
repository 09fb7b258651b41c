"""The checks across catalogs, on a compact index of what each translated unit says.

One source translated two ways (``inconsistent-target``), one translation serving two sources
(``inconsistent-source``) and one glossary term worded two ways (``glossary-inconsistent``) need
the whole project. They do not need its catalogs: each translated unit is reduced to a ``Said``
(digests of its texts, the first 80 characters a message quotes) and each approved term form to
a ``Worded``. A store may keep these on disk and hand over only the groups that disagree
(``check.memo_store``); ``group`` does the same in memory. Either way, ``findings`` turns the
groups into the findings of each unit, keyed by (catalog path, row), in a fixed order. Pure.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..glossary import Status
from .base import silenced
from .wording import is_abbreviation, one_choice

QUOTED = 80           # characters of the other text a message quotes


def digest(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest()


@dataclass(frozen=True)
class Said:
    """A translated unit as the project-wide checks see it."""

    path: str
    row: int
    lang: str
    source: bytes        # digest of the msgid
    target: bytes        # digest of the msgstr
    folded: bytes        # digest of the msgid casefolded, spaces collapsed (a headline's twin)
    long: bool           # the msgstr has three words or more
    quiet: int           # 1: inconsistent-target silenced, 2: inconsistent-source silenced
    source_quote: str
    target_quote: str


@dataclass(frozen=True)
class Worded:
    """An approved form of a glossary term in a translated unit."""

    path: str
    row: int
    use: int             # the use's place among the unit's term uses
    term: str            # the term's id
    name: str            # its English text, as messages name it
    lang: str
    abbreviated: bool
    form: str


# (catalog path, row) -> [(check, message, term name or None)]
Across = dict[tuple[str, int], list[tuple[str, str, str | None]]]


def index(path: str, lang: str, rows: Sequence) -> tuple[list[Said], list[Worded]]:
    """What one catalog's checked rows (``CheckedUnit``) contribute to the project-wide checks."""
    said, worded = [], []
    for i, row in enumerate(rows):
        if row.state != "translated":
            continue
        unit = row.unit
        quiet = silenced(unit)
        said.append(Said(path, i, lang, digest(unit.msgid), digest(unit.msgstr),
                         digest(" ".join(unit.msgid.casefold().split())),
                         len(unit.msgstr.split()) >= 3,
                         ("inconsistent-target" in quiet) | 2 * ("inconsistent-source" in quiet),
                         unit.msgid[:QUOTED], unit.msgstr[:QUOTED]))
        for k, use in enumerate(row.terms):
            if use.status is Status.OK and use.target_form:
                # an abbreviation and the full name are one choice (ÜƏMT and Ümumdünya Əqli
                # Mülkiyyət Təşkilatı; a translator spells out EAEU at first mention):
                # abbreviations are compared with abbreviations, full names with full names
                worded.append(Worded(path, i, k, use.term.id, use.term.name, lang,
                                     is_abbreviation(use.target_form), use.target_form))
    return said, worded


def group(said: Iterable[Said], worded: Iterable[Worded]
          ) -> tuple[list[list[Said]], list[list[Said]], list[list[Worded]]]:
    """The groups that may disagree, in memory (records in the project's order): units with one
    source, units with one long translation, uses of one term."""
    by_source: dict[tuple, list[Said]] = defaultdict(list)
    by_target: dict[tuple, list[Said]] = defaultdict(list)
    for s in said:
        by_source[(s.lang, s.source)].append(s)
        if s.long:
            by_target[(s.lang, s.target)].append(s)
    by_term: dict[tuple, list[Worded]] = defaultdict(list)
    for w in worded:
        by_term[(w.term, w.lang, w.abbreviated)].append(w)
    return ([g for g in by_source.values() if len({s.target for s in g}) > 1],
            [g for g in by_target.values() if len({s.folded for s in g}) > 1],
            [g for g in by_term.values() if len({w.form for w in g}) > 1])


def findings(by_source: Iterable[list[Said]], by_target: Iterable[list[Said]],
             by_term: Iterable[list[Worded]], *, disabled: set[str], glossary: bool) -> Across:
    """The findings across catalogs, per unit; each group's records in the project's order."""
    found: Across = defaultdict(list)
    if glossary and "glossary-inconsistent" not in disabled:
        for uses in by_term:
            forms: dict[str, list[Worded]] = {}
            for w in uses:
                forms.setdefault(w.form, []).append(w)
            merged = one_choice(forms)
            if len(merged) < 2:
                continue
            counts = Counter({form: len(v) for form, v in merged.items()})
            majority, majority_count = counts.most_common(1)[0]
            for form, words in merged.items():
                if form == majority:
                    continue
                for w in words:
                    found[(w.path, w.row)].append((
                        "glossary-inconsistent",
                        f"'{w.name}' is '{form}' here but '{majority}' in {majority_count} "
                        "other unit(s) of the project: pick one", w.name))
    if "inconsistent-target" not in disabled:
        _other_variant(found, by_source, "inconsistent-target", 1, lambda s: s.target,
                       lambda s: s.target_quote,
                       "the same source is translated as '{}' elsewhere")
    if "inconsistent-source" not in disabled:
        _other_variant(found, by_target, "inconsistent-source", 2, lambda s: s.folded,
                       lambda s: s.source_quote,
                       "this translation also stands for a different source: '{}'")
    for key in found:
        found[key].sort()
    return dict(found)


def _other_variant(found: Across, groups: Iterable[list[Said]], code: str, quiet: int,
                   variant, quote, message: str) -> None:
    """Each unit of a group whose ``variant`` differs gets ``message`` quoting the first other
    variant (in the project's order); ``quiet``: the unit's bit that silences ``code``."""
    for units in groups:
        variants: dict[bytes, str] = {}
        for s in units:
            variants.setdefault(variant(s), quote(s))
        for s in units:
            if s.quiet & quiet:
                continue
            other = next(q for v, q in variants.items() if v != variant(s))
            found[(s.path, s.row)].append((code, message.format(other), None))
