"""What the review page shows beside a sentence, and its search across the project.

Beside a translation: the translation memory's closest matches (score and origin), the sentence's
glossary terms with their approved forms, and, for a draft whose source changed, what changed
(the ``#|`` previous source against the current one, word by word). Search finds a text in the
sources and translations of every catalog.
"""

from __future__ import annotations

import difflib
import re
import threading
from dataclasses import dataclass

from markupsafe import Markup, escape

from .glossary import FormKind, Matcher, source_terms
from .model import Catalog
from .pretranslate.job import TM_IMPORTS, catalog_tm_entries, imported_tm_entries
from .pretranslate.memory import TMMatch, TranslationMemory
from .project import Project


def word_diff(old: str, new: str) -> Markup:
    """The new text with what the old one did not have marked <ins>, and what it lost <del>."""
    a, b = re.findall(r"\S+|\s+", old), re.findall(r"\S+|\s+", new)
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op in ("delete", "replace"):
            out.append(Markup("<del>{}</del>").format("".join(a[i1:i2])))
        if op in ("insert", "replace"):
            out.append(Markup("<ins>{}</ins>").format("".join(b[j1:j2])))
        if op == "equal":
            out.append(escape("".join(a[i1:i2])))
    return Markup("").join(out)


def glossary_terms(source: str, matcher: Matcher | None, lang: str) -> list[tuple[str, str]]:
    """(term, its approved forms in ``lang``) for the glossary terms of a source sentence,
    translated or not."""
    if matcher is None:
        return []
    seen: dict[str, str] = {}
    for match in source_terms(m for m in matcher.find(source) if m.kind is FormKind.ALLOWED):
        seen.setdefault(match.term.name, " / ".join(match.term.forms.get(lang, ())) or "—")
    return sorted(seen.items())


class Memory:
    """The project's translation memory for the page, rebuilt when a catalog changes."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.key: tuple | None = None
        self.tm: TranslationMemory | None = None
        self.lock = threading.Lock()    # requests come in threads of their own

    def refresh(self) -> None:
        """Rebuild the memory if a catalog or an imported TMX file changed (once per page)."""
        files = sorted(self.project.locales_dir.glob("*/LC_MESSAGES/*.po")) + sorted(
            (self.project.root / TM_IMPORTS).glob("*.tmx"))
        key = tuple((p.name, st.st_mtime_ns, st.st_size) for p in files if (st := p.stat()))
        with self.lock:
            if self.tm is None or key != self.key:
                tm = TranslationMemory(threads=True)
                tm.rebuild(catalog_tm_entries(self.project) + imported_tm_entries(self.project))
                self.tm, self.key = tm, key

    def suggestions(self, src: str, tgt: str, source: str, doc: str,
                    current: str) -> list[TMMatch]:
        """Up to three memory matches, not the sentence's own translation (after refresh)."""
        with self.lock:
            found = self.tm.suggestions(src, tgt, source, limit=4) if self.tm else []
        return [m for m in found if not (m.entry.origin == doc and m.entry.target == current)][:3]


@dataclass(frozen=True)
class Hit:
    doc: str
    lang: str
    state: str
    source: Markup
    translation: Markup
    uid: str


def _mark(text: str, query: str) -> Markup:
    found = re.compile(re.escape(query), re.IGNORECASE)
    parts, last = [], 0
    for m in found.finditer(text):
        parts += [escape(text[last:m.start()]), Markup("<mark>{}</mark>").format(m.group(0))]
        last = m.end()
    parts.append(escape(text[last:]))
    return Markup("").join(parts)


def search(project: Project, query: str, *, lang: str | None = None,
           limit: int = 200) -> list[Hit]:
    """Sentences whose source or translation contains ``query`` (case-insensitive), in every
    catalog of the project (or of one language)."""
    from .formats.xliff import unit_id

    query = query.strip()
    if not query:
        return []
    folded = query.casefold()
    hits: list[Hit] = []
    for path in sorted(project.locales_dir.glob("*/LC_MESSAGES/*.po")):
        here = path.parent.parent.name
        if lang and here != lang:
            continue
        catalog: Catalog = project.read_catalog(path)
        for unit in catalog.active:
            if folded in unit.msgid.casefold() or folded in unit.msgstr.casefold():
                hits.append(Hit(path.stem, here, unit.state.value, _mark(unit.msgid, query),
                                _mark(unit.msgstr, query), unit_id(unit)))
                if len(hits) >= limit:
                    return hits
    return hits
