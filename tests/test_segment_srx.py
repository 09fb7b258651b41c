"""SRX 2.0: our rules exported, validated against the OASIS/LISA schema, and applied back."""

from __future__ import annotations

import io
import json

import lxml.etree
import pytest

from workflow.errors import WorkflowError
from workflow.formats.srx import native_rules_as_srx, read_srx, srx_segment, write_srx
from workflow.segment import segment

from .conftest import DATA, TESTDATA, needs_shared

OMEGAT_STYLE = """<?xml version="1.0" encoding="UTF-8"?>
<srx xmlns="http://www.lisa.org/srx20" version="2.0">
  <header segmentsubflows="yes" cascade="yes"/>
  <body>
    <languagerules>
      <languagerule languagerulename="Russian">
        <rule break="no"><beforebreak>\\b(?:т\\.е|т\\.д|ст|п|г)\\.</beforebreak><afterbreak>\\s</afterbreak></rule>
        <rule break="no"><beforebreak>\\b\\p{Lu}\\.</beforebreak><afterbreak>\\s</afterbreak></rule>
      </languagerule>
      <languagerule languagerulename="Default">
        <rule break="yes"><beforebreak>[.?!]+</beforebreak><afterbreak>\\s+\\p{Lu}</afterbreak></rule>
      </languagerule>
    </languagerules>
    <maprules>
      <languagemap languagepattern="RU.*" languagerulename="Russian"/>
      <languagemap languagepattern=".*" languagerulename="Default"/>
    </maprules>
  </body>
</srx>"""


def test_export_is_valid_srx_2_0():
    data = write_srx(native_rules_as_srx())
    rules = read_srx(io.BytesIO(data))  # read_srx validates against the packaged XSD
    assert [name for name, _ in rules.language_rules] == ["English", "Russian", "Azerbaijani"]


@needs_shared()
def test_export_is_valid_against_the_shared_schema_too():
    schema = lxml.etree.XMLSchema(lxml.etree.parse(str(TESTDATA / "schemas/srx-2.0/srx20.xsd")))
    assert schema.validate(lxml.etree.fromstring(write_srx(native_rules_as_srx())))


def test_write_read_round_trip():
    rules = native_rules_as_srx()
    assert read_srx(io.BytesIO(write_srx(rules))) == rules


@pytest.mark.parametrize("lang, minimum", [("en", 0.95), ("ru", 0.95), ("az", 0.95)])
def test_exported_rules_agree_with_ours_on_the_dev_set(lang, minimum):
    srx = read_srx(io.BytesIO(write_srx(native_rules_as_srx()))).rules_for(lang)
    cases = [json.loads(x) for x in (DATA / "segment" / f"{lang}.jsonl").read_text().splitlines()]
    agree = sum([s.text for s in segment(c["text"], lang)] ==
                [s.text for s in srx_segment(c["text"], srx)] for c in cases)
    assert agree / len(cases) >= minimum


def test_a_third_party_style_file_with_cascade_and_icu_classes():
    rules = read_srx(io.BytesIO(OMEGAT_STYLE.encode()))
    ru = rules.rules_for("ru-RU")
    assert len(ru) == 3  # cascade: Russian rules, then Default
    text = "Согласно ст. 5 закона, т.е. по праву, К. Иванов прав. Суд согласился."
    assert [s.text for s in srx_segment(text, ru)] == [
        "Согласно ст. 5 закона, т.е. по праву, К. Иванов прав.", "Суд согласился."]
    assert len(rules.rules_for("en")) == 1


@pytest.mark.parametrize("data, words", [
    (b"<srx", "not well-formed"),
    (b'<srx xmlns="http://www.lisa.org/srx20" version="3.0"><header segmentsubflows="yes" '
     b'cascade="no"/><body><languagerules/><maprules/></body></srx>', "not a valid SRX 2.0"),
])
def test_invalid_srx_is_refused_with_a_line(data, words):
    with pytest.raises(WorkflowError) as info:
        read_srx(io.BytesIO(data))
    assert words in info.value.what and info.value.line


def test_external_entities_are_not_resolved(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    data = f"""<?xml version="1.0"?><!DOCTYPE srx [<!ENTITY x SYSTEM "file://{secret}">]>
<srx xmlns="http://www.lisa.org/srx20" version="2.0"><header segmentsubflows="yes" cascade="no"/>
<body><languagerules><languagerule languagerulename="x"><rule break="yes">
<beforebreak>&x;</beforebreak></rule></languagerule></languagerules>
<maprules><languagemap languagepattern=".*" languagerulename="x"/></maprules></body></srx>"""
    try:
        rules = read_srx(io.BytesIO(data.encode()))
    except WorkflowError:
        return
    assert "TOP SECRET" not in repr(rules)


def test_cli_uses_an_srx_file(tmp_path, cli):
    path = tmp_path / "r.srx"
    path.write_text(OMEGAT_STYLE)
    text = tmp_path / "t.txt"
    text.write_text("Выступил К. Иванов. Суд согласился.")
    result = cli("segment", "--lang", "ru", "--srx", str(path), str(text))
    assert result.out.splitlines() == ["Выступил К. Иванов.", "Суд согласился."]


def test_project_srx_setting_is_used_by_extract(cli, project):
    (project / "rules.srx").write_text(OMEGAT_STYLE)
    config = (project / "l10n.toml").read_text()
    (project / "l10n.toml").write_text(config.replace('# srx = "rules.srx"', 'srx = "rules.srx"'))
    assert cli("extract", cwd=project).code == 0
    (project / "rules.srx").write_text("<srx")
    result = cli("extract", cwd=project)
    assert result.code == 1 and result.err.startswith("error: rules.srx:1: not well-formed")
