"""Inline codes through extract, checks, export and XLIFF, on real pages and the sample articles.

The identity round trips run on real public pages (tests/data/inline/SOURCE.md says where each
comes from) and on the sample articles: extract, fill every translation with its source text,
export; the exported article must be the source's, element for element and attribute for
attribute (whitespace normalised)."""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import replace
from pathlib import Path

import lxml.html
import pytest
from markdown_it import MarkdownIt

from workflow import inline
from workflow.formats.html import DEFAULT_DROP_TAGS, parse_page
from workflow.formats.po import parse_po
from workflow.formats.po_write import format_po
from workflow.formats.source import split_front_matter

from .conftest import REPO

INLINE = REPO / "tests/data/inline"
# ours/: pages written for this project (committed); html/ and md/: real public pages, kept out
# of the repository (see SOURCE.md) and tested when present.
HTML_PAGES = sorted(INLINE.glob("*/*/*.html")) + sorted((REPO / "source").glob("*/*.html"))
MD_PAGES = sorted(INLINE.glob("*/*/*.md")) + sorted((REPO / "source").glob("*/*.md"))
CONFIG = """[project]
name = "t"
languages = ["az", "ru", "en"]
[chrome]
repeated_title = false
link_soup = false
contact_line = false
[check]
disable = ["wrong-language", "untranslated", "glossary-missing", "glossary-forbidden",
           "names", "az-letters"]
"""




# ---------------------------------------------------------------------------------------------
# Identity round trips on real pages

def _project(tmp_path: Path, page: Path) -> tuple[Path, str]:
    lang = page.parent.name
    root = tmp_path / "p"
    (root / "source" / lang).mkdir(parents=True)
    shutil.copy(page, root / "source" / lang / page.name)
    (root / "l10n.toml").write_text(CONFIG)
    return root, lang


def _identity(cli, root: Path, fmt: str) -> None:
    assert cli("extract", cwd=root).code == 0
    for po in root.glob("locales/*/LC_MESSAGES/*.po"):
        catalog = parse_po(po.read_text())
        po.write_text(format_po(replace(catalog, units=tuple(
            replace(u, msgstr=u.msgid).with_flag("fuzzy", False) for u in catalog.units))))
    result = cli("export", "--format", fmt, cwd=root)
    assert result.code == 0 and " 0 held back" in result.out, result.out + result.err


def _signature(element) -> list:
    """Elements, attributes and text, whitespace normalised (no-break spaces are text)."""
    def norm(text):
        return re.sub(r"[ \t\n\r\f]+", " ", text or "").strip(" \t\n\r\f")
    out = [element.tag, sorted(element.attrib.items()), norm(element.text)]
    for child in element:
        if isinstance(child.tag, str):
            out.append(_signature(child))
        if norm(child.tail):
            out.append(norm(child.tail))
    return out


@pytest.mark.parametrize("page", HTML_PAGES, ids=lambda p: f"{p.parent.parent.name}/{p.parent.name}/{p.name}")
def test_html_identity_round_trip(cli, tmp_path, page):
    root, lang = _project(tmp_path, page)
    _identity(cli, root, "html")
    _, source, _ = parse_page(page.read_bytes().decode("utf-8"), DEFAULT_DROP_TAGS)
    target = next(t for t in ("en", "ru", "az") if t != lang)
    exported = lxml.html.parse(str(next((root / "export" / target).glob("*.html"))))
    body = exported.getroot().find("body")
    for extra in body.xpath("./nav[@class='languages'] | ./p[@class='preview']"):
        extra.drop_tree()
    container = body if source.tag == "body" else body.find(source.tag)
    assert _signature(container) == _signature(source)


@pytest.mark.parametrize("page", MD_PAGES, ids=lambda p: f"{p.parent.parent.name}/{p.parent.name}/{p.name}")
def test_markdown_identity_round_trip(cli, tmp_path, page):
    root, lang = _project(tmp_path, page)
    _identity(cli, root, "md")
    target = next(t for t in ("en", "ru", "az") if t != lang)
    exported = next((root / "export" / target).glob("*.md")).read_text()
    render = MarkdownIt("commonmark").render

    def dom(text: str):
        return _signature(lxml.html.fragment_fromstring(
            render(split_front_matter(text)[1]), create_parent="div"))
    assert dom(exported) == dom(page.read_text())


# ---------------------------------------------------------------------------------------------
# A translator's moves

def _sample_az(cli, tmp_path: Path) -> Path:
    root, _ = _project(tmp_path, REPO / "source/az/agentlik-uemt-seminar-cografi-gostericiler.html")
    assert cli("extract", cwd=root).code == 0
    return root


def _translate(root: Path, lang: str, msgid_part: str, msgstr: str) -> int:
    po = root / f"locales/{lang}/LC_MESSAGES/agentlik-uemt-seminar-cografi-gostericiler.po"
    catalog = parse_po(po.read_text())
    units = [replace(u, msgstr=msgstr if msgid_part in u.msgid else u.msgid).with_flag(
        "fuzzy", False) for u in catalog.units]
    po.write_text(format_po(replace(catalog, units=tuple(units))))
    return next(u.line for u in parse_po(po.read_text()).units if msgid_part in u.msgid)


def test_a_link_moved_to_another_word_is_exported_there(cli, tmp_path):
    root = _sample_az(cli, tmp_path)
    _translate(root, "ru", "<a1>rəsmi saytında</a1>",
               "Материалы семинара размещены на <a1>официальном сайте</a1> Агентства.")
    assert cli("export", "--lang", "ru", cwd=root).code == 0
    page = lxml.html.parse(str(root / "export/ru/agentlik-uemt-seminar-cografi-gostericiler.html"))
    link = page.xpath("//main//a")[0]
    assert (link.text, link.get("href")) == ("официальном сайте", "https://copat.gov.az/")
    assert link.tail == " Агентства. " or link.tail.startswith(" Агентства.")


def test_a_link_localized_on_purpose_keeps_its_new_address(cli, tmp_path):
    root = _sample_az(cli, tmp_path)
    _translate(root, "ru", "<a1>rəsmi saytında</a1>", 'Материалы на <a1 href="https://copat.gov.az/'
               'ru/">официальном сайте</a1> Агентства.')
    assert cli("export", "--lang", "ru", cwd=root).code == 0
    page = lxml.html.parse(str(root / "export/ru/agentlik-uemt-seminar-cografi-gostericiler.html"))
    assert page.xpath("//main//a/@href") == ["https://copat.gov.az/ru/"]


def test_a_deleted_closing_code_is_an_error_naming_the_unit_and_the_gate_refuses(cli, tmp_path):
    root = _sample_az(cli, tmp_path)
    line = _translate(root, "ru", "<a1>rəsmi saytında</a1>",
                      "Материалы семинара размещены на <a1>официальном сайте Агентства.")
    result = cli("check", "--format", "json", cwd=root)
    findings = [f for f in map(json.loads, result.out.splitlines()) if f["check"] == "markup"]
    assert [(f["severity"], f["line"]) for f in findings] == [("error", line)]
    assert "'</a1>' of the source is missing" in findings[0]["message"]
    exported = cli("export", "--lang", "ru", cwd=root)
    assert f"line {line}: markup: '</a1>' of the source is missing" in exported.out
    assert not (root / "export/ru/agentlik-uemt-seminar-cografi-gostericiler.html").exists()


# ---------------------------------------------------------------------------------------------
# XLIFF: codes as tags a CAT tool moves but cannot break

@pytest.mark.parametrize("version", ["1.2", "2.0"])
def test_xliff_carries_codes_as_inline_elements_and_brings_them_back(cli, tmp_path, version):
    root = _sample_az(cli, tmp_path)
    _translate(root, "ru", "<a1>rəsmi saytında</a1>",
               "Материалы семинара размещены на <a1>официальном сайте</a1> Агентства.")
    assert cli("xliff", "export", "--version", version, "--lang", "ru", cwd=root).code == 0
    path = root / "xliff/ru/agentlik-uemt-seminar-cografi-gostericiler.xlf"
    text = path.read_text()
    if version == "1.2":
        assert '<g id="1" ctype="link" clone="no">rəsmi saytında</g>' in text
        assert '<g id="1" ctype="link" clone="no">официальном сайте</g>' in text
        assert '<g id="1" ctype="bold" clone="no">5,1%</g>' in text
    else:
        assert ('<pc id="1" type="link" canCopy="no" canDelete="no" dataRefStart="d1s" '
                'dataRefEnd="d1e">rəsmi saytında</pc>') in text
        assert '<data id="d1s">&lt;a href="https://copat.gov.az/"&gt;</data>' in text
    # a CAT tool moves the link to another word; the import puts the code there
    moved = text.replace("на <g id=\"1\" ctype=\"link\" clone=\"no\">официальном сайте</g> "
                         "Агентства", "на официальном <g id=\"1\" ctype=\"link\" clone=\"no\">"
                         "сайте Агентства</g>") if version == "1.2" else text.replace(
        'dataRefEnd="d1e">официальном сайте</pc> Агентства',
        'dataRefEnd="d1e">официальном сайте Агентства</pc>')
    assert moved != text
    path.write_text(moved)
    assert cli("xliff", "import", str(path), cwd=root).code == 0
    po = parse_po((root / "locales/ru/LC_MESSAGES/agentlik-uemt-seminar-cografi-gostericiler.po"
                   ).read_text())
    unit = next(u for u in po.units if "<a1>rəsmi saytında</a1>" in u.msgid)
    assert "<a1>" in unit.msgstr and unit.msgstr.endswith("Агентства</a1>.")


def test_a_draft_whose_codes_do_not_fit_goes_to_xliff_as_text_and_stays_valid(cli, tmp_path):
    root = _sample_az(cli, tmp_path)
    _translate(root, "ru", "<a1>rəsmi saytında</a1>", "Материалы <a1>на сайте <a1>Агентства.")
    for version in ("1.2", "2.0"):
        assert cli("xliff", "export", "--version", version, "--lang", "ru", cwd=root).code == 0
        path = root / "xliff/ru/agentlik-uemt-seminar-cografi-gostericiler.xlf"
        assert "Материалы &lt;a1&gt;на сайте &lt;a1&gt;Агентства." in path.read_text()
        assert cli("xliff", "import", str(path), cwd=root).code == 0    # schema and rules pass


@pytest.mark.parametrize("version", ["1.2", "2.0"])
@pytest.mark.parametrize("page", sorted(INLINE.glob("*/*/*.html")),
                         ids=lambda p: f"{p.parent.parent.name}/{p.parent.name}/{p.name}")
def test_every_code_survives_an_xliff_round_trip(cli, tmp_path, page, version):
    """Export XLIFF (valid against its schema and, for 2.0, its processing rules), import it
    back: every translation with its codes comes back unchanged."""
    root, lang = _project(tmp_path, page)
    _identity(cli, root, "html")
    before = {po: po.read_bytes() for po in root.glob("locales/*/LC_MESSAGES/*.po")}
    assert cli("xliff", "export", "--version", version, cwd=root).code == 0
    files = sorted(str(p) for p in root.glob("xliff/*/*.xlf"))
    result = cli("xliff", "import", *files, cwd=root)
    assert result.code == 0, result.err
    assert {po: po.read_bytes() for po in before} == before
    coded = any(inline.has_codes(u.msgid) for po in before for u in parse_po(po.read_text()).units)
    assert coded == any("<pc " in Path(f).read_text() or "<g " in Path(f).read_text()
                        for f in files)
