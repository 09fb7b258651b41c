"""The review page in a real browser: Playwright drives Debian's chromium against `l10n serve`."""

from __future__ import annotations

import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from dataclasses import replace
from pathlib import Path

import pytest

from workflow.formats.po import parse_po
from workflow.formats.po_write import format_po
from workflow.model import UnitState

from .conftest import REPO

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is missing")
SHOTS = REPO / "test-output" / "screenshots"
DOC = "kazakhstan-anti-counterfeiting-forum-2021"


def _start(project: Path, *extra: str):
    process = subprocess.Popen([sys.executable, "-m", "workflow", "-C", str(project), "serve",
                                "--port", "0", *extra], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    line = process.stdout.readline()
    assert line.startswith("review page: "), process.stderr.read()
    return process, line.split("review page: ")[1].strip().split("?")[0].rstrip("/")


@pytest.fixture
def site(cli, project):
    (project / "source/en/escaping.txt").write_text(
        "Escaping probe\n\nThe agency wrote <script>window.__pwned = 1</script> on its site.\n")
    assert cli("extract", cwd=project).code == 0
    po = project / f"locales/ru/LC_MESSAGES/{DOC}.po"
    catalog = parse_po(po.read_text())
    units = list(catalog.units)
    units[1] = replace(units[1], msgstr="Первый вице-премьер Алихан Смаилов призвал активно "
                       "внедрять международный опыт борьбы с контрафактом.",
                       flags=("fuzzy",), translator_comments=("mt: argos translate-en_ru 1.9",))
    units[2] = replace(units[2], msgstr="<script>window.__pwned = 1</script> Организаторами "
                       "выступили ЕЭК и торговая марка.")
    po.write_text(format_po(replace(catalog, units=tuple(units))))
    process, url = _start(project)
    yield project, url
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-background-networking",
                  "--disable-component-update", "--disable-gpu"])
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.dialogs = dialogs
    yield page
    context.close()


def test_project_page_and_article_view(site, page):
    project, url = site
    page.goto(url + "/")
    assert page.locator("table.project tbody tr").count() == 10
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "project.png"), full_page=True)
    page.click(f"text={DOC}")
    assert page.locator("h1").inner_text().startswith("Alikhan Smailov urges")
    rows = page.locator("tr.unit")
    assert rows.count() == 13
    first = rows.nth(1)
    assert first.locator("td.target[data-lang=ru] .badge").inner_text() == "draft"
    assert "mt: argos translate-en_ru 1.9" in first.inner_text()
    assert page.locator("mark.term.forbidden").count() >= 1  # торговая марка
    page.screenshot(path=str(SHOTS / "article.png"), full_page=False)
    # compact: a translation is text until clicked, so a screen holds many sentences
    page.set_viewport_size({"width": 1440, "height": 900})
    page.evaluate("window.scrollTo(0, document.querySelector('table.article').offsetTop)")
    visible = page.evaluate("""Array.from(document.querySelectorAll('tr.unit')).filter(r => {
        const box = r.getBoundingClientRect(); return box.top >= 0 && box.bottom <= innerHeight;
    }).length""")
    assert visible >= 6, visible
    page.screenshot(path=str(SHOTS / "article-1440x900.png"), full_page=False)


def test_edit_and_approve_writes_the_po_file_and_only_that_unit(site, page):
    project, url = site
    po = project / f"locales/ru/LC_MESSAGES/{DOC}.po"
    before = po.read_text().splitlines()
    page.goto(f"{url}/article/{DOC}")
    cell = page.locator("tr.unit").nth(4).locator("td.target[data-lang=ru]")
    _type(cell, "Программа включает 10 дискуссионных сессий.")
    with page.expect_response(lambda r: r.url.endswith("/save")):
        cell.locator("button.approve").click()
    catalog = parse_po(po.read_text())
    unit = next(u for u in catalog.units if u.msgid.startswith("The program includes 10"))
    assert unit.msgstr == "Программа включает 10 дискуссионных сессий."
    assert unit.state is UnitState.REVIEWED
    after = po.read_text().splitlines()
    changed = [line for line in after if line not in before]
    assert len(changed) <= 3 and any("reviewed:" in c for c in changed), changed
    assert page.locator("tr.unit").nth(4).locator("td.target[data-lang=ru] .badge") \
        .inner_text() == "reviewed"


def test_reject_a_draft_and_keyboard_shortcuts(site, page):
    project, url = site
    po = project / f"locales/ru/LC_MESSAGES/{DOC}.po"
    page.goto(f"{url}/article/{DOC}?filter=drafts")
    assert page.locator("tr.unit").count() == 1
    with page.expect_response(lambda r: r.url.endswith("/save")):
        page.locator("tr.unit td.target[data-lang=ru] button.reject").click()
    unit = parse_po(po.read_text()).units[1]
    assert unit.msgstr == "" and not unit.fuzzy and not unit.translator_comments
    # j moves to the next sentence, a approves its (first language's) translation.
    page.goto(f"{url}/article/{DOC}")
    az = project / f"locales/az/LC_MESSAGES/{DOC}.po"
    catalog = parse_po(az.read_text())
    units = list(catalog.units)
    units[0] = replace(units[0], msgstr="Alixan Smailov beynəlxalq təcrübəni tətbiq etməyə "
                       "çağırıb")
    az.write_text(format_po(replace(catalog, units=tuple(units))))
    page.goto(f"{url}/article/{DOC}")
    page.keyboard.press("j")
    with page.expect_response(lambda r: r.url.endswith("/save")):
        page.keyboard.press("a")
    assert parse_po(az.read_text()).units[0].state is UnitState.REVIEWED


def _type(cell, text):
    """Open a translation for editing (a click on its text) and type into it."""
    if not cell.locator("textarea[name=msgstr]").is_visible():
        cell.locator(".text").click()
    cell.locator("textarea[name=msgstr]").fill(text)


def _save(page, cell, button="save, not a draft"):
    with page.expect_response(lambda r: r.url.endswith("/save")) as info:
        cell.locator("button", has_text=button).click()
    page.wait_for_function("c => c.dataset.saved || c.classList.contains('conflict')",
                           arg=cell.element_handle())
    return info.value


def test_a_sentence_changed_on_disk_is_not_overwritten_and_the_typed_text_stays(site, page):
    project, url = site
    po = project / f"locales/ru/LC_MESSAGES/{DOC}.po"
    page.goto(f"{url}/article/{DOC}")
    # Meanwhile a translator saves the catalog from Poedit, with a new text for sentence 4.
    catalog = parse_po(po.read_text())
    units = list(catalog.units)
    units[4] = replace(units[4], msgstr="Перевод из Poedit.")
    po.write_text(format_po(replace(catalog, units=tuple(units))))
    theirs = po.read_bytes()
    cell = page.locator("tr.unit").nth(4).locator("td.target[data-lang=ru]")
    _type(cell, "Мой перевод в браузере.")
    assert _save(page, cell).status == 409
    assert "changed on disk since this page was loaded" in cell.locator(".refused").inner_text()
    assert "Перевод из Poedit." in cell.locator(".refused").inner_text()
    assert cell.locator("textarea[name=msgstr]").input_value() == "Мой перевод в браузере."   # kept
    assert po.read_bytes() == theirs
    # ... while another sentence of the same file saves normally
    other = page.locator("tr.unit").nth(5).locator("td.target[data-lang=ru]")
    _type(other, "Другое предложение.")
    assert _save(page, other).status == 200
    saved = parse_po(po.read_text())
    assert saved.units[5].msgstr == "Другое предложение." and saved.units[4].msgstr == \
        "Перевод из Poedit."


def test_a_save_never_reloads_the_page_so_typed_text_elsewhere_survives(site, page):
    project, url = site
    page.goto(f"{url}/article/{DOC}")
    page.evaluate("window.__marker = 1")
    typed_cell = page.locator("tr.unit").nth(6).locator("td.target[data-lang=ru]")
    _type(typed_cell, "Ещё не сохранено.")
    typed = typed_cell.locator("textarea[name=msgstr]")
    cell = page.locator("tr.unit").nth(5).locator("td.target[data-lang=ru]")
    _type(cell, "Сохранено.")
    assert _save(page, cell).status == 200
    assert page.evaluate("window.__marker") == 1          # the same page: no reload
    assert typed.input_value() == "Ещё не сохранено."
    assert cell.locator(".badge").inner_text() == "translated"
    # leaving with unsaved text asks first (the page fixture answers no)
    page.evaluate("window.location.href = '/'")
    page.wait_for_timeout(300)
    assert "article" in page.url


def test_two_editors_save_different_sentences_of_one_file_at_once(site, browser):
    project, url = site
    po = project / f"locales/ru/LC_MESSAGES/{DOC}.po"
    pages = []
    for _ in range(2):
        context = browser.new_context(viewport={"width": 1440, "height": 900})
        pages.append(context.new_page())
        pages[-1].goto(f"{url}/article/{DOC}")
    one = pages[0].locator("tr.unit").nth(4).locator("td.target[data-lang=ru]")
    two = pages[1].locator("tr.unit").nth(5).locator("td.target[data-lang=ru]")
    _type(one, "Редактор один.")
    _type(two, "Редактор два.")
    assert _save(pages[0], one, "approve").status == 200
    assert _save(pages[1], two).status == 200       # a different sentence: not refused
    units = parse_po(po.read_text()).units
    assert units[4].msgstr == "Редактор один." and units[4].state is UnitState.REVIEWED
    assert units[5].msgstr == "Редактор два."
    # both on the same sentence: one success, one refusal that keeps the refused text
    same = [p.locator("tr.unit").nth(6).locator("td.target[data-lang=ru]") for p in pages]
    _type(same[0], "Первый.")
    _type(same[1], "Второй.")
    assert _save(pages[0], same[0]).status == 200
    assert _save(pages[1], same[1]).status == 409
    assert same[1].locator("textarea[name=msgstr]").input_value() == "Второй."
    assert "Первый." in same[1].locator(".refused").inner_text()
    assert parse_po(po.read_text()).units[6].msgstr == "Первый."
    pages[1].screenshot(path=str(SHOTS / "refused-save.png"))
    for p in pages:
        p.context.close()


def test_approve_all_asks_first_and_skips_sentences_with_errors(site, browser):
    project, url = site
    po = project / f"locales/ru/LC_MESSAGES/{DOC}.po"
    catalog = parse_po(po.read_text())
    units = list(catalog.units)
    units[5] = replace(units[5], msgstr="Пять переведённых слов здесь.")   # fine: approved
    po.write_text(format_po(replace(catalog, units=tuple(units))))
    before = po.read_bytes()
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    answers, asked = [False, True], []
    page.on("dialog", lambda d: (asked.append(d.message),
                                 d.accept() if answers.pop(0) else d.dismiss()))
    page.goto(f"{url}/article/{DOC}")
    page.locator("button.approve-all[data-lang=ru]").click()      # "no"
    page.wait_for_timeout(300)
    assert asked and "Approve every translated sentence in ru" in asked[0]
    assert po.read_bytes() == before
    with page.expect_response(lambda r: r.url.endswith("/save")) as info:
        page.locator("button.approve-all[data-lang=ru]").click()  # "yes"
    assert info.value.status == 200
    page.wait_for_load_state()
    units = parse_po(po.read_text()).units
    # sentence 2 has a forbidden term (an error): skipped; sentence 5 approved
    assert units[2].state is UnitState.TRANSLATED and units[5].state is UnitState.REVIEWED
    context.close()


def test_the_reviewer_name_goes_into_the_review_mark(site, page):
    project, url = site
    po = project / f"locales/ru/LC_MESSAGES/{DOC}.po"
    page.goto(f"{url}/article/{DOC}")
    page.fill("#reviewer", "Aysel Mammadova")
    page.locator("#reviewer").dispatch_event("change")
    cell = page.locator("tr.unit").nth(4).locator("td.target[data-lang=ru]")
    _type(cell, "Программа включает 10 сессий.")
    assert _save(page, cell, "approve").status == 200
    unit = parse_po(po.read_text()).units[4]
    assert unit.reviewed and unit.review_marks[0].endswith("by Aysel Mammadova")
    page.reload()
    assert page.input_value("#reviewer") == "Aysel Mammadova"     # remembered


def test_a_broken_catalog_is_a_page_naming_the_file_and_line(site, page):
    project, url = site
    po = project / f"locales/ru/LC_MESSAGES/{DOC}.po"
    po.write_text(po.read_text() + '\nmsgid "x"\nmsgstr "unclosed\n')
    response = page.goto(f"{url}/article/{DOC}")
    assert response.status == 500
    text = page.locator("div.alert").inner_text()
    assert f"{DOC}.po" in text and "line" in text
    assert page.goto(url + "/").status == 200     # the project page still works


def test_markup_in_a_translation_or_a_source_is_shown_as_text(site, page):
    project, url = site
    page.goto(f"{url}/article/{DOC}")
    assert "<script>window.__pwned = 1</script>" in page.locator("tr.unit").nth(2).inner_text()
    page.goto(f"{url}/article/escaping")
    assert "<script>window.__pwned = 1</script>" in page.locator("tr.unit").nth(1).inner_text()
    assert page.evaluate("window.__pwned") is None and not page.dialogs


def _post(url: str, data: bytes, headers=None) -> int:
    request = urllib.request.Request(url, data=data, method="POST", headers=headers or {})
    try:
        with urllib.request.urlopen(request) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_cross_site_posts_and_foreign_paths_are_refused(site):
    project, url = site
    form = b"lang=ru&uid=x&action=save&msgstr=hacked&etag=0"
    assert _post(f"{url}/article/{DOC}/save", form) == 403            # no CSRF token
    assert _post(f"{url}/article/{DOC}/save", form + b"&csrf=x",
                 {"Origin": "http://evil.example"}) == 403
    for name in ("..%2F..%2Fl10n.toml", "..", "%2e%2e%2fetc%2fpasswd", "nope"):
        try:
            urllib.request.urlopen(f"{url}/article/{name}")
            code = 200
        except urllib.error.HTTPError as error:
            code = error.code
        assert code == 404, name


def test_other_addresses_need_a_token(project, cli):
    result = subprocess.run([sys.executable, "-m", "workflow", "-C", str(project), "serve",
                             "--host", "0.0.0.0"], capture_output=True, text=True, timeout=30)
    assert result.returncode == 1
    assert result.stderr.startswith("error: refusing to listen on 0.0.0.0 without an access token")
    cli("extract", cwd=project)
    process, url = _start(project, "--token", "s3cret")
    try:
        with pytest.raises(urllib.error.HTTPError) as info:
            urllib.request.urlopen(url + "/")
        assert info.value.code == 401
        assert urllib.request.urlopen(url + "/?token=s3cret").status == 200
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.mark.parametrize("host,expected", [
    ("127.0.0.1:8000", 200), ("localhost:8000", 200), ("[::1]:8000", 200),
    ("attacker.example:8000", 403), ("127.0.0.1.attacker.example", 403),
])
def test_without_a_token_only_loopback_host_names_are_served(project, cli, host, expected):
    """A DNS-rebinding page reaches 127.0.0.1 under its own name: refused (issue 22)."""
    from workflow.project import Project
    from workflow.web import create_app

    cli("extract", cwd=project)
    client = create_app(Project.open(project)).test_client()
    assert client.get("/", headers={"Host": host}).status_code == expected


def test_origin_must_match_scheme_and_host_and_odd_tokens_are_refused_not_crashing(project, cli):
    from workflow.project import Project
    from workflow.web import create_app

    cli("extract", cwd=project)
    client = create_app(Project.open(project)).test_client()
    form = {"lang": "ru", "uid": "x", "action": "save", "msgstr": "x", "etag": "0",
            "csrf": "é"}
    response = client.post(f"/article/{DOC}/save", data=form,
                           headers={"Host": "127.0.0.1:8000", "Origin": "https://127.0.0.1:8000"})
    assert response.status_code == 403
    response = client.post(f"/article/{DOC}/save", data=form,
                           headers={"Host": "127.0.0.1:8000", "Origin": "http://127.0.0.1:8000"})
    assert response.status_code == 403                     # a non-ASCII CSRF value: 403, no 500
    guarded = create_app(Project.open(project), token="s3cret").test_client()
    assert guarded.get("/?token=ß", headers={"Host": "127.0.0.1:8000"}).status_code == 401


def _form_of(html: str, uid: str | None = None) -> dict[str, str]:
    """The hidden fields of the first save form of a page (or of one unit's)."""
    import lxml.html

    root = lxml.html.fromstring(html)
    forms = [f for f in root.xpath("//form[@class='edit']")
             if uid is None or f.xpath(f".//input[@name='uid'][@value='{uid}']")]
    return {i.get("name"): i.get("value") or "" for i in forms[0].xpath(".//input[@type='hidden']")}


def test_each_browser_has_its_own_csrf_token(project, cli):
    """A form token read in one browser (or leaked) is refused in another (issue 22)."""
    from workflow.project import Project
    from workflow.web import create_app

    cli("extract", cwd=project)
    app = create_app(Project.open(project))
    alice, mallory = app.test_client(), app.test_client()
    host = {"Host": "127.0.0.1:8000"}
    form = _form_of(alice.get(f"/article/{DOC}", headers=host).get_data(as_text=True))
    other = _form_of(mallory.get(f"/article/{DOC}", headers=host).get_data(as_text=True))
    assert form["csrf"] != other["csrf"]
    data = {**form, "action": "save", "msgstr": "Перевод."}
    assert mallory.post(f"/article/{DOC}/save", data=data, headers=host).status_code == 403
    fresh = app.test_client()   # no cookie at all: refused
    assert fresh.post(f"/article/{DOC}/save", data=data, headers=host).status_code == 403
    assert alice.post(f"/article/{DOC}/save", data=data, headers=host).status_code == 303


def test_a_plural_entry_is_refused_with_a_message_not_a_silent_success(project, cli):
    from workflow.project import Project
    from workflow.web import create_app

    cli("extract", cwd=project)
    po = project / "locales/ru/LC_MESSAGES" / f"{DOC}.po"
    po.write_text(po.read_text(encoding="utf-8") + '\n#: x\nmsgid "one file"\n'
                  'msgid_plural "%d files"\nmsgstr[0] "файл"\nmsgstr[1] "файла"\n'
                  'msgstr[2] "файлов"\n', encoding="utf-8")
    before = po.read_bytes()
    client = create_app(Project.open(project)).test_client()
    host = {"Host": "127.0.0.1:8000"}
    page = client.get(f"/article/{DOC}", headers=host).get_data(as_text=True)
    import lxml.html

    from workflow.web import unit_id_of

    ru = lxml.html.fromstring(page).xpath("//form[@class='edit'][.//input[@name='lang']"
                                          "[@value='ru']]")[0]
    form = {i.get("name"): i.get("value") or "" for i in ru.xpath(".//input[@type='hidden']")}
    from workflow.editing import unit_version

    plural = next(u for u in parse_po(po.read_text(encoding="utf-8")).units
                  if u.msgid == "one file")
    form.update(uid=unit_id_of("one file"), action="save", msgstr="файлы",
                version=unit_version(plural))
    response = client.post(f"/article/{DOC}/save", data=form, headers=host)
    assert response.status_code == 409
    assert "plural entry" in response.get_data(as_text=True)
    assert po.read_bytes() == before


def test_views_reuse_the_glossary_and_checks_until_a_file_changes(project, cli, monkeypatch):
    """Each view re-read the glossary and re-ran every check (10 s with 60k terms)."""
    from workflow import web
    from workflow.project import Project

    cli("extract", cwd=project)
    loads = []
    real = web.load_glossary
    monkeypatch.setattr(web, "load_glossary", lambda p: loads.append(1) or real(p))
    checks = []
    run = web.run_checks
    monkeypatch.setattr(web, "run_checks", lambda *a, **k: checks.append(1) or run(*a, **k))
    client = web.create_app(Project.open(project)).test_client()
    host = {"Host": "127.0.0.1:8000"}
    for _ in range(3):
        assert client.get(f"/article/{DOC}", headers=host).status_code == 200
    assert (len(loads), len(checks)) == (1, 1)
    glossary = project / "glossary.csv"
    glossary.write_bytes(glossary.read_bytes() + b"\n")      # an edit: read again
    assert client.get(f"/article/{DOC}", headers=host).status_code == 200
    assert (len(loads), len(checks)) == (2, 2)
    po = project / "locales/ru/LC_MESSAGES" / f"{DOC}.po"
    po.write_bytes(po.read_bytes() + b"\n")                   # a catalog edit: checked again
    assert client.get(f"/article/{DOC}", headers=host).status_code == 200
    assert (len(loads), len(checks)) == (2, 3)


def _tmx(pairs):
    body = "".join(f'<tu><tuv xml:lang="en"><seg>{a}</seg></tuv><tuv xml:lang="ru"><seg>{b}</seg>'
                   f"</tuv></tu>" for a, b in pairs)
    return ('<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header creationtool="t" '
            'creationtoolversion="1" datatype="plaintext" segtype="sentence" adminlang="en" '
            f'srclang="en" o-tmf="t"/><body>{body}</body></tmx>')


def test_suggestions_terms_changes_and_notes_beside_a_sentence(site, page):
    project, url = site
    po = project / f"locales/ru/LC_MESSAGES/{DOC}.po"
    catalog = parse_po(po.read_text())
    units = list(catalog.units)
    source = units[4].msgid
    (project / "tm").mkdir(exist_ok=True)
    (project / "tm/old.tmx").write_text(_tmx([(source.replace("10", "12"),
                                               "Программа включает 12 дискуссионных сессий.")]))
    units[1] = replace(units[1], previous_msgid=units[1].msgid.replace("actively ", ""))
    po.write_text(format_po(replace(catalog, units=tuple(units))))
    page.goto(f"{url}/article/{DOC}")
    cell = page.locator("tr.unit").nth(4).locator("td.target[data-lang=ru]")
    cell.locator("details.context summary").click()
    suggestion = cell.locator("ul.suggestions li").first
    assert "Программа включает 12 дискуссионных сессий." in suggestion.inner_text()
    assert "old.tmx" in suggestion.inner_text() and "%" in suggestion.inner_text()
    assert "counterfeit" in cell.locator("ul.terms").inner_text()   # its glossary terms
    assert "100%" not in suggestion.inner_text()      # one word differs: not an exact match
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.locator("tr.unit").nth(4).evaluate("r => r.scrollIntoView({block: 'center'})")
    page.screenshot(path=str(SHOTS / "suggestions.png"), full_page=False)
    suggestion.locator("button.use").click()
    assert cell.locator("textarea[name=msgstr]").input_value() == \
        "Программа включает 12 дискуссионных сессий."
    cell.locator("textarea[name=comments]").fill("проверить число сессий")
    assert _save(page, cell).status == 200
    saved = parse_po(po.read_text()).units[4]
    assert saved.msgstr == "Программа включает 12 дискуссионных сессий."
    assert saved.translator_comments == ("проверить число сессий",)
    # the draft whose source changed shows what changed, word by word
    changed = page.locator("tr.unit").nth(1).locator("td.target[data-lang=ru] .changed")
    assert changed.locator("ins").inner_text().strip() == "actively"


def test_search_filters_and_a_language_in_focus(site, page):
    project, url = site
    page.goto(f"{url}/search?q=контрафакт")
    hits = page.locator("table.search-results tbody tr")
    assert hits.count() >= 1 and "контрафакт" in hits.first.locator("mark").first.inner_text()
    page.screenshot(path=str(SHOTS / "search.png"), full_page=False)
    with page.expect_navigation():
        hits.first.locator("a").click()
    assert "/article/" in page.url and "#u-" in page.url
    page.goto(f"{url}/article/{DOC}?state=fuzzy")
    assert page.locator("tr.unit").count() == 1
    page.goto(f"{url}/article/{DOC}?severity=error")
    assert page.locator("tr.unit").count() >= 1
    assert page.locator("tr.unit li.error").count() >= 1
    page.goto(f"{url}/article/{DOC}?lang=ru")
    assert page.locator("thead th").count() == 2          # the source and Russian only
    assert page.locator("td.target[data-lang=az]").count() == 0


def test_a_named_token_is_who_approves(project, cli):
    import lxml.html

    from workflow.editing import parse_tokens, unit_version
    from workflow.project import Project
    from workflow.web import create_app, unit_id_of

    assert parse_tokens(["Aysel Mammadova=s3cret", "plain"]) == {"s3cret": "Aysel Mammadova",
                                                                 "plain": ""}
    cli("extract", cwd=project)
    po = project / "locales/ru/LC_MESSAGES" / f"{DOC}.po"
    app = create_app(Project.open(project), token=parse_tokens(["Aysel Mammadova=s3cret",
                                                                  "Ivan=other"]))
    client = app.test_client()
    host = {"Host": "127.0.0.1:8000"}
    assert client.get(f"/article/{DOC}", headers=host).status_code == 401
    page = client.get(f"/article/{DOC}?token=s3cret", headers=host).get_data(as_text=True)
    ru = lxml.html.fromstring(page).xpath("//form[@class='edit'][.//input[@name='lang']"
                                          "[@value='ru']]")[0]
    form = {i.get("name"): i.get("value") or "" for i in ru.xpath(".//input[@type='hidden']")}
    unit = parse_po(po.read_text()).units[0]
    form.update(uid=unit_id_of(unit.msgid), version=unit_version(unit), action="approve",
                msgstr="Заголовок.", by="Mallory")             # the form cannot choose the name
    assert client.post(f"/article/{DOC}/save", data=form, headers={
        **host, "X-L10N-Token": "s3cret"}).status_code == 303
    assert parse_po(po.read_text()).units[0].review_marks[0].endswith("by Aysel Mammadova")


def test_ctrl_enter_saves_and_moves_to_the_next_sentence_in_the_same_language(site, page):
    project, url = site
    po = project / f"locales/az/LC_MESSAGES/{DOC}.po"
    page.goto(f"{url}/article/{DOC}")
    cell = page.locator("tr.unit").nth(4).locator("td.target[data-lang=az]")
    _type(cell, "Proqram 10 müzakirə sessiyasını əhatə edir.")
    with page.expect_response(lambda r: r.url.endswith("/save")):
        cell.locator("textarea[name=msgstr]").press("Control+Enter")
    page.wait_for_function("() => document.activeElement.name === 'msgstr' && "
                           "document.activeElement.closest('td').dataset.lang === 'az' && "
                           "document.activeElement.closest('tr') === "
                           "document.querySelectorAll('tr.unit')[5]")
    unit = parse_po(po.read_text()).units[4]
    assert unit.msgstr == "Proqram 10 müzakirə sessiyasını əhatə edir."
    assert unit.state is UnitState.TRANSLATED         # saved as not a draft
    # the column the keys act on is marked
    assert page.locator("tr.unit").nth(5).locator("td.target[data-lang=az].focus-column").count() == 1
