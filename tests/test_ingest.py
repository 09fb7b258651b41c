"""Ingest: titles, paragraphs and chrome, for text, Markdown and HTML."""

from __future__ import annotations

import re

import pytest

from workflow.errors import WorkflowError
from workflow.formats.source import decode_source
from workflow.ingest import ChromeRules, ingest
from workflow.model import BlockKind

from .conftest import REPO

SEED_WIPO = REPO / "source/en/wipo-dg-meets-ip-heads-imanov-speech.txt"
SEED_KZ = REPO / "source/en/kazakhstan-anti-counterfeiting-forum-2021.txt"
RULES = ChromeRules(drop=(("subscribe-call", re.compile(r"(?i)^(stay updated\b.*\bsubscribe\b|"
                                                        r"подписывайтесь\b)")),))


def _read(path, kind="text", lang="en", rules=RULES):
    return ingest(path.read_text(encoding="utf-8"), path=path.name, kind=kind, lang=lang,
                  rules=rules).document


def test_seed_chrome_is_dropped_and_reported_by_rule_and_line():
    doc = _read(SEED_WIPO)
    assert [(d.line, d.rule) for d in doc.dropped] == [
        (1, "contact-line"), (4, "repeated-title"), (32, "link-soup")]
    assert doc.title.text.startswith("Chairman of the Board") and doc.title.line == 2
    assert all("Çağrı" not in b.text for b in doc.blocks)


def test_project_rules_drop_the_subscribe_line():
    doc = _read(SEED_KZ)
    assert [(d.line, d.rule) for d in doc.dropped] == [(21, "subscribe-call")]
    assert doc.blocks[-1].text.startswith("The Forum participants")


def test_turning_a_rule_off_keeps_the_text():
    doc = _read(SEED_WIPO, rules=ChromeRules(contact_line=False, repeated_title=False))
    assert doc.title.text.startswith("Çağrı Mərkəzi: 960")
    assert [d.rule for d in doc.dropped] == ["link-soup"]


def test_body_text_is_never_dropped_silently():
    text = SEED_WIPO.read_text(encoding="utf-8")
    doc = _read(SEED_WIPO)
    kept = " ".join(b.text for b in doc.blocks) + " " + " ".join(d.text for d in doc.dropped)
    for line in text.splitlines():
        assert " ".join(line.split()) in kept


def test_markdown_blocks_keep_inline_markup_and_know_their_lines():
    text = ("---\nlang: ru\n---\n# Заголовок\n\nПервый абзац со **словом** и\n[ссылкой](https://"
            "x.org).\n\n## Подзаголовок\n\n- пункт один\n- пункт два\n\n```\ncode\n```\n")
    result = ingest(text, path="a.md", kind="markdown", lang=None)
    doc = result.document
    assert doc.lang == "ru"
    assert [(b.kind, b.line) for b in doc.blocks] == [
        (BlockKind.TITLE, 4), (BlockKind.PARAGRAPH, 6), (BlockKind.HEADING, 9),
        (BlockKind.LIST_ITEM, 11), (BlockKind.LIST_ITEM, 12)]
    # inline syntax becomes codes; each remembers the source's syntax and the link its URL
    assert doc.blocks[1].text == "Первый абзац со <strong1>словом</strong1> и <a2>ссылкой</a2>."
    strong, link = doc.blocks[1].codes
    assert (strong.tag, strong.markup) == ("strong", ("**", "**"))
    assert (link.tag, link.attr("href"), link.markup) == ("a", "https://x.org",
                                                          ("[", "](https://x.org)"))
    assert [d.rule for d in doc.dropped] == ["markdown-fence"]


def test_front_matter_that_contradicts_the_folder_is_an_error():
    with pytest.raises(WorkflowError, match="front matter says lang: ru"):
        ingest("---\nlang: ru\n---\nText.\n", path="a.txt", kind="text", lang="en")


def test_html_article_chrome_by_tag_and_title_from_h1():
    html = """<!DOCTYPE html><html lang="az"><head><title>Site | Title</title></head><body>
<header><nav><a href="/">Əsas səhifə</a> <a href="/x">Xəbərlər</a></nav></header>
<article><h1>Başlıq</h1>
<p>Birinci <strong>abzas</strong> burada.</p>
<ul><li>bir</li><li>iki</li></ul></article>
<footer>© 2023 Agentlik</footer><script>var x = 1;</script></body></html>"""
    result = ingest(html, path="a.html", kind="html", lang="az")
    doc = result.document
    assert result.declared_lang == "az"
    assert [(b.kind, b.text) for b in doc.blocks] == [
        (BlockKind.TITLE, "Başlıq"), (BlockKind.PARAGRAPH, "Birinci <strong1>abzas</strong1> burada."),
        (BlockKind.LIST_ITEM, "bir"), (BlockKind.LIST_ITEM, "iki")]
    assert [d.rule for d in doc.dropped] == ["html-header", "html-footer", "html-script"]


def test_deeply_nested_html_is_refused_clearly():
    html = "<div>" * 2000 + "text" + "</div>" * 2000
    with pytest.raises(WorkflowError, match="nested"):
        ingest(html, path="deep.html", kind="html", lang="en")


@pytest.mark.parametrize("data, line", [
    (b"Title\n\nBody \xff\xfe text.\n", 3),
    (b"ok\n\x00\x01binary", 2),
], ids=["cp1251-bytes", "binary"])
def test_undecodable_sources_name_their_line(data, line):
    with pytest.raises(WorkflowError) as info:
        decode_source(data)
    assert info.value.line == line


def test_a_bom_is_not_text():
    assert decode_source("\ufeffTitle".encode("utf-8")) == "Title"
