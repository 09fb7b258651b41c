"""The languages we serve, through Babel's CLDR data: validation, names, plural forms."""

from __future__ import annotations

from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.messages.plurals import get_plural

from .errors import WorkflowError

DEFAULT_LANGUAGES = ("az", "ru", "en")


@lru_cache(maxsize=None)
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


def plural_forms(code: str) -> str:
    """The Plural-Forms header value for a language, from CLDR."""
    plural = get_plural(locale(code))
    return f"nplurals={plural.num_plurals}; plural={plural.plural_expr};"
