"""Finding glossary terms in text (a trie over word keys) and checking a translation against them."""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .inflect import (
    RussianMethod,
    Token,
    fold,
    term_word_keys,
    token_keys,
    tokens,
)
from .terms import Glossary, Term

# ---------------------------------------------------------------------------------------------
# Matching


class FormKind(enum.Enum):
    ALLOWED = "allowed"
    FORBIDDEN = "forbidden"
    EXCLUDED = "excluded"


@dataclass(frozen=True)
class Match:
    term: Term
    kind: FormKind
    form: str
    start: int
    end: int

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)


@dataclass
class _Node:
    children: dict[str, _Node] = field(default_factory=dict)
    # (term, kind, form, case-sensitive surface words or None, matched only across a dash)
    ends: list[tuple[Term, FormKind, str, tuple[str, ...] | None, bool]] = field(default_factory=list)


class Matcher:
    """All forms of all terms of one language, compiled into one trie over word keys."""

    def __init__(self, glossary: Glossary, lang: str, *,
                 method: RussianMethod = RussianMethod.PYMORPHY) -> None:
        self.lang = lang
        self.method = method
        self.root = _Node()
        for term in glossary.terms:
            for kind, forms in ((FormKind.ALLOWED, term.forms.get(lang, ())),
                                (FormKind.FORBIDDEN, term.forbidden.get(lang, ())),
                                (FormKind.EXCLUDED, term.exclude)):
                for form in forms:
                    self._add(term, kind, form)

    def _add(self, term: Term, kind: FormKind, form: str) -> None:
        words = [t.text for t in tokens(form)]
        if not words:
            return
        self._add_words(term, kind, form, words)
        if any("-" in w.strip("-") for w in words):
            # a hyphenated compound may be written with a dash: государство-член = "государств
            # — членов" (the EAEU's official spelling), "государств–членов"; only with a dash
            # ("know how" is not know-how)
            self._add_words(term, kind, form, [p for w in words for p in w.split("-") if p],
                            dashed=True)

    def _add_words(self, term: Term, kind: FormKind, form: str, words: list[str], *,
                   dashed: bool = False) -> None:
        folded = [fold(w, self.lang) for w in words]
        keys = [term_word_keys(w, self.lang, last=i == len(words) - 1,
                               multiword=len(words) > 1, method=self.method)
                for i, w in enumerate(folded)]
        surface = tuple(words) if term.case_sensitive else None
        # A word may be found under any of its keys: branch the trie on each.
        nodes = [self.root]
        for word_keys in keys:
            nodes = [node.children.setdefault(key, _Node()) for node in nodes
                     for key in sorted(word_keys)]
        for node in nodes:
            node.ends.append((term, kind, form, surface, dashed))

    def find(self, text: str) -> list[Match]:
        """Every occurrence of every form, nested ones included, in text order."""
        toks = tokens(text)
        keys = [token_keys(fold(t.text, self.lang), self.lang, self.method) for t in toks]
        found: dict[tuple, Match] = {}
        for i in range(len(toks)):
            frontier = [(self.root, i)]
            while frontier:
                node, j = frontier.pop()
                if j >= len(toks) or (j > i and not adjacent(text, toks[j - 1], toks[j])):
                    continue
                for key in keys[j]:
                    child = node.children.get(key)
                    if child is None:
                        continue
                    for term, kind, form, surface, dashed in child.ends:
                        if surface is not None and not _same_surface(
                                surface, toks[i:j + 1], self.lang):
                            continue
                        if dashed and not all(
                                set(text[a.end:b.start]) & set("-—–")
                                for a, b in zip(toks[i:j], toks[i + 1:j + 1])):
                            continue
                        match = Match(term, kind, form, toks[i].start, toks[j].end)
                        found.setdefault((term.id, kind, match.start, match.end), match)
                    if child.children:
                        frontier.append((child, j + 1))
        excluded = [m for m in found.values() if m.kind is FormKind.EXCLUDED]
        kept = [m for m in found.values() if m.kind is not FormKind.EXCLUDED and not any(
            x.term.id == m.term.id and x.start <= m.start and m.end <= x.end for x in excluded)]
        return sorted(kept, key=lambda m: (m.start, -m.end, m.term.id))


def adjacent(text: str, left: Token, right: Token) -> bool:
    """Words of one term are separated by whitespace only, a hyphen or a dash ("state-of-the-art",
    "государств — членов", the EAEU's official spelling of государств-членов), or the dot of an
    initial ("U.N. General Assembly")."""
    gap = text[left.end:right.start].strip()
    return gap in ("", "-", "—", "–") or (gap == "." and len(left.text) == 1
                                         and left.text.isupper())


def _same_surface(words: tuple[str, ...], toks: Sequence[Token], lang: str) -> bool:
    """A case-sensitive term: acronyms keep their exact letters (an Azerbaijani suffix may follow
    after a hyphen, an English possessive after an apostrophe); names keep their capital."""
    for word, tok in zip(words, toks):
        if word.isupper():
            if re.split(r"[-'’]", tok.text, maxsplit=1)[0] != word:
                return False
        elif tok.text[:1] != word[:1]:
            return False
    return True


# ---------------------------------------------------------------------------------------------
# Checking one translation against the glossary


class Status(enum.Enum):
    OK = "ok"
    MISSING = "missing"
    FORBIDDEN = "forbidden"
    UNSURE = "unsure"  # missing, but the source word may be used in its everyday sense
    DERIVED = "derived"  # no approved form, but its words are there, derived or apart


@dataclass(frozen=True)
class TermUse:
    """A term found in a source sentence, and what the translation does with it."""

    term: Term
    status: Status
    source_span: tuple[int, int]
    target_spans: tuple[tuple[int, int], ...] = ()
    target_form: str | None = None       # the allowed form used (its dictionary form)
    forbidden_form: str | None = None
    in_source: bool = True               # False: a forbidden variant the source did not call for


def source_terms(matches: Iterable[Match]) -> list[Match]:
    """Allowed-form occurrences in a source, without those nested in a longer term occurrence
    of a *different* term that already covers them (checked through the longer one)."""
    allowed = [m for m in matches if m.kind is FormKind.ALLOWED]
    best: dict[str, Match] = {}
    for m in allowed:
        # One occurrence per term and span: the longest form wins.
        key = f"{m.term.id}:{m.start}"
        if key not in best or m.end > best[key].end:
            best[key] = m
    return sorted(best.values(), key=lambda m: (m.start, -m.end))


def check_pair(source: str, target: str, source_matcher: Matcher,
               target_matcher: Matcher) -> list[TermUse]:
    """For every term in the source: is an allowed form of it in the target?

    - An allowed form that only occurs inside a forbidden form of the same term does not count
      ("Парижская конвенция" inside "Парижская конвенция по защите ...").
    - A term nested in a longer term's occurrence (``intellectual property`` inside ``World
      Intellectual Property Organization``) is satisfied when the longer term is (the official
      name may use other words); otherwise it is checked on its own.
    - A term whose source form is also an everyday word in the source language is UNSURE, not
      MISSING, when no translation of it is found.
    """
    found = source_terms(source_matcher.find(source))
    lang = source_matcher.lang
    target_matches = target_matcher.find(target)
    forbidden_by_term: dict[str, list[Match]] = {}
    for m in target_matches:
        if m.kind is FormKind.FORBIDDEN:
            forbidden_by_term.setdefault(m.term.id, []).append(m)
    allowed_by_term: dict[str, list[Match]] = {}
    for m in target_matches:
        if m.kind is not FormKind.ALLOWED:
            continue
        if any(f.start <= m.start and m.end <= f.end and f.span != m.span
               for f in forbidden_by_term.get(m.term.id, ())):
            continue
        allowed_by_term.setdefault(m.term.id, []).append(m)

    first: dict[str, Match] = {}
    for m in found:
        first.setdefault(m.term.id, m)
    uses = []
    for m in first.values():
        hits = allowed_by_term.get(m.term.id)
        bad = forbidden_by_term.get(m.term.id)
        if hits:
            uses.append(TermUse(m.term, Status.OK, m.span, tuple(h.span for h in hits),
                                target_form=hits[0].form))
        elif bad:
            uses.append(TermUse(m.term, Status.FORBIDDEN, m.span, tuple(b.span for b in bad),
                                forbidden_form=bad[0].form))
        elif lang in m.term.ambiguous:
            uses.append(TermUse(m.term, Status.UNSURE, m.span))
        elif _derived(m.term.forms.get(target_matcher.lang, ()), target):
            uses.append(TermUse(m.term, Status.DERIVED, m.span))
        else:
            uses.append(TermUse(m.term, Status.MISSING, m.span))
    by_id = {u.term.id: u for u in uses}
    uses = [_resolve_nested(u, uses, by_id) for u in uses]
    # A forbidden phrase is wrong wherever it stands ("торговая марка"), unless those words are
    # another term's approved form ("ЕАПО" is the Organization's name, forbidden only for the
    # Office). A single forbidden word is only wrong for the term: "brend" is fine for "brand".
    reported = {u.term.id for u in uses if u.status is Status.FORBIDDEN}
    approved = [m for ms in allowed_by_term.values() for m in ms]
    for term_id, bad in forbidden_by_term.items():
        if term_id in reported:
            continue
        real = [b for b in bad if len(tokens(b.form)) > 1 and not any(
            a.term.id != term_id and a.start <= b.start and b.end <= a.end for a in approved)]
        if real:
            uses.append(TermUse(real[0].term, Status.FORBIDDEN, (0, 0),
                                tuple(b.span for b in real), forbidden_form=real[0].form,
                                in_source=False))
    return uses


def _derived(forms: Sequence[str], target: str) -> bool:
    """Is an approved form there in another shape: every word of it, as a stem, inside a word
    of the translation (registration = registered; регистрация = зарегистрированное;
    контрафакт = контрафактных; əqli mülkiyyət obyekti = əqli mülkiyyət hüquqlarının
    obyektləri)? Not the approved wording, but a person should decide, not the check."""
    def single(text: str) -> str:     # Assambleya = Asambleya: doubled letters vary
        return re.sub(r"(\w)\1+", r"\1", text.casefold())

    words = re.findall(r"\w+", single(target))
    for form in forms:
        stems = [w[:max(6, len(w) - 6)] if len(w) > 6 else w
                 for w in re.findall(r"\w+", single(form))]
        if stems and all(any(stem in word for word in words) for stem in stems) and \
                max(map(len, stems)) >= 5:
            return True
    return False


def _resolve_nested(use: TermUse, uses: list[TermUse], by_id: dict[str, TermUse]
                    ) -> TermUse:
    if use.status is Status.OK:
        return use
    a, b = use.source_span
    for other in uses:
        c, d = other.source_span
        if other is use or not (c <= a and b <= d) or (c, d) == (a, b):
            continue
        if other.status is Status.OK:
            return TermUse(use.term, Status.OK, use.source_span)
    return use


