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
    """Translate through an intermediate language (az→ru as az→en→ru) and say so."""

    def __init__(self, first: Engine, second: Engine) -> None:
        if first.to_code != second.from_code:
            raise ValueError("pivot engines must share the middle language")
        self.first = first
        self.second = second
        self.from_code = first.from_code
        self.to_code = second.to_code

    @property
    def provenance(self) -> str:
        return f"{self.first.provenance} + {self.second.provenance} (pivot via " \
               f"{self.first.to_code})"

    def translate_batch(self, sentences: Sequence[str], *,
                        num_hypotheses: int = 1) -> list[list[Hypothesis]]:
        middle = [h[0].text if h else "" for h in self.first.translate_batch(sentences)]
        results = self.second.translate_batch(middle, num_hypotheses=num_hypotheses)
        first_scores = [0.0] * len(sentences)
        return [[Hypothesis(h.text, h.score + s, h.truncated) for h in hyps]
                for hyps, s in zip(results, first_scores)]


EngineFactory = Callable[[str, str], Engine | None]

