"""One abstract method, and composable wrappers (after Argos Translate's ITranslation)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Hypothesis:
    text: str
    score: float  # log-probability per token: higher is better
    truncated: bool = False  # decoding stopped at the length bound, not at the end
    unknowns: int = 0  # <unk> pieces the engine could not turn into text (left out)


class Engine(Protocol):
    """Translates sentences from one language to another."""

    from_code: str
    to_code: str

    @property
    def provenance(self) -> str:
        """How a draft names its origin: ``argos translate-en_az 1.5``."""
        ...

    def translate_batch(self, sentences: Sequence[str], *,
                        num_hypotheses: int = 1) -> list[list[Hypothesis]]:
        """Hypotheses for every sentence, best first, in input order."""
        ...


class PivotEngine:
    """Translate through an intermediate language (az→ru as az→en→ru) and say so.

    The first leg's ``middle`` best hypotheses each go through the second leg; every final
    hypothesis is scored over both legs (the sum of the two log-probabilities per token), so a
    slightly worse English reading that translates much better can win.
    """

    def __init__(self, first: Engine, second: Engine, *, middle: int = 2) -> None:
        if first.to_code != second.from_code:
            raise ValueError("pivot engines must share the middle language")
        self.first = first
        self.second = second
        self.middle = max(1, middle)
        self.from_code = first.from_code
        self.to_code = second.to_code

    @property
    def provenance(self) -> str:
        return f"{self.first.provenance} + {self.second.provenance} (pivot via " \
               f"{self.first.to_code})"

    def translate_batch(self, sentences: Sequence[str], *,
                        num_hypotheses: int = 1) -> list[list[Hypothesis]]:
        firsts = self.first.translate_batch(sentences, num_hypotheses=self.middle)
        middles = sorted({h.text for hyps in firsts for h in hyps})
        seconds = dict(zip(middles, self.second.translate_batch(
            middles, num_hypotheses=num_hypotheses))) if middles else {}
        out = []
        for hyps in firsts:
            best: dict[str, Hypothesis] = {}
            for one in hyps:
                for two in seconds.get(one.text, ()):
                    combined = Hypothesis(two.text, one.score + two.score,
                                          one.truncated or two.truncated,
                                          one.unknowns + two.unknowns)
                    if two.text not in best or combined.score > best[two.text].score:
                        best[two.text] = combined
            ranked = sorted(best.values(), key=lambda h: -h.score)
            out.append(ranked[:num_hypotheses])
        return out


EngineFactory = Callable[[str, str], Engine | None]

