"""Opt-in: the real Argos packages installed on this machine (L10N_REAL_MODELS=1; skipped otherwise).

    L10N_REAL_MODELS=1 python -m pytest -q tests/test_real_models.py -s

For each of en->az, az->en, en->ru, ru->en that is installed (``argospm install translate-en_az``
...; the folder is the user's own, or L10N_REAL_MODELS_DIR), the sample articles' sentences in the
source language are translated by our engine. Every draft must be free of tokenizer artifacts,
keep the source's numbers, dates and URLs (after the repair pretranslate does), and the share of
glossary terms of the source that the draft uses in some allowed form is printed per pair.
Nothing is downloaded: a pair that is not installed is skipped.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from workflow.engines.argos import ArgosEngine, installed_packages
from workflow.engines.tokenizers import artifacts
from workflow.formats.glossary_csv import read_glossary
from workflow.pretranslate.drafts import GlossaryGuide, translate_all
from workflow.protect import kept, protected_values

from .conftest import DATA, REPO, USER_ENV

pytestmark = pytest.mark.skipif(os.environ.get("L10N_REAL_MODELS") != "1",
                                reason="real Argos models: set L10N_REAL_MODELS=1 to run")

PAIRS = [("en", "az"), ("az", "en"), ("en", "ru"), ("ru", "en")]


def _user_package_dirs() -> list[Path]:
    if os.environ.get("L10N_REAL_MODELS_DIR"):
        return [Path(os.environ["L10N_REAL_MODELS_DIR"])]
    data = Path(USER_ENV.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    found = [Path(USER_ENV["ARGOS_PACKAGES_DIR"])] if USER_ENV.get("ARGOS_PACKAGES_DIR") else []
    return found + [data / "argos-translate" / "packages", Path.home() / ".argos-translate" /
                    "local" / "share" / "packages"]


def _sentences(lang: str) -> list[str]:
    gold = json.loads((DATA / "samples" / "gold.json").read_text(encoding="utf-8"))
    found = [s for path, blocks in gold.items() for b in blocks for s in b["sentences"]
             if (f"/{lang}/" in path) or (lang == "en" and path.startswith("seeds/"))]
    return found[:40]


@pytest.mark.parametrize("pair", PAIRS, ids=lambda p: f"{p[0]}-{p[1]}")
def test_real_package(pair, monkeypatch):
    from argostranslate import settings

    src, tgt = pair
    monkeypatch.setattr(settings, "package_dirs", [d for d in _user_package_dirs() if d.is_dir()])
    packages = [p for p in installed_packages() if (p.from_code, p.to_code) == pair
                and not p.test_model]
    if not packages:
        pytest.skip(f"translate-{src}_{tgt} is not installed (argospm install translate-{src}_{tgt})")
    engine = ArgosEngine(packages[-1])
    glossary = read_glossary((REPO / "glossary.csv").read_text(encoding="utf-8"))
    guide = GlossaryGuide(glossary, src, tgt)
    sentences = _sentences(src)
    drafts = translate_all(engine, sentences, guide=guide)
    expected = used = 0
    problems = []
    for source, draft in zip(sentences, drafts):
        leftovers = artifacts(draft.msgstr)
        if leftovers:
            problems.append(f"artifacts {leftovers}: {draft.msgstr!r}")
        values = protected_values(source, guide.dnt_forms)
        if kept(draft.msgstr, values) != len(values):
            problems.append(f"lost a number/URL of {source!r}: {draft.msgstr!r}")
        terms = guide.expected_terms(source)
        expected += len(terms)
        used += len(set(terms) & guide.used_terms(draft.msgstr))
    share = used / expected if expected else 1.0
    print(f"\n{engine.provenance}: {len(sentences)} sentences, glossary terms used "
          f"{used}/{expected} ({share:.0%}), problems {len(problems)}")
    assert not problems, "\n".join(problems)
