"""What every prose check is built on: the pair it reads, its record, and per-unit silencing."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property

from ..inline import plain
from ..model import Unit
from ..segment import segment


@dataclass(frozen=True)
class Pair:
    """A unit's source and translation as prose checks read them: without inline codes
    (``coded_*`` keep them, for the markup check)."""

    source: str
    target: str
    src: str
    tgt: str
    coded_source: str = ""
    coded_target: str = ""

    @classmethod
    def of(cls, msgid: str, msgstr: str, src: str, tgt: str) -> Pair:
        return cls(plain(msgid), plain(msgstr), src, tgt, msgid, msgstr)

    @cached_property
    def source_sentences(self) -> int:
        return len(segment(self.source, self.src))

    @cached_property
    def target_sentences(self) -> int:
        return len(segment(self.target, self.tgt))


@dataclass(frozen=True)
class ProseCheck:
    code: str
    title: str
    severity: str
    description: str
    run: Callable[[Pair], Iterable[str | tuple[str, str]]]


Run = Callable[[Pair], Iterable[str | tuple[str, str]]]


def registrar(table: dict[str, ProseCheck]) -> Callable[[str, str, str, str],
                                                        Callable[[Run], Run]]:
    """A decorator that records a check function in ``table`` under its code."""
    def check(code: str, title: str, severity: str, description: str) -> Callable[[Run], Run]:
        def register(fn: Run) -> Run:
            table[code] = ProseCheck(code, title, severity, description, fn)
            return fn
        return register
    return check


# ---------------------------------------------------------------------------------------------
# Silencing one check on one unit

SILENCE_FLAG = "l10n-ignore-"
_SILENCE_COMMENT = re.compile(r"^\s*l10n-ignore\s*:\s*(.+)$")


def silenced(unit: Unit) -> set[str]:
    """Checks this unit silences: a flag ``#, l10n-ignore-numbers`` or a translator comment
    ``# l10n-ignore: numbers, quotes`` (``all`` silences every check)."""
    codes = {f[len(SILENCE_FLAG):] for f in unit.flags if f.startswith(SILENCE_FLAG)}
    for comment in unit.translator_comments:
        found = _SILENCE_COMMENT.match(comment)
        if found:
            codes |= {c.strip() for c in re.split(r"[,\s]+", found.group(1)) if c.strip()}
    return codes


