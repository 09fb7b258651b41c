"""SRX 2.0 segmentation rules: read (validated against the SRX 2.0 schema), apply, write.

SRX is how OmegaT, Okapi and Trados share segmentation rules: per language, an ordered list of
rules, each a pair of regular expressions around a possible break (``beforebreak`` must match the
text ending there, ``afterbreak`` the text starting there) and a verdict (``break="yes|no"``). At
each position the first rule that matches decides; where none matches there is no break.

SRX regexes are ICU/Java flavoured (``\\p{Lu}``, ``(?i)``), with unbounded look-behind in effect;
the ``regex`` package supports both, Python's ``re`` does not.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from typing import BinaryIO

import lxml.etree
import regex

from ..errors import WorkflowError
from ..model import Segment
from ..segment import CONTINUES_AFTER_ACRONYM, LANGUAGE_RULE_NAMES, alternation, regex_escape, rules
from . import xmlsafe

NS = "http://www.lisa.org/srx20"
_Q = f"{{{NS}}}"


@dataclass(frozen=True)
class SrxRule:
    breaks: bool
    before: str
    after: str

    @cached_property
    def pattern(self) -> regex.Pattern[str]:
        before = f"(?<={self.before})" if self.before else ""
        after = f"(?={self.after})" if self.after else ""
        return regex.compile(before + after, regex.V1 | regex.MULTILINE)


@dataclass(frozen=True)
class SrxRules:
    """A parsed SRX document."""

    language_rules: tuple[tuple[str, tuple[SrxRule, ...]], ...]
    language_maps: tuple[tuple[str, str], ...]  # (languagepattern, languagerulename)
    cascade: bool = True
    segment_subflows: bool = True

    def rules_for(self, lang: str) -> tuple[SrxRule, ...]:
        """The ordered rules SRX applies to a language (all matching maps when cascading)."""
        by_name = dict(self.language_rules)
        chosen: list[SrxRule] = []
        for pattern, name in self.language_maps:
            if regex.fullmatch(pattern, lang, regex.IGNORECASE) or \
                    regex.fullmatch(pattern, lang.upper()):
                chosen.extend(by_name.get(name, ()))
                if not self.cascade:
                    break
        return tuple(chosen)


def _schema() -> lxml.etree.XMLSchema:
    data = resources.files("workflow.schemas").joinpath("srx20.xsd").read_bytes()
    return lxml.etree.XMLSchema(lxml.etree.fromstring(data, xmlsafe.parser()))


def read_srx(f: BinaryIO) -> SrxRules:
    """Parse and validate an SRX 2.0 document; errors name the line."""
    tree = xmlsafe.parse(f)
    xmlsafe.validate(tree, _schema(), "SRX 2.0 document")
    root = tree.getroot()
    header = root.find(f"{_Q}header")
    language_rules = []
    for element in root.iter(f"{_Q}languagerule"):
        rules = []
        for rule in element.iter(f"{_Q}rule"):
            before = rule.findtext(f"{_Q}beforebreak") or ""
            after = rule.findtext(f"{_Q}afterbreak") or ""
            for expression in (before, after):
                try:
                    regex.compile(expression, regex.V1)
                except regex.error as exc:
                    raise WorkflowError(f"bad regular expression {expression!r}: {exc}",
                                        line=rule.sourceline,
                                        fix="SRX uses ICU regular expressions") from None
            rules.append(SrxRule(rule.get("break", "yes") == "yes", before, after))
        language_rules.append((element.get("languagerulename"), tuple(rules)))
    maps = tuple((m.get("languagepattern"), m.get("languagerulename"))
                 for m in root.iter(f"{_Q}languagemap"))
    return SrxRules(tuple(language_rules), maps,
                    cascade=header.get("cascade") == "yes",
                    segment_subflows=header.get("segmentsubflows") == "yes")


def write_srx(rules: SrxRules) -> bytes:
    root = lxml.etree.Element(f"{_Q}srx", nsmap={None: NS}, version="2.0")
    header = lxml.etree.SubElement(root, f"{_Q}header",
                                   segmentsubflows="yes" if rules.segment_subflows else "no",
                                   cascade="yes" if rules.cascade else "no")
    for kind, include in (("start", "no"), ("end", "yes"), ("isolated", "yes")):
        lxml.etree.SubElement(header, f"{_Q}formathandle", type=kind, include=include)
    body = lxml.etree.SubElement(root, f"{_Q}body")
    languagerules = lxml.etree.SubElement(body, f"{_Q}languagerules")
    for name, items in rules.language_rules:
        element = lxml.etree.SubElement(languagerules, f"{_Q}languagerule",
                                        languagerulename=name)
        for rule in items:
            node = lxml.etree.SubElement(element, f"{_Q}rule", {"break": "yes" if rule.breaks
                                                                 else "no"})
            if rule.before:
                lxml.etree.SubElement(node, f"{_Q}beforebreak").text = rule.before
            if rule.after:
                lxml.etree.SubElement(node, f"{_Q}afterbreak").text = rule.after
    maprules = lxml.etree.SubElement(body, f"{_Q}maprules")
    for pattern, name in rules.language_maps:
        lxml.etree.SubElement(maprules, f"{_Q}languagemap", languagepattern=pattern,
                              languagerulename=name)
    return lxml.etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")


def srx_segment(text: str, rules: tuple[SrxRule, ...]) -> list[Segment]:
    """Apply SRX rules: the first rule matching at a position decides. Blank lines always break.
    Segments are trimmed spans, like the native segmenter's."""
    decisions: dict[int, bool] = {}
    for rule in rules:
        for match in rule.pattern.finditer(text, overlapped=True):
            decisions.setdefault(match.start(), rule.breaks)
    cuts = sorted({p for p, b in decisions.items() if b and 0 < p < len(text)}
                  | {m.start() for m in _PARAGRAPH_BREAK.finditer(text)})
    segments: list[Segment] = []
    start = 0
    for cut in cuts + [len(text)]:
        piece = text[start:cut]
        lead = len(piece) - len(piece.lstrip())
        body = piece.strip()
        if body:
            s = start + lead
            segments.append(Segment(s, s + len(body), body))
        start = cut
    return segments


# ---------------------------------------------------------------------------------------------
# Our own rules, written as SRX


def native_rules_as_srx(langs: Iterable[str] = ("en", "ru", "az")) -> SrxRules:
    """Our per-language rules, written as SRX rules in the order they apply.

    SRX cannot express some of our rules: "a sentence of three words or fewer does not end at
    an abbreviation"; blank lines (every SRX tool treats them as paragraph breaks anyway);
    inline enumerations, which break *before* "2)" only when the paragraph opened with "1)"
    (SRX rules see no sequence); dialogue inside «...» (SRX cannot look for the closing
    guillemet); and "no sentence of punctuation alone". So a tool applying the export agrees
    with ``segment()`` on almost every case, not all: ``tests/test_segment_srx.py`` measures
    how often.
    """
    closers = r"[\"'”’»)\]}]*"
    end = rf"[.!?…]+{closers}\s+"
    language_rules = []
    for lang in langs:
        r = rules(lang)
        out: list[SrxRule] = [
            # an omission: "[...]", three spaced dots, "N°." before its number
            SrxRule(False, r"\[(?:\.\.\.|…)\]\S*\s+", ""),
            SrxRule(False, r"(?<!\.\s)\.\s\.\s\.\s+", ""),
            SrxRule(False, r"[Nn][°º]\.\s+", ""),
            # a closing quote after a space, an opener that goes on in lowercase, a citation
            SrxRule(False, end, r"[»”’)\]}]"),
            SrxRule(False, end, r"[(«\"“„]\p{Ll}"),
            SrxRule(False, end, r"\([^()]{1,60}\)[.!?…]"),
            SrxRule(False, r"[?!]+[\"'”’»)\]}]+\s+", r"[—–-]\s*\p{Ll}"),
            SrxRule(False, end, r"\p{Ll}|[,;:]"),
            SrxRule(False, r"^\s*§?(?:(?:\d{1,3}\.)*(?:\d{1,3}|\p{L})|[IVXLC]{1,6})\.\s+", ""),
            SrxRule(False, r"\.\s", r"\.(?:\s|$)"),     # inside a spaced ". . . ." run
            SrxRule(False, r"\b\p{Ll}{1,4}\.\s+", r"\d"),
        ]
        if r.phrases_never:
            out.append(SrxRule(False, rf"(?i:\b(?:{alternation(r.phrases_never)}))\.\s+", ""))
        spaced = [w for w in r.may_end if "." in w and w == w.lower() and not w.isascii()]
        if spaced:   # "и т. п. Всего": lowercase only, so that initials ("M. A.") never match
            words = "|".join(r"\.\s".join(regex_escape(p) for p in w.split("."))
                             for w in sorted(spaced, key=len, reverse=True))
            out.append(SrxRule(True, rf"(?<![\w.])(?:{words})\.\s+", r"\p{Lu}|[«“\"(—–-]"))
        if r.phrases_may_end:
            out.append(SrxRule(True, rf"(?i:\b(?:{alternation(r.phrases_may_end)}))\.\s+",
                               r"\p{Lu}|[«“\"(—–-]"))
        starters = alternation(r.starters)
        out.append(SrxRule(True, r"\b\p{Lu}\.\s+", rf"(?:{starters})\b(?!\.)"))
        out.append(SrxRule(False, r"\b\p{Lu}\.\s+", ""))
        if r.year_abbreviations:
            years = alternation(r.year_abbreviations)
            out.append(SrxRule(True, rf"\d\s*(?:{years})\.\s+", r"\p{Lu}|[«“\"(—–-]"))
            out.append(SrxRule(False, rf"\b(?:{years})\.\s+", ""))
        acronyms = [w for w in r.may_end if "." in w and len(w) <= 4]
        if acronyms:
            out.append(SrxRule(False, rf"(?i:\b(?:{alternation(acronyms)}))\.\s+",
                               rf"(?:{alternation(CONTINUES_AFTER_ACRONYM)})\b"))
        out.append(SrxRule(True, rf"(?i:\b(?:{alternation(r.may_end)}))\.\s+",
                           r"\p{Lu}|[«“\"(—–-]"))
        out.append(SrxRule(False, r"\b(?:\p{Lu}\.)+\p{Lu}\.\s+", ""))
        if r.never_final_exact:
            out.append(SrxRule(False, rf"\b(?:{alternation(r.never_final_exact)})\.\s+", ""))
        out.append(SrxRule(False, rf"(?i:\b(?:{alternation(r.never_final)}))\.\s+", ""))
        out.append(SrxRule(True, end, r"\S"))
        language_rules.append((LANGUAGE_RULE_NAMES.get(lang, lang), tuple(out)))
    maps = tuple((f"(?i){lang}(?:[-_].*)?", LANGUAGE_RULE_NAMES.get(lang, lang))
                 for lang in langs)
    return SrxRules(tuple(language_rules), maps, cascade=False)
