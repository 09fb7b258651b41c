"""When two wordings of a glossary term are one choice: an abbreviation and its full name, a form
and its longer phrase, a contraction and the phrase it shortens. Pure string rules."""

from __future__ import annotations


def is_abbreviation(text: str) -> bool:
    """WIPO, ƏM, ИС, ЕАЭС: a term written as its abbreviation."""
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and " " not in text.strip() and sum(ch.isupper() for ch in letters) \
        >= max(2, len(letters) - 1)


def one_choice(forms: dict[str, list]) -> dict[str, list]:
    """Approved forms that are one choice: a form and its longer phrase ('kontrafakt',
    'kontrafakt məhsul'; 'контрафакт', 'контрафактный товар') count as the same wording."""
    def head(form: str) -> str:
        return form.split()[0].lower()[:7] if form.split() else form

    merged: dict[str, list] = {}
    for form in sorted(forms, key=len):
        same = next((kept for kept in merged if head(kept) == head(form)
                     or _contraction(kept, form) or kept.casefold() in form.casefold()), None)
        merged.setdefault(same or form, []).extend(forms[form])
    return merged


def _contraction(short: str, long: str) -> bool:
    """A one-word contraction of a phrase: Генассамблея = Генеральная Ассамблея, госпошлина =
    государственная пошлина (the start of the first word, then the second word)."""
    words = long.lower().split()
    short = short.lower()
    if " " in short or len(words) < 2:
        return False
    first, second = words[0], words[1]
    return any(short.startswith(first[:k]) and short[k:].startswith(second[:4])
               for k in range(2, min(len(first), len(short)) + 1))
