"""Glossary terms in en/az/ru: the data a glossary.csv row becomes."""

from __future__ import annotations

from dataclasses import dataclass, field

LANGS = ("en", "az", "ru")

# ---------------------------------------------------------------------------------------------
# Terms


@dataclass(frozen=True)
class Term:
    """One concept with its forms per language (preferred first)."""

    id: str
    forms: dict[str, tuple[str, ...]]
    forbidden: dict[str, tuple[str, ...]] = field(default_factory=dict)
    pos: str = ""
    case_sensitive: bool = False
    dnt: bool = False
    unverified: frozenset[str] = frozenset()
    # Languages where a form is also an everyday word ("work", "priority"): a miss is a note.
    ambiguous: frozenset[str] = frozenset()
    # Phrases that contain a form but are not the term ("IP address"), in any language.
    exclude: tuple[str, ...] = ()
    note: str = ""
    ref: str = ""
    line: int = field(default=0, compare=False)

    @property
    def name(self) -> str:
        """How reports name the term: its preferred English form."""
        return self.forms.get("en", (self.id,))[0]

    def preferred(self, lang: str) -> str:
        return self.forms.get(lang, ("",))[0]


@dataclass(frozen=True)
class Glossary:
    terms: tuple[Term, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {t.id: t for t in self.terms})

    def get(self, term_id: str) -> Term | None:
        return self._by_id.get(term_id)  # type: ignore[attr-defined]

    def __len__(self) -> int:
        return len(self.terms)


