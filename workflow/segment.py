"""Stage: text → sentences, with exact offsets into the text.

A rule engine, one compiled pattern per language. A candidate boundary is a run of sentence-final
punctuation (``.``, ``!``, ``?``, ``…``) with any closing quotes or brackets after it, followed by
whitespace. Whether a candidate is a boundary depends on the word before it (an abbreviation? an
initial? a list number at the start of a paragraph?) and on what follows (a lowercase letter means
the sentence goes on). Blank lines always end a sentence.

Segments are half-open spans ``[start, end)``; everything between two segments is whitespace, so
joining the segments with the original whitespace gives the text back byte for byte.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from .model import Segment

# Abbreviations that are never the end of a sentence: titles and words that always have something
# after them ("Dr. Tang", "ст. 1226", "Art. 5"). Without the final period. An entry with a capital
# letter matches only with that capital ("Art." is Article, "art." is a noun); an all-lowercase
# entry matches in any case.
_NEVER_FINAL = {
    "en": """mr mrs ms dr prof st mt gen col lt sgt capt cmdr adm gov sen rep hon rev messrs
        No Nos Art Arts Sec Secs Para Paras p pp Ch Chap Fig Figs Vol Vols ed eds op cit ibid
        e.g i.e cf vs v approx ca dept est mon tue wed thu fri sat sun reg det insp supt cpl
        pvt amb atty""",
    "ru": """г-н г-жа гр тов проф акад доц чл.-корр канд докт д-р дж им ул пр просп пер пл д
        корп кв стр ст ч п пп абз гл разд подп ср см рис табл прил т тт вып изд ред сост тел
        пгт пос дер обл респ р-н св свт оз пер mr mrs dr prof""",
    "az": """prof dos akad ak b.e.d h.ü.f.d f.e.d səh bənd mad mən küç pr tel dr mr mrs""",
}
# Abbreviations that may end a sentence: a capital after them starts a new one ("... и т.д. Далее").
_MAY_END = {
    "en": ["etc", "inc", "ltd", "co", "corp", "plc", "llc", "bros", "u.s", "u.k", "u.n", "e.u",
           "a.m", "p.m", "et al", "jr", "sr", "ph.d", "m.a", "b.a", "m.sc", "b.sc", "ll.m",
           "ll.b", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
           "dec"],
    "ru": ["т.д", "т.п", "т.е", "т.к", "т.н", "и др", "и пр", "вв", "н.э", "млн", "млрд",
           "тыс", "руб", "коп", "р", "янв", "фев", "февр", "мар", "апр", "авг", "сент", "окт",
           "нояб", "дек"],
    "az": ["və s", "və b", "və ş.k", "mln", "mlrd", "min", "man", "e.ə", "yan", "fev", "mar",
           "apr", "iyn", "iyl", "avq", "sen", "okt", "noy", "dek"],
}
# Russian "г." / "гг." is "year(s)" after a number (and may end a sentence) but "city" before a
# name ("в г. Москве"), where it never does.
_YEAR_ABBREVIATIONS = {"ru": ("г", "гг"), "az": (), "en": ()}
# Words that start sentences: after an initial-like "I." or "A." or a dotted abbreviation, one of
# these means a new sentence ("you and I. Did you ...", "in the U.K. The hearing ...").
_STARTERS = {
    "en": """The A An This That These Those He She It We They I You His Her Its Our Their There
        Here What How Why When Where Who Which Did Do Does Is Are Was Were Will Would Can Could
        Should In On At By For From With After Before But And Or So Yet However Meanwhile Then
        Also As If Although While Two Three Four Five Six Seven Eight Nine Ten Last Next Each
        Many Most Some Such""",
    "ru": """Он Она Оно Они Мы Вы Я Это Этот Эта Эти Тот Та Те Там Здесь Но И А Однако Также
        Затем После Как Когда Где Что Кто Почему При По На В Во С Со К Для Из От До Его Ее Её
        Их Стороны Ответчик Истец Суд""",
    "az": """O Onlar Biz Siz Mən Bu Belə Lakin Amma Həmçinin Sonra Bundan Ancaq Və Əgər Çünki
        Ona Onun Onların Bununla Eyni Hər Tərəflər""",
}
# After a dotted abbreviation like "U.S.", these capitalised words continue the sentence
# ("the U.S. Patent and Trademark Office").
CONTINUES_AFTER_ACRONYM = {
    "Patent", "Patents", "Trademark", "Trademarks", "Copyright", "Court", "Courts", "Supreme",
    "District", "Circuit", "Department", "Congress", "Senate", "Government", "Office", "Federal",
    "State", "States", "Attorney", "International", "Trade", "Treasury", "Secretary", "President",
    "Embassy", "Dollar", "Dollars", "Navy", "Army", "Customs", "Code", "Constitution",
    "Intellectual", "Representative", "Ambassador", "Commerce", "Commission", "Parliament",
    "National", "Institutes", "Agency", "Food", "Securities", "Chamber", "Security", "Council",
    "General", "Human", "Charter", "Mission", "Special", "Envoy",
    # time zones after "a.m." / "p.m."
    "Eastern", "Pacific", "Central", "Mountain", "EST", "EDT", "PST", "PDT", "CST", "CDT",
    "GMT", "UTC", "ET", "PT", "CT", "MT", "Moscow", "Baku", "Astana", "Local",
}
_INITIAL_LETTERS = "A-ZА-ЯЁƏİŞÇÖÜĞIÂ"

# Closing quotes and brackets that belong to the sentence they close.
_CLOSERS = "\"'”’»)]}"
_OPENERS = "\"'“‘«„([{"
_ALNUM = re.compile(r"[^\W_]")     # a letter or a digit, as str.isalnum()
# A candidate starts at the first mark of a run (the lookbehind): a long run of "!?" with no
# space after it is then scanned once, not once per mark.
_CANDIDATE = re.compile(
    rf"(?<![.!?…])(?P<end>(?:\.(?:[ \u00a0]\.){{2,}}|[.!?…]+)[{re.escape(_CLOSERS)}]*)(?P<space>\s+)")
# ". . ." (three spaced dots) marks an omission inside a sentence; ". . . ." ends one (MLA).
_SPACED_ELLIPSIS = re.compile(r"\.(?:[ \u00a0]\.)+")
# A citation or aside in brackets that closes the sentence: '"..." (Smith 55).'
_TRAILING_PARENTHETICAL = re.compile(r"\([^()\n]{1,60}\)[.!?…]")
# Inline enumerations: "1.) a 2.) b", "1) a 2) b", "1. a 2. b", "a. a b. b", "• 9. a • 10. b".
_BULLETS = "•⁃▪◦‣·"
_ENUMERATOR = re.compile(rf"(?P<bullet>[{_BULLETS}][ \t]*)?(?P<mark>\d{{1,3}}|[a-zа-я])"
                         r"(?P<style>\.\)|\)|\.)(?=[ \t]+\S)")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
_LIST_NUMBER = re.compile(r"(?:^|\n)[ \t]*(?:\d{1,3}|[a-zA-Zа-яА-Я])\.$")
_WORD_BEFORE = re.compile(r"([\w.\-]+)$")


@dataclass(frozen=True)
class Rules:
    """One language's segmentation rules."""

    lang: str
    never_final: frozenset[str]
    never_final_exact: frozenset[str]
    may_end: frozenset[str]
    starters: frozenset[str]
    year_abbreviations: tuple[str, ...]
    # Multi-word abbreviations ("və s", "и др"), matched against the text before the period.
    phrases_never: tuple[str, ...]
    phrases_may_end: tuple[str, ...]


@cache
def _rules_for(lang: str, extra: tuple[str, ...] = ()) -> Rules:
    base = lang.split("_")[0].split("-")[0]
    never = [w.strip() for w in _NEVER_FINAL.get(base, _NEVER_FINAL["en"]).split()]
    never += [a.strip().rstrip(".") for a in extra]
    may_end = _MAY_END.get(base, _MAY_END["en"])
    single = [w for w in never if " " not in w]
    return Rules(
        lang=base,
        never_final=frozenset(w for w in single if w == w.lower()),
        never_final_exact=frozenset(w for w in single if w != w.lower()),
        may_end=frozenset(w for w in may_end if " " not in w),
        starters=frozenset(_STARTERS.get(base, _STARTERS["en"]).split()),
        year_abbreviations=_YEAR_ABBREVIATIONS.get(base, ()),
        phrases_never=tuple(w.lower() for w in never if " " in w),
        phrases_may_end=tuple(w for w in may_end if " " in w),
    )


def rules(lang: str, *, abbreviations: Iterable[str] = ()) -> Rules:
    """The rules for a language, plus a project's own abbreviations (never sentence-final)."""
    return _rules_for(lang, tuple(sorted(abbreviations)))


_HEADING_NUMBER = re.compile(r"(?:\d{1,3}\.)*(?:\d{1,3}|[a-zA-Zа-яА-Я])|[IVXLC]{1,6}")
_NEXT_WORD = re.compile(r"[\w'’-]+")


def _is_boundary(text: str, start: int, end: int, after: int, rules_: Rules,
                 block_start: int) -> bool:
    """Decide the candidate ``text[start:end]`` (punctuation + closers), followed by whitespace
    up to ``after``; ``block_start`` is where the current sentence starts."""
    mark = text[start:end].rstrip(_CLOSERS)
    following = text[after:after + 1]
    if not following:
        return True
    # A blank line always ends the sentence.
    if "\n" in text[end:after] and _PARAGRAPH_BREAK.search(text[end - 1:after + 1]):
        return True
    if following in "—–-" and text[start:end] != mark:
        # “...?” – deyə soruşub / «...?» — задался вопросом: the attribution continues the
        # sentence when it goes on in lowercase after the dash.
        rest = text[after + 1:after + 3].lstrip()
        if rest[:1].islower():
            return False
    if following in "—–-" and _inside_guillemets(text, block_start, start):
        # Dialogue inside one quotation: «К чему ты готовишься? – спросила мама. – Завтра ...».
        return False
    if following in "»”’)]}":
        return False                    # a closing quote after a space still closes this one
    if following in _OPENERS and text[after + 1:after + 2].islower():
        return False                    # '... 18 проц. (при сохранении': it goes on
    lowercase_next = following.islower()
    if "!" in mark or "?" in mark:
        return not lowercase_next
    if _SPACED_ELLIPSIS.fullmatch(mark):
        # ". . ." is an omission within the sentence; ". . . ." (or more) ends it.
        return mark.count(".") >= 4 and _starts_sentence(following)
    if text[start - 1:start] == "[":
        return False                    # "[...]": an omission in a quotation, never an end
    if following == "(" and _TRAILING_PARENTHETICAL.match(text, after):
        return False                    # '"..." (Smith 55).': the citation ends the sentence
    if mark in ("...", "…") or mark.endswith("..") or mark.endswith("…"):
        return not lowercase_next and following not in ",;:"
    # A single period.
    if lowercase_next or following in ",;:":
        return False
    before = text[block_start:start]
    if before.endswith(("N°", "Nº", "n°", "nº", "№")):
        return False                    # "N°. 1026": the number sign's own period
    word_match = _WORD_BEFORE.search(before)
    word = word_match.group(1) if word_match else ""
    if not word:
        return True
    lower = word.lower().lstrip("-")
    next_word_match = _NEXT_WORD.match(text, after)
    next_word = next_word_match.group(0) if next_word_match else ""
    next_is_initial = bool(re.match(rf"[{_INITIAL_LETTERS}]\.", text[after:after + 2]))
    # A heading or list number at the start of a paragraph or line: "1. Introduction", "2.1. Scope".
    head = before[:len(before) - len(word)]
    if (not head.strip(" \t§" + _BULLETS) or head.rstrip(" \t").endswith("\n")) and \
            _HEADING_NUMBER.fullmatch(word):
        return False
    # A short abbreviation before a number: "p. 5", "m. 10, b. 3", "ст. 1484" (but a plain word
    # before a number ends its sentence: "сказала она. 45-летняя ...", "He left. 20 people").
    if following.isdigit() and word.isalpha() and word.islower() and (
            len(word) <= 2 or lower in rules_.never_final or lower in rules_.may_end
            or word.capitalize() in rules_.never_final_exact):
        return False
    # A unit written with a slash ("19 км/ч.", "5 m/s."): its period may end the sentence.
    if before[-len(word) - 1:-len(word)] == "/" and len(word) <= 3 and word.isalpha():
        return _ends_here(text, block_start, start, following)
    # Multi-word abbreviations first: "və s." is not the never-final "s.".
    lowered = before.lower()
    if "." in before[-6:] and before[-1:].islower() and _spaced_may_end(rules_).search(lowered):
        return _ends_here(text, block_start, start, following)   # "и т. п. В общем"
    for phrase in rules_.phrases_never:
        if lowered.endswith(phrase) and _word_start(before, len(phrase)):
            return False
    for phrase in rules_.phrases_may_end:
        if lowered.endswith(phrase) and _word_start(before, len(phrase)):
            return _ends_here(text, block_start, start, following)
    if len(word) == 1 and word.isupper():
        # An initial ("D. Tang", "Н. Р. Ахмедова"), even where the lowercase letter is an
        # abbreviation ("р." for roubles): the capital decides.
        return next_word in rules_.starters and not next_is_initial
    if lower in rules_.year_abbreviations:
        previous = before[:len(before) - len(word)].rstrip()
        if previous[-1:].isdigit():
            return _ends_here(text, block_start, start, following)
        return False
    if "." in word and len(word) <= 7 and next_is_initial:
        return False                    # a dotted title before initials: "к.п.н. И. П. Карташов"
    if lower in rules_.may_end:
        if "." in lower and len(lower) <= 4 and next_word in CONTINUES_AFTER_ACRONYM:
            return False
        return _ends_here(text, block_start, start, following)
    # Initials: one capital letter ("D. Tang"), or a chain of them ("J. R. R.", "Ю.А.").
    if re.fullmatch(rf"(?:[{_INITIAL_LETTERS}]\.)*[{_INITIAL_LETTERS}]", word):
        return next_word in rules_.starters and not next_is_initial
    if word.rstrip(".") in rules_.never_final_exact or lower in rules_.never_final:
        return False
    return True


@cache
def _spaced_may_end(rules_: Rules) -> re.Pattern[str]:
    """Dotted abbreviations that may end a sentence, written with spaces: "т. п", "и т. д"."""
    dotted = sorted((w for w in rules_.may_end if "." in w), key=len, reverse=True)
    spaced = [r"\.\s".join(re.escape(part) for part in w.split(".")) for w in dotted]
    return re.compile(rf"(?:^|[^\w.])(?:{'|'.join(spaced) or '(?!)'})$")


def _inside_guillemets(text: str, sentence_start: int, position: int) -> bool:
    """Is ``position`` inside a «...» quotation opened in this sentence and closed later in the
    same paragraph?"""
    opened = text.count("«", sentence_start, position) - text.count("»", sentence_start, position)
    if opened <= 0:
        return False
    paragraph_end = text.find("\n\n", position)
    return "»" in text[position:paragraph_end if paragraph_end >= 0 else len(text)]


def _ends_here(text: str, sentence_start: int, start: int, following: str) -> bool:
    """After an abbreviation that may end a sentence: does it? Only before a capital, and only
    when the sentence so far is more than a short fragment ("В 2010-2012 гг. Виктор ...")."""
    return _starts_sentence(following) and len(text[sentence_start:start].split()) > 3


def _word_start(before: str, length: int) -> bool:
    prefix = before[:-length]
    return not prefix or not prefix[-1].isalnum()


def _starts_sentence(ch: str) -> bool:
    return ch.isupper() or ch in _OPENERS or ch in "—–-"


def segment(text: str, lang: str, *, abbreviations: Iterable[str] = ()) -> list[Segment]:
    """Split ``text`` into sentences with their offsets."""
    rules_ = rules(lang, abbreviations=abbreviations)
    segments: list[Segment] = []
    for block_start, block_end in _items(text, _blocks(text)):
        start = block_start
        word_at = -1        # the first letter or digit at or after `start` (found once per start)
        for match in _CANDIDATE.finditer(text, block_start, block_end):
            end = match.end("end")
            after = match.end("space")
            if after >= block_end:
                continue
            if word_at < start:
                found = _ALNUM.search(text, start, block_end)
                word_at = found.start() if found else block_end
            if word_at >= end:
                continue                # never a sentence of punctuation alone: ". ." goes on
            if _is_boundary(text, match.start("end"), end, after, rules_, start):
                segments.append(Segment(start, end, text[start:end]))
                start = after
        tail_end = block_end
        while tail_end > start and text[tail_end - 1].isspace():
            tail_end -= 1
        if tail_end > start:
            if segments and segments[-1].end >= block_start and not _has_word(text, start,
                                                                                tail_end):
                last = segments.pop()       # a trailing "»" or "." belongs to the sentence
                start = last.start
            segments.append(Segment(start, tail_end, text[start:tail_end]))
    return segments


def _has_word(text: str, start: int, end: int) -> bool:
    return any(ch.isalnum() for ch in text[start:end])


def _items(text: str, blocks: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Blocks cut before each item of an inline enumeration the block starts with.

    The block must open with an enumerator ("1.)", "1)", "1.", "a.", or a bullet) and the later
    ones must follow it in sequence and in the same style (2, 3, ... or b, c, ...; or the same
    bullet), each after whitespace: "1) the first 2) the second". Numbers inside a sentence ("in
    2 cases") never match, because the sequence must start the block."""
    out: list[tuple[int, int]] = []
    for start, end in blocks:
        first = _ENUMERATOR.match(text, start)
        if first is None:
            out.append((start, end))
            continue
        bullet = (first.group("bullet") or "").strip()
        style, mark = first.group("style"), first.group("mark")
        cuts = []
        expected = _next_mark(mark)
        for found in _ENUMERATOR.finditer(text, first.end(), end):
            if not text[found.start() - 1].isspace():
                continue
            same_bullet = (found.group("bullet") or "").strip() == bullet
            if bullet and same_bullet and found.group("style") == style:
                cuts.append(found.start())
                expected = _next_mark(found.group("mark"))
            elif not bullet and found.group("bullet") is None and found.group("style") == style \
                    and found.group("mark") == expected:
                cuts.append(found.start())
                expected = _next_mark(expected)
        previous = start
        for cut in cuts:
            piece_end = cut
            while piece_end > previous and text[piece_end - 1].isspace():
                piece_end -= 1
            out.append((previous, piece_end))
            previous = cut
        out.append((previous, end))
    return out


def _next_mark(mark: str) -> str:
    return str(int(mark) + 1) if mark.isdigit() else chr(ord(mark) + 1)


def _blocks(text: str) -> list[tuple[int, int]]:
    """Spans of the paragraphs of ``text`` (separated by blank lines), without outer whitespace."""
    spans: list[tuple[int, int]] = []
    position = 0
    for match in list(_PARAGRAPH_BREAK.finditer(text)) + [None]:
        stop = match.start() if match else len(text)
        chunk = text[position:stop]
        stripped_start = position + (len(chunk) - len(chunk.lstrip()))
        stripped_end = position + len(chunk.rstrip())
        if stripped_end > stripped_start:
            spans.append((stripped_start, stripped_end))
        if match:
            position = match.end()
    return spans


def sentences(text: str, lang: str, *, abbreviations: Iterable[str] = ()) -> list[str]:
    return [s.text for s in segment(text, lang, abbreviations=abbreviations)]


_FOLDED_SPACE = re.compile(r"[^\S\u00a0\u202f\u2007]+")


def normalize_space(text: str) -> str:
    """Fold whitespace runs to one space: how a sentence reads in a PO file. No-break spaces
    (``12\u00a0months``, ``ст.\u00a01484``) are the author's typography and stay."""
    if "\u00a0" not in text and "\u202f" not in text and "\u2007" not in text:
        return " ".join(text.split())
    return _FOLDED_SPACE.sub(" ", text).strip(" ")


# ---------------------------------------------------------------------------------------------
# Our rules as SRX 2.0, for OmegaT, Okapi and other tools.

LANGUAGE_RULE_NAMES = {"en": "English", "ru": "Russian", "az": "Azerbaijani"}


def alternation(words: Iterable[str]) -> str:
    return "|".join(regex_escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))


def regex_escape(text: str) -> str:
    return re.sub(r"([.\\^$|?*+()\[\]{}-])", r"\\\1", text).replace(" ", r"\s+")
