"""Where files live, the project configuration, and the only code that writes files.

Layout (relative to the project folder, all configurable in ``l10n.toml``)::

    l10n.toml                               configuration (optional: defaults apply)
    source/<lang>/<doc>.{txt,md,html}       source articles; the folder declares the language
    locales/templates/<doc>.pot             extracted templates
    locales/<lang>/LC_MESSAGES/<doc>.po     one catalog per article and target language
"""

from __future__ import annotations

import fcntl
import io
import os
import re
import time
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from .config import CONFIG_NAME, Config, load_config
from .errors import WorkflowError
from .files import atomic_writer, write_atomic, write_if_unchanged  # noqa: F401 (re-exported)
from .formats.glossary_csv import read_glossary
from .formats.po import read_po
from .formats.po_write import encode_po
from .formats.source import decode_source
from .formats.srx import SrxRules, read_srx
from .glossary.terms import Glossary
from .ingest import FORMATS, Ingested, ingest
from .locales import check_language
from .model import Catalog

_SLUG = re.compile(r"[\W_]+")  # anything but letters and digits, in any script


@dataclass(frozen=True)
class Article:
    doc: str
    path: Path          # absolute
    rel: str            # relative to the project, with forward slashes: used in references
    kind: str           # text | markdown | html
    lang: str | None    # declared by folder or configuration; front matter may add it


def path_order(path: os.PathLike[str]) -> list[str]:
    """The order ``sorted`` gives paths (part by part), without pathlib's slow comparisons."""
    return os.fspath(path).split(os.sep)


def _files(folder: str) -> Iterator[os.DirEntry]:
    """Every entry under ``folder`` but its subfolders, which are entered (not those that are
    links, as ``Path.rglob`` does); each entry knows whether it is a file without a stat."""
    try:
        with os.scandir(folder) as entries:
            found = list(entries)
    except OSError as exc:
        raise WorkflowError(f"cannot read the folder: {exc.strerror}", path=folder,
                            fix="check the folder's permissions") from None
    for entry in found:
        if entry.is_dir(follow_symlinks=False):
            if not entry.name.startswith("."):      # hidden folders are not read
                yield from _files(entry.path)
        else:
            yield entry


def find_root(start: Path) -> Path | None:
    """The nearest folder at or above ``start`` that is an l10n project."""
    if (start / CONFIG_NAME).is_file() or (start / Config.source_dir).is_dir():
        return start
    for folder in start.parents:
        if (folder / CONFIG_NAME).is_file() or (
                (folder / Config.source_dir).is_dir() and (folder / Config.locales_dir).is_dir()):
            return folder
    return None


def slug(name: str) -> str:
    """A catalog name from a file name: letters (of any script) and digits kept, lower-cased,
    in NFC, so "Сәнәд.txt" and its NFD spelling are the same article and never "article"."""
    name = unicodedata.normalize("NFC", name).replace("İ", "i")  # not "i" + combining dot
    return _SLUG.sub("-", name.lower()).strip("-") or "article"


@dataclass(frozen=True)
class Project:
    root: Path
    config: Config

    @classmethod
    def open(cls, root: str | os.PathLike[str] = ".") -> Project:
        """The project in ``root`` or the nearest folder above it, as git finds its repository:
        a folder with ``l10n.toml``, or with both ``source/`` and ``locales/`` (``root`` itself
        may also be a project that has only ``source/`` so far)."""
        start = Path(root).resolve()
        if not start.is_dir():
            raise WorkflowError("project folder does not exist", path=str(root),
                                fix="pass an existing folder with -C")
        found = find_root(start)
        if found is None:
            raise WorkflowError("not an l10n project (no l10n.toml, or source/ and locales/, here "
                                "or in any folder above)", path=str(root),
                                fix="run 'l10n init' to start one, or pass the project with -C DIR")
        return cls(found, load_config(found))

    def check_langs(self, langs: list[str]) -> None:
        """Every code must be one of the project's languages (a typo is an error, not zero
        results)."""
        for code in langs:
            if code not in self.config.languages:
                raise WorkflowError(
                    f"unknown language {code!r}: the project's languages are "
                    f"{', '.join(self.config.languages)}",
                    fix="use one of those codes (set others in [project] languages)")

    @property
    def source_dir(self) -> Path:
        return self.root / self.config.source_dir

    @property
    def locales_dir(self) -> Path:
        return self.root / self.config.locales_dir

    def rel(self, path: Path) -> str:
        text, prefix = os.fspath(path), self._root_prefix
        if os.sep == "/" and text.startswith(prefix):     # the common case, without pathlib
            return text[len(prefix):]
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    def articles(self, only: list[str] | None = None) -> list[Article]:
        """Every source article, sorted by path; ``only`` picks documents by name or path."""
        if not self.source_dir.is_dir():
            raise WorkflowError("no source folder", path=self.rel(self.source_dir),
                                fix=f"put articles under {self.config.source_dir}/<lang>/")
        found: dict[str, Article] = {}
        root = self.root.resolve()
        inside: dict[str, bool] = {}       # each folder is resolved once, not each file
        top = os.fspath(self.source_dir)
        for entry in sorted(_files(top), key=path_order):
            stem, suffix = os.path.splitext(entry.name)
            if suffix.lower() not in FORMATS:
                continue
            parts = entry.path[len(top) + 1:].split(os.sep)
            if entry.name.startswith(".") or not entry.is_file():  # (hidden folders: not entered)
                continue
            path = Path(entry.path)
            rel = self.rel(path)
            folder = os.path.dirname(entry.path)
            if folder not in inside:
                inside[folder] = Path(folder).resolve().is_relative_to(root)
            if not inside[folder] or (entry.is_symlink()
                                      and not path.resolve().is_relative_to(root)):
                raise WorkflowError(f"a link to a file outside the project "
                                    f"({path.resolve()}): not read", path=rel,
                                    fix="copy the article into the project instead of linking it")
            doc = slug(stem)
            lang = self.config.article_langs.get(doc)
            if lang is None and len(parts) > 1:
                lang = check_language(parts[0], path=rel)
            if doc in found:
                raise WorkflowError(f"two articles are both called {doc!r} (the other is "
                                    f"{found[doc].rel})", path=rel,
                                    fix="rename one of them: catalogs are named after the file")
            found[doc] = Article(doc, path, rel, FORMATS[path.suffix.lower()], lang)
        articles = list(found.values())
        if only:
            wanted = set(only)
            articles = [a for a in articles if a.doc in wanted or a.rel in wanted
                        or a.path.name in wanted]
            missing = wanted - {a.doc for a in articles} - {a.rel for a in articles} \
                - {a.path.name for a in articles}
            if missing:
                raise WorkflowError(f"no such article: {', '.join(sorted(missing))}",
                                    fix="run 'l10n stats' to list the articles")
        return articles

    def read_article(self, article: Article) -> Ingested:
        try:
            text = decode_source(article.path.read_bytes())
            result = ingest(text, path=article.rel, kind=article.kind, lang=article.lang,
                            rules=self.config.chrome)
        except WorkflowError as exc:
            raise exc.at(article.rel) if exc.path is None else exc from None
        if not result.document.lang:
            raise WorkflowError("the source language is not declared", path=article.rel,
                                fix=f"put the file under {self.config.source_dir}/<lang>/, add "
                                "'lang: xx' front matter, or set it in l10n.toml [articles]")
        check_language(result.document.lang, path=article.rel)
        return result

    def srx_rules(self) -> SrxRules | None:
        if not self.config.srx:
            return None
        path = self.root / self.config.srx
        try:
            with path.open("rb") as f:
                return read_srx(f)
        except OSError as exc:
            raise WorkflowError(f"cannot read: {exc.strerror}", path=self.config.srx,
                                fix="fix [segment] srx in l10n.toml") from None
        except WorkflowError as exc:
            raise exc.at(self.config.srx) from None

    def targets(self, source_lang: str) -> list[str]:
        return [lang for lang in self.config.languages if lang != source_lang]

    def catalogs(self, docs: list[str] | None = None, langs: list[str] | None = None
                 ) -> list[tuple[Article, str, Path]]:
        """The catalogs of the chosen articles (all by default) in the chosen languages."""
        if langs:
            self.check_langs(langs)
        found = []
        for article in self.articles(docs):
            for path in sorted(self.locales_dir.glob(f"*/LC_MESSAGES/{article.doc}.po")):
                lang = path.parent.parent.name
                if not langs or lang in langs:
                    found.append((article, lang, path))
        return found

    def pot_path(self, doc: str) -> Path:
        return self.locales_dir / "templates" / f"{doc}.pot"

    def po_path(self, doc: str, lang: str) -> Path:
        # one Path made from a string, not three joins: asked for each catalog of a project
        return Path(f"{os.fspath(self.locales_dir)}/{lang}/LC_MESSAGES/{doc}.po")

    def po_rel(self, doc: str, lang: str) -> str:
        """``rel(po_path(doc, lang))``, without making a Path."""
        return f"{self._locales_shown}/{lang}/LC_MESSAGES/{doc}.po"

    @cached_property
    def _root_prefix(self) -> str:
        return os.fspath(self.root) + "/"

    @cached_property
    def _locales_shown(self) -> str:
        return self.rel(self.locales_dir)

    def read_catalog(self, path: Path) -> Catalog:
        return read_catalog_file(path, self.rel(path))


def read_catalog_file(path: Path, shown: str) -> Catalog:
    """A PO file, with errors naming it as ``shown``."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise WorkflowError(f"cannot read: {exc.strerror}", path=shown) from None
    return read_catalog_bytes(data, shown)


def read_catalog_bytes(data: bytes, shown: str) -> Catalog:
    """A PO file's bytes as a catalog, with errors naming it as ``shown``."""
    try:
        catalog = read_po(io.BytesIO(data))
    except WorkflowError as exc:
        raise exc.at(shown) from None
    if catalog.raw_header is not None and not catalog.raw_header.strip():
        # msgmerge reads it, but a project catalog must say its language and charset
        raise WorkflowError("the header entry is empty", path=shown, line=catalog.header_line,
                            fix='add "Content-Type: text/plain; charset=UTF-8\\n" and '
                            '"Language: xx\\n" to the header')
    return catalog


def catalog_bytes(catalog: Catalog, shown: str) -> bytes:
    """A catalog's file bytes in its own charset and line ends, errors naming it as ``shown``."""
    try:
        return encode_po(catalog)
    except WorkflowError as exc:
        raise exc.at(shown) from None


LOCK_NAME = ".l10n/lock"


@contextmanager
def project_lock(root: Path, *, wait: float = 10.0) -> Iterator[None]:
    """Only one l10n process writes to a project at a time.

    The lock is ``flock`` on ``.l10n/lock``: the kernel releases it when its process ends, even
    by SIGKILL, so a lock left behind by a killed process is stale by construction and the next
    process takes it over. A second process waits up to ``wait`` seconds, then stops with the
    first one's pid.
    """
    path = root / LOCK_NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = open(path, "a+")
    deadline = time.monotonic() + wait
    try:
        while True:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    handle.seek(0)
                    holder = handle.read().strip() or "?"
                    raise WorkflowError(f"another l10n (pid {holder}) is working on this project",
                                        fix="wait for it to finish and run the command again"
                                        ) from None
                time.sleep(0.05)
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        yield
    finally:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
        finally:
            handle.close()


def load_glossary(project: Project | None, path: str | None = None) -> Glossary:
    """The project's glossary (or another file); bad rows stop here with their line."""
    if path:
        target, shown = Path(path), str(path)
    elif project is not None:
        target, shown = project.root / project.config.glossary, project.config.glossary
    else:
        raise WorkflowError("no glossary outside a project", fix="pass --glossary FILE")
    try:
        text = decode_source(target.read_bytes())
    except OSError as exc:
        raise WorkflowError(f"cannot read: {exc.strerror}", path=shown,
                            fix="pass --glossary FILE or set [project] glossary") from None
    except WorkflowError as exc:
        raise exc.at(shown) from None
    try:
        return read_glossary(text)
    except WorkflowError as exc:
        raise exc.at(shown) from None

def catalog_paths(project: Project | None, paths: list[str] | None) -> list[Path]:
    """PO files named, or found under named folders; by default every project catalog."""
    if not paths:
        if project is None:
            raise WorkflowError("not in an l10n project, and no PO file named",
                                fix="name the PO files to check, or run inside a project")
        return sorted(project.locales_dir.glob("*/LC_MESSAGES/*.po"), key=path_order)
    found: list[Path] = []
    for name in paths:
        path = Path(name)
        if not path.is_absolute():
            path = (Path.cwd() / path) if path.exists() or project is None \
                else project.root / path
        if path.is_dir():
            found += sorted(path.rglob("*.po"))
        elif path.is_file():
            found.append(path)
        else:
            raise WorkflowError("no such file or folder", path=name,
                                fix="name PO files or folders that contain them")
    return found
