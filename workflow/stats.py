"""Stage: catalogs → counts of units and words by state."""

from __future__ import annotations

from dataclasses import dataclass

from .errors import WorkflowError
from .model import Catalog, UnitState, words
from .project import Project


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
        """Share of the words whose translation is done: translated or reviewed (an approved
        unit is the most done there is)."""
        total = self.total_words
        done = self.words[UnitState.TRANSLATED.value] + self.words[UnitState.REVIEWED.value]
        return 100.0 * done / total if total else 100.0

    @property
    def percent_reviewed(self) -> float:
        total = self.total_words
        return 100.0 * self.words[UnitState.REVIEWED.value] / total if total else 100.0


def count(catalog: Catalog) -> Counts:
    units = {state.value: 0 for state in UnitState}
    word_counts = {state.value: 0 for state in UnitState}
    for unit in catalog.active:
        state = unit.state.value
        units[state] += 1
        word_counts[state] += words(unit.msgid)
    return Counts(units, word_counts)


# ---------------------------------------------------------------------------------------------
# The project-wide job: one row per article and target language

@dataclass(frozen=True)
class CatalogStats:
    doc: str
    source_lang: str
    lang: str
    path: str
    counts: Counts | None  # None: the catalog does not exist yet, or cannot be read
    error: str | None = None   # why the catalog cannot be read (the other rows still count)

def project_stats(project: Project, docs: list[str] | None = None) -> list[CatalogStats]:
    rows = []
    for article in project.articles(docs):
        source_lang = article.lang or project.read_article(article).document.lang
        for lang in project.targets(source_lang):
            path = project.po_path(article.doc, lang)
            try:
                catalog: Catalog | None = project.read_catalog(path) if path.exists() else None
            except WorkflowError as exc:
                rows.append(CatalogStats(article.doc, source_lang, lang, project.rel(path),
                                         None, str(exc)))
                continue
            rows.append(CatalogStats(article.doc, source_lang, lang, project.rel(path),
                                     count(catalog) if catalog is not None else None))
    return rows
