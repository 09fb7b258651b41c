"""Merging a catalog with a new template: what GNU msgmerge does, as pure functions.

GNU gettext 0.21's own msgmerge tests run against it (tests/test_gettext_suite.py).
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache

from rapidfuzz import fuzz, process

from .model import REVIEW_PREFIX, Catalog, Unit, set_header_fields

#: Similarity (rapidfuzz ratio, 0-100: the same measure as gettext's fstrcmp, 2·LCS over the
#: total length) a changed message must exceed to inherit an old translation as fuzzy; msgmerge's
#: FUZZY_THRESHOLD is 0.6, and the match must be strictly better.
FUZZY_MATCH_THRESHOLD = 60.0

# The header fields msgmerge knows, in the order it writes them; other fields follow in their
# own order (msgmerge.c, message_merge).
_MSGMERGE_FIELDS = ("Project-Id-Version", "Report-Msgid-Bugs-To", "POT-Creation-Date",
                    "PO-Revision-Date", "Last-Translator", "Language-Team", "Language",
                    "MIME-Version", "Content-Type", "Content-Transfer-Encoding")


def merge(old: Catalog, template: Catalog, *, previous: bool = True, to_utf8: bool = False,
          fuzzy_threshold: float = FUZZY_MATCH_THRESHOLD) -> Catalog:
    """Update ``old`` (a translated catalog) to the messages of ``template`` (a fresh POT), as
    GNU msgmerge does (its own test suite is tests/test_gettext_suite.py):

    - a message whose msgctxt and msgid are unchanged keeps its translation, translator
      comments and fuzzy flag, and takes the template's msgid_plural, extracted comments,
      references and format, range and wrap flags; it becomes fuzzy when its msgid_plural
      changed, or when the new range is not inside the old one;
    - a new message takes the most similar translated old message (any of them, even one kept
      for another message, or obsolete), marked fuzzy; with ``previous`` its old msgid is kept
      as ``#|`` (or that message's own ``#|`` when it was fuzzy itself);
    - a singular translation given to a plural message fills every form (fuzzy); a plural one
      given to a singular message keeps its first form; an untranslated plural message gets
      as many empty forms as the catalog's Plural-Forms says;
    - an old translated message that nothing uses any more becomes obsolete (``#~``); the
      untranslated ones are dropped;
    - the header takes POT-Creation-Date and Report-Msgid-Bugs-To from the template, gains
      a Language field from Language-Team when it has none, and lists msgmerge's fields in
      msgmerge's order;
    - with ``to_utf8`` (what msgmerge does), a catalog in another charset becomes UTF-8 when
      the template is, header included; without it (the project's choice) a legacy catalog
      keeps its charset, and a character it cannot hold is a clear error when written.
    """
    by_key: dict[tuple[str | None, str], Unit] = {}
    for unit in old.units:
        # An active unit beats an obsolete one with the same msgid.
        if unit.key not in by_key or by_key[unit.key].obsolete:
            by_key[unit.key] = unit
    header = _merged_header(old, template)
    nplurals = _nplurals(dict((k.lower(), v) for k, v in header).get("plural-forms"))
    sources = [u for u in by_key.values() if u.translations[:1] and u.translations[0]]
    choices = [u.msgid for u in sources]
    used: set[int] = set()      # ids of old units whose work lives on in the new catalog
    merged: list[Unit] = []
    for fresh in template.units:
        if fresh.obsolete:
            continue
        exact = by_key.get(fresh.key)
        if exact is not None:
            used.add(id(exact))
            unit = _carry(exact, fresh, fuzzy=False)
        else:
            source = _closest(fresh, sources, choices, fuzzy_threshold)
            if source is None:
                unit = fresh if fresh.msgid_plural is None else replace(
                    fresh, msgstr_plural=("",) * nplurals)
            else:
                used.add(id(source))
                unit = _carry(source, fresh, fuzzy=True)
        unit = _fit_shape(unit, fresh, nplurals)
        if not previous or not unit.fuzzy or not unit.translations[:1] or \
                not unit.translations[0]:
            unit = replace(unit, previous_msgctxt=None, previous_msgid=None,
                           previous_msgid_plural=None)
        merged.append(unit)

    # an obsolete message of the template keeps its flags there (msgmerge merges those too)
    gone = {u.key: u for u in template.units if u.obsolete}
    leftovers = []
    for u in old.units:
        if id(u) in used or not u.translations[:1] or not u.translations[0]:
            continue
        flags = u.flags if u.key not in gone else tuple(
            f for f in u.flags if not _template_flag(f)) + tuple(
            f for f in gone[u.key].flags if _template_flag(f))
        left = replace(u, obsolete=True, references=(), extracted_comments=(), line=0,
                       flags=flags)
        if not previous:
            left = replace(left, previous_msgctxt=None, previous_msgid=None,
                           previous_msgid_plural=None)
        leftovers.append(left)
    result = replace(old, header=header, units=tuple(merged) + tuple(leftovers))
    if to_utf8 and old.charset.upper() != "UTF-8" and template.charset.upper() == "UTF-8" \
            and template.header:
        result = replace(result, header=set_header_fields(result.header, [(
            "Content-Type", re.sub(r"charset=\s*[\w.:-]+", "charset=UTF-8",
                                   result.header_value("Content-Type") or ""))]))
    return result


def _closest(fresh: Unit, sources: list[Unit], choices: list[str],
             threshold: float) -> Unit | None:
    """The old message most similar to a new one, strictly above the threshold; on a tie the
    one without a context or with the same one wins, then the first (gettext's rules)."""
    if not choices:
        return None
    found = process.extract(fresh.msgid, choices, scorer=fuzz.ratio, score_cutoff=threshold,
                            limit=None)
    best: tuple[float, int] | None = None
    for _, score, index in found:
        if score <= threshold:
            continue
        candidate = sources[index]
        weight = score + (0.001 if candidate.msgctxt in (None, fresh.msgctxt) else 0.0)
        if best is None or weight > best[0] or (weight == best[0] and index < best[1]):
            best = (weight, index)
    return sources[best[1]] if best is not None else None


def _carry(source: Unit, fresh: Unit, *, fuzzy: bool) -> Unit:
    """The old message's work under the new message's identity and flags."""
    flags = [f for f in fresh.flags if f != "fuzzy"]
    # flags gettext does not manage (ours: l10n-ignore-*) stay with the translation
    flags += [f for f in source.flags if f != "fuzzy" and not _template_flag(f)
              and f not in flags]
    old_range = next((f for f in source.flags if f.startswith("range:")), None)
    new_range = next((f for f in fresh.flags if f.startswith("range:")), None)
    became_fuzzy = fuzzy or source.fuzzy or (source.msgid_plural != fresh.msgid_plural
                                             and source.msgid_plural is not None
                                             and fresh.msgid_plural is not None)
    if old_range is not None and not _range_within(new_range, old_range):
        became_fuzzy = True
    # a format the template now declares that the translation does not follow
    added = [f for f in fresh.flags if f.endswith("-format") and not f.startswith("no-")
             and f not in source.flags]
    if any(not _format_ok(f, fresh, source.translations) for f in added if any(
            source.translations)):
        became_fuzzy = True
    # "#|": what the translation was made for (the old message's own "#|" when it was a draft
    # already); merge drops it again from a message that ends up not fuzzy
    prev = ((source.previous_msgctxt, source.previous_msgid, source.previous_msgid_plural)
            if source.fuzzy and source.previous_msgid is not None
            else (source.msgctxt, source.msgid, source.msgid_plural))
    comments = source.translator_comments
    if fuzzy:       # the review was of another text
        comments = tuple(c for c in comments if not c.startswith(REVIEW_PREFIX))
    return replace(
        source, msgctxt=fresh.msgctxt, msgid=fresh.msgid, msgid_plural=fresh.msgid_plural,
        translator_comments=comments, references=fresh.references,
        extracted_comments=fresh.extracted_comments,
        flags=(("fuzzy",) if became_fuzzy else ()) + tuple(flags), obsolete=False,
        previous_msgctxt=prev[0], previous_msgid=prev[1], previous_msgid_plural=prev[2],
        line=0)


_C_DIRECTIVE = re.compile(r"%(?:(\d+)\$)?[-+ #0'I]*(?:\d+|\*(?:\d+\$)?)?"
                          r"(?:\.(?:\d+|\*(?:\d+\$)?)?)?(hh|ll|[hlLqjzZt])?"
                          r"([diouxXeEfFgGaAcCsSpn%]|<PRI[a-zA-Z0-9]+>)")
_C_KIND = {**dict.fromkeys("di", "int"), **dict.fromkeys("ouxX", "unsigned"),
           **dict.fromkeys("eEfFgGaA", "double"), "s": "string", "S": "string", "c": "char",
           "C": "char", "p": "pointer", "n": "count"}


def _c_arguments(text: str) -> list[tuple[str, str]]:
    """The arguments a printf format takes, in order: (size modifier, kind)."""
    return [(m.group(2) or "", _C_KIND.get(m.group(3), m.group(3)))
            for m in _C_DIRECTIVE.finditer(text) if m.group(3) != "%"]


def _format_ok(flag: str, message: Unit, translations: tuple[str, ...]) -> bool:
    """Does a translation take the same arguments as its message, for one format (c-format
    and kde-format are checked; other formats are taken as fine)?"""
    originals = [message.msgid] + ([message.msgid_plural] if message.msgid_plural else [])
    if flag in ("c-format", "objc-format"):
        wanted = [_c_arguments(t) for t in originals]
        return all(_c_arguments(t) in wanted for t in translations if t)
    if flag == "kde-format":
        numbers = set().union(*(re.findall(r"%(\d+)", t) for t in originals))
        for i, text in enumerate(translations):
            found = set(re.findall(r"%(\d+)", text))
            if found - numbers or (i > 0 and numbers - found):
                return False
        return True
    return True


def _template_flag(flag: str) -> bool:
    """A flag msgmerge takes from the template: formats, range, wrap."""
    return flag.endswith("-format") or flag.startswith("range:") or flag in ("wrap", "no-wrap")


def _range_within(new: str | None, old: str) -> bool:
    def bounds(flag: str) -> tuple[int, int] | None:
        found = re.fullmatch(r"range:\s*(-?\d+)\s*\.\.\s*(-?\d+)", flag)
        return (int(found.group(1)), int(found.group(2))) if found else None

    a, b = bounds(new) if new else None, bounds(old)
    return a is not None and b is not None and b[0] <= a[0] and a[1] <= b[1]


def _fit_shape(unit: Unit, fresh: Unit, nplurals: int) -> Unit:
    """A translation's shape follows the message: singular into plural fills every form
    (fuzzy); plural into singular keeps the first form (fuzzy if there were more)."""
    if fresh.msgid_plural is not None and not unit.msgstr_plural:
        if not unit.msgstr:
            return replace(unit, msgstr="", msgstr_plural=("",) * nplurals)
        return replace(unit, msgstr="", msgstr_plural=(unit.msgstr,) * nplurals
                       ).with_flag("fuzzy")
    if fresh.msgid_plural is None and unit.msgstr_plural:
        forms = unit.msgstr_plural
        unit = replace(unit, msgstr=forms[0], msgstr_plural=())
        return unit.with_flag("fuzzy") if len(forms) > 1 else unit
    return unit


def _nplurals(plural_forms: str | None) -> int:
    found = re.search(r"nplurals\s*=\s*(\d+)", plural_forms or "")
    return int(found.group(1)) if found else 2


def _merged_header(old: Catalog, template: Catalog) -> tuple[tuple[str, str], ...]:
    """The header as msgmerge writes it (see merge)."""
    if not old.header and old.raw_header is None:
        return template.header
    fields = list(old.header)
    names = {k.lower(): i for i, (k, _) in enumerate(fields)}
    for name in ("Report-Msgid-Bugs-To", "POT-Creation-Date"):
        value = template.header_value(name)
        if value is not None:
            if name.lower() in names:
                fields[names[name.lower()]] = (fields[names[name.lower()]][0], value)
            else:
                fields.append((name, value))
    if "language" not in names and "language-team" in names:
        fields.append(("Language", _language_code(fields[names["language-team"]][1])))
    rank = {name.lower(): i for i, name in enumerate(_MSGMERGE_FIELDS)}
    order = sorted(range(len(fields)), key=lambda i: (rank.get(fields[i][0].lower(),
                                                                len(rank)), i))
    return tuple(fields[i] for i in order)


def _language_code(team: str) -> str:
    """The language code of a Language-Team value ("German <de@li.org>" → de), or ""."""
    name = re.sub(r"\s*(<[^>]*>|\S+@\S+|\S+://\S+)\s*$", "", team).strip().lower()
    return _english_language_names().get(name, "")


@cache
def _english_language_names() -> dict[str, str]:
    """English language name → code (CLDR through Babel): German → de."""
    from babel import Locale
    names: dict[str, str] = {}
    for code, name in Locale.parse("en").languages.items():
        if "_" not in code and len(code) <= 3:
            names.setdefault(name.lower(), code)
    return names
