"""Aligning what the newsroom already published (issue 21): the aligner on professional news
translations (NTREX-128 dev, en/ru/az), and ``l10n align`` end to end."""

from __future__ import annotations

import io
import json
import shutil
from dataclasses import replace
from pathlib import Path

import lxml.etree
import pytest

from tests.conftest import REPO, TESTDATA, msgfmt_check, needs_shared, run_l10n
from workflow.align.beads import align, looks_aligned
from workflow.formats.po import parse_po
from workflow.formats.po_write import format_po
from workflow.formats.tmx import read_tmx

NTREX = TESTDATA / "ntrex_dev" / "documents.jsonl"
pytestmark = needs_shared()


def _docs() -> list[dict]:
    return [json.loads(line) for line in NTREX.read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize("src,tgt", [("en", "ru"), ("en", "az"), ("ru", "az"), ("az", "en")])
def test_beads_recover_omissions_additions_and_merges(src, tgt):
    """One news story (Reuters, the Palu tsunami), edited as a newsroom would: a line with a
    figure left out of the translation, an added line, two lines merged into one sentence. The
    aligner recovers each bead, in every direction."""
    doc = next(d for d in _docs() if d["doc_id"] == "reuters.218863")
    source = doc[src][:12]
    lines = list(doc[tgt][:12])
    merged = lines[4].rstrip()[:-1] + "; " + lines[5][:1].lower() + lines[5][1:]
    target = lines[:3] + [merged] + lines[6:9] + [
        "Редакция: материал подготовлен по сообщениям агентств."] + lines[9:]
    beads = align(source, target, src_lang=src, tgt_lang=tgt)
    pairs = [(b.source, b.target) for b in beads]
    assert ((3,), ()) in pairs                      # "The tsunami followed a 7.5 magnitude ..."
    assert ((4, 5), (3,)) in pairs                  # two lines translated as one
    assert ((), (7,)) in pairs                      # added by the translator
    assert ((0,), (0,)) in pairs and ((11,), (10,)) in pairs
    assert all(0.0 <= b.score <= 1.0 for b in beads)


def test_another_articles_translation_is_not_taken_for_this_ones():
    docs = [d for d in _docs() if len(d["en"]) >= 10]
    source, own, other = docs[0]["en"], docs[0]["ru"], docs[1]["ru"]
    good = align(source, own, src_lang="en", tgt_lang="ru")
    assert looks_aligned(source, own, good, src_lang="en", tgt_lang="ru")[0]
    wrong = align(source, other, src_lang="en", tgt_lang="ru")
    assert not looks_aligned(source, other, wrong, src_lang="en", tgt_lang="ru")[0]


@pytest.fixture
def published(tmp_path: Path) -> Path:
    """An English article and its published Russian and Azerbaijani versions, as text files in
    folders named by language (paragraphs differ between the versions)."""
    doc = next(d for d in _docs() if len(d["en"]) >= 12)
    for lang, sizes in (("en", (3, 4, 5)), ("ru", (2, 5, 5)), ("az", (4, 4, 4))):
        lines = doc[lang][:12]
        paragraphs, start = [], 0
        for size in sizes:
            paragraphs.append(" ".join(lines[start:start + size]))
            start += size
        (tmp_path / lang).mkdir()
        (tmp_path / lang / "story.txt").write_text("\n\n".join(paragraphs) + "\n",
                                                   encoding="utf-8")
    return tmp_path


def test_jsonl_lists_every_pair_in_document_order(published):
    result = run_l10n("align", "en/story.txt", "ru/story.txt", cwd=published)
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert set(rows[0]) == {"source", "target", "score", "source_lines", "target_lines"}
    lines = [r["source_lines"][0] for r in rows if r["source_lines"]]
    assert lines == sorted(lines) and rows[0]["source_lines"] == [1]
    source = (published / "en/story.txt").read_text()
    assert all(r["source"] in " ".join(source.split()) for r in rows if r["source"])


def test_tmx_is_valid_and_feeds_the_memory(published, tmp_path, cli):
    out = published / "story.tmx"
    result = run_l10n("align", "en/story.txt", "az/story.txt", "--format", "tmx", "-o",
                      str(out), cwd=published)
    assert result.returncode == 0, result.stderr
    dtd = lxml.etree.DTD(str(REPO / "workflow/schemas/tmx14.dtd"))
    assert dtd.validate(lxml.etree.parse(str(out)))
    units = read_tmx(io.BytesIO(out.read_bytes()))
    one_to_one = [u for u in units if u.text("en") and u.text("az")]
    assert len(one_to_one) >= 8
    # a new article that reuses two aligned sentences gets them from memory, exactly
    project = tmp_path / "newsroom"
    project.mkdir()
    for name in ("l10n.toml", "glossary.csv"):
        shutil.copy(REPO / name, project / name)
    (project / "source/en").mkdir(parents=True)
    reused = [u.text("en") for u in one_to_one[:2]]
    (project / "source/en/followup.txt").write_text("Follow-up\n\n" + " ".join(reused) + "\n")
    assert cli("tm", "import", str(out), cwd=project).code == 0
    assert cli("extract", cwd=project).code == 0
    assert cli("pretranslate", "--no-mt", "--lang", "az", cwd=project).code == 0
    catalog = parse_po((project / "locales/az/LC_MESSAGES/followup.po").read_text())
    drafted = {u.msgid: u.msgstr for u in catalog.active if u.msgstr}
    for unit in one_to_one[:2]:
        assert drafted.get(unit.text("en")) == unit.text("az")


def test_po_output_is_a_catalog_of_drafts(published):
    out = published / "story.po"
    result = run_l10n("align", "en/story.txt", "ru/story.txt", "--format", "po", "-o", str(out),
                      cwd=published)
    assert result.returncode == 0, result.stderr
    assert msgfmt_check(out).returncode == 0
    catalog = parse_po(out.read_text())
    drafts = [u for u in catalog.active if u.msgstr]
    assert len(drafts) >= 8 and all(u.fuzzy for u in drafts)
    assert all(any(c.startswith("tm: aligned ") for c in u.translator_comments) for u in drafts)
    assert catalog.header_value("Language") == "ru"


def test_into_fills_only_empty_units(published, tmp_path, cli):
    project = tmp_path / "desk"
    (project / "source/en").mkdir(parents=True)
    for name in ("l10n.toml", "glossary.csv"):
        shutil.copy(REPO / name, project / name)
    shutil.copy(published / "en/story.txt", project / "source/en/story.txt")
    assert cli("extract", cwd=project).code == 0
    po = project / "locales/ru/LC_MESSAGES/story.po"
    catalog = parse_po(po.read_text())
    units = (replace(catalog.units[0], msgstr="Перевод редактора."), *catalog.units[1:])
    po.write_text(format_po(replace(catalog, units=units)))
    assert parse_po(po.read_text()).active[0].msgstr == "Перевод редактора."
    result = cli("align", "--into", "story", str(published / "ru/story.txt"), cwd=project)
    assert result.code == 0, result.err
    catalog = parse_po(po.read_text())
    assert catalog.active[0].msgstr == "Перевод редактора." and not catalog.active[0].fuzzy
    filled = [u for u in catalog.active[1:] if u.msgstr]
    assert len(filled) >= 8 and all(u.fuzzy for u in filled)


@pytest.mark.parametrize("args,words", [
    (("en/story.txt", "en/story.txt"), "both documents are in 'en'"),
    (("en/story.txt", "ru/empty.txt"), "no sentences to align"),
    (("en/story.txt", "ru/other.txt"), "do not look like one article"),
    (("en/story.txt", "ru/story.txt", "--to", "tr"), "'ru' folder"),
    (("en/story.txt", "xx/story.txt"), "language is unknown"),
])
def test_bad_input_is_one_line_and_writes_nothing(published, args, words):
    (published / "ru/empty.txt").write_text("\n")
    other = next(d for d in _docs()[5:] if len(d["ru"]) >= 12)
    (published / "ru/other.txt").write_text("\n\n".join(other["ru"][:12]) + "\n")
    (published / "xx").mkdir()
    shutil.copy(published / "ru/story.txt", published / "xx/story.txt")
    before = sorted(p.name for p in published.rglob("*"))
    result = run_l10n("align", *args, "-o", "out.jsonl", cwd=published)
    assert result.returncode == 1 and words in result.stderr, result.stderr
    assert len(result.stderr.splitlines()) == 1 and result.stderr.startswith("error: ")
    assert sorted(p.name for p in published.rglob("*")) == before


def test_force_aligns_even_what_looks_wrong(published):
    other = next(d for d in _docs()[5:] if len(d["ru"]) >= 12)
    (published / "ru/other.txt").write_text("\n\n".join(other["ru"][:12]) + "\n")
    result = run_l10n("align", "--force", "en/story.txt", "ru/other.txt", cwd=published)
    assert result.returncode == 0 and result.stdout
