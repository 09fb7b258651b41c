"""Pre-translation with the real Argos engine on tiny real packages, the TM, and protection."""

from __future__ import annotations

import io
import json
import re
from dataclasses import replace
from pathlib import Path

import lxml.etree
import pytest

from workflow.engines.argos import ArgosEngine, argos_engine_factory, installed_packages
from workflow.engines.base import Hypothesis
from workflow.errors import WorkflowError
from workflow.formats.po import parse_po
from workflow.formats.po_write import format_po
from workflow.formats.tmx import TranslationUnit, read_tmx, write_tmx
from workflow.pretranslate.job import pretranslate_project
from workflow.project import Project
from workflow.protect import protected_values, verify_and_repair

from .conftest import TESTDATA, msgfmt_check, needs_shared

SENTENCES = [
    "On June 22, 2021, Daren Tang, Director General of WIPO, held a video meeting.",
    "The contribution of the creative sector is 5.1% of GDP (2022-2026).",
    "Подробнее на сайте https://www.eapo.org/ru/ и по почте info@eapo.org.",
    "Əqli Mülkiyyət Agentliyinin İdarə Heyətinin sədri çıxış edib: «ÜƏMT-nin dəstəyi vacibdir».",
    "Spaces  twice, tabs\tand ünïcödé ☃ survive.",
]


def _engine(pair, **options) -> ArgosEngine:
    package = next(p for p in installed_packages() if (p.from_code, p.to_code) == pair)
    return ArgosEngine(package, **options)


def test_the_copy_model_translates_through_the_real_engine(argos_packages, no_network):
    engine = _engine(("en", "az"))
    results = engine.translate_batch(SENTENCES, num_hypotheses=2)
    assert [r[0].text for r in results] == SENTENCES
    assert all(len(r) == 2 and r[0].score >= r[1].score for r in results)
    assert engine.provenance == "argos translate-en_az 0.0.1 TEST MODEL"


def test_random_weights_stop_at_the_decoding_bound(argos_packages, no_network):
    engine = _engine(("en", "de"), max_decoding_length=12)
    for hyps in engine.translate_tokens(SENTENCES[:2], num_hypotheses=2):
        assert [len(pieces) for pieces, _ in hyps] == [12, 12]  # never emits </s>
    assert all(hyps[0].text for hyps in engine.translate_batch(SENTENCES[:2]))


def test_test_packages_never_pass_for_real_ones(argos_packages, monkeypatch):
    monkeypatch.delenv("L10N_ALLOW_TEST_MODELS")
    with pytest.raises(WorkflowError, match="test package"):
        _engine(("en", "az"))


def test_threads_never_oversubscribe_the_cores(argos_packages):
    from workflow.engines.argos import usable_cores

    engine = _engine(("en", "az"))
    inter, intra = engine.threads
    assert engine.translator.num_translators == inter
    assert inter * intra == usable_cores()
    two = _engine(("en", "az"), inter_threads=2)
    assert two.threads[0] * two.threads[1] <= max(2, usable_cores())


def _set(po_path: Path, edits: dict[str, tuple[str, tuple[str, ...]]]) -> None:
    catalog = parse_po(po_path.read_text())
    units = []
    for unit in catalog.units:
        for prefix, (text, flags) in edits.items():
            if unit.msgid.startswith(prefix):
                unit = replace(unit, msgstr=text, flags=flags)
        units.append(unit)
    po_path.write_text(format_po(replace(catalog, units=tuple(units))))


@pytest.fixture
def extracted(cli, project, argos_packages):
    assert cli("extract", cwd=project).code == 0
    return project


def test_pretranslate_fills_only_empty_units_and_is_idempotent(cli, extracted, no_network):
    ru = extracted / "locales/ru/LC_MESSAGES/kazakhstan-anti-counterfeiting-forum-2021.po"
    _set(ru, {"First Deputy Prime Minister": ("Перевод человека.", ()),
              "The organizers were": ("Черновик человека.", ("fuzzy",))})
    result = cli("pretranslate", cwd=extracted)
    assert result.code == 0, result.err
    assert "MT" in result.out and "no model" not in result.out.split("pretranslate:")[0]
    catalog = parse_po(ru.read_text())
    human = next(u for u in catalog.units if u.msgid.startswith("First Deputy"))
    assert human.msgstr == "Перевод человека." and not human.fuzzy and \
        not human.translator_comments
    draft = next(u for u in catalog.units if u.msgid.startswith("The organizers were"))
    assert draft.msgstr == "Черновик человека."
    machine = next(u for u in catalog.units if u.msgid.startswith("The program includes"))
    assert machine.fuzzy and machine.msgstr == machine.msgid  # the copy model
    assert machine.translator_comments[0] == "mt: argos translate-en_ru 0.0.1 TEST MODEL"
    for po in sorted(extracted.glob("locales/*/LC_MESSAGES/*.po")):
        assert msgfmt_check(po).returncode == 0
    before = {p: p.read_bytes() for p in extracted.glob("locales/*/LC_MESSAGES/*.po")}
    again = cli("pretranslate", cwd=extracted)
    assert "0 catalogs written" in again.out
    assert {p: p.read_bytes() for p in before} == before


def test_pivot_through_english_is_said_in_the_provenance(cli, extracted, no_network):
    cli("pretranslate", "--lang", "ru", cwd=extracted)
    po = parse_po((extracted / "locales/ru/LC_MESSAGES/agentlik-uemt-seminar-cografi-"
                   "gostericiler.po").read_text())
    unit = next(u for u in po.units if u.msgstr)
    assert unit.translator_comments[0] == (
        "mt: argos translate-az_en 0.0.1 TEST MODEL + argos translate-en_ru 0.0.1 TEST MODEL "
        "(pivot via en)")
    assert unit.msgstr == unit.msgid


def test_provenance_survives_gnu_msgmerge(cli, extracted, tmp_path):
    import subprocess

    cli("pretranslate", "--lang", "az", cwd=extracted)
    po = extracted / "locales/az/LC_MESSAGES/kazakhstan-anti-counterfeiting-forum-2021.po"
    pot = extracted / "locales/templates/kazakhstan-anti-counterfeiting-forum-2021.pot"
    merged = subprocess.run(["msgmerge", "-q", "--previous", str(po), str(pot)],
                            capture_output=True, text=True, check=True).stdout
    units = [u for u in parse_po(merged).units if u.msgstr]
    assert units and all(u.fuzzy and u.translator_comments[0].startswith("mt: argos")
                         for u in units)


def test_translation_memory_exact_then_fuzzy_then_mt(cli, extracted, no_network):
    kz = extracted / "locales/ru/LC_MESSAGES/kazakhstan-anti-counterfeiting-forum-2021.po"
    _set(kz, {"The Forum participants took": ("Участники форума активно обсуждали.", ())})
    sentence = ("The Forum participants took an active part in the discussions of the above "
                "issues, and also noted the high level of discussions and the diversified focus "
                "of the thematic sessions.")
    (extracted / "source/en/tm-probe.txt").write_text(
        f"TM probe\n\n{sentence}\n\n{sentence.replace('high level', 'very high level')}\n")
    cli("extract", cwd=extracted)
    result = cli("pretranslate", "--lang", "ru", "tm-probe", cwd=extracted)
    assert "1 TM exact, 1 TM fuzzy" in result.out, result.out
    probe = parse_po((extracted / "locales/ru/LC_MESSAGES/tm-probe.po").read_text())
    exact = probe.find(sentence)
    assert exact.msgstr == "Участники форума активно обсуждали." and exact.fuzzy
    assert exact.translator_comments == (
        "tm: 100% from kazakhstan-anti-counterfeiting-forum-2021",)
    fuzzy = next(u for u in probe.units if "very high" in u.msgid)
    assert re.fullmatch(r"tm: (9\d)% from kazakhstan-anti-counterfeiting-forum-2021",
                        fuzzy.translator_comments[0])


def test_a_missing_pair_names_the_argospm_command_and_the_run_goes_on(extracted, no_network):
    project = Project.open(extracted)
    real = argos_engine_factory()

    def without_en_ru(src, tgt):
        return None if (src, tgt) == ("en", "ru") else real(src, tgt)

    report = pretranslate_project(project, engines=without_en_ru)
    assert report.missing_models == {("en", "ru"): "argospm install translate-en_ru"}
    assert report.mt > 0 and report.skipped > 0



def test_catalogs_of_a_pair_with_no_model_are_written_before_any_mt(cli, extracted,
                                                                   no_network):
    """They do not wait (held in memory) for engines of other pairs: at 10,000 articles with
    no model installed, holding them all was most of `l10n run`'s peak memory."""
    kz = extracted / "locales/ru/LC_MESSAGES/kazakhstan-anti-counterfeiting-forum-2021.po"
    _set(kz, {"The Forum participants took": ("Участники форума активно обсуждали.", ())})
    sentence = next(u.msgid for u in parse_po(kz.read_text()).units
                    if u.msgid.startswith("The Forum participants took"))
    (extracted / "source/en/tm-probe.txt").write_text(f"TM probe\n\n{sentence}\n\nNew one.\n")
    assert cli("extract", cwd=extracted).code == 0
    probe = extracted / "locales/ru/LC_MESSAGES/tm-probe.po"
    real = argos_engine_factory()
    seen: list[bool] = []

    class Watching:
        def __init__(self, engine):
            self.engine, self.from_code, self.to_code = engine, engine.from_code, engine.to_code
            self.provenance = engine.provenance

        def translate_batch(self, sentences, **options):
            seen.append("Участники форума" in probe.read_text())
            return self.engine.translate_batch(sentences, **options)

    def factory(src, tgt):
        return None if (src, tgt) == ("en", "ru") else Watching(real(src, tgt))

    report = pretranslate_project(Project.open(extracted), engines=factory)
    assert seen and all(seen), "the en→ru catalog waited for the other pairs' MT"
    assert report.missing_models == {("en", "ru"): "argospm install translate-en_ru"}
    assert report.tm_exact >= 1 and report.mt > 0

class Mangler:
    """A stand-in for what real MT does to numbers and URLs (stage logic only)."""

    def __init__(self, inner):
        self.inner, self.from_code, self.to_code = inner, inner.from_code, inner.to_code

    provenance = "mangler"

    def translate_batch(self, sentences, *, num_hypotheses=1):
        out = []
        for hyps in self.inner.translate_batch(sentences, num_hypotheses=num_hypotheses):
            out.append([Hypothesis(h.text.replace("5.1%", "5,1 %").replace("://", ": //")
                                   .replace("2022-2026", "2022 – 2026"), h.score) for h in hyps])
        return out


def test_protected_values_are_put_back(extracted, no_network):
    project = Project.open(extracted)
    real = argos_engine_factory()
    report = pretranslate_project(project, langs=["az"], docs=[
        "wipo-dg-meets-ip-heads-imanov-speech"], engines=lambda s, t: Mangler(real(s, t)))
    assert report.mt > 0
    po = parse_po((extracted / "locales/az/LC_MESSAGES/wipo-dg-meets-ip-heads-imanov-speech.po")
                  .read_text())
    unit = next(u for u in po.units if "5.1%" in u.msgid)
    assert unit.msgstr == unit.msgid
    assert "mt-note: put back as in the source: 5.1%" in unit.translator_comments


def test_verify_and_repair_table():
    source = "Revenue rose 5.1% in 2022-2026, see https://wipo.int/a and ask info@copat.gov.az."
    values = protected_values(source)
    damaged = "Gəlir 2022 – 2026-cı illərdə 5,1 % artıb, bax https: //wipo.int/a, info@copat.gov.az."
    repaired = verify_and_repair(damaged, values)
    assert set(repaired.repaired) == {"5.1%", "2022-2026", "https://wipo.int/a"}
    assert not repaired.missing and "5.1%" in repaired.text
    assert verify_and_repair("Gəlir artıb.", values).missing == tuple(v.text for v in values)


class TermChooser:
    """Returns a glossary-less hypothesis first, the right one second (stage logic only)."""

    from_code, to_code, provenance = "en", "ru", "fake"

    def translate_batch(self, sentences, *, num_hypotheses=1):
        return [[Hypothesis("Они обсудили торговые вопросы.", -0.1),
                 Hypothesis("Они обсудили вопросы патентов.", -0.9)] for _ in sentences]


def test_the_hypothesis_that_uses_the_glossary_wins(cli, project, no_network):
    (project / "source/en/terms.txt").write_text("Terms\n\nThey discussed patent issues.\n")
    cli("extract", cwd=project)
    report = pretranslate_project(Project.open(project), langs=["ru"], docs=["terms"],
                                  engines=lambda s, t: TermChooser())
    po = parse_po((project / "locales/ru/LC_MESSAGES/terms.po").read_text())
    assert po.find("They discussed patent issues.").msgstr == "Они обсудили вопросы патентов."
    title = po.find("Terms")
    assert report.mt == 2 and "mt-note" not in " ".join(title.translator_comments)


def test_tmx_export_is_valid_and_import_feeds_the_memory(cli, extracted, tmp_path):
    kz = extracted / "locales/az/LC_MESSAGES/kazakhstan-anti-counterfeiting-forum-2021.po"
    _set(kz, {"The Forum participants took": ("Forum iştirakçıları fəal iştirak ediblər.", ())})
    out = tmp_path / "memory.tmx"
    assert cli("tm", "export", "-o", str(out), cwd=extracted).code == 0
    data = out.read_bytes()
    units = read_tmx(io.BytesIO(data))
    assert len(units) == 1 and len(units[0].variants) == 2  # the one human translation
    if TESTDATA.is_dir():
        dtd = lxml.etree.DTD(str(TESTDATA / "schemas/tmx-1.4/tmx14.dtd"))
        assert dtd.validate(lxml.etree.fromstring(data)), dtd.error_log
    incoming = tmp_path / "vendor.tmx"
    incoming.write_bytes(write_tmx([TranslationUnit(
        (("en", "Stay tuned for more news."), ("ru", "Следите за новостями.")), "vendor")]))
    result = cli("tm", "import", str(incoming), cwd=extracted)
    assert result.code == 0 and (extracted / "tm/vendor.tmx").exists()
    (extracted / "source/en/probe.txt").write_text("Probe\n\nStay tuned for more news.\n")
    cli("extract", cwd=extracted)
    assert "1 TM exact" in cli("pretranslate", "--lang", "ru", "probe", "--no-mt",
                               cwd=extracted).out


@needs_shared()
def test_invalid_tmx_is_refused(cli, extracted, tmp_path):
    bad = tmp_path / "bad.tmx"
    bad.write_text('<?xml version="1.0"?><tmx version="1.4"><body/></tmx>')
    result = cli("tm", "import", str(bad), cwd=extracted)
    assert result.code == 1 and "bad.tmx:1: not a valid TMX 1.4b document" in result.err


def test_models_list_and_install_from_file(cli, extracted, argos_packages, tmp_path):
    result = cli("models", "list", cwd=extracted)
    assert "translate-en_az" in result.out and "TEST MODEL" in result.out
    assert "ru->az: pivot translate-ru_en + translate-en_az" in result.out
    from tests.tiny_argos import build_package

    archive = build_package(tmp_path, "copy", "ru", "az")
    assert cli("models", "install", "--file", str(archive), cwd=extracted).code == 0
    assert "ru->az: translate-ru_az" in cli("models", "list", cwd=extracted).out
    again = cli("models", "install", "--file", str(archive), cwd=extracted)
    assert again.code == 1 and "already installed" in again.err
    json.dumps(result.out)  # plain text, no exceptions


def test_a_hypothesis_with_broken_bytes_never_wins_even_with_a_glossary_term():
    from workflow.formats.glossary_csv import read_glossary
    from workflow.pretranslate.drafts import GlossaryGuide, choose

    from .conftest import REPO

    guide = GlossaryGuide(read_glossary((REPO / "glossary.csv").read_text()), "en", "az")
    hypotheses = [Hypothesis("They pay royalties.", -0.1), Hypothesis("They pay royalti\ufffd.",
                                                                        -5.0)]
    text, _ = choose("They pay royalties.", hypotheses, guide=guide, protected=[])
    assert text == "They pay royalties."
