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
    assert first.locator("td.target[data-lang=ru] .badge").inner_text() == "fuzzy"
    assert "mt: argos translate-en_ru 1.9" in first.inner_text()
    assert page.locator("mark.term.forbidden").count() >= 1  # торговая марка
    page.screenshot(path=str(SHOTS / "article.png"), full_page=False)


def test_edit_and_approve_writes_the_po_file_and_only_that_unit(site, page):
    project, url = site
    po = project / f"locales/ru/LC_MESSAGES/{DOC}.po"
    before = po.read_text().splitlines()
    page.goto(f"{url}/article/{DOC}")
    cell = page.locator("tr.unit").nth(4).locator("td.target[data-lang=ru]")
    cell.locator("textarea").fill("Программа включает 10 дискуссионных сессий.")
    with page.expect_navigation():
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
    with page.expect_navigation():
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
    with page.expect_navigation():
        page.keyboard.press("a")
    assert parse_po(az.read_text()).units[0].state is UnitState.REVIEWED


def test_a_file_changed_on_disk_is_not_overwritten(site, page):
    project, url = site
    po = project / f"locales/ru/LC_MESSAGES/{DOC}.po"
    page.goto(f"{url}/article/{DOC}")
    # Meanwhile a translator saves the catalog from Poedit.
    catalog = parse_po(po.read_text())
    units = list(catalog.units)
    units[4] = replace(units[4], msgstr="Перевод из Poedit.")
    po.write_text(format_po(replace(catalog, units=tuple(units))))
    theirs = po.read_bytes()
    cell = page.locator("tr.unit").nth(4).locator("td.target[data-lang=ru]")
    cell.locator("textarea").fill("Мой перевод в браузере.")
    with page.expect_navigation():
        cell.locator("button", has_text="save, not a draft").click()
    assert "changed on disk since this page was loaded" in page.locator("div.alert").inner_text()
    assert po.read_bytes() == theirs


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
    form.update(uid=unit_id_of("one file"), action="save", msgstr="файлы")
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
