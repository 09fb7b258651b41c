"""Stage: catalog × translation memory × engine × glossary → catalog with drafts.

Only empty units get drafts; a unit with any translation (human, fuzzy or reviewed) is never
touched, so a second run changes nothing. Every draft is fuzzy and says where it came from in a
translator comment, which Poedit, Lokalize, Weblate and msgmerge all keep:

    # mt: argos translate-en_az 1.5
    # tm: 87% from kazakhstan-anti-counterfeiting-forum-2021
    # mt-note: glossary terms not used: trademark
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace

from ..engines.base import Engine, Hypothesis
from ..engines.tokenizers import artifacts
from ..glossary import FormKind, Glossary, Matcher, source_terms
from ..inline import plain
from ..model import Catalog, Unit
from ..protect import Protected, kept, protected_values, transfer_codes, verify_and_repair
from .memory import TranslationMemory

DEFAULT_FUZZY_THRESHOLD = 75.0
# Hypotheses asked of the engine, to choose the one that uses the glossary.
NUM_HYPOTHESES = 4


@dataclass(frozen=True)
class Draft:
    msgstr: str
    origin: str                      # tm-exact | tm-fuzzy | mt
    comments: tuple[str, ...]


def tm_draft(tm: TranslationMemory, src: str, tgt: str, text: str, *,
             threshold: float = DEFAULT_FUZZY_THRESHOLD) -> Draft | None:
    match = tm.exact(src, tgt, text)
    if match is not None:
        return Draft(match.entry.target, "tm-exact", (f"tm: 100% from {match.entry.origin}",))
    match = tm.fuzzy(src, tgt, text, threshold=threshold)
    if match is not None:
        return Draft(match.entry.target, "tm-fuzzy",
                     (f"tm: {match.score:.0f}% from {match.entry.origin}",))
    return None


@dataclass
class GlossaryGuide:
    """Picks, among MT hypotheses, the one that uses the most glossary terms."""

    glossary: Glossary
    src: str
    tgt: str

    def __post_init__(self) -> None:
        self.source_matcher = Matcher(self.glossary, self.src)
        self.target_matcher = Matcher(self.glossary, self.tgt)
        self.dnt_forms = [form for term in self.glossary.terms if term.dnt
                          for form in term.forms.get(self.src, ())]

    def expected_terms(self, source: str) -> dict[str, str]:
        """Glossary terms in a source sentence: id -> the English name."""
        return {m.term.id: m.term.name for m in source_terms(self.source_matcher.find(source))}

    def used_terms(self, translation: str) -> set[str]:
        return {m.term.id for m in self.target_matcher.find(translation)
                if m.kind is FormKind.ALLOWED}


def choose(source: str, hypotheses: Sequence[Hypothesis], *, guide: GlossaryGuide | None,
           protected: Sequence[Protected]) -> tuple[str, list[str]]:
    """The best hypothesis for the glossary and the protected values, repaired, with notes."""
    if not hypotheses:
        return "", ["mt-note: the engine returned nothing"]
    expected = guide.expected_terms(source) if guide else {}
    used: dict[str, set[str]] = {}

    def terms_in(text: str) -> set[str]:
        if text not in used:
            used[text] = guide.used_terms(text) if guide and expected else set()
        return used[text]

    def rank(h: Hypothesis) -> tuple[bool, int, int, float]:
        # A hypothesis with broken bytes (U+FFFD from a partial UTF-8 sequence) never wins.
        return ("\ufffd" not in h.text and not h.unknowns, len(set(expected) & terms_in(h.text)),
                kept(h.text, protected), h.score)

    best = max(hypotheses, key=rank) if len(hypotheses) > 1 else hypotheses[0]
    notes = []
    repair = verify_and_repair(best.text, protected)
    if expected and guide:
        missing = [name for term_id, name in expected.items()
                   if term_id not in terms_in(repair.text)]
        if missing:
            notes.append(f"mt-note: glossary terms not used: {', '.join(missing)}")
    if repair.repaired:
        notes.append(f"mt-note: put back as in the source: {', '.join(repair.repaired)}")
    if repair.missing:
        notes.append(f"mt-note: not in the translation, check: {', '.join(repair.missing)}")
    if best.truncated:
        notes.append("mt-note: the engine stopped at its length limit: the end may be missing")
    if best.unknowns:
        notes.append(f"mt-note: {best.unknowns} word(s) the engine could not spell were left "
                     "out: compare with the source")
    leftovers = artifacts(repair.text)
    if leftovers:
        notes.append(f"mt-note: tokenizer leftovers in the draft: {' '.join(leftovers)}")
    return repair.text, notes


def mt_drafts(sources: Sequence[str], hypotheses: Sequence[Sequence[Hypothesis]], *,
              provenance: str, guide: GlossaryGuide | None) -> list[Draft]:
    drafts = []
    dnt = guide.dnt_forms if guide else []
    for source, hyps in zip(sources, hypotheses):
        text, notes = choose(plain(source), hyps, guide=guide,
                             protected=protected_values(plain(source), dnt))
        text, placed = transfer_codes(source, text)
        drafts.append(Draft(text, "mt", (f"mt: {provenance}", *notes, *placed)))
    return drafts


def needs_draft(unit: Unit) -> bool:
    return not unit.obsolete and not any(unit.translations) and unit.msgid_plural is None


def apply_drafts(catalog: Catalog, drafts: dict[str, Draft]) -> Catalog:
    """Fill empty units from ``drafts`` (keyed by msgid); every other unit stays as it is."""
    units = []
    for unit in catalog.units:
        draft = drafts.get(unit.msgid)
        if draft is not None and needs_draft(unit) and draft.msgstr:
            unit = replace(unit, msgstr=draft.msgstr,
                           translator_comments=unit.translator_comments + draft.comments,
                           ).with_flag("fuzzy")
        units.append(unit)
    return replace(catalog, units=tuple(units))


def translate_all(engine: Engine, sentences: Sequence[str], *, guide: GlossaryGuide | None,
                  chunk: int = 64, progress: Callable[[int], None] | None = None,
                  in_flight: int = 4,
                  on_chunk: Callable[[list[str], list[Draft]], None] | None = None
                  ) -> list[Draft]:
    """Drafts for all sentences of one language pair, in order.

    Engines with an asynchronous ``submit`` (ours) get up to ``in_flight`` chunks at once, so
    every translator replica stays busy; the others are run one chunk ahead in a worker thread.
    Either way this thread chooses and repairs hypotheses while the engine works, and memory
    holds at most ``in_flight`` chunks, however many sentences there are. With ``on_chunk``, each
    chunk's drafts are handed over as they arrive (in order) instead of being returned.
    """
    chunks = [list(sentences[i:i + chunk]) for i in range(0, len(sentences), chunk)]
    drafts: list[Draft] = []
    if not chunks:
        return drafts
    submit = getattr(engine, "submit", None)
    pool = None
    if submit is None:
        pool = ThreadPoolExecutor(max_workers=1)

        def submit(batch, *, num_hypotheses):
            return pool.submit(engine.translate_batch, batch, num_hypotheses=num_hypotheses)
    try:
        window: deque = deque()
        upcoming = iter(chunks)
        for batch in upcoming:
            # the engine reads plain text; mt_drafts puts the inline codes back
            window.append((batch, submit([plain(s) for s in batch],
                                         num_hypotheses=NUM_HYPOTHESES)))
            if len(window) >= in_flight:
                break
        while window:
            batch, pending = window.popleft()
            hypotheses = pending.result()
            following = next(upcoming, None)
            if following is not None:
                window.append((following, submit([plain(s) for s in following],
                                                 num_hypotheses=NUM_HYPOTHESES)))
            made = mt_drafts(batch, hypotheses, provenance=engine.provenance, guide=guide)
            if on_chunk is not None:
                on_chunk(batch, made)
            else:
                drafts += made
            if progress:
                progress(len(batch))
    finally:
        if pool is not None:
            pool.shutdown()
    return drafts
