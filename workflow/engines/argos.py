"""Argos Translate packages, run by us: CTranslate2 + SentencePiece, in batches.

Installed packages are found through ``argostranslate.package`` (the light module: it reads
``ARGOS_PACKAGES_DIR`` and the XDG folders, and pulls in no torch, stanza or spaCy), in the same
folder ``argospm`` installs to. We never import ``argostranslate.translate``: our units are already
sentences, and that module loads stanza, torch and spaCy and goes to the network to split them.

Packages built for tests carry ``"test_model": true`` in their metadata. They are refused unless
``L10N_ALLOW_TEST_MODELS=1`` is set, so a test fixture can never pass for a real model.
"""

from __future__ import annotations

import json
import os
import threading
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import WorkflowError
from .base import EngineFactory, Hypothesis, PivotEngine
from .tokenizers import load_tokenizer, model_vocabulary

TEST_MODELS_ENV = "L10N_ALLOW_TEST_MODELS"


def usable_cores() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


@dataclass(frozen=True)
class InstalledPackage:
    path: Path
    from_code: str
    to_code: str
    version: str
    name: str
    test_model: bool
    target_prefix: str = ""

    @property
    def code(self) -> str:
        return f"translate-{self.from_code}_{self.to_code}"


def packages_dir() -> Path:
    from argostranslate import settings

    return Path(settings.package_data_dir)


def installed_packages() -> list[InstalledPackage]:
    """Every usable installed translation package (via argostranslate.package)."""
    return scan_packages()[0]


def scan_packages() -> tuple[list[InstalledPackage], list[tuple[Path, str]]]:
    """The installed translation packages, and the folders skipped with the reason.

    Sorted by pair, then by version compared as a version ("1.10" after "1.9"), so the last
    package of a pair is its newest.
    """
    from argostranslate import package as argos_package
    from argostranslate import settings

    found, skipped = [], []
    packages = []
    # Folder by folder, as get_installed_packages() does, but one unreadable folder (a
    # half-extracted archive, a bad metadata.json) is skipped with its reason, not fatal.
    for directory in settings.package_dirs:
        if not Path(directory).is_dir():
            continue
        try:
            folders = sorted(p for p in Path(directory).iterdir() if p.is_dir())
        except OSError as exc:
            raise WorkflowError(f"cannot read the installed Argos packages: {exc.strerror}",
                                path=str(directory)) from None
        for folder in folders:
            if folder.name.startswith("."):
                continue
            if not (folder / "metadata.json").is_file():
                skipped.append((folder, "no metadata.json (not an Argos package, or an "
                                        "install that did not finish)"))
                continue
            try:
                packages.append(argos_package.Package(folder))
            except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
                skipped.append((folder, f"unreadable metadata.json: {exc}"))
    for pkg in packages:
        if getattr(pkg, "type", "translate") != "translate":
            continue
        if not isinstance(pkg.from_code, str) or not isinstance(pkg.to_code, str):
            languages = getattr(pkg, "languages", None) or []
            skipped.append((Path(pkg.package_path),
                            "metadata.json has no from_code/to_code" + (
                                f" (a multilingual package for {len(languages)} languages)"
                                if languages else "")))
            continue
        metadata = _metadata(Path(pkg.package_path))
        found.append(InstalledPackage(
            path=Path(pkg.package_path), from_code=pkg.from_code, to_code=pkg.to_code,
            version=str(getattr(pkg, "package_version", "") or metadata.get("package_version",
                                                                              "")),
            name=metadata.get("name", f"translate-{pkg.from_code}_{pkg.to_code}"),
            test_model=bool(metadata.get("test_model")),
            target_prefix=str(getattr(pkg, "target_prefix", "") or "")))
    found.sort(key=lambda p: (p.from_code, p.to_code, version_key(p.version), str(p.path)))
    return found, skipped


def version_key(version: str) -> tuple:
    """Versions compare as versions; one that is not a version sorts before every real one."""
    from packaging.version import InvalidVersion, Version

    try:
        return (1, Version(version), "")
    except InvalidVersion:
        return (0, Version("0"), version)


def usable_packages(found: list[InstalledPackage] | None = None, *, load: bool = False
                    ) -> tuple[list[InstalledPackage], list[tuple[InstalledPackage, str]]]:
    """The installed packages (or ``found``) that look whole, and the broken ones with the
    reason. With ``load``, each model is also loaded once (what ``models list`` does), so a
    damaged model.bin is found before a run needs it."""
    usable, broken = [], []
    for pkg in installed_packages() if found is None else found:
        problem = package_problem(pkg, load=load)
        if problem is None:
            usable.append(pkg)
        else:
            broken.append((pkg, problem))
    return usable, broken


def package_problem(package: InstalledPackage, *, load: bool = False) -> str | None:
    """Why a package cannot be used; None when it looks whole."""
    model_dir = package.path / "model"
    if not (model_dir / "model.bin").is_file():
        return "no model/model.bin"
    if model_vocabulary(model_dir) is None:
        return "no vocabulary file in model/"
    try:
        load_tokenizer(package.path, package.from_code, package.to_code)
    except ValueError as exc:
        return str(exc)
    if load:
        import ctranslate2

        try:
            ctranslate2.Translator(str(model_dir), device="cpu", inter_threads=1,
                                   intra_threads=1)
        except (RuntimeError, OSError, ValueError) as exc:
            return f"CTranslate2 cannot load the model: {str(exc).splitlines()[0]}"
    return None


def _metadata(path: Path) -> dict:
    try:
        return json.loads((path / "metadata.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def install_archive(archive: Path) -> Path:
    """Install a local ``.argosmodel`` file (what argospm does after downloading one)."""
    try:
        with zipfile.ZipFile(archive) as zf:
            names = zf.namelist()
            tops = {n.split("/", 1)[0] for n in names if n.strip("/")}
            if len(tops) != 1 or not any(n.endswith("metadata.json") for n in names):
                raise WorkflowError("not an Argos package (one top folder with metadata.json "
                                    "expected)", path=str(archive))
            for name in names:
                if name.startswith("/") or ".." in Path(name).parts:
                    raise WorkflowError(f"unsafe path in the archive: {name!r}",
                                        path=str(archive))
            target = packages_dir()
            destination = target / tops.pop()
            if destination.exists():
                raise WorkflowError("this package is already installed",
                                    path=str(destination),
                                    fix="remove the folder first to reinstall it")
            staging = target / f".installing-{os.getpid()}"
            zf.extractall(staging)
            (staging / destination.name).rename(destination)
            staging.rmdir()
            return destination
    except zipfile.BadZipFile:
        raise WorkflowError("not a zip archive", path=str(archive),
                            fix="an .argosmodel file is a zip made by argospm") from None
    except OSError as exc:
        raise WorkflowError(f"cannot install: {exc.strerror}", path=str(archive)) from None


class ArgosEngine:
    """One installed package, loaded once, translating whole batches of sentences."""

    def __init__(self, package: InstalledPackage, *, beam_size: int = 4,
                 max_batch_size: int = 32, max_decoding_length: int | None = None,
                 inter_threads: int | None = None, intra_threads: int | None = None) -> None:
        if package.test_model and os.environ.get(TEST_MODELS_ENV) != "1":
            raise WorkflowError("this is a test package built for the test suite, not a "
                                "translation model", path=str(package.path),
                                fix=f"install a real package, or set {TEST_MODELS_ENV}=1 "
                                "in tests")
        model_dir = package.path / "model"
        try:
            self.tokenizer = load_tokenizer(package.path, package.from_code, package.to_code)
        except ValueError as exc:
            raise WorkflowError(f"cannot load the package: {exc}", path=str(package.path),
                                fix="reinstall the package with argospm") from None
        import ctranslate2

        cores = usable_cores()
        # One translator replica per core, one thread each, batches in parallel: on two cores
        # that doubles throughput over one thread. inter x intra must never exceed the cores:
        # oversubscribing two cores makes CTranslate2 about ten times slower.
        inter_threads = inter_threads if inter_threads is not None else cores
        intra = intra_threads if intra_threads is not None else max(1, cores // inter_threads)
        try:
            self.translator = ctranslate2.Translator(str(model_dir), device="cpu",
                                                     inter_threads=inter_threads,
                                                     intra_threads=intra)
        except (RuntimeError, OSError, ValueError) as exc:
            raise WorkflowError(f"cannot load the model: {exc}", path=str(package.path),
                                fix="reinstall the package") from None
        self.package = package
        self.threads = (inter_threads, intra)
        # Copying a source word for <unk> makes CTranslate2 compute attention (about half the
        # time again). It is only safe to skip when no source piece can become <unk>: the
        # tokenizer has byte fallback *and* the model's vocabulary holds every one of its pieces
        # (an incomplete vocabulary turns the missing pieces into <unk>, whatever the tokenizer).
        vocabulary = set(model_vocabulary(model_dir) or ())
        self.replace_unknowns = not (self.tokenizer.byte_fallback
                                     and self.tokenizer.pieces <= vocabulary)
        self.from_code = package.from_code
        self.to_code = package.to_code
        self.beam_size = beam_size
        self.max_batch_size = max_batch_size
        self.max_decoding_length = max_decoding_length
        self._lock = threading.Lock()

    @property
    def provenance(self) -> str:
        test = " TEST MODEL" if self.package.test_model else ""
        return f"argos {self.package.code} {self.package.version}{test}".strip()

    def tokenize(self, sentences: Sequence[str]) -> list[list[str]]:
        return [self.tokenizer.encode(s) for s in sentences]

    def detokenize(self, pieces: Sequence[str]) -> tuple[str, int]:
        """The text, and how many <unk> pieces were left out of it."""
        prefix = self.package.target_prefix
        if prefix and pieces and pieces[0] == prefix:
            pieces = pieces[1:]
        text, dropped = self.tokenizer.decode(list(pieces))
        if prefix and text.startswith(prefix):
            text = text[len(prefix):]
        return text.strip(), dropped

    def hypothesis(self, pieces: Sequence[str], score: float, bound: int) -> Hypothesis:
        text, dropped = self.detokenize(pieces)
        return Hypothesis(text, float(score), truncated=len(pieces) >= bound, unknowns=dropped)

    def translate_batch(self, sentences: Sequence[str], *,
                        num_hypotheses: int = 1) -> list[list[Hypothesis]]:
        return self.translate_batch_checked(sentences, num_hypotheses=num_hypotheses)

    def submit(self, sentences: Sequence[str], *, num_hypotheses: int = 1) -> PendingBatch:
        """Start translating without waiting; CTranslate2 spreads the batch over its replicas."""
        tokens, bound, prefix = self._prepare(sentences)
        if not tokens:
            return PendingBatch(self, [], bound)
        results = self.translator.translate_batch(
            tokens, target_prefix=prefix, max_batch_size=self.max_batch_size,
            batch_type="examples", beam_size=max(self.beam_size, num_hypotheses),
            num_hypotheses=num_hypotheses, length_penalty=0.2,
            replace_unknowns=self.replace_unknowns, max_decoding_length=bound,
            return_scores=True, asynchronous=True)
        return PendingBatch(self, results, bound)

    def translate_tokens(self, sentences: Sequence[str], *, num_hypotheses: int = 1
                         ) -> list[list[tuple[list[str], float]]]:
        """Target pieces and scores per sentence, before detokenizing."""
        if not sentences:
            return []
        tokens, bound, prefix = self._prepare(sentences)
        self.last_bound = bound
        results = self.translator.translate_batch(
            tokens, target_prefix=prefix, max_batch_size=self.max_batch_size,
            batch_type="examples", beam_size=max(self.beam_size, num_hypotheses),
            num_hypotheses=num_hypotheses, length_penalty=0.2,
            replace_unknowns=self.replace_unknowns,
            max_decoding_length=bound, return_scores=True)
        return [[(list(h), float(score)) for h, score in zip(result.hypotheses, result.scores)]
                for result in results]

    def _prepare(self, sentences: Sequence[str]):
        tokens = self.tokenize(sentences)
        # CTranslate2's default bound (256 pieces, also Argos's) cuts long news sentences
        # short; by default the bound follows the longest input of the batch.
        bound = self.max_decoding_length or (
            min(1024, max(256, 2 * max(map(len, tokens)) + 16)) if tokens else 256)
        prefix = ([[self.package.target_prefix]] * len(tokens)
                  if self.package.target_prefix else None)
        return tokens, bound, prefix

    def translate_batch_checked(self, sentences: Sequence[str], *, num_hypotheses: int = 1
                                ) -> list[list[Hypothesis]]:
        """Like translate_batch, but a hypothesis that hit the length bound is marked."""
        out = []
        for result in self.translate_tokens(sentences, num_hypotheses=num_hypotheses):
            out.append([self.hypothesis(pieces, score, self.last_bound)
                        for pieces, score in result])
        return out


class PendingBatch:
    """A batch being translated; ``result()`` waits and returns hypotheses in input order."""

    def __init__(self, engine: ArgosEngine, results, bound: int) -> None:
        self.engine, self.results, self.bound = engine, results, bound

    def result(self) -> list[list[Hypothesis]]:
        out = []
        for pending in self.results:
            result = pending.result()
            out.append([self.engine.hypothesis(h, score, self.bound)
                        for h, score in zip(result.hypotheses, result.scores)])
        return out


def find_route(packages: Sequence[InstalledPackage], source: str, target: str
               ) -> list[InstalledPackage] | None:
    """A direct package, else a pivot through English; None when neither exists."""
    direct = [p for p in packages if p.from_code == source and p.to_code == target]
    if direct:
        return [direct[-1]]
    if "en" not in (source, target):
        first = [p for p in packages if p.from_code == source and p.to_code == "en"]
        second = [p for p in packages if p.from_code == "en" and p.to_code == target]
        if first and second:
            return [first[-1], second[-1]]
    return None


def install_command(source: str, target: str) -> str:
    if "en" in (source, target):
        return f"argospm install translate-{source}_{target}"
    return (f"argospm install translate-{source}_en translate-en_{target} (no direct "
            f"{source}->{target} package exists; we pivot through English)")


def argos_engine_factory(**options) -> EngineFactory:
    """Engines for language pairs from the installed Argos packages, each loaded once."""
    cache: dict[Path, ArgosEngine] = {}
    packages: list[InstalledPackage] | None = None
    broken: list[tuple[InstalledPackage, str]] = []

    def load(pkg: InstalledPackage) -> ArgosEngine:
        if pkg.path not in cache:
            cache[pkg.path] = ArgosEngine(pkg, **options)
        return cache[pkg.path]

    def factory(src: str, tgt: str):
        nonlocal packages, broken
        if packages is None:
            packages, broken = usable_packages()
        route = find_route(packages, src, tgt)
        if route is None:
            legs = {(src, tgt), (src, "en"), ("en", tgt)}
            why = [f"{pkg.code} {pkg.version}: {problem}" for pkg, problem in broken
                   if (pkg.from_code, pkg.to_code) in legs]
            if why:
                raise WorkflowError("; ".join(why), path=str(packages_dir()),
                                    fix="reinstall the package with argospm")
            return None
        if len(route) == 1:
            return load(route[0])
        return PivotEngine(load(route[0]), load(route[1]))

    return factory
