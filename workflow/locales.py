"""The languages we serve, through Babel's CLDR data: validation, names, plural forms."""

from __future__ import annotations

import gettext
import re
from collections.abc import Callable
from functools import cache, lru_cache

from babel import Locale, UnknownLocaleError
from babel.messages.plurals import get_plural

from .errors import WorkflowError

DEFAULT_LANGUAGES = ("az", "ru", "en")


@cache
def locale(code: str) -> Locale:
    """Babel's locale for a language code; a clear error for a code Babel does not know."""
    try:
        parsed = Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        raise WorkflowError(f"unknown language code {code!r}",
                            fix="use a language code Babel knows, such as az, ru or en") from None
    return parsed


def check_language(code: str, *, path: str | None = None, line: int | None = None) -> str:
    try:
        locale(code)
    except WorkflowError as exc:
        raise WorkflowError(exc.what, path=path, line=line, fix=exc.fix) from None
    return code


def english_name(code: str) -> str:
    return locale(code).english_name or code


# The Plural-Forms we write into a new catalog, spelled once and for all. Babel derives its
# formula text from CLDR, and that text changes between Babel releases without changing its
# meaning (Babel 2.17 and later write Russian "(n % 100 < 12 || n % 100 > 14)" where earlier
# releases wrote "(n%100<10 || n%100>=20)"): new catalogs must not depend on which Babel a
# translator happens to have. The spellings are GNU gettext's (msginit's plural table), the
# ones Poedit, Lokalize and Weblate write too; other languages fall back to Babel's CLDR text.
PINNED_PLURAL_FORMS = {
    "az": "nplurals=2; plural=(n != 1);",
    "en": "nplurals=2; plural=(n != 1);",
    "ru": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
          "(n%100<10 || n%100>=20) ? 1 : 2);",
    "tr": "nplurals=2; plural=(n != 1);",
    "uk": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
          "(n%100<10 || n%100>=20) ? 1 : 2);",
    "kk": "nplurals=2; plural=(n != 1);",
    "de": "nplurals=2; plural=(n != 1);",
}
_NPLURALS = re.compile(r"nplurals\s*=\s*(\d+)")
_PLURAL = re.compile(r"plural\s*=\s*(.+?);?\s*$", re.S)


@cache
def plural_forms(code: str) -> str:
    """The Plural-Forms header value for a new catalog in a language."""
    pinned = PINNED_PLURAL_FORMS.get(locale(code).language)
    if pinned is not None and plural_disagreement(pinned, code) is None:
        return pinned
    return cldr_plural_forms(code)


def cldr_plural_forms(code: str) -> str:
    """The Plural-Forms value as the installed Babel spells it from CLDR."""
    plural = get_plural(locale(code))
    return f"nplurals={plural.num_plurals}; plural={plural.plural_expr};"


def cldr_nplurals(code: str) -> int:
    """The number of plural forms a catalog in ``code`` needs (the gettext two-form rule of
    the languages CLDR gave a compact-notation "many" counts as right too)."""
    return get_plural(locale(code)).num_plurals


def acceptable_nplurals(code: str) -> set[int]:
    return {cldr_nplurals(code)} | ({2} if locale(code).language in GETTEXT_TWO_FORMS else set())


def _same_meaning(a: str, b: str) -> bool:
    fa, fb = _formula(a), _formula(b)
    if fa is None or fb is None:
        return False
    try:
        return _first_difference(fa, fb) is None
    except ZeroDivisionError:
        return False


def _expression(value: str) -> str | None:
    """The ``plural=`` expression of a Plural-Forms value."""
    found = _PLURAL.search(value.split(";", 1)[1] if ";" in value else "")
    return found.group(1).strip().rstrip(";") if found else None


def _formula(value: str) -> Callable[[int], int] | None:
    """The Plural-Forms value's formula as a function (gettext's safe compiler), or None."""
    expression = _expression(value)
    if expression is None:
        return None
    try:
        return gettext.c2py(expression)
    except (ValueError, SyntaxError, RecursionError):
        return None


def _first_difference(a: Callable[[int], int], b: Callable[[int], int]) -> int | None:
    """The first n where two formulas choose different forms (ZeroDivisionError from either)."""
    return next((n for n in range(_AGREEMENT_RANGE) if a(n) != b(n)), None)


def parse_nplurals(value: str) -> int | None:
    """``nplurals`` of a Plural-Forms value, or None when it has none."""
    found = _NPLURALS.search(value)
    return int(found.group(1)) if found else None


# n up to here decides whether two plural formulas agree: every CLDR rule depends on n%10,
# n%100 and n%1000 (and n itself only for small values), so a full cycle of 1000 plus a
# margin is enough to see any difference.
_AGREEMENT_RANGE = 2000


# CLDR 42 gave these languages a third form, "many", used only for exact millions in compact
# notation ("1 million de"). GNU gettext, Poedit, Weblate and every existing catalog keep the
# two-form rule, which is not wrong for text: it is accepted as agreeing.
GETTEXT_TWO_FORMS = {"fr": "(n > 1)", "pt": "(n > 1)", "es": "(n != 1)", "it": "(n != 1)",
                     "ca": "(n != 1)"}


@lru_cache(maxsize=256)
def plural_disagreement(value: str, code: str) -> str | None:
    """Why a catalog's Plural-Forms means something other than CLDR's for ``code``, or None.

    Compares meaning, not spelling: both formulas are evaluated for n = 0 .. 1999 (once per
    distinct formula and language: a project's catalogs share a handful).
    """
    legacy = GETTEXT_TWO_FORMS.get(locale(code).language)
    if legacy is not None and parse_nplurals(value) == 2 and _same_meaning(
            value, f"nplurals=2; plural={legacy};"):
        return None
    expected = cldr_plural_forms(code)
    ours, theirs = parse_nplurals(value), cldr_nplurals(code)
    if ours is None:
        return f"Plural-Forms has no nplurals; CLDR has {theirs} forms for {code!r}: {expected}"
    if ours != theirs:
        return (f"Plural-Forms says nplurals={ours}, but {code!r} has {theirs} forms in CLDR: "
                f"{expected}")
    if _expression(value) is None:
        return f"Plural-Forms has no plural= expression; CLDR's is: {expected}"
    formula = _formula(value)
    if formula is None:
        return f"Plural-Forms' plural= expression cannot be read; CLDR's is: {expected}"
    reference = gettext.c2py(str(get_plural(locale(code)).plural_expr))
    for n in range(_AGREEMENT_RANGE):
        try:
            got = formula(n)
        except ZeroDivisionError:
            return f"Plural-Forms divides by zero for n={n}"
        if got != reference(n):
            return (f"Plural-Forms chooses form {got} for n={n} where CLDR chooses form "
                    f"{reference(n)}: {expected}")
    return None
