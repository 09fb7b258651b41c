"""TBX-Basic (ISO 30042:2019, DCA style): the glossary as one concept entry per term, with a
language section for each of en, az, ru.

Mapping: the first allowed form is ``preferredTerm-admn-sts``, other allowed forms
``admittedTerm-admn-sts``, forbidden forms ``deprecatedTerm-admn-sts``. TBX-Basic has no fields
for our matching options (case sensitivity, do-not-translate, unverified and ambiguous languages,
excluded phrases), so they travel in ``<note>`` elements prefixed ``l10n:``, which other tools show
as notes and our import reads back: export then import gives the same glossary.
"""

from __future__ import annotations

from importlib import resources
from typing import BinaryIO

import lxml.etree

from ..errors import WorkflowError
from ..glossary import LANGS, Glossary, Term
from . import xmlsafe

NS = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_Q = f"{{{NS}}}"
_POS = {"noun": "noun", "noun phrase": "noun", "proper noun": "noun", "abbreviation": "noun",
        "verb": "verb", "adjective": "adjective", "adverb": "adverb"}
PREFIX = "l10n:"


def _schema() -> lxml.etree.RelaxNG:
    data = resources.files("workflow.schemas").joinpath(
        "TBXcoreStructV03_TBX-Basic_integrated.rng").read_bytes()
    return lxml.etree.RelaxNG(lxml.etree.fromstring(data, xmlsafe.parser()))


def _term_type(form: str) -> str:
    letters = [c for c in form if c.isalpha()]
    if letters and all(c.isupper() for c in letters) and " " not in form and len(form) <= 8:
        return "acronym"
    return "fullForm"


def write_tbx(glossary: Glossary, *, title: str = "IP terminology (en, az, ru)") -> bytes:
    def sub(parent, tag, text=None, **attrs):
        element = lxml.etree.SubElement(parent, _Q + tag, {k.replace("_", ":") if k == "xml_lang"
                                                            else k: v for k, v in attrs.items()})
        if text is not None:
            element.text = xmlsafe.xml_text(text, what=f"the text of <{tag}>")
        return element

    root = lxml.etree.Element(_Q + "tbx", {"type": "TBX-Basic", "style": "dca", XML_LANG: "en"},
                              nsmap={None: NS})
    header = sub(root, "tbxHeader")
    file_desc = sub(header, "fileDesc")
    sub(sub(file_desc, "titleStmt"), "title", title)
    sub(sub(file_desc, "sourceDesc"), "p", "Exported from glossary.csv by l10n-workflow")
    body = sub(sub(root, "text"), "body")
    for term in glossary.terms:
        entry = sub(body, "conceptEntry", id=f"c-{term.id}")
        sub(entry, "descrip", "intellectual property", type="subjectField")
        options = []
        if term.case_sensitive:
            options.append("case_sensitive=yes")
        if term.dnt:
            options.append("dnt=yes")
        if term.exclude:
            options.append("exclude=" + "|".join(term.exclude))
        options.append(f"id={term.id}")
        if term.pos:
            options.append(f"pos={term.pos}")
        if term.ref:
            options.append(f"ref={term.ref}")
        sub(entry, "note", PREFIX + " " + "; ".join(options))
        if term.note:
            sub(entry, "note", term.note)
        for lang in LANGS:
            allowed = term.forms.get(lang, ())
            forbidden = term.forbidden.get(lang, ())
            if not allowed and not forbidden:
                continue
            section = lxml.etree.SubElement(entry, _Q + "langSec", {XML_LANG: lang})
            flags = [name for name, langs in (("unverified", term.unverified),
                                              ("ambiguous", term.ambiguous)) if lang in langs]
            if flags:
                sub(section, "note", f"{PREFIX} {'; '.join(flags)}")
            for index, form in enumerate(allowed + forbidden):
                status = ("preferredTerm-admn-sts" if index == 0 else
                          "admittedTerm-admn-sts" if index < len(allowed) else
                          "deprecatedTerm-admn-sts")
                term_sec = sub(section, "termSec")
                sub(term_sec, "term", form)
                sub(term_sec, "termNote", _POS.get(term.pos, "other"), type="partOfSpeech")
                sub(term_sec, "termNote", _term_type(form), type="termType")
                sub(term_sec, "termNote", status, type="administrativeStatus")
    return lxml.etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def read_tbx(f: BinaryIO) -> Glossary:
    """Read a TBX file (ours or another tool's), validated against the TBX-Basic schema."""
    tree = xmlsafe.parse(f)
    root = tree.getroot()
    if root.tag != _Q + "tbx":
        raise WorkflowError(f"not a TBX 2019 document (root element <{lxml.etree.QName(root).localname}>)",
                            line=root.sourceline, fix="export TBX v3 (ISO 30042:2019) TBX-Basic")
    xmlsafe.validate(tree, _schema(), "TBX-Basic document")
    terms = []
    for entry in root.iter(_Q + "conceptEntry"):
        options: dict[str, str] = {}
        notes = []
        for note in entry.findall(_Q + "note"):
            text = (note.text or "").strip()
            if text.startswith(PREFIX):
                for part in text[len(PREFIX):].split(";"):
                    key, _, value = part.strip().partition("=")
                    options[key] = value
            elif text:
                notes.append(text)
        forms: dict[str, list[str]] = {}
        forbidden: dict[str, list[str]] = {}
        unverified, ambiguous = set(), set()
        pos = ""
        for section in entry.findall(_Q + "langSec"):
            lang = section.get(XML_LANG, "").split("-")[0].lower()
            for note in section.findall(_Q + "note"):
                flags = (note.text or "").strip()
                if flags.startswith(PREFIX):
                    if "unverified" in flags:
                        unverified.add(lang)
                    if "ambiguous" in flags:
                        ambiguous.add(lang)
            for term_sec in section.findall(_Q + "termSec"):
                form = (term_sec.findtext(_Q + "term") or "").strip()
                status = next((n.text for n in term_sec.findall(_Q + "termNote")
                               if n.get("type") == "administrativeStatus"), "")
                pos = pos or next((n.text for n in term_sec.findall(_Q + "termNote")
                                   if n.get("type") == "partOfSpeech"), "") or ""
                if not form:
                    continue
                if status in ("deprecatedTerm-admn-sts", "supersededTerm-admn-sts"):
                    forbidden.setdefault(lang, []).append(form)
                elif status == "preferredTerm-admn-sts":
                    forms.setdefault(lang, []).insert(0, form)
                else:
                    forms.setdefault(lang, []).append(form)
        term_id = options.get("id") or (entry.get("id") or "").removeprefix("c-")
        terms.append(Term(
            id=term_id, forms={k: tuple(v) for k, v in forms.items()},
            forbidden={k: tuple(v) for k, v in forbidden.items()},
            pos=options.get("pos", pos), case_sensitive=options.get("case_sensitive") == "yes",
            dnt=options.get("dnt") == "yes", unverified=frozenset(unverified),
            ambiguous=frozenset(ambiguous),
            exclude=tuple(x for x in options.get("exclude", "").split("|") if x),
            note=" ".join(notes), ref=options.get("ref", ""), line=entry.sourceline or 0))
    return Glossary(tuple(terms))
