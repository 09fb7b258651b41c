"""Kill l10n with SIGKILL at random moments and check that nothing is lost.

For each command (extract, pretranslate, review saves through the web app, export) and each
trial: copy a prepared project, start the command in a subprocess, kill it after a random delay,
then check that every PO file parses, equals either its state before the run or after a complete
run, and has lost no non-empty translation; then run the command again and check it completes
with the complete run's result.

    python -m tests.killharness --trials 200      (the long mode; the test suite runs a few)
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from dataclasses import replace
from pathlib import Path

from workflow.formats.po import parse_po
from workflow.formats.po_write import format_po

REPO = Path(__file__).resolve().parent.parent
COMMANDS = ("extract", "pretranslate", "review", "export")


def _l10n(root: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "workflow", "-C", str(root), *args]


def _run(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(_l10n(root, *args), capture_output=True, text=True, timeout=300)


def snapshot(root: Path) -> dict[str, bytes]:
    files = {}
    for pattern in ("locales/**/*.po", "locales/**/*.pot", "export/**/*.html"):
        for path in root.glob(pattern):
            files[path.relative_to(root).as_posix()] = path.read_bytes()
    return files


def translations(files: dict[str, bytes]) -> set[tuple[str, str, str]]:
    found = set()
    for name, data in files.items():
        if name.endswith(".po"):
            for unit in parse_po(data.decode("utf-8")).units:
                if unit.msgstr:
                    found.add((name, unit.msgid, unit.msgstr))
    return found


def problems(before: dict[str, bytes], after: dict[str, bytes], now: dict[str, bytes]
             ) -> list[str]:
    found = []
    for name in sorted(set(before) | set(after) | set(now)):
        if name not in now:
            if name in before:
                found.append(f"{name} vanished")
            continue
        if now[name] not in (before.get(name), after.get(name)):
            found.append(f"{name} is neither its old nor its new content")
        if name.endswith(".po"):
            try:
                parse_po(now[name].decode("utf-8"))
            except Exception as exc:  # noqa: BLE001 (any failure to parse is the finding)
                found.append(f"{name} does not parse: {exc}")
    kept = {msgstr for _, _, msgstr in translations(now)}
    for name, msgid, msgstr in translations(before):
        if msgstr not in kept:
            found.append(f"{name}: the translation of {msgid[:40]!r} is gone")
    return found


# --- preparing a project per command ----------------------------------------------------------

def _fill(root: Path, every: int) -> None:
    for po in sorted(root.glob("locales/*/LC_MESSAGES/*.po")):
        catalog = parse_po(po.read_text())
        units = tuple(replace(u, msgstr=f"[{po.parent.parent.name}] {u.msgid}")
                      if i % every == 0 and not u.obsolete else u
                      for i, u in enumerate(catalog.units))
        po.write_text(format_po(replace(catalog, units=units)))


def prepare(command: str, base: Path) -> Path:
    """A project in the state just before ``command`` runs."""
    root = base / f"prepared-{command}"
    if root.exists():
        return root
    root.mkdir(parents=True)
    for name in ("source", "l10n.toml", "glossary.csv"):
        source = REPO / name
        shutil.copytree(source, root / name) if source.is_dir() else shutil.copy(source,
                                                                                root / name)
    config = root / "l10n.toml"
    config.write_text(config.read_text().replace(
        "disable = []", 'disable = ["wrong-language", "untranslated", "glossary-missing", '
        '"glossary-forbidden"]'))
    assert _run(root, "extract").returncode == 0
    if command == "extract":
        _fill(root, 2)
        for path in (root / "source/en").glob("*.txt"):
            text = path.read_text()
            path.write_text(text.replace(" the ", " a ", 3).replace("2021", "2022", 1))
    elif command == "pretranslate":
        _fill(root, 3)
    elif command in ("review", "export"):
        _fill(root, 1)
        if command == "export":
            assert _run(root, "export").returncode == 0
            for po in root.glob("locales/*/LC_MESSAGES/*.po"):
                po.write_text(po.read_text().replace('msgstr "[', 'msgstr "[new] ['))
    return root


# --- running and killing ----------------------------------------------------------------------

def _review_client(url: str, docs: list[str], stop_after: float) -> None:
    """Approve every language of every article through the web app, as an editor's browser."""
    deadline = time.monotonic() + stop_after
    import http.cookiejar

    # a browser keeps the page's cookies: the CSRF token is bound to one of them
    browser = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    for doc in docs:
        page = browser.open(f"{url}/article/{doc}", timeout=10).read().decode()
        csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
        forms = re.findall(r'name="lang" value="(\w+)">\s*<input type="hidden" name="etag" '
                           r'value="(\w*)"><input type="hidden" name="action" '
                           r'value="approve-all"', page)
        for lang, etag in forms:
            data = urllib.parse.urlencode({"csrf": csrf, "lang": lang, "etag": etag,
                                           "action": "approve-all"}).encode()
            browser.open(urllib.request.Request(f"{url}/article/{doc}/save", data),
                         timeout=10).read()
            if time.monotonic() > deadline:
                return


def _serve(root: Path) -> tuple[subprocess.Popen, str]:
    process = subprocess.Popen(_l10n(root, "serve", "--port", "0"), stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, text=True)
    line = process.stdout.readline()
    return process, line.split("review page: ")[1].strip().rstrip("/")


def complete(command: str, root: Path) -> None:
    if command == "review":
        process, url = _serve(root)
        try:
            _review_client(url, _docs(root), 1e9)
        finally:
            process.kill()
            process.wait()
        return
    result = _run(root, command)
    assert result.returncode == 0, result.stderr


def _docs(root: Path) -> list[str]:
    return sorted(p.stem for p in (root / "locales/templates").glob("*.pot"))


def trial(command: str, prepared: Path, reference: dict[str, bytes], work: Path, rng: random.Random,
          max_delay: float) -> list[str]:
    root = work / "trial"
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(prepared, root)
    before = snapshot(root)
    delay = rng.uniform(0, max_delay)
    if command == "review":
        process, url = _serve(root)
        import threading

        client = threading.Thread(target=lambda: _safe(_review_client, url, _docs(root), 1e9))
        client.start()
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        client.join(timeout=30)
    else:
        process = subprocess.Popen(_l10n(root, command), stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
    found = problems(before, reference, snapshot(root))
    complete(command, root)
    final = snapshot(root)
    if final != reference:
        found.append("the next run did not reach the complete run's result")
    leftovers = [p.name for p in root.rglob(".*.tmp")]
    if leftovers:
        found.append(f"temporary files left after the next run: {leftovers[:3]}")
    return found


def _safe(function, *args) -> None:
    try:
        function(*args)
    except Exception:  # noqa: BLE001 (the server was killed under the client: expected)
        pass


def run(commands=COMMANDS, trials: int = 5, seed: int = 1, max_delay: float = 1.5
        ) -> dict[str, tuple[int, int, list[str]]]:
    """{command: (survived, tried, problems)}."""
    rng = random.Random(seed)
    results = {}
    with tempfile.TemporaryDirectory(prefix="l10n-kill-") as tmp:
        base = Path(tmp)
        for command in commands:
            prepared = prepare(command, base)
            reference_root = base / f"reference-{command}"
            shutil.copytree(prepared, reference_root)
            complete(command, reference_root)
            reference = snapshot(reference_root)
            survived, found = 0, []
            for _ in range(trials):
                issues = trial(command, prepared, reference, base, rng, max_delay)
                survived += not issues
                found += issues
            results[command] = (survived, trials, found)
    return results


def install_test_models(home: Path) -> None:
    """The long mode runs outside pytest: build and install the tiny packages itself."""
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        os.environ[name] = str(home / name.lower())
    os.environ["ARGOS_PACKAGES_DIR"] = str(home / "packages")
    os.environ["L10N_ALLOW_TEST_MODELS"] = "1"
    from tests.tiny_argos import build_package
    from workflow.engines.argos import install_archive

    for src, tgt in (("en", "az"), ("en", "ru"), ("az", "en"), ("ru", "en")):
        install_archive(build_package(home / "build", "copy", src, tgt))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--trials", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("commands", nargs="*", default=list(COMMANDS))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="l10n-kill-models-") as home:
        install_test_models(Path(home))
        results = run(args.commands, args.trials, args.seed)
    for command, (survived, tried, found) in results.items():
        print(f"{command:13} kills survived {survived}/{tried}")
        for problem in found[:5]:
            print(f"    {problem}")
    print(json.dumps({command: [s, t] for command, (s, t, _) in results.items()}))


if __name__ == "__main__":
    main()
