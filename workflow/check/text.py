"""Prose checks on the text itself: punctuation, quotes, brackets, whitespace, language, script, length, markup."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from functools import cache

from .. import inline
from .base import Pair, ProseCheck, registrar
from .names import everyday_english, skeleton

CHECKS: dict[str, ProseCheck] = {}
check = registrar(CHECKS)


# ---------------------------------------------------------------------------------------------
# Quotes, brackets, punctuation, whitespace

QUOTES = {
    # What publishers in each language use: Russian «...» with „...“ inside (GOST, state media);
    # Azerbaijani presses use «...» and “...” (AZƏRTAC writes “...”); English “...” or "...".
    "ru": ("«»", "„“"),
    "az": ("«»", "“”"),
    "en": ("“”", '""', "‘’"),
}
_ALL_QUOTES = "«»„“”\"‘’‚"


@check("quotes", "Quotation marks of the language", "info",
       "The translation uses the quotation marks its language uses: « » in Russian (with „ “ "
       "inside), « » or “ ” in Azerbaijani, “ ” or \" \" in English. A house style, so a note: "
       "whether quotes are opened and closed is the brackets check's business.")
def check_quotes(pair: Pair) -> Iterator[str]:
    allowed = QUOTES.get(pair.tgt)
    if not allowed:
        return
    ok = set("".join(allowed)) | {"'", "’"}  # apostrophes are not quotes
    wrong = sorted({c for c in pair.target if c in _ALL_QUOTES and c not in ok})
    if wrong:
        yield (f"quotation mark(s) {' '.join(wrong)} are not used in {pair.tgt}; use "
               f"{' or '.join(a[0] + '…' + a[1] for a in allowed[:2])}")


_BRACKETS = {"(": ")", "[": "]", "{": "}"}
_DOUBLE_QUOTES = "«»„“”\""


def _balanced(text: str) -> tuple[str, str] | None:
    """(what is wrong, 'bracket' or 'quote'), or None. Brackets must nest; quotation marks are
    judged as a whole, across house styles («…», „…“, “…”, ”…”, "…"): an odd number of them, or
    more « than », means one is missing."""
    stack: list[str] = []
    closers = {v: k for k, v in _BRACKETS.items()}
    for ch in text:
        if ch in _BRACKETS:
            stack.append(ch)
        elif ch in closers:
            if not stack or stack[-1] != closers[ch]:
                return f"'{ch}' closes nothing", "bracket"
            stack.pop()
    if stack:
        return f"'{stack[-1]}' is never closed", "bracket"
    if text.count("«") != text.count("»"):
        return "« and » do not pair up", "quote"
    if sum(text.count(c) for c in _DOUBLE_QUOTES) % 2:
        return "an odd number of quotation marks", "quote"
    return None


def _single_quotes_closed(text: str) -> bool:
    """A quotation in single quotes ('The investigation ...) opens and closes in the same unit?
    If it began in the previous unit (... surprised me,' he said) or goes on in the next one,
    the translation's «... or ...» may rightly stay open too. An s' closes a quotation opened
    inside the sentence ('playing politics' over Brexit), but not one that opens the unit,
    which is more likely a plural possessive ('We know it won't change students' behaviour)."""
    opening = re.findall(r"(?<![\w'’‘])['‘](?=\w)", text)
    closing = len(re.findall(r"(?<=[\w.,!?])(?<!s)['’](?![\w'’])", text))
    possessive = len(re.findall(r"(?<=s)['’](?![\w'’])", text))
    if len(opening) > closing and not re.match(r"\W*['‘]", text):
        closing += min(possessive, len(opening) - closing)
    return len(opening) == closing


@check("brackets", "Brackets and quotes balanced", "error",
       "Every bracket the translation opens it also closes (an error, when the source's "
       "brackets pair up), and its quotation marks pair up, in any house style (a warning, when "
       "the source's do: a quotation may open in one unit and close in the next).")
def check_brackets(pair: Pair) -> Iterator[tuple[str, str]]:
    source = _balanced(pair.source)
    target = _balanced(pair.target)
    if target is None:
        return
    if target[1] == "bracket" and (source is None or source[1] == "quote"):
        yield f"unbalanced: {target[0]}", "error"
    elif target[1] == "quote" and source is None and _single_quotes_closed(pair.source):
        yield f"unbalanced: {target[0]}", "warning"


# The marks a text ends with, read through closing quotes, brackets and a trailing dash:
# «... расист?». ends with both ? and .
_END = re.compile(r"[.!?…:;\"'”’»“)\]\s—–-]*$")
_TONE = {".", "!"}       # an exclamation made a statement, or back: a matter of style


@check("end-punctuation", "End punctuation", "warning",
       "The translation ends as the source does: a full stop, question or exclamation mark, "
       "colon or no punctuation.")
def check_end_punctuation(pair: Pair) -> Iterator[tuple[str, str]]:
    def marks(text: str) -> list[str]:
        tail = _END.search(text)
        found = [("." if c == "…" else c) for c in tail.group(0) if c in ".!?…:;"] if tail else []
        return list(dict.fromkeys(found))

    def last(found: list[str]) -> str:
        return found[-1] if found else ""

    ends, target_ends = marks(pair.source), marks(pair.target)
    a, b = last(ends), last(target_ends)
    # a quoted question may end inside the translation when the verb of saying moves after
    # it (... 'Did you do it?' = “Bunu etdinmi?” dedim.)
    quoted = a in ("?", "!") and re.search(rf"\{a}[\"'”’»]", pair.target) is not None and \
        re.search(rf"\{a}\s*[\"'”’»]", pair.source) is not None
    if a != b and not (a and a in target_ends) and not (b and b in ends) and not quoted:
        message = (f"the source ends with '{a or 'no punctuation'}', the translation with "
                   f"'{b or 'no punctuation'}'")
        # a full stop added to a headline, ':' for '.', or '!' for '.' is style; a lost end or
        # a question turned into a statement is worth a look
        closed = pair.target.rstrip()[-1:] in "»”\"’" and not b and a == "."
        minor = (not a and b == ".") or {a, b} <= {".", ":", ";"} or {a, b} <= _TONE or closed
        yield message, "info" if minor else "warning"


@check("sentence-count", "Sentence count", "warning",
       "The translation has as many sentences as the source (a unit is one sentence). A "
       "sentence split, or two merged, is a note; two or more sentences fewer are worth a look.")
def check_sentence_count(pair: Pair) -> Iterator[tuple[str, str]]:
    a, b = pair.source_sentences, pair.target_sentences
    if a != b:
        # a sentence split in two or more, or two merged, is a translator's choice: a note;
        # several sentences fewer may be a sentence left out
        yield (f"{a} sentence(s) in the source, {b} in the translation",
               "info" if b > a or a - b == 1 else "warning")


@check("whitespace", "Double spaces and stray whitespace", "warning",
       "No double spaces, no space before , . ; : ! ?, no whitespace at either end unless the "
       "source has it.")
def check_whitespace(pair: Pair) -> Iterator[str | tuple[str, str]]:
    if "  " in pair.target.strip() and "  " not in pair.source.strip():
        yield "double space", "info"
    if pair.target != pair.target.strip() and pair.source == pair.source.strip():
        yield "whitespace at the start or end"
    if re.search(r"\s[,.;:!?](?!\d)", pair.target) and not re.search(r"\s[,.;:!?](?!\d)",
                                                                       pair.source):
        yield "space before punctuation"
    if "\t" in pair.target and "\t" not in pair.source:
        yield "tab character"


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


@check("control-chars", "No control characters", "error",
       "The translation has no control character the source does not have (PO escapes such as "
       "\\a, \\v, \\f or \\b): they are invisible in an editor, and no HTML, XLIFF or TMX "
       "file can carry them.")
def check_control_chars(pair: Pair) -> Iterator[str]:
    found = sorted(set(_CONTROL.findall(pair.target)) - set(_CONTROL.findall(pair.source)))
    if found:
        yield ("control character(s) " + ", ".join(f"U+{ord(c):04X}" for c in found)
               + ": remove them")


@check("line-breaks", "Line structure of the source kept", "error",
       "The translation has as many line breaks as the source. A newline typed into a one-line "
       "sentence (Enter in an editor) would split a heading or a paragraph of the published "
       "article.")
def check_line_breaks(pair: Pair) -> Iterator[str]:
    source, target = pair.source.count("\n"), pair.target.count("\n")
    if source != target:
        yield (f"{target} line break(s) in the translation, {source} in the source: join the "
               "lines" if target > source else f"{source} line break(s) in the source, "
               f"{target} in the translation")


@check("repeated-words", "Repeated words", "warning",
       "A word written twice in a row (\"the the\", \"и и\") that the source does not repeat.")
def check_repeated_words(pair: Pair) -> Iterator[str | tuple[str, str]]:
    source = [m.group(1) for m in _REPEATED.finditer(pair.source)]
    for match in _REPEATED.finditer(pair.target):
        word = match.group(1)
        if word.isdigit():
            continue
        # the source repeats it too (the Roa Roa Hotel = отель Роа Роа), kept or transliterated
        if any(word.lower() == w.lower() or skeleton(word) == skeleton(w) for w in source):
            continue
        if word.lower() in _REDUPLICATED.get(pair.tgt, ()):
            # a word the language doubles on purpose (yavaş yavaş, чуть чуть, had had)
            yield f"'{word} {word}' (a doubling the language allows)", "info"
        else:
            yield f"'{word} {word}'"


_REPEATED = re.compile(r"\b(\w+)\s+\1\b", re.IGNORECASE)
# Words the language repeats for emphasis or distribution, or that grammar may put twice.
_REDUPLICATED = {
    "az": {"qarşı", "arxa", "arxaya", "yavaş", "tez", "ayrı", "bir", "ara", "gün", "dəstə",
           "addım", "yan", "yana", "üz", "üzə", "baş", "başa", "çox", "az", "iri", "xırda", "təzə",
           "dönə", "sıra", "qapı", "ev", "kənd", "hərdən", "tək", "cüt", "yüz", "min"},
    "ru": {"чуть", "еле", "очень", "много", "давным", "точь", "так", "да", "нет", "ну", "ещё",
           "еще", "снова", "шаг", "всё", "все", "тук", "ха"},
    "en": {"had", "that", "is", "very", "so", "no", "yes", "bye", "ha", "knock", "long", "far",
           "again", "more", "over"},
}


@check("capitalization", "Capital letter at the start", "info",
       "The translation starts with a capital where the source does.")
def check_capitalization(pair: Pair) -> Iterator[str]:
    def first(text: str) -> str:
        return text.lstrip(" \t\"'«»“”„‘’([—–-")[:1]

    if first(pair.source).isupper() and first(pair.target).islower():
        yield "the source starts with a capital letter, the translation does not"


# ---------------------------------------------------------------------------------------------
# Untranslated, wrong language, letters

@check("untranslated", "Not translated", "warning",
       "The translation is the source again (names, numbers and addresses alone are fine). "
       "A source that is not in the source language (a French quotation in an English "
       "article) may rightly stay as it is: a note.")
def check_untranslated(pair: Pair) -> Iterator[str | tuple[str, str]]:
    words = re.findall(r"[^\W\d_]{3,}", pair.source)
    if pair.source.strip() == pair.target.strip() and len(words) >= 3:
        yield "the translation is identical to the source", ("info" if _foreign(pair.source,
                                                                            pair.src) else "warning")


def _foreign(text: str, lang: str) -> bool:
    """An English source most of whose words are not English (Il faut bien le faire.)."""
    if lang != "en":
        return False
    words = re.findall(r"[^\W\d_]+", text)
    english = sum(1 for w in words if everyday_english(w) or w.lower() in _STOPWORDS["en"])
    return english * 2 < len(words)


_AZ_LETTERS = set("əğışçöüƏĞİŞÇÖÜ")
_STOPWORDS = {
    "en": {"the", "of", "and", "to", "in", "is", "was", "for", "with", "that", "on", "by", "a",
           "an", "it", "he", "she", "we", "you", "they", "i", "at", "as", "be", "are", "not"},
    "az": {"və", "bu", "ilə", "üçün", "da", "də", "olan", "edib", "bir", "ki", "isə", "üzrə"},
    "ru": {"и", "в", "на", "с", "по", "что", "не", "для", "от", "из", "о", "как"},
}


def language_guess(text: str) -> str | None:
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 12:
        return None
    cyrillic = sum(1 for c in letters if "CYRILLIC" in unicodedata.name(c, ""))
    if cyrillic > len(letters) * 0.6:
        return "ru"
    if cyrillic > len(letters) * 0.2:
        return None
    words = re.findall(r"\w+", text.lower())
    az = sum(1 for c in letters if c in _AZ_LETTERS) / len(letters)
    az_words = sum(1 for w in words if w in _STOPWORDS["az"])
    en_words = sum(1 for w in words if w in _STOPWORDS["en"])
    if az > 0.02 or az_words > en_words:
        return "az"
    if en_words > az_words:
        return "en"
    return None


@check("wrong-language", "Translation in the wrong language or script", "error",
       "The translation is written in its catalog's language: Cyrillic for Russian; Latin with "
       "ə, ğ, ı, ş for Azerbaijani; English words for English.")
def check_wrong_language(pair: Pair) -> Iterator[str]:
    guess = language_guess(pair.target)
    if guess is not None and guess != pair.tgt and not (pair.source.strip() ==
                                                        pair.target.strip()):
        yield f"the translation looks {guess}, not {pair.tgt}"


_WORD = re.compile(r"[^\W\d_]+")


@check("mixed-script", "Latin and Cyrillic letters in one word", "error",
       "A word mixes Latin and Cyrillic letters that look alike (a Latin 'o' in 'Агентствo'): "
       "searches and spell checks miss it.")
def check_mixed_script(pair: Pair) -> Iterator[str]:
    if not {"CYRILLIC", "LATIN"} <= {_script(c) for c in set(pair.target)}:
        return              # one script only (most translations): no word can mix them
    for match in _WORD.finditer(pair.target):
        word = match.group(0)
        if {"CYRILLIC", "LATIN"} <= {_script(c) for c in word}:
            latin = "".join(c for c in word if _script(c) == "LATIN")
            yield f"'{word}' mixes Cyrillic and Latin letters (Latin: {latin})"


@cache
def _script(ch: str) -> str:
    name = unicodedata.name(ch, "")
    return "CYRILLIC" if "CYRILLIC" in name else "LATIN" if "LATIN" in name else "OTHER"


_LOOKALIKES = {"ä": "ə", "Ä": "Ə", "\u01dd": "ə", "\u018e": "Ə", "i\u0307": "i"}


@check("az-letters", "Azerbaijani letters, not look-alikes", "error",
       "Azerbaijani text uses ə/Ə (not ä, ǝ or Ǝ) and dotted İ/i and dotless I/ı correctly "
       "(not 'i̇' with a combining dot, as a wrong lower-casing of İ produces).")
def check_az_letters(pair: Pair) -> Iterator[str]:
    if pair.tgt != "az":
        return
    for bad, good in _LOOKALIKES.items():
        if bad in pair.target:
            shown = bad if bad != "i\u0307" else "i + combining dot"
            yield f"'{shown}' is not an Azerbaijani letter here: write '{good}'"
    for word in re.findall(r"\b[^\W\d_]+\b", pair.target):
        if "I" in word[1:] and word != word.upper() and "ı" not in word:
            yield f"'{word}' has a capital I inside: Azerbaijani lower-case is ı, dotted i is İ"


@check("length-ratio", "Length far from the source's", "info",
       "The translation is less than a third or more than three times as long as the source "
       "(sources of 20 characters or more): something may be missing or added.")
def check_length_ratio(pair: Pair) -> Iterator[str]:
    a, b = len(pair.source.strip()), len(pair.target.strip())
    if a >= 20 and b and not (a / 3 <= b <= a * 3):
        yield f"{b} characters for a source of {a} (ratio {b / a:.2f})"


@check("markup", "Inline codes and markup kept, none added", "error",
       "Every inline code of the source (<a1>…</a1>, <br2/>: the links, emphasis and line "
       "breaks of HTML and Markdown sources) is in the translation once, paired and nested as "
       "codes must be; the translation adds none and sets no attribute but a safe href, src, "
       "hreflang or lang. Markup typed as text (**bold**, [links](url), <b>tags</b>) is "
       "compared the same way.")
def check_markup(pair: Pair) -> Iterator[str]:
    yield from inline.problems(pair.coded_source or pair.source,
                               pair.coded_target or pair.target)
    def marks(text: str) -> Counter[str]:
        found: Counter[str] = Counter()
        # link and image targets; tags (bounded by the next "<" or "]": linear on any input)
        found.update(m.group(1) for m in re.finditer(r"\]\(([^()\[\]\s]+)\)", text))
        found.update(m.group(0) for m in re.finditer(r"</?[a-zA-Z][^<>]*>", text))
        found["**"] = text.count("**")
        found["`"] = text.count("`")
        return +found

    source, target = marks(inline.plain(pair.source)), marks(inline.plain(pair.target))
    for mark in sorted((source - target).elements()):
        yield f"'{mark}' of the source is missing in the translation"
    # Added markup is as wrong as lost markup, and worse when it is a remote image or a link
    # the source does not have: a translator must not publish what the source does not say.
    for mark in sorted((target - source).elements()):
        yield f"'{mark}' is not in the source: markup a translation adds is published"
