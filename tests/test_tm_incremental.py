"""The translation memory follows the catalogs file by file, and its fuzzy lookups, which score
only the entries that share a query's rarest words, find what scoring every entry finds."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from rapidfuzz import fuzz, process

from workflow.pretranslate import job
from workflow.pretranslate.job import (
    TM_DATABASE,
    catalog_tm_entries,
    imported_tm_entries,
    open_tm,
)
from workflow.pretranslate.memory import TMEntry, TranslationMemory
from workflow.project import Project

from .conftest import copy_sample_project

NTREX = Path(__file__).resolve().parents[2] / "shared" / "testdata" / "ntrex_dev"


def _rebuilt(project: Project) -> list[TMEntry]:
    tm = TranslationMemory()
    tm.rebuild(catalog_tm_entries(project) + imported_tm_entries(project))
    return tm.entries()


def test_the_memory_rereads_only_the_catalogs_that_changed(tmp_path, monkeypatch):
    root = copy_sample_project(tmp_path / "p")
    project = Project.open(root)
    read: list[str] = []
    real = job._catalog_entries
    monkeypatch.setattr(job, "_catalog_entries",
                        lambda catalog, path: read.append(path.name) or real(catalog, path))
    tm = open_tm(project)
    first = tm.entries()
    tm.close()
    catalogs = sorted(root.glob("locales/*/LC_MESSAGES/*.po"))
    assert len(read) == len(catalogs) and first == _rebuilt(project)

    read.clear()
    tm = open_tm(project)               # nothing changed: nothing is read
    assert read == [] and tm.entries() == first
    tm.close()

    po = root / "locales/ru/LC_MESSAGES/wipo-dg-meets-ip-heads-imanov-speech.po"
    text = po.read_text(encoding="utf-8")
    po.write_text(text.replace("22 июня 2021", "23 июня 2021", 1), encoding="utf-8")
    tm = open_tm(project)
    assert read == [po.name]
    assert tm.entries() == _rebuilt(project) != first
    tm.close()

    read.clear()
    po.unlink()                         # a deleted catalog leaves the memory
    tm = open_tm(project)
    assert read == [] and tm.entries() == _rebuilt(project)
    assert not any(e.origin == po.stem and e.tgt_lang == "ru" for e in tm.entries())
    tm.close()


def test_a_corrupt_memory_is_rebuilt_with_a_note(tmp_path, capsys):
    root = copy_sample_project(tmp_path / "p")
    project = Project.open(root)
    open_tm(project).close()
    (root / TM_DATABASE).write_bytes(b"SQLite format 3\0garbage" * 10)
    tm = open_tm(project)
    assert "not a memory this version can read" in capsys.readouterr().err
    assert tm.entries() == _rebuilt(project)
    tm.close()


def _ntrex_pairs() -> list[tuple[str, str]]:
    found: dict[str, str] = {}
    for line in (NTREX / "documents.jsonl").read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        for en, ru in zip(doc["en"], doc["ru"]):
            if en.strip():
                found.setdefault(en.strip(), ru.strip())
    return list(found.items())


@pytest.mark.skipif(not NTREX.is_dir(), reason="needs ../shared/testdata/ntrex_dev")
@pytest.mark.parametrize("size", [970, 8000])
def test_fuzzy_lookups_agree_with_scoring_every_entry(size):
    """Real news sentences (NTREX-128, en-ru), and pairs of them joined: each sentence is in
    many entries, so rare words alone do not single out the best one."""
    rng = random.Random(size)
    base = _ntrex_pairs()
    memory = dict(base)
    while len(memory) < size:
        (a, x), (b, y) = rng.sample(base, 2)
        memory[f"{a} {b}"] = f"{x} {y}"
    tm = TranslationMemory()
    tm.rebuild(TMEntry("en", "ru", en, ru, "ntrex") for en, ru in memory.items())
    sources = [s for s in memory if len(s.split()) > 3]
    every = tm._pair("en", "ru").sources
    for _ in range(150):
        words = rng.choice(sources).split()
        i = rng.randrange(len(words))
        words[i:i + 1] = rng.choice(([], ["also"], [words[i], "now"], ["former"]))
        query = " ".join(words)
        ours = tm.fuzzy("en", "ru", query, threshold=75)
        full = process.extractOne(query, every, scorer=fuzz.ratio, score_cutoff=75)
        assert (ours.score if ours else None) == (full[1] if full else None), query
        if ours and full:
            assert ours.entry.source == full[0] or fuzz.ratio(query, ours.entry.source) == full[1]
    tm.close()
