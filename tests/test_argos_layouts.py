"""Every layout of Argos package users install, run by argostranslate itself and by our engine.

The packages are built at test time (tests/argos_layouts.py): copy models, so the right output is
known exactly. The parity test runs argostranslate's own tokenizing, ``translate_batch`` and
detokenizing in a separate process (network blocked) and compares, sentence by sentence. Where
Argos is wrong, the difference is named below and asserted exactly, so a change on either side
shows up.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from tests.argos_layouts import LAYOUTS, build_layout, unpack
from workflow.engines.argos import (
    ArgosEngine,
    argos_engine_factory,
    find_route,
    package_problem,
    scan_packages,
    usable_packages,
    version_key,
)
from workflow.engines.base import Hypothesis, PivotEngine
from workflow.engines.tokenizers import artifacts

ROOT = Path(__file__).resolve().parent.parent

SENTENCES = [
    "The Agency held a seminar in Baku on 22 June 2021.",
    "Kamran Imanov spoke about quality control, trademarks and know-how.",
    "Агентство провело семинар в Баку 15,7% быстрее.",
    "Əqli Mülkiyyət Agentliyinin sədri çıxış edib.",
    "See https://copat.gov.az/en/news?id=42 for details.",
    "The file report_2021_final.pdf (2 MB) is online.",
]


def _argos_underscores(text: str) -> str:
    """Argos's SentencePiece decode turns every "_" into a space (tokenizer.py: .replace("_", " "))."""
    return text.replace("_", " ")


def _argos_prefix(prefix: str):
    """Argos removes the target prefix after that replacement, so "__ru__" never matches: the
    draft starts with " ru   " (its leading space is removed once)."""
    return lambda text: (prefix + " " + text).replace("_", " ")[1:]


@pytest.fixture(scope="module")
def layouts(tmp_path_factory, monkeypatch_module):
    """Every layout for en->ru, unpacked into a packages folder of their own."""
    from argostranslate import settings

    build = tmp_path_factory.mktemp("layouts-build")
    packages = tmp_path_factory.mktemp("layouts-packages")
    folders = {layout: unpack(build_layout(build, layout, "en", "ru"), packages)
               for layout in LAYOUTS}
    monkeypatch_module.setattr(settings, "package_dirs", [packages])
    monkeypatch_module.setattr(settings, "package_data_dir", packages)
    return packages, folders


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as mp:
        yield mp


@pytest.fixture(scope="module")
def argos_outputs(layouts, tmp_path_factory):
    """argostranslate's translations of SENTENCES with every installed layout (one process)."""
    packages, _ = layouts
    sentences = tmp_path_factory.mktemp("parity") / "sentences.json"
    sentences.write_text(json.dumps(SENTENCES, ensure_ascii=False), encoding="utf-8")
    home = tmp_path_factory.mktemp("argos-home")
    env = {**os.environ, "ARGOS_PACKAGES_DIR": str(packages), "HOME": str(home),
           "XDG_DATA_HOME": str(home / "data"), "XDG_CACHE_HOME": str(home / "cache"),
           "XDG_CONFIG_HOME": str(home / "config"), "ARGOS_DEVICE_TYPE": "cpu"}
    done = subprocess.run([sys.executable, str(ROOT / "tests" / "argos_parity.py"),
                           str(sentences)], capture_output=True, text=True, env=env,
                          timeout=600, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


def _ours(folder: Path) -> list[str]:
    package = next(p for p in scan_packages()[0] if p.path == folder)
    engine = ArgosEngine(package)
    return [hyps[0].text for hyps in engine.translate_batch(SENTENCES)]


def _expected_copy(layout: str, sentence: str) -> str:
    """What a copy model must return, seen through the layout's tokenizer."""
    if layout in ("argos-train",):
        return " ".join(unicodedata.normalize("NFKC", sentence).split())
    return sentence


# Argos's output, derived from ours by Argos's documented defects (none: identical).
ARGOS_DEFECTS = {
    "current": _argos_underscores,
    "argos-train": _argos_underscores,
    "ct2-v2": _argos_underscores,
    "byte-fallback-gaps": _argos_underscores,
    "opus-joint": _argos_underscores,
    "opus-separate": _argos_underscores,
    "bpe": lambda text: text,  # the same Moses + subword-nmt code on both sides
    "target-prefix": _argos_prefix("__ru__"),
}


@pytest.mark.parametrize("layout", [name for name in LAYOUTS if name != "multilingual"])
def test_parity_with_argostranslate(layouts, argos_outputs, layout):
    _, folders = layouts
    ours = _ours(folders[layout])
    argos = argos_outputs[folders[layout].name]
    assert isinstance(argos, list), argos
    assert [ARGOS_DEFECTS[layout](text) for text in ours] == argos
    for text in ours:
        assert artifacts(text) == [], (layout, text)


@pytest.mark.parametrize("layout", ["current", "argos-train", "byte-fallback-gaps",
                                    "target-prefix"])
def test_copy_layouts_give_the_source_back(layouts, layout):
    _, folders = layouts
    assert _ours(folders[layout]) == [_expected_copy(layout, s) for s in SENTENCES]


def test_bpe_round_trips_through_moses(layouts):
    """BPE packages: Moses tokenisation and detokenisation, subword-nmt joiners removed."""
    _, folders = layouts
    ours = _ours(folders["bpe"])
    assert ours[:4] == SENTENCES[:4]
    assert all("@@" not in text for text in ours)


def test_opus_port_never_leaves_word_marks(layouts):
    """Target pieces the source SentencePiece model does not know: before, '▁Тхе▁Агенцы...'."""
    _, folders = layouts
    for layout in ("opus-joint", "opus-separate"):
        for text in _ours(folders[layout]):
            assert "▁" not in text
    # pieces whose transliteration was already a piece of the model stay Latin ("B", "u")
    assert _ours(folders["opus-separate"])[0] == "Тхе Агенцы хелд а семинар ин Bакu он 22 Йуне 2021."


def test_incomplete_vocabulary_copies_source_words(layouts):
    """Byte fallback does not mean no <unk>: pieces missing from the model's vocabulary are
    <unk> to it. Before: 'Kamran  ⁇  ⁇ manov spoke  ⁇  ⁇  ⁇ .'"""
    _, folders = layouts
    package = next(p for p in scan_packages()[0] if p.path == folders["byte-fallback-gaps"])
    engine = ArgosEngine(package)
    assert engine.replace_unknowns
    assert engine.translate_batch([SENTENCES[1]])[0][0].text == SENTENCES[1]
    current = ArgosEngine(next(p for p in scan_packages()[0] if p.path == folders["current"]))
    assert not current.replace_unknowns  # complete vocabulary + byte fallback: no <unk> possible


def test_package_without_codes_is_skipped_with_a_note(layouts):
    _, folders = layouts
    found, skipped = scan_packages()
    assert folders["multilingual"] not in [p.path for p in found]
    assert (folders["multilingual"], "metadata.json has no from_code/to_code (a multilingual "
            "package for 2 languages)") in skipped


def test_unreadable_folders_are_skipped_not_fatal(layouts):
    packages, _ = layouts
    half = packages / "translate-xx_yy-half-extracted"
    half.mkdir()
    bad = packages / "translate-xx_zz-bad-json"
    bad.mkdir()
    (bad / "metadata.json").write_text("{not json", encoding="utf-8")
    try:
        found, skipped = scan_packages()
        reasons = dict(skipped)
        assert "no metadata.json" in reasons[half]
        assert "unreadable metadata.json" in reasons[bad]
        assert len(found) == len(LAYOUTS) - 1
    finally:
        half.rmdir()
        (bad / "metadata.json").unlink()
        bad.rmdir()


def test_versions_compare_as_versions():
    assert version_key("1.10") > version_key("1.9") > version_key("1.0.1")
    assert version_key("not-a-version") < version_key("0.0.1")


def test_newest_version_of_a_pair_is_used(tmp_path, monkeypatch):
    from argostranslate import settings

    packages = tmp_path / "packages"
    packages.mkdir()
    for version, layout in (("1.9", "current"), ("1.10", "opus-separate")):
        unpack(build_layout(tmp_path / "build", layout, "en", "az", version=version), packages)
    monkeypatch.setattr(settings, "package_dirs", [packages])
    route = find_route(scan_packages()[0], "en", "az")
    assert route is not None and route[0].version == "1.10"
    engine = argos_engine_factory()("en", "az")
    assert engine is not None
    assert engine.translate_batch(["The Agency"])[0][0].text == "Тхе Агенцы"


class _Scripted:
    """A deterministic engine for the pivot's arithmetic (the real legs are tested above)."""

    def __init__(self, src, tgt, table):
        self.from_code, self.to_code, self.table = src, tgt, table
        self.provenance = f"scripted {src}-{tgt}"

    def translate_batch(self, sentences, *, num_hypotheses=1):
        return [self.table[s][:num_hypotheses] for s in sentences]


def test_pivot_rescores_over_both_legs():
    """The first leg's second-best reading wins when it translates much better."""
    first = _Scripted("az", "en", {"x": [Hypothesis("A", -0.1), Hypothesis("B", -0.3)]})
    second = _Scripted("en", "ru", {"A": [Hypothesis("ra", -2.0), Hypothesis("rb", -2.5)],
                                    "B": [Hypothesis("rb", -0.2), Hypothesis("rc", -0.4)]})
    [hyps] = PivotEngine(first, second).translate_batch(["x"], num_hypotheses=3)
    assert [(h.text, round(h.score, 2)) for h in hyps] == [("rb", -0.5), ("rc", -0.7), ("ra", -2.1)]
    [one] = PivotEngine(first, second, middle=1).translate_batch(["x"], num_hypotheses=1)
    assert [(h.text, round(h.score, 2)) for h in one] == [("ra", -2.1)]


def test_real_pivot_through_two_layouts(tmp_path, monkeypatch):
    """az->en (argos-train layout) then en->ru (current): the copy comes through both legs."""
    from argostranslate import settings

    packages = tmp_path / "packages"
    packages.mkdir()
    unpack(build_layout(tmp_path / "b", "argos-train", "az", "en"), packages)
    unpack(build_layout(tmp_path / "b", "current", "en", "ru"), packages)
    monkeypatch.setattr(settings, "package_dirs", [packages])
    engine = argos_engine_factory()("az", "ru")
    assert isinstance(engine, PivotEngine)
    [hyps] = engine.translate_batch(["Agentlik seminar keçirib."], num_hypotheses=2)
    assert hyps[0].text == "Agentlik seminar keçirib."
    assert hyps[0].score == max(h.score for h in hyps)


def test_broken_model_is_named(tmp_path, monkeypatch):
    from argostranslate import settings

    packages = tmp_path / "packages"
    packages.mkdir()
    folder = unpack(build_layout(tmp_path / "b", "current", "en", "ru"), packages)
    model = folder / "model" / "model.bin"
    model.write_bytes(model.read_bytes()[: model.stat().st_size // 2])
    monkeypatch.setattr(settings, "package_dirs", [packages])
    [package] = scan_packages()[0]
    assert package_problem(package) is None                    # the files are there...
    assert "CTranslate2 cannot load" in package_problem(package, load=True)  # ...but damaged
    (folder / "sentencepiece.model").unlink()
    assert usable_packages()[1] == [(package, "no sentencepiece.model or bpe.model in the package")]


def test_mixed_installation_drafts_every_servable_pair(project, tmp_path):
    """One BPE package, one broken, two good ones: every pair that can be served gets drafts,
    the others are named, and the exit status says something needs fixing."""
    packages = tmp_path / "packages"
    packages.mkdir()
    build = tmp_path / "build"
    unpack(build_layout(build, "current", "en", "az"), packages)
    unpack(build_layout(build, "argos-train", "az", "en"), packages)
    unpack(build_layout(build, "bpe", "en", "ru"), packages)
    broken = unpack(build_layout(build, "current", "ru", "en"), packages)
    model = broken / "model" / "model.bin"
    model.write_bytes(model.read_bytes()[:4096])
    env = {**os.environ, "ARGOS_PACKAGES_DIR": str(packages)}

    def l10n(*args):
        return subprocess.run([sys.executable, "-m", "workflow", *args], cwd=project, env=env,
                              capture_output=True, text=True, timeout=600, check=False)

    assert l10n("extract").returncode == 0
    listed = l10n("models", "list")
    assert listed.returncode == 0, listed.stderr
    assert "translate-ru_en" in listed.stdout and "BROKEN: CTranslate2 cannot load" in listed.stdout
    assert "ru->en: translate-ru_en 1.0 is broken" in listed.stdout
    assert "ru->az: translate-ru_en 1.0 is broken" in listed.stdout  # its pivot's first leg
    assert "en->ru: translate-en_ru 1.0" in listed.stdout          # the BPE package serves

    done = l10n("pretranslate")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "broken model for ru->en" in done.stdout and "broken model for ru->az" in done.stdout
    assert "Traceback" not in done.stderr
    drafted = {path.parent.parent.name + "/" + path.stem: path.read_text(encoding="utf-8")
               for path in (project / "locales").glob("*/LC_MESSAGES/*.po")}
    by_pair = {("en", "az"): "translate-en_az", ("en", "ru"): "translate-en_ru",
               ("az", "en"): "translate-az_en", ("az", "ru"): "translate-az_en"}
    sources = {p.stem: p.parent.name for p in (project / "source").glob("*/*.*")}
    for key, text in drafted.items():
        lang, doc = key.split("/")
        pair = (sources[doc], lang)
        if pair in by_pair:
            assert f"mt: argos {by_pair[pair]}" in text, key
        else:  # ru->en and ru->az: no MT drafts from the broken package
            assert "mt: argos" not in text, key
