"""Prose checks (a table per check, in all three languages), review states, l10n check/review."""

from __future__ import annotations

import json
import subprocess
from dataclasses import replace

import pytest

from tests.conftest import REPO
from workflow.check.names import skeleton
from workflow.check.prose import CHECKS, Pair, silenced
from workflow.check.runner import CatalogInput, all_checks, run_checks
from workflow.formats.glossary_csv import read_glossary
from workflow.formats.po import parse_po
from workflow.formats.po_write import format_po
from workflow.merge import merge
from workflow.model import Catalog, Unit, UnitState

# (check, source language, source, target language, target, expect a finding?)
CASES = [
    # numbers and years, decimal separators per language
    ("numbers", "en", "GDP grew 5.1% in 2021.", "ru", "ВВП вырос на 5,1 % в 2021 году.", False),
    ("numbers", "en", "GDP grew 5.1% in 2021.", "az", "ÜDM 2021-ci ildə 5,1% artıb.", False),
    ("numbers", "en", "GDP grew 5.1% in 2021.", "ru", "ВВП вырос на 5,1 % в 2020 году.", True),
    ("numbers", "ru", "Выявлено 12 345 единиц.", "en", "12,345 units were found.", False),
    ("numbers", "az", "28 ölkədən nümayəndələr.", "ru", "Представители 27 стран.", True),
    ("number-format", "en", "It is 5.1%.", "ru", "Это 5.1 %.", True),
    ("number-format", "en", "It is 5.1%.", "az", "Bu 5,1%-dir.", False),
    ("number-format", "ru", "Дата 22.06.2021.", "en", "On 22.06.2021.", False),
    # percentages
    ("percentages", "en", "It rose by 3%.", "ru", "Он вырос на 3 %.", False),
    ("percentages", "en", "It rose by 3%.", "az", "3 faiz artıb.", False),
    ("percentages", "en", "It rose by 3%.", "ru", "Он вырос в 3 раза.", True),
    # dates
    ("dates", "en", "On June 22, 2021, he spoke.", "ru", "22 июня 2021 года он выступил.", False),
    ("dates", "en", "On June 22, 2021, he spoke.", "az", "22 iyun 2021-ci ildə çıxış edib.",
     False),
    ("dates", "en", "On June 22, 2021, he spoke.", "ru", "22 июля 2021 года он выступил.", True),
    ("dates", "ru", "Срок: 22.06.2021.", "en", "Deadline: 22 June 2021.", False),
    # URLs and e-mail
    ("urls", "en", "See https://www.wipo.int/ip.", "ru", "См. https://www.wipo.int/ip.", False),
    ("urls", "en", "See https://www.wipo.int/ip.", "az", "Bax https://wipo.int/ip.", True),
    ("emails", "ru", "Пишите на info@copat.gov.az.", "en", "Write to info@copat.gov.az.", False),
    ("emails", "ru", "Пишите на info@copat.gov.az.", "az", "info@copat.az ünvanına yazın.",
     True),
    # names kept or transliterated, inflected
    ("names", "en", "K. Imanov stressed it.", "ru", "К. Иманов подчеркнул это.", False),
    ("names", "en", "Kamran Imanov spoke.", "az", "Kamran İmanov çıxış edib.", False),
    ("names", "en", "He thanked Kamran Imanov.", "ru", "Он поблагодарил Камрана Иманова.", False),
    ("names", "az", "Ə. Əliyev bildirib.", "ru", "А. Алиев сообщил.", False),
    ("names", "en", "D. Tang spoke.", "ru", "Генеральный директор выступил.", True),
    # quotation marks
    ("quotes", "en", "The “smart city” plan.", "ru", "План «умный город».", False),
    ("quotes", "en", "The “smart city” plan.", "ru", "План “умный город”.", True),
    ("quotes", "ru", "План «умный город».", "az", "«Ağıllı şəhər» planı.", False),
    ("quotes", "ru", "План «умный город».", "en", "The “smart city” plan.", False),
    ("quotes", "ru", "План «умный город».", "en", "The «smart city» plan.", True),
    # brackets balanced
    ("brackets", "en", "WIPO (the Organization) met.", "ru", "ВОИС (Организация) собралась.",
     False),
    ("brackets", "en", "WIPO (the Organization) met.", "az", "ÜƏMT (Təşkilat toplaşıb.", True),
    ("brackets", "ru", "Он сказал: «Да».", "en", "He said: “Yes.", True),
    # end punctuation
    ("end-punctuation", "en", "Why now?", "ru", "Почему сейчас?", False),
    ("end-punctuation", "en", "Why now?", "az", "Niyə indi.", True),
    ("end-punctuation", "ru", "Итоги", "en", "Results.", True),
    # sentence count
    ("sentence-count", "en", "He came. He left.", "ru", "Он пришёл. Он ушёл.", False),
    ("sentence-count", "en", "He came. He left.", "az", "O gəlib və gedib.", True),
    # whitespace
    ("whitespace", "en", "A plan.", "ru", "План  принят.", True),
    ("whitespace", "en", "A plan, agreed.", "az", "Plan , razılaşdırılıb.", True),
    ("whitespace", "en", "A plan.", "az", "Plan qəbul edilib.", False),
    # line breaks: a newline typed into a one-line sentence (Enter in an editor)
    ("line-breaks", "ru", "ЕАПО и ЕЭК провели совещание", "az", "AVPT və AİK\nmüşavirə keçirib", True),
    ("line-breaks", "en", "Patents in 2024", "ru", "Патенты\nв 2024 году", True),
    ("line-breaks", "az", "Birinci sətir\nikinci sətir", "en", "First line second line", True),
    ("line-breaks", "az", "Birinci sətir\nikinci sətir", "en", "First line\nsecond line", False),
    ("line-breaks", "en", "Patents in 2024", "ru", "Патенты в 2024 году", False),
    # repeated words
    ("repeated-words", "en", "The plan was approved.", "ru", "План был был одобрен.", True),
    ("repeated-words", "en", "The plan was approved.", "az", "Plan təsdiq edilib.", False),
    # capitalization
    ("capitalization", "en", "The plan.", "ru", "план.", True),
    ("capitalization", "en", "The plan.", "az", "Plan.", False),
    # untranslated
    ("untranslated", "en", "The Agency registered five trademarks.", "ru",
     "The Agency registered five trademarks.", True),
    ("untranslated", "en", "WIPO Lex", "ru", "WIPO Lex", False),
    # wrong language or script
    ("wrong-language", "en", "The Agency registered the trademarks of the company.", "az",
     "The Agency registered the trademarks of the company today.", True),
    ("wrong-language", "en", "The Agency registered the trademarks.", "ru",
     "Agentlik şirkətin əmtəə nişanlarını qeydə alıb.", True),
    ("wrong-language", "en", "The Agency registered the trademarks.", "az",
     "Agentlik şirkətin əmtəə nişanlarını qeydə alıb.", False),
    ("wrong-language", "az", "Agentlik əmtəə nişanlarını qeydə alıb.", "en",
     "The Agency registered the trademarks of the company.", False),
    # homoglyphs
    ("mixed-script", "en", "The Agency.", "ru", "Агентствo.", True),
    ("mixed-script", "en", "The Agency.", "ru", "Агентство.", False),
    # Azerbaijani look-alikes
    ("az-letters", "en", "Intellectual property.", "az", "Äqli mülkiyyät.", True),
    ("az-letters", "en", "The applicant.", "az", "i\u0307ddiaçı.", True),
    ("az-letters", "en", "The applicant.", "az", "İddiaçı.", False),
    ("az-letters", "en", "Intellectual property.", "az", "Əqli mülkİyyət.", False),
    # length ratio
    ("length-ratio", "en", "The Agency registered five trademarks in 2021.", "ru", "Да.", True),
    ("length-ratio", "en", "The Agency registered five trademarks in 2021.", "az",
     "Agentlik 2021-ci ildə beş əmtəə nişanı qeydə alıb.", False),
    # inline markup
    ("markup", "ru", "Читайте на [сайте](https://eapo.org).", "en",
     "Read it on the [website](https://eapo.org).", False),
    ("markup", "ru", "Создать **единую платформу**.", "az", "Vahid platforma yaratmaq.", True),
    # markup the source does not have: a remote image or a link slipped into a translation
    ("markup", "en", "The Agency met.", "ru", "Агентство ![](https://evil.example/x.png) собралось.",
     True),
    ("markup", "az", "Agentlik toplandı.", "en", "The [Agency](https://evil.example) met.", True),
    ("markup", "en", "The Agency met.", "az", "Agentlik <img src=https://evil.example/x> toplandı.",
     True),
    # control characters (PO escapes \a, \v, \f, \b) that no HTML, XLIFF or TMX can carry
    ("control-chars", "en", "The Agency met.", "ru", "Агентство\x07 собралось.", True),
    ("control-chars", "ru", "Агентство собралось.", "az", "Agentlik\x0b toplandı.", True),
    ("control-chars", "az", "Agentlik\x07 toplandı.", "en", "The Agency\x07 met.", False),
]


@pytest.mark.parametrize("code, src, source, tgt, target, flagged", CASES,
                         ids=[f"{c[0]}-{c[1]}{c[3]}-{'bad' if c[5] else 'ok'}-{i}"
                              for i, c in enumerate(CASES)])
def test_check_table(code, src, source, tgt, target, flagged):
    messages = list(CHECKS[code].run(Pair(source, target, src, tgt)))
    assert bool(messages) is flagged, messages


def test_every_check_has_a_failing_and_a_passing_case():
    for code in CHECKS:
        cases = [c for c in CASES if c[0] == code]
        assert any(c[5] for c in cases) and any(not c[5] for c in cases), code
    assert len(CHECKS) >= 20
    for info in all_checks().values():
        assert info.code and info.title and info.description
        assert info.severity in ("error", "warning", "info")


def test_transliteration_skeleton():
    assert skeleton("Kamran İmanov") == skeleton("Kamran Imanov") == skeleton("Камран Иманов")


def _catalog(*units: Unit) -> CatalogInput:
    return CatalogInput("locales/ru/LC_MESSAGES/x.po", Catalog(units=units), "en", "ru")


def test_silencing_one_check_on_one_unit():
    unit = Unit(msgid="He came in 2021.", msgstr="Он пришёл в 2020 году.", line=7)
    assert {f.check for f in run_checks([_catalog(unit)]).findings} == {"numbers"}
    quiet = replace(unit, translator_comments=("l10n-ignore: numbers",))
    assert run_checks([_catalog(quiet)]).findings == []
    flagged = replace(unit, flags=("l10n-ignore-numbers",))
    assert silenced(flagged) == {"numbers"} and run_checks([_catalog(flagged)]).findings == []
    assert run_checks([_catalog(unit)], disabled=["numbers"]).findings == []


def test_one_source_two_translations_and_one_translation_two_sources():
    a = Unit(msgid="The forum ended.", msgstr="Форум завершился сегодня.", line=3)
    b = Unit(msgid="The forum ended.", msgstr="Форум завершён сегодня.", line=3)
    c = Unit(msgid="The meeting ended.", msgstr="Форум завершился сегодня.", line=5)
    one = CatalogInput("a.po", Catalog(units=(a, c)), "en", "ru")
    two = CatalogInput("b.po", Catalog(units=(b,)), "en", "ru")
    codes = {(f.path, f.line, f.check) for f in run_checks([one, two]).findings}
    assert ("a.po", 3, "inconsistent-target") in codes and ("b.po", 3,
                                                             "inconsistent-target") in codes
    assert ("a.po", 5, "inconsistent-source") in codes


# --- review states ------------------------------------------------------------------------------

def test_the_four_states_and_a_stale_review():
    assert Unit(msgid="A.").state is UnitState.UNTRANSLATED
    assert Unit(msgid="A.", msgstr="Б.", flags=("fuzzy",)).state is UnitState.FUZZY
    translated = Unit(msgid="A.", msgstr="Б.")
    assert translated.state is UnitState.TRANSLATED
    reviewed = translated.mark_reviewed(by="editor")
    assert reviewed.state is UnitState.REVIEWED
    edited = replace(reviewed, msgstr="В.")  # a translator edits it in Poedit
    assert edited.state is UnitState.TRANSLATED and edited.review_stale


def test_editing_a_reviewed_units_source_makes_it_fuzzy_again():
    old = Catalog(units=(Unit(msgid="The Agency registered five trademarks.",
                              msgstr="Агентство зарегистрировало пять товарных знаков.")
                         .mark_reviewed(),))
    new = merge(old, Catalog(units=(Unit(msgid="The Agency registered six trademarks."),)))
    unit = new.units[0]
    assert unit.state is UnitState.FUZZY and not unit.review_marks


def test_gnu_msgmerge_keeps_every_state(tmp_path):
    units = (Unit(msgid="One.", msgstr="Один.", references=("a.txt:1",)).mark_reviewed("ed"),
             Unit(msgid="Two.", msgstr="Два.", references=("a.txt:2",)),
             Unit(msgid="Three.", msgstr="Три.", flags=("fuzzy",),
                  translator_comments=("mt: argos translate-en_ru 1.9",),
                  references=("a.txt:3",)),
             Unit(msgid="Four.", references=("a.txt:4",)))
    header = (("Content-Type", "text/plain; charset=UTF-8"), ("Language", "ru"))
    po = tmp_path / "ru.po"
    pot = tmp_path / "t.pot"
    po.write_text(format_po(Catalog(header=header, units=units)))
    pot.write_text(format_po(Catalog(header=header[:1], units=tuple(
        Unit(msgid=u.msgid, references=u.references) for u in units))))
    merged = subprocess.run(["msgmerge", "-q", "--previous", str(po), str(pot)],
                            capture_output=True, text=True, check=True).stdout
    states = [u.state for u in parse_po(merged).units]
    assert states == [UnitState.REVIEWED, UnitState.TRANSLATED, UnitState.FUZZY,
                      UnitState.UNTRANSLATED]


def _translate_all(project):
    for po in project.glob("locales/*/LC_MESSAGES/*.po"):
        catalog = parse_po(po.read_text())
        units = tuple(replace(u, msgstr=u.msgid) if not u.obsolete else u
                      for u in catalog.units)
        po.write_text(format_po(replace(catalog, units=units)))


def test_review_command_and_stats_show_four_states(cli, project):
    cli("extract", cwd=project)
    po = project / "locales/ru/LC_MESSAGES/kazakhstan-anti-counterfeiting-forum-2021.po"
    catalog = parse_po(po.read_text())
    units = list(catalog.units)
    units[0] = replace(units[0], msgstr="Алихан Смаилов призвал ...")
    units[1] = replace(units[1], msgstr="Черновик.", flags=("fuzzy",))
    units[2] = replace(units[2], msgstr="Перевод.")
    po.write_text(format_po(replace(catalog, units=tuple(units))))
    line = parse_po(po.read_text()).units[0].line
    result = cli("review", "kazakhstan-anti-counterfeiting-forum-2021", "--lang", "ru",
                 "--line", str(line), "--by", "Editor", cwd=project)
    assert "1 units marked reviewed" in result.out, result.out
    assert "reviewed: " in po.read_text() and "by Editor" in po.read_text()
    rows = json.loads(cli("stats", "--json", cwd=project).out)
    row = next(r for r in rows if r["lang"] == "ru" and r["doc"].startswith("kazakhstan"))
    assert row["units"]["reviewed"] == 1 and row["units"]["translated"] == 1
    assert row["units"]["fuzzy"] == 1
    result = cli("review", "kazakhstan-anti-counterfeiting-forum-2021", "--lang", "ru",
                 cwd=project)
    assert "1 drafts left alone" in result.out
    result = cli("review", "kazakhstan-anti-counterfeiting-forum-2021", "--lang", "ru",
                 "--include-drafts", cwd=project)
    assert parse_po(po.read_text()).units[1].state is UnitState.REVIEWED
    assert msgfmt_ok(po)


def msgfmt_ok(path) -> bool:
    return subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)]).returncode == 0


def test_run_prints_the_check_summary_and_writes_the_report(cli, project):
    result = cli("run", cwd=project)
    assert result.code == 0, result.err
    assert "== check" in result.out and (project / "reports/check.html").exists()


def test_unknown_disabled_check_in_config_is_an_error(cli, project):
    config = project / "l10n.toml"
    config.write_text(config.read_text().replace("disable = []", 'disable = ["nmbers"]'))
    cli("extract", cwd=project)
    result = cli("check", cwd=project)
    assert result.code == 1 and "unknown check 'nmbers'" in result.err


def _glossary():
    return read_glossary((REPO / "glossary.csv").read_text(encoding="utf-8"))


def _findings(check: str, src: str, source: str, tgt: str, target: str, *,
              glossary=None) -> list:
    """The findings of one check (or, ending in "-", a family: "glossary-") on one
    source/translation pair."""
    report = run_checks([CatalogInput("x.po", Catalog(units=(Unit(msgid=source, msgstr=target),)),
                                      src, tgt)], glossary=glossary)
    return [f for f in report.findings
            if f.check == check or (check.endswith("-") and f.check.startswith(check))]


def _assert_graded(check: str, src: str, source: str, tgt: str, target: str,
                   severity: str | None) -> None:
    """No finding when ``severity`` is None; otherwise findings, all of that severity."""
    found = _findings(check, src, source, tgt, target)
    if severity is None:
        assert found == [], [f.message for f in found]
    else:
        assert found and {f.severity for f in found} == {severity}, [f.message for f in found]


@pytest.mark.parametrize("src,source,tgt,target,severity", [
    # the same value, written the way the translator writes it: no finding
    ("en", "About 40,000 new cases were reported.", "az", "40000 yeni hadisə qeydə alınıb.", None),
    ("en", "About 40,000 new cases were reported.", "ru", "Выявлено около 40 тыс. новых случаев.",
     None),
    ("en", "Six people were injured.", "ru", "Пострадали 6 человек.", None),
    ("en", "It was the ninth attempt.", "az", "Bu, 9-cu cəhd idi.", None),
    ("en", "The match starts at 3 p.m. on Wednesday.", "ru", "Матч начнётся в среду в 15:00.",
     None),
    ("en", "Rosa will bring up to 10 inches of rain.", "ru", "Роза принесёт до 25 см осадков.",
     None),
    ("en", "Winds reached 85 mph.", "az", "Küləyin sürəti saatda 137 km-ə çatıb.", None),
    ("ru", "Выявлено 30 тыс. единиц товара.", "en", "30,000 items were found.", None),
    ("az", "Sərgidə 1,2 milyon nəfər olub.", "en", "1.2 million people attended the fair.", None),
    # a number changed: error; left out: warning; added: a note
    ("en", "The fee is 250 manat.", "az", "Rüsum 205 manatdır.", "error"),
    ("en", "The fee is 250 manat.", "ru", "Пошлина составляет 205 манатов.", "error"),
    ("ru", "Пошлина составляет 250 манатов.", "en", "The fee is 520 manat.", "error"),
    ("en", "The Agency received 1,200 applications in 2021.", "ru",
     "Агентство получило заявки в 2021 году.", "warning"),
    ("en", "The Agency received applications.", "az", "Agentlik 2021-ci ildə ərizələr alıb.",
     "info"),
])
def test_numbers_compare_values_and_grade_what_differs(src, source, tgt, target, severity):
    _assert_graded("numbers", src, source, tgt, target, severity)


@pytest.mark.parametrize("check,src,source,tgt,target,severity", [
    # quotation marks pair across house styles; a missing one is a warning, a bracket an error
    ("brackets", "en", 'He said "yes" to it.', "ru", "Он ответил „да“.", None),
    ("brackets", "en", 'He said "yes" to it.', "az", "O, ”bəli” dedi.", None),
    ("brackets", "en", 'He said "yes" to it.', "ru", "Он ответил «да.", "warning"),
    ("brackets", "ru", "Он (министр) ответил.", "az", "O (nazir cavab verib.", "error"),
    # one sentence split or merged is a note; more is worth a look
    ("sentence-count", "en", "The fee rose, and the office closed.", "ru",
     "Пошлина выросла. Офис закрылся.", "info"),
    ("sentence-count", "az", "Rüsum artıb. Ofis bağlanıb. Yeni qayda tətbiq olunub.", "en",
     "The fee rose.", "warning"),
    # a full stop added to a headline is style; a question turned into a statement is not
    ("end-punctuation", "en", "Patent office opens in Baku", "az", "Patent ofisi Bakıda açılıb.",
     "info"),
    ("end-punctuation", "ru", "Когда выдадут патент?", "en", "The patent will be granted.",
     "warning"),
    # names: CLDR exonyms, and an acronym's last letter is not an initial
    ("names", "en", "Trade with China grew.", "ru", "Торговля с Китаем выросла.", None),
    ("names", "en", "Trade with China grew.", "az", "Çinlə ticarət artıb.", None),
    ("names", "en", "The U.S. Defense Department agreed.", "az", "ABŞ Müdafiə Nazirliyi razılaşıb.",
     None),
    ("names", "en", "Minister Imanov spoke.", "ru", "Министр выступил.", "warning"),
    # bare domains are addresses too
    ("urls", "en", "weather.com reported heavy rain.", "ru", "Сайт сообщил о ливнях.", "error"),
    ("urls", "en", "weather.com reported heavy rain.", "az", "Weather.com-a görə güclü yağış var.",
     None),
])
def test_checks_grade_what_differs(check, src, source, tgt, target, severity):
    _assert_graded(check, src, source, tgt, target, severity)


@pytest.mark.parametrize("check,src,source,tgt,target,severity", [
    # Azerbaijani and Russian dates with case endings, in any order
    ("dates", "en", "Troops fired on Oct. 2, 1968.", "az", "Ordu 1968-ci il oktyabrın 2-də atəş açıb.",
     None),
    ("dates", "en", "May arrived on September 29, 2018.", "az", "Mey Sentyabrın 29-u 2018-ci ildə gəlib.",
     None),
    ("dates", "en", "Troops fired on Oct. 2, 1968.", "ru", "Войска открыли огонь 2 октября 1968 года.",
     None),
    ("dates", "en", "Troops fired on Oct. 2, 1968.", "az", "Ordu 1968-ci il oktyabrın 3-də atəş açıb.",
     "error"),
    # names transliterated with other vowels
    ("names", "en", "His friend Dan Baldwin agreed.", "ru", "Его друг Дэн Болдуин согласился.", None),
    ("names", "ru", "Так сказал Кавадарков.", "az", "Bunu Kvadarkov deyib.", None),
    # a quotation that goes on in the next unit may stay open in the translation
    ("brackets", "en", "He said: 'The inquiry has just begun.", "ru",
     "Он сказал: «Расследование только началось.", None),
])
def test_checks_read_the_forms_translators_use(check, src, source, tgt, target, severity):
    _assert_graded(check, src, source, tgt, target, severity)


@pytest.mark.parametrize("lang,abbreviated,full,other_full", [
    ("az", "ÜƏMT razılaşıb.", "Ümumdünya Əqli Mülkiyyət Təşkilatı razılaşıb.",
     "Beynəlxalq Əqli Mülkiyyət Təşkilatı razılaşıb."),
    ("ru", "ВОИС согласилась.", "Всемирная организация интеллектуальной собственности согласилась.",
     "Мировая организация интеллектуальной собственности согласилась."),
])
def test_an_abbreviation_and_a_full_name_are_one_choice(lang, abbreviated, full, other_full):
    """ÜƏMT and its full name are one wording, whichever the source used (a translator spells
    out WIPO at first mention); two different full names are not."""
    glossary = read_glossary((REPO / "glossary.csv").read_text(encoding="utf-8"))

    def inconsistent(*targets: str) -> list[int]:
        units = tuple(Unit(msgid=src, msgstr=t, line=i + 1) for i, (src, t) in enumerate(zip(
            ["WIPO agreed.", "The World Intellectual Property Organization agreed.",
             "WIPO agreed again.", "WIPO agreed once more."], targets)))
        report = run_checks([CatalogInput("x.po", Catalog(units=units), "en", lang)],
                            glossary=glossary)
        return [f.line for f in report.findings if f.check == "glossary-inconsistent"]

    assert inconsistent(abbreviated, full, full, abbreviated) == []
    if lang == "ru":   # the approved forms: only one full name is approved in either language
        assert inconsistent(abbreviated, full, abbreviated, abbreviated) == []


def test_a_contraction_is_the_phrase_it_shortens():
    glossary = read_glossary((REPO / "glossary.csv").read_text(encoding="utf-8"))
    units = (Unit(msgid="The General Assembly met.", msgstr="Генеральная Ассамблея собралась.",
                  line=1),
             Unit(msgid="The General Assembly agreed.", msgstr="Генассамблея согласилась.", line=2),
             Unit(msgid="The General Assembly voted.", msgstr="Генассамблея проголосовала.",
                  line=3))
    report = run_checks([CatalogInput("x.po", Catalog(units=units), "en", "ru")], glossary=glossary)
    assert [f for f in report.findings if f.check == "glossary-inconsistent"] == []


@pytest.mark.parametrize("source,target,tgt", [
    ("Agentliyin aparıcı eksperti İ. Hüseynov çıxış edib.",
     "Ведущий эксперт Агентства И. Гусейнов выступил.", "ru"),
    ("Azərbaycan Respublikasının Əqli Mülkiyyət Agentliyi bildirib.",
     "The Intellectual Property Agency of the Republic of Azerbaijan said.", "en"),
    ("Ekspertlərin fikrincə, ilk addım qeydiyyatdır.",
     "По мнению экспертов, первый шаг — регистрация.", "ru"),
])
def test_azerbaijani_case_endings_are_not_surnames(source, target, tgt):
    assert [f.message for f in _findings("names", "az", source, tgt, target)] == []


@pytest.mark.parametrize("lang,short,long_", [
    ("az", "Kontrafakt mallar satılır.", "Kontrafakt məhsul satılır."),
    ("ru", "Изъят контрафакт.", "Изъят контрафактный товар."),
    ("en", "Counterfeit was seized.", "Counterfeit goods were seized."),
])
def test_a_term_and_its_longer_phrase_are_one_wording(lang, short, long_):
    glossary = read_glossary((REPO / "glossary.csv").read_text(encoding="utf-8"))
    source = {"az": "Контрафакт изъят.", "ru": "Kontrafakt götürülüb.",
              "en": "Контрафакт изъят."}[lang]
    src = {"az": "ru", "ru": "az", "en": "ru"}[lang]
    units = (Unit(msgid=source, msgstr=short, line=1), Unit(msgid=source + " ", msgstr=long_, line=2))
    report = run_checks([CatalogInput("x.po", Catalog(units=units), src, lang)], glossary=glossary)
    assert [f for f in report.findings if f.check == "glossary-inconsistent"] == []


# ---------------------------------------------------------------------------------------------
# Issue 17: what professional translators do is not an alarm; what a slip does still is

@pytest.mark.parametrize("check,src,source,tgt,target,severity", [
    # names: English names that are not everyday words, spelled the way the language hears them
    ("names", "en", "The senators questioned Kavanaugh.", "ru", "Сенаторы допросили Кавано.", None),
    ("names", "en", "The senators questioned Kavanaugh.", "az", "Senatorlar Kavanonu sorğu-sual edib.",
     None),
    ("names", "en", "The senators questioned Kavanaugh.", "ru", "Сенаторы допросили судью.", "warning"),
    ("names", "en", "The senators questioned Kavanaugh.", "az", "Senatorlar hakimi sorğu-sual edib.",
     "warning"),
    ("names", "ru", "Так сказал Кавадарков.", "en", "So said the minister.", "warning"),
    # places under the language's own name (CLDR cities and countries)
    ("names", "en", "Pompeo will visit Pyongyang again.", "ru", "Помпео снова посетит Пхеньян.", None),
    ("names", "en", "Pompeo will visit Pyongyang again.", "az", "Pompeo yenidən Pxenyana gedəcək.", None),
    ("names", "en", "The leaders met in Berlin.", "ru", "Лидеры встретились.", "warning"),
    # capitalised everyday words, days and regions are not names
    ("names", "en", "The Supreme Court met on Monday with the World Council.", "ru",
     "Верховный суд собрался в понедельник со Всемирным советом.", None),
    ("names", "en", "The Supreme Court met on Monday with the World Council.", "az",
     "Ali Məhkəmə bazar ertəsi Dünya Şurası ilə toplaşıb.", None),
    ("names", "en", "D. Tang spoke.", "az", "Baş direktor çıxış edib.", "warning"),
    # numbers written as words, compounds and scale words
    ("numbers", "en", "It will be less than 48.", "ru", "Меньше сорока восьми.", None),
    ("numbers", "en", "It will be less than 48.", "az", "Qırx səkkizdən az olacaq.", None),
    ("numbers", "ru", "Меньше сорока восьми.", "en", "Less than forty-eight.", None),
    ("numbers", "en", "More than 1,000 people were killed.", "ru", "Погибли свыше тысячи людей.", None),
    ("numbers", "en", "More than 1,000 people were killed.", "az", "Mindən çox insan ölüb.", None),
    # an aside in brackets that changed its number is a changed number
    ("numbers", "en", "They met on Saturday (September 29).", "az",
     "Onlar şənbə günü (Sentyabrın 28-i) görüşüblər.", "error"),
    ("numbers", "en", "They met on Saturday (September 29).", "ru", "Они встретились в субботу, 69-го.",
     "error"),
    ("numbers", "az", "Onlar şənbə günü (Sentyabrın 29-u) görüşüblər.", "en",
     "They met on Saturday (September 28).", "error"),
])
def test_checks_know_what_translators_do(check, src, source, tgt, target, severity):
    _assert_graded(check, src, source, tgt, target, severity)


@pytest.mark.parametrize("check,src,source,tgt,target,severity", [
    # the verb of saying after a quoted question (Azerbaijani and Russian word order)
    ("end-punctuation", "en", "He said, 'Did you do it?'", "az", "“Bunu etdinmi?” dedim.", None),
    ("end-punctuation", "en", "He said, 'Did you do it?'", "ru", "«Ты это сделал?» — спросил он.",
     None),
    ("end-punctuation", "az", "O soruşdu: “Bunu etdinmi?”", "en", "“Did you do it?” he asked.", None),
    # an exclamation made a statement is style; a question made a statement is not
    ("end-punctuation", "en", "Since 1950!", "ru", "С 1950 года.", "info"),
    ("end-punctuation", "en", "Why now?", "az", "İndi.", "warning"),
    # a sentence split in several is a note; sentences left out are worth a look
    ("sentence-count", "en", "The fee rose, the office closed and the staff left.", "ru",
     "Пошлина выросла. Офис закрылся. Сотрудники ушли.", "info"),
    ("sentence-count", "en", "The fee rose, the office closed and the staff left.", "az",
     "Rüsum artıb. Ofis bağlanıb. İşçilər gedib.", "info"),
    ("sentence-count", "ru", "Пошлина выросла. Офис закрылся. Сотрудники ушли.", "en",
     "The fee rose.", "warning"),
    # a quotation that opened in the previous unit may close in this one
    ("brackets", "en", "She said no one had told her - which surprised me,' he said.", "ru",
     "Она сказала, что ей никто не говорил — что меня удивило», — сказал он.", None),
    ("brackets", "en", "She said no one had told her - which surprised me,' he said.", "az",
     "O dedi ki, heç kim ona deməyib - bu məni təəccübləndirdi”, deyə o bildirdi.", None),
    # ... but a bracket opened in the translation is still an error
    ("brackets", "en", "'A review is expected before the end of the year.", "ru",
     "«Пересмотр ожидается до конца (года.", "error"),
    ("brackets", "en", "May accuses critics of 'playing politics' over Brexit", "az",
     "Mey tənqidçiləri \"siyasi oyunda günahlandırdı.", "warning"),
    # the source repeats a name; the language doubles a word on purpose
    ("repeated-words", "en", "They were trapped at the Roa Roa Hotel.", "ru",
     "Они оказались в ловушке в отеле Роа Роа.", None),
    ("repeated-words", "en", "The water rose slowly.", "az", "Su yavaş yavaş qalxdı.", "info"),
    ("repeated-words", "en", "Wait a little.", "ru", "Подожди чуть чуть.", "info"),
    ("repeated-words", "ru", "Он уже поел.", "en", "He had had lunch.", "info"),
    ("repeated-words", "en", "The plan was approved.", "az", "Plan plan təsdiq edilib.", "warning"),
    # a quotation in a third language may stay as it is
    ("untranslated", "en", "Il faut bien le faire.", "ru", "Il faut bien le faire.", "info"),
    ("untranslated", "en", "Il faut bien le faire.", "az", "Il faut bien le faire.", "info"),
    ("untranslated", "en", "Four attempted murder arrests", "az", "Four attempted murder arrests",
     "warning"),
])
def test_prose_checks_forgive_the_translators_choices(check, src, source, tgt, target, severity):
    _assert_graded(check, src, source, tgt, target, severity)


@pytest.mark.parametrize("lang,sources,targets,severity", [
    # a name the article has elsewhere may stand as a description here
    ("ru", ["Rosa is a hurricane.", "Rosa will bring rain."],
     ["Роза — ураган.", "Ураган принесёт дожди."], "info"),
    ("az", ["Rosa is a hurricane.", "Rosa will bring rain."],
     ["Roza qasırğadır.", "Qasırğa yağış gətirəcək."], "info"),
    ("ru", ["The storm is strong.", "Rosa will bring rain."],
     ["Шторм силён.", "Ураган принесёт дожди."], "warning"),
])
def test_a_name_the_article_has_elsewhere_is_a_note(lang, sources, targets, severity):
    units = tuple(Unit(msgid=s, msgstr=t, line=i + 1) for i, (s, t) in enumerate(zip(sources,
                                                                                     targets)))
    report = run_checks([CatalogInput("x.po", Catalog(units=units), "en", lang)])
    found = [f for f in report.findings if f.check == "names"]
    assert [f.severity for f in found] == [severity], [f.message for f in found]


@pytest.mark.parametrize("lang,first,second", [
    ("ru", "It Is Very Bad.", "It is very bad."),
    ("az", "Patent Office Opens.", "Patent office opens."),
])
def test_sources_that_differ_only_in_case_are_one_source(lang, first, second):
    target = {"ru": "Ситуация очень плохая сейчас.", "az": "Patent ofisi bu gün açılır."}[lang]
    units = (Unit(msgid=first, msgstr=target, line=1), Unit(msgid=second, msgstr=target, line=2))
    report = run_checks([CatalogInput("x.po", Catalog(units=units), "en", lang)])
    assert [f for f in report.findings if f.check == "inconsistent-source"] == []


@pytest.mark.parametrize("src,source,tgt,target", [
    ("en", "Counterfeit goods are sold.", "ru", "Продаются контрафактные и поддельные вещи."),
    ("az", "Agentlik qeydiyyatı genişləndirib.", "en", "The Agency registered more marks."),
    ("en", "The General Assembly met.", "az", "Baş Asambleya toplaşıb."),
])
def test_a_derived_form_of_a_term_is_a_note(src, source, tgt, target):
    terms = _findings("glossary-", src, source, tgt, target, glossary=_glossary())
    assert terms and {(f.check, f.severity) for f in terms} == {("glossary-unsure", "info")}, \
        [f.message for f in terms]


@pytest.mark.parametrize("source,tgt,target", [
    ("Ri spoke at the U.N. General Assembly.", "ru", "Ри выступил на Генеральной Ассамблее ООН."),
    ("Ri spoke at the U.N. General Assembly.", "az", "Ri BMT-nin Ümumi Məclisində çıxış edib."),
])
def test_the_uns_general_assembly_is_not_wipos(source, tgt, target):
    assert _findings("glossary-", "en", source, tgt, target, glossary=_glossary()) == []


@pytest.mark.parametrize("src,source,tgt,target", [
    ("en", "Copyright holders met in Baku.", "ru", "Правообладатели встретились в Баку."),
    ("en", "Copyright holders met in Baku.", "az", "Hüquq sahibləri Bakıda toplaşıb."),
    ("en", "The fight against counterfeiting goes on.", "ru", "Борьба с контрафактом продолжается."),
    ("en", "The fight against counterfeiting goes on.", "az", "Kontrafakta qarşı mübarizə davam edir."),
    ("ru", "Правообладатели встретились в Баку.", "en", "Copyright holders met in Baku."),
    ("az", "Hüquq sahibləri Bakıda toplaşıb.", "en", "Right holders met in Baku."),
])
def test_the_usual_wording_of_copyright_holders_and_counterfeiting_is_approved(src, source, tgt,
                                                                              target):
    assert [f.message for f in _findings("glossary-", src, source, tgt, target,
                                         glossary=_glossary()) if f.severity != "info"] == []


@pytest.mark.parametrize("lang,text,found", [
    ("ru", "организаций государств — членов ЕАЭС", True),     # the EAEU's official spelling
    ("ru", "организаций государств–членов ЕАЭС", True),
    ("ru", "организаций государств-членов ЕАЭС", True),
    ("az", "Aİİ-yə üzv — dövlətlərin", True),
    ("az", "Aİİ-yə üzv-dövlətlərin", True),
    ("en", "the know — how of the firm", True),
    ("en", "they know how to do it", False),                    # words apart are not the term
])
def test_a_hyphenated_term_written_with_a_dash_is_the_term(lang, text, found):
    from workflow.glossary import Matcher

    ids = {m.term.id for m in Matcher(_glossary(), lang).find(text)}
    assert bool(ids & {"member-state", "know-how"}) is found, ids
