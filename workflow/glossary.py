"""The IP glossary: terms in en/az/ru and matching them in text across inflection.

Matching works on words. A text is cut into word tokens; each token expands to the base forms it
may be an inflection of (its *keys*):

- English: the word, and the word without a plural or possessive ending (``trademarks`` →
  ``trademark``, ``WIPO's`` → ``wipo``, ``patents'`` → ``patent``);
- Azerbaijani: the word with every chain of inflectional suffixes stripped (plural, possessive,
  case, copula: ``nişanlarının`` → ``nişanları`` → ``nişanlar`` → ``nişan``), with the k→y and
  q→ğ alternations undone (``ilkinliyi`` → ``ilkinlik``) and suffixes after an acronym's hyphen
  or apostrophe (``ÜƏMT-nin`` → ``ÜƏMT``), under Turkic casing (İ→i, I→ı);
- Russian: the word's lemmas (pymorphy3) or its Snowball stem (measured in the README).

Derivational suffixes are never stripped, so ``patentləşdirmə``, ``патентный`` or ``patently``
do not match ``patent``. Each language's terms are compiled once into a trie over word keys: one
pass over the tokens finds every occurrence of every term, nested ones included.
"""

from __future__ import annotations

import enum
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

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


# ---------------------------------------------------------------------------------------------
# Casing and tokens

_TOKEN = re.compile(r"\w+(?:[-'’]\w+)*")


def fold(text: str, lang: str) -> str:
    """Case-fold as the language does: Azerbaijani has dotted and dotless i."""
    if lang == "az":
        text = text.replace("İ", "i").replace("I", "ı")
    text = text.lower()
    if lang == "ru":
        text = text.replace("ё", "е")
    return text


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    text: str


def tokens(text: str) -> list[Token]:
    return [Token(m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(text)]


# ---------------------------------------------------------------------------------------------
# Keys: the base forms a token may be an inflection of

_EN_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")


def _english_keys(word: str) -> set[str]:
    base = _EN_POSSESSIVE.sub("", word)
    keys = {word, base}
    if len(base) > 3:
        if base.endswith("ies"):
            keys.add(base[:-3] + "y")
        if base.endswith("es"):
            keys.add(base[:-2])
        if base.endswith("s") and not base.endswith("ss"):
            keys.add(base[:-1])
    return keys


# Azerbaijani inflectional suffixes (already case-folded), longest first within each group.
# Derivational suffixes (-çı, -lıq, -laşdır-, -lı, ...) are deliberately absent.
_AZ_SUFFIXES = sorted({
    # plural
    "lar", "lər",
    # possessive
    "ımız", "imiz", "umuz", "ümüz", "mız", "miz", "muz", "müz",
    "ınız", "iniz", "unuz", "ünüz", "nız", "niz", "nuz", "nüz",
    "ım", "im", "um", "üm", "m", "ın", "in", "un", "ün", "n",
    "ı", "i", "u", "ü", "sı", "si", "su", "sü",
    # case
    "nın", "nin", "nun", "nün", "ya", "yə", "na", "nə", "a", "ə",
    "nı", "ni", "nu", "nü", "yı", "yi", "yu", "yü",
    "da", "də", "nda", "ndə", "dan", "dən", "ndan", "ndən",
    "la", "lə", "yla", "ylə",
    # relative, equative, copula
    "dakı", "dəki", "ndakı", "ndəki", "kı", "ki", "ca", "cə", "dır", "dir", "dur", "dür",
    "tır", "tir", "tur", "tür",
}, key=lambda s: (-len(s), s))
_AZ_MAX_SUFFIXES = 4
_AZ_VOWELS = set("aıoueəiöü")


def _azerbaijani_keys(word: str) -> set[str]:
    keys = {word}
    parts = re.split(r"[-'’]", word, maxsplit=1)
    if len(parts) == 2 and parts[1] in _az_chains():
        keys.add(parts[0])  # ÜƏMT-nin, Aİİ-yə
    frontier = {word}
    for _ in range(_AZ_MAX_SUFFIXES):
        next_frontier = set()
        for stem in frontier:
            for suffix in _AZ_SUFFIXES:
                if stem.endswith(suffix) and len(stem) - len(suffix) >= 2:
                    base = stem[: -len(suffix)]
                    next_frontier.add(base)
                    # Undo the consonant alternation before a vowel-initial suffix.
                    if suffix[0] in _AZ_VOWELS or suffix[0] == "y":
                        if base.endswith("y"):
                            next_frontier.add(base[:-1] + "k")
                        elif base.endswith("ğ"):
                            next_frontier.add(base[:-1] + "q")
        keys |= next_frontier
        frontier = next_frontier
    return keys


@lru_cache(maxsize=1)
def _az_chains() -> frozenset[str]:
    """Every suffix chain of up to three suffixes (for the part after an acronym's hyphen)."""
    chains = set(_AZ_SUFFIXES)
    for _ in range(2):
        chains |= {a + b for a in chains for b in _AZ_SUFFIXES if len(a + b) <= 9}
    return frozenset(chains)


class RussianMethod(enum.Enum):
    PYMORPHY = "pymorphy3"
    SNOWBALL = "snowball"


@lru_cache(maxsize=1)
def _morph():
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang="ru")


@lru_cache(maxsize=1)
def _snowball():
    import snowballstemmer

    return snowballstemmer.stemmer("russian")


def _russian_keys(word: str, method: RussianMethod) -> set[str]:
    keys = {word}
    if method is RussianMethod.SNOWBALL:
        keys.add(_snowball().stemWord(word))
        return keys
    for parse in _morph().parse(word):
        keys.add(parse.normal_form.replace("ё", "е"))
    return keys


@lru_cache(maxsize=200_000)
def token_keys(word: str, lang: str, method: RussianMethod = RussianMethod.PYMORPHY
               ) -> frozenset[str]:
    """The keys (possible base forms) of one case-folded word."""
    if lang == "az":
        return frozenset(_azerbaijani_keys(word))
    if lang == "ru":
        if "-" in word:  # государств-членов: each part inflects
            parts = word.split("-")
            return frozenset({word} | {"-".join(p) for p in _product(
                [sorted(_russian_keys(x, method)) for x in parts])})
        return frozenset(_russian_keys(word, method))
    return frozenset(_english_keys(word))


def _product(options: list[list[str]]) -> Iterator[tuple[str, ...]]:
    if not options:
        yield ()
        return
    for first in options[0][:4]:
        for rest in _product(options[1:]):
            yield (first, *rest)


def term_word_keys(word: str, lang: str, *, last: bool, multiword: bool,
                   method: RussianMethod) -> frozenset[str]:
    """The key a term's own word must be found under (one of them suffices)."""
    if lang == "ru":
        # A term word is in dictionary form; its lemma is what text tokens lemmatize to.
        keys = _russian_keys(word, method) if method is RussianMethod.SNOWBALL else {
            p.normal_form.replace("ё", "е") for p in _morph().parse(word)[:1]} | {word}
        return frozenset(keys)
    if lang == "az" and last and multiword:
        # The head of an izafet carries the possessive: "əmtəə nişanı" inflects on "nişan".
        for suffix in ("sı", "si", "su", "sü", "ı", "i", "u", "ü"):
            if word.endswith(suffix) and len(word) - len(suffix) >= 2:
                return frozenset({word, word[: -len(suffix)]})
    return frozenset({word})


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
    # (term, kind, form, case-sensitive surface words or None)
    ends: list[tuple[Term, FormKind, str, tuple[str, ...] | None]] = field(default_factory=list)


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
            node.ends.append((term, kind, form, surface))

    def find(self, text: str) -> list[Match]:
        """Every occurrence of every form, nested ones included, in text order."""
        toks = tokens(text)
        keys = [token_keys(fold(t.text, self.lang), self.lang, self.method) for t in toks]
        found: dict[tuple, Match] = {}
        for i in range(len(toks)):
            frontier = [(self.root, i)]
            while frontier:
                node, j = frontier.pop()
                if j >= len(toks) or (j > i and not _adjacent(text, toks[j - 1], toks[j])):
                    continue
                for key in keys[j]:
                    child = node.children.get(key)
                    if child is None:
                        continue
                    for term, kind, form, surface in child.ends:
                        if surface is not None and not _same_surface(
                                surface, toks[i:j + 1], self.lang):
                            continue
                        match = Match(term, kind, form, toks[i].start, toks[j].end)
                        found.setdefault((term.id, kind, match.start, match.end), match)
                    if child.children:
                        frontier.append((child, j + 1))
        excluded = [m for m in found.values() if m.kind is FormKind.EXCLUDED]
        kept = [m for m in found.values() if m.kind is not FormKind.EXCLUDED and not any(
            x.term.id == m.term.id and x.start <= m.start and m.end <= x.end for x in excluded)]
        return sorted(kept, key=lambda m: (m.start, -m.end, m.term.id))


def _adjacent(text: str, left: Token, right: Token) -> bool:
    """Words of one term are separated by whitespace only (or a hyphen: "state-of-the-art")."""
    gap = text[left.end:right.start]
    return gap.strip() in ("", "-")


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


# ---------------------------------------------------------------------------------------------
# Candidates: frequent multiword terms the glossary lacks

_STOPWORDS = {
    "en": set("""a an the of and or in on at to for by with from as is are was were be been this that
        these those it its his her their our we he she they which who whom whose not no also such
        other more most than then there here has have had will would can could should may might
        must do does did said says about into over after before under between during including
        within without all any each both some many one two three new first expressed noted
        stressed said called urged presented informed reported agreed took held""".split()),
    "ru": set("""и в во не на с со к по о об от до из за для при а но же ли что как это этот эта эти
        его ее её их он она они мы вы я также так же был была были будет быть который которая
        которые года году год г т д др""".split()),
    "az": set("""və ilə üçün da də bu o bir ki üzrə olan olub edib isə həm də ən daha çox il ildə
        ili tərəfindən arasında sonra əvvəl""".split()),
}


_LINKS = {"of", "and", "и", "və"}


@dataclass(frozen=True)
class Candidate:
    lang: str
    key: tuple[str, ...]
    count: int
    example: str
    documents: int


def _canonical(word: str, lang: str) -> str:
    folded = fold(word, lang)
    if lang == "ru":
        return _morph().parse(folded)[0].normal_form.replace("ё", "е")
    if lang == "en":
        keys = _english_keys(folded)
        return min(keys, key=len)
    keys = [k for k in _azerbaijani_keys(folded) if len(k) >= 4] or [folded]
    return min(keys, key=len)


def term_candidates(texts: Iterable[tuple[str, str, str]], glossary: Glossary, *,
                    min_count: int = 2, top: int = 30) -> list[Candidate]:
    """Frequent 2-4 word phrases (inflections grouped) that no glossary term covers.

    ``texts`` are (document, lang, sentence) triples.
    """
    counts: Counter[tuple[str, tuple[str, ...]]] = Counter()
    docs: dict[tuple[str, tuple[str, ...]], set[str]] = defaultdict(set)
    examples: dict[tuple[str, tuple[str, ...]], str] = {}
    matchers: dict[str, Matcher] = {}
    for doc, lang, sentence in texts:
        matcher = matchers.setdefault(lang, Matcher(glossary, lang))
        covered = [m.span for m in matcher.find(sentence) if m.kind is FormKind.ALLOWED]
        toks = tokens(sentence)
        stop = _STOPWORDS.get(lang, set())
        for n in (2, 3, 4):
            for i in range(len(toks) - n + 1):
                window = toks[i:i + n]
                if any(not _adjacent(sentence, a, b) for a, b in zip(window, window[1:])):
                    continue
                words = [fold(t.text, lang) for t in window]
                # Terms are noun phrases: function words only as "of"/"and" inside.
                if words[0] in stop or words[-1] in stop or any(
                        w.isdigit() or len(w) < 2 or (w in stop and w not in _LINKS)
                        for w in words):
                    continue
                start, end = window[0].start, window[-1].end
                if any(a <= start and end <= b for a, b in covered):
                    continue
                key = (lang, tuple(_canonical(t.text, lang) for t in window))
                counts[key] += 1
                docs[key].add(doc)
                examples.setdefault(key, sentence[start:end])
    ranked = [Candidate(lang, key, count, examples[(lang, key)], len(docs[(lang, key)]))
              for (lang, key), count in counts.items() if count >= min_count]
    # Drop a phrase that only ever occurs inside a longer candidate.
    longer = {c.key: c.count for c in ranked}
    kept = [c for c in ranked if not any(
        len(other) > len(c.key) and longer[other] == c.count and _contains(other, c.key)
        for other in longer)]
    kept.sort(key=lambda c: (-c.count, -len(c.key), c.lang, c.key))
    return kept[:top]


def _contains(longer: tuple[str, ...], shorter: tuple[str, ...]) -> bool:
    n = len(shorter)
    return any(longer[i:i + n] == shorter for i in range(len(longer) - n + 1))
