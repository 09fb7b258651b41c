"""Stage: catalogs → counts of units and words by state."""

from __future__ import annotations

from dataclasses import dataclass

from .model import Catalog, UnitState, words


@dataclass(frozen=True)
class Counts:
    units: dict[str, int]
    words: dict[str, int]

    @property
    def total_units(self) -> int:
        return sum(self.units.values())

    @property
    def total_words(self) -> int:
        return sum(self.words.values())

    @property
    def percent_translated(self) -> float:
        total = self.total_words
        return 100.0 * self.words[UnitState.TRANSLATED.value] / total if total else 100.0


def count(catalog: Catalog) -> Counts:
    units = {state.value: 0 for state in UnitState}
    word_counts = {state.value: 0 for state in UnitState}
    for unit in catalog.active:
        state = unit.state.value
        units[state] += 1
        word_counts[state] += words(unit.msgid)
    return Counts(units, word_counts)
