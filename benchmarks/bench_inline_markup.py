"""Inline markup in msgids: how readable, and how safe against a translator's slips.

Tools: ours (`l10n extract` in a throw-away project), Translate Toolkit (html2po / po2html) and
po4a (xhtml module, when installed), on the same HTML pages.

Readability, over each tool's units (all, and those inside the article, the part every tool
extracts): mean msgid length; share of msgid characters inside ``<...>`` (attributes included);
share of units showing a URL or ``href=``/``class=``/``src=``/``style=``; characters to copy
verbatim per unit (tags, entities, bare URLs).

Safety: each unit that shows markup gets one slip at a time, every other unit translated as
itself: (a) a closing tag deleted, (b) an opening tag deleted, (c) an attribute's closing quote
deleted, (d) two elements' closing tags swapped, (e) a tag pair duplicated around the next word,
(f) a link (else the first element) moved to another word, a legitimate edit. The catalog goes
back through the tool (po2html; po4a-translate; `l10n check --format json` + `l10n export
--strict`): REFUSED (non-zero exit, or an error naming the unit), SILENT-BROKEN, or HARMLESS (for
(f): the element came out around the new word, attributes intact). Pages are compared by their
inline elements in document order, as (inline ancestors, tag, attributes, text), whitespace
normalised: a slip is harmless when the page equals the unchanged catalog's page and, in the
unit's block, the source page (source blocks the tool does not give back, such as chrome, are
left out). Units that carry source markup but show none ("as is") cannot take a slip: they are
scored once, unchanged, and count for every slip, so markup lost at export counts as broken.

    python benchmarks/bench_inline_markup.py [--pages P.html ...] [--max-units N] [-v] [--quick]

Last line: ``markup_share_ours=<x> markup_share_html2po=<y> silent_broken_ours=<n>
silent_broken_html2po=<m> silent_broken_po4a=<k or na>`` (slips (a)-(e), all pages).
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import lxml.html
import polib

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from workflow.formats.html import DEFAULT_DROP_TAGS  # noqa: E402

PAGES, FALLBACK = REPO / "tests" / "data" / "inline" / "html", REPO / "source" / "az"
BIN = Path(sys.executable).parent
L10N = [str(BIN / "l10n")] if (BIN / "l10n").exists() else [sys.executable, "-m", "workflow"]
LANGS = ("en", "ru", "az")
TAG = re.compile(r"<[^<>]*>")
NAME = re.compile(r"</?\s*([A-Za-z][\w:.-]*)")
VERBATIM = re.compile(r"<[^<>]*>|&#?\w+;|https?://[^\s<>\"']+")
EXACT = re.compile(r"\b(?:href|class|src|style)\s*=|https?://|www\.", re.I)
QUOTED = re.compile(r"\b[\w:-]+\s*=\s*([\"'])[^\"']*\1")
WORD = re.compile(r"[^\W\d_]{3,}")
# Elements that hold units or units' blocks; every other element is compared as inline markup.
BLOCK = set("h1 h2 h3 h4 h5 h6 p li dt dd figcaption td th caption pre blockquote div section "
            "article main body summary address header footer nav aside figure label legend ul ol "
            "dl menu table thead tbody tfoot tr colgroup col form fieldset details hgroup center"
            .split())
VOID = {"br", "img", "wbr", "hr", "input"}
SLIPS = ("a-close", "b-open", "c-attr", "d-swap", "e-dup", "f-move")
ENV = {**os.environ, "L10N_NO_CACHE": "1"}


@dataclass(frozen=True)
class Result:
    refused: bool = False
    crashed: bool = False
    out: bytes | None = None
    detail: str = ""


def run(cmd: list[str], cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=600, env=ENV)


def produced(proc: subprocess.CompletedProcess, path: Path) -> Path:
    # html2po reports a page it cannot read as a warning, exits 0 and leaves an empty file
    if proc.returncode or not path.exists() or not path.stat().st_size:
        raise RuntimeError(" ".join(proc.stderr.split())[-300:] or f"no {path.name}")
    return path


def finished(proc: subprocess.CompletedProcess, out: Path, refusal: str = "") -> Result:
    crashed = proc.returncode != 0 and "Traceback" in proc.stderr
    data = out.read_bytes() if out.exists() and proc.returncode == 0 else None
    return Result(not crashed and (data is None or bool(refusal)), crashed, data,
                  refusal or proc.stderr.strip()[-300:])


def catalog(src: Path, msgstrs: dict, dest: Path) -> None:
    """src with every active unit translated as itself, or as msgstrs[(msgctxt, msgid)]."""
    po = polib.pofile(str(src))
    for entry in po:
        if not entry.obsolete:
            entry.msgstr = msgstrs.get((entry.msgctxt, entry.msgid), entry.msgid)
            entry.flags = [f for f in entry.flags if f != "fuzzy"]
            entry.previous_msgid = entry.previous_msgctxt = None
    po.save(str(dest))


class Converter:
    """A tool that is two commands: page -> template, page + catalog -> translated page."""
    region, skip = "body", set()

    def __init__(self, name: str, extract: list[str], translate: list[str]) -> None:
        self.name, self.extract_cmd, self.translate_cmd = name, extract, translate

    def extract(self, page: Path, lang: str, work: Path) -> Path:
        self.page, self.pot = page, work / f"{self.name}.pot"
        return produced(run([a.format(page=page, pot=self.pot) for a in self.extract_cmd]),
                        self.pot)

    def translate(self, msgstrs: dict, work: Path) -> Result:
        po, out = work / "in.po", work / "out.html"
        catalog(self.pot, msgstrs, po)
        return finished(run([a.format(page=self.page, po=po, out=out)
                             for a in self.translate_cmd]), out)


TT = [sys.executable, "-m", "translate.convert."]
HTML2PO = Converter("html2po", [TT[0], TT[1], TT[2] + "html2po", "{page}", "{pot}"],
                    [TT[0], TT[1], TT[2] + "po2html", "-t", "{page}", "{po}", "{out}"])
# po4a 0.69 has no "html" module, only xhtml; po4a-gettextize wants a translated page beside the
# master, so po4a-updatepo is the command that writes a bare template.
PO4A = Converter("po4a", ["po4a-updatepo", "-f", "xhtml", "-M", "utf-8", "-m", "{page}",
                          "-p", "{pot}"],
                 ["po4a-translate", "-f", "xhtml", "-M", "utf-8", "-L", "utf-8", "-k", "0",
                  "-m", "{page}", "-p", "{po}", "-l", "{out}"])


class Ours:
    name, region, skip = "ours", "article", set(DEFAULT_DROP_TAGS)

    def extract(self, page: Path, lang: str, work: Path) -> Path:
        self.proj, self.target = work / "ours", next(x for x in LANGS if x != lang)
        order = ",".join([lang, *(x for x in LANGS if x != lang)])
        config = produced(run([*L10N, "init", "--name", "bench", "--languages", order,
                               str(self.proj)]), self.proj / "l10n.toml")
        # Units are "translated" as their own source text: the language check would refuse an
        # edited unit for that alone, whatever its markup.
        text = config.read_text(encoding="utf-8")
        assert "disable = []" in text, "l10n init writes [check] disable = []"
        config.write_text(text.replace("disable = []", 'disable = ["wrong-language"]', 1),
                          encoding="utf-8")
        shutil.copy(page, self.proj / "source" / lang / page.name)
        proc = run([*L10N, "extract"], cwd=self.proj)
        pots = sorted((self.proj / "locales" / "templates").glob("*.pot"))
        self.doc = pots[0].stem if pots else "none"
        return produced(proc, self.proj / "locales" / "templates" / f"{self.doc}.pot")

    def translate(self, msgstrs: dict, work: Path) -> Result:
        proj = work / "p"
        shutil.copytree(self.proj, proj, ignore=shutil.ignore_patterns("export", ".l10n"))
        po = proj / "locales" / self.target / "LC_MESSAGES" / f"{self.doc}.po"
        catalog(po, msgstrs, po)
        check = run([*L10N, "check", "--format", "json", str(po.relative_to(proj))], cwd=proj)
        found = [json.loads(line) for line in check.stdout.splitlines() if line.startswith("{")]
        named = [f"{f['check']}: {f['message']}" for f in found if f["severity"] == "error"
                 and f["msgid"] in {msgid for _, msgid in msgstrs}]
        proc = run([*L10N, "export", "--strict", "--format", "html", "--lang", self.target,
                    self.doc], cwd=proj)
        return finished(proc, proj / "export" / self.target / f"{self.doc}.html",
                        "; ".join(named))


def tags(text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, kind, name) of every tag; kind is open, close or void."""
    found = []
    for m in TAG.finditer(text):
        if name := NAME.match(m.group()):
            kind = ("close" if m.group().startswith("</") else "void"
                    if m.group().endswith("/>") or name.group(1).lower() in VOID else "open")
            found.append((m.start(), m.end(), kind, name.group(1)))
    return found


def pairs(text: str) -> list[tuple[tuple, tuple, int]]:
    """(opening tag, closing tag, depth) of every matched element, by opening position."""
    stack, found = [], []
    for tag in tags(text):
        if tag[2] == "open":
            stack.append(tag)
        elif tag[2] == "close" and any(t[3] == tag[3] for t in stack):
            while stack[-1][3] != tag[3]:
                stack.pop()
            found.append((stack.pop(), tag, len(stack)))
    return sorted(found)


def plain(text: str) -> str:
    return " ".join(html.unescape(TAG.sub("", text)).split())


def html_name(code: str) -> str:
    return code.rstrip("0123456789").lower()  # our codes are the tag and a number: a1, strong2


def slip(text: str, kind: str) -> tuple[str, dict] | None:
    """text with one slip of this kind, and what (f) moved; None when it does not apply."""
    ps = pairs(text)
    if kind == "a-close" and ps:
        return text[:ps[0][1][0]] + text[ps[0][1][1]:], {}
    if kind == "b-open" and ps:
        return text[:ps[0][0][0]] + text[ps[0][0][1]:], {}
    if kind == "c-attr":
        for start, end, what, _ in tags(text):
            if what == "open" and (m := QUOTED.search(text, start, end)):
                return text[:m.end() - 1] + text[m.end():], {}
    other = [p for p in ps[1:] if p[1][3] != ps[0][1][3]] if ps else []
    if kind == "d-swap" and other:
        c1, c2 = sorted([ps[0][1], other[0][1]])
        one, two = text[c1[0]:c1[1]], text[c2[0]:c2[1]]
        return text[:c1[0]] + two + text[c1[1]:c2[0]] + one + text[c2[1]:], {}
    flat = [(o, c) for o, c, depth in ps if depth == 0 and not tags(text[o[1]:c[0]])]
    if kind not in ("e-dup", "f-move") or not flat:
        return None
    o, c = ([p for p in flat if html_name(p[0][3]) == "a"] or flat)[0]
    # a word outside every tag and element: after the element if there is one, else before
    spans = [(a[0], b[1]) for a, b, _ in ps] + [t[:2] for t in tags(text)]
    words = [m.span() for m in WORD.finditer(text) if not any(a <= m.start() < b for a, b in spans)]
    if not words:
        return None
    w = ([w for w in words if w[0] >= c[1]] or words)[0]
    opening, closing = text[o[0]:o[1]], text[c[0]:c[1]]
    new = text[:w[0]] + opening + text[w[0]:w[1]] + closing + text[w[1]:]
    if kind == "e-dup":
        return new, {}
    shift = len(opening) + len(closing) if w[0] < o[0] else 0
    moved = new[:o[0] + shift] + new[o[1] + shift:c[0] + shift] + new[c[1] + shift:]
    return moved, {"tag": html_name(o[3]), "old": plain(text[o[1]:c[0]]), "new": text[w[0]:w[1]]}


def region(data: bytes, tool) -> lxml.html.HtmlElement:
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
    root = lxml.html.document_fromstring(data, parser=parser)
    found = root.xpath("//article | //main") if tool.region == "article" else []
    return found[0] if found else root.find("body") if root.find("body") is not None else root


def text_of(element, skip: set) -> str:
    """Whitespace-normalised text, without the elements a tool skips (scripts, chrome)."""
    parts = []

    def walk(node) -> None:
        parts.append(node.text or "")
        for child in node:
            if not (isinstance(child.tag, str) and child.tag.lower() in skip):
                walk(child)
            parts.append(child.tail or "")

    walk(element)
    return " ".join("".join(parts).split())


def fingerprint(data: bytes, tool) -> tuple[list[tuple], Counter]:
    """Inline elements as (ancestors, tag, attributes, text, block text, nth block of that text),
    and the blocks' texts. Pages are compared on the first four; whitespace is normalised, in
    attributes too."""
    found, blocks = [], Counter()

    def walk(element, block: tuple, inline: tuple) -> None:
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        if tag in tool.skip:
            return
        if tag in BLOCK:
            text = text_of(element, tool.skip)
            blocks[text] += 1
            block = (text, blocks[text])
        elif tag:
            found.append((inline, tag, tuple(sorted((k, " ".join(v.split()))
                                                    for k, v in element.attrib.items())),
                          text_of(element, tool.skip), *block))
            inline += (tag,)
        for child in element:
            walk(child, block, inline)

    walk(region(data, tool), ("", 1), ())
    return found, blocks


def inside(entries: list, text: str) -> list:
    """The elements that lie in text, in the blocks that hold it."""
    text = plain(text)
    return [e for e in entries if text in e[4] and e[3] in text]


def same(out: list, ref: list, moved: dict) -> bool | None:
    """out equals ref, or (f) ref with the moved element around its new word; None: not in ref."""
    out, ref = [e[:4] for e in out], [e[:4] for e in ref]
    if not moved:
        return out == ref
    match = [e for e in ref if e[1] == moved["tag"] and e[3] == moved["old"]]
    if not match:
        return None
    ref[ref.index(match[0])] = match[0][:3] + (moved["new"],)
    return Counter(out) == Counter(ref)


def score(result: Result, out: list | None, source: list, base: list | None,
          edit: tuple) -> str:
    """Harmless when the page is the unchanged catalog's page everywhere (damage around the
    unit counts, a flaw of the tool elsewhere does not) and the source's in the unit's block."""
    if result.crashed or result.refused or out is None:
        return "crashed" if result.crashed else "refused" if result.refused else "broken"
    msgid, msgstr, moved = edit
    whole = same(out, source if base is None else base, moved)
    here = same(inside(out, msgstr), inside(source, msgid), moved)
    return "n/a" if None in (whole, here) else "harmless" if whole and here else "broken"


def evaluate(tool, page: Path, lang: str, args, pool: ThreadPoolExecutor,
             work: Path) -> tuple[list, Counter, bool]:
    """Units (msgid, inside the article), outcomes by (slip or "as is", outcome), and whether
    the unchanged catalog gives the source's markup back."""
    entries = [e for e in polib.pofile(str(tool.extract(page, lang, work)))
               if not e.obsolete and e.msgid]

    def one(numbered: tuple[int, frozenset]) -> Result:
        folder = work / f"run{numbered[0]}"
        folder.mkdir()
        try:
            return tool.translate(dict(numbered[1]), folder)
        except Exception as exc:  # a tool that falls over is a result, not the end of the run
            return Result(crashed=True, detail=repr(exc))

    source, blocks = fingerprint(page.read_bytes(), tool)

    def read(result: Result) -> tuple[list, Counter] | None:
        """The page's elements in blocks the source has too, and its blocks."""
        try:
            out, its = fingerprint(result.out, tool)
        except Exception:  # refused, crashed, or a page lxml cannot read at all
            return None
        return [e for e in out if e[5] <= blocks[e[4]]], its

    unchanged = one((0, frozenset()))
    if base := read(unchanged):  # blocks the tool does not give back (chrome) do not count
        source = [e for e in source if e[5] <= base[1][e[4]]]
    # A unit showing no tags still carries markup when an element of its block lies in it.
    shown = [e for e in entries if tags(e.msgid)]
    hidden = [e for e in entries if not tags(e.msgid)
              and any(len(s[3]) >= 2 for s in inside(source, e.msgid))]
    if len(shown) > args.max_units:
        step = (len(shown) - 1) / max(args.max_units - 1, 1)
        shown = [shown[round(i * step)] for i in range(args.max_units)]
    plan = [(k, e.msgid, slip(e.msgid, k), e.msgctxt) for e in shown for k in SLIPS]
    keys = {frozenset({((ctxt, msgid), done[0])}) for _, msgid, done, ctxt in plan if done}
    jobs = {key: (r, read(r)) for key, r in zip(keys, pool.map(one, enumerate(keys, 1)))}
    jobs[None] = (unchanged, base)
    base = base and base[0]
    outcomes = Counter()
    for kind, msgid, done, ctxt in plan + [("as is", e.msgid, (e.msgid, {}), 0) for e in hidden]:
        key = None if kind == "as is" or done is None else frozenset({((ctxt, msgid), done[0])})
        result, out = jobs[key]
        outcome = ("n/a" if done is None else
                   score(result, out and out[0], source, base, (msgid, *done)))
        outcomes[kind, outcome] += 1
        if args.verbose or outcome == "crashed":
            why = f"  [{result.detail[-150:]}]" if outcome in ("crashed", "refused") else ""
            print(f"  {tool.name} {page.name[:20]} {kind} {outcome}: "
                  f"{(done or [msgid])[0][:110]!r}{why}")
    dropped = region(page.read_bytes(), Ours)
    for element in [e for e in dropped.iter() if isinstance(e.tag, str) and e.tag in Ours.skip]:
        element.drop_tree()
    article = " ".join(dropped.text_content().split())
    units = [(e.msgid, len(plain(e.msgid)) > 3 and plain(e.msgid) in article) for e in entries]
    return units, outcomes, base is not None and same(base, source, {})


def readability(ids: list[str]) -> dict[str, float]:
    n, chars = max(len(ids), 1), sum(len(i) for i in ids) or 1
    return {"units": len(ids), "mean_len": sum(len(i) for i in ids) / n,
            "markup_share": sum(len(m) for i in ids for m in TAG.findall(i)) / chars,
            "exact_units": sum(bool(EXACT.search(i)) for i in ids) / n,
            "verbatim": sum(len(m) for i in ids for m in VERBATIM.findall(i)) / n}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", nargs="+", metavar="HTML",
                        help=f"pages, in a folder named by their language (default: {PAGES})")
    parser.add_argument("--max-units", type=int, default=30,
                        help="units with markup tried per page and tool (evenly spread)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="tool runs at once")
    parser.add_argument("-v", "--verbose", action="store_true", help="every trial's outcome")
    parser.add_argument("--quick", action="store_true", help="one page, two units: for tests")
    args = parser.parse_args()
    found = [Path(p) for p in args.pages] if args.pages else [
        p for lang in LANGS for p in sorted((PAGES / lang).glob("*.html"))]
    found = (found or sorted(FALLBACK.glob("*.html")))[:1 if args.quick else None]
    todo = [(p.resolve(), p.parent.name if p.parent.name in LANGS else "en") for p in found]
    args.max_units = 2 if args.quick else args.max_units
    tools = [Ours(), HTML2PO] + ([PO4A] if shutil.which("po4a-updatepo") else [])
    if len(tools) < 3:
        print("po4a is not installed (apt-get install po4a): left out")
    started = time.monotonic()
    read, safe, faithful, failed = defaultdict(list), defaultdict(Counter), Counter(), Counter()
    with tempfile.TemporaryDirectory(prefix="bench-inline-") as tmp, \
            ThreadPoolExecutor(max(args.jobs, 1)) as pool:
        for index, (page, lang) in enumerate(todo):
            for tool in tools:
                work = Path(tmp) / f"{index}-{tool.name}"
                work.mkdir()
                try:
                    units, outcomes, kept = evaluate(tool, page, lang, args, pool, work)
                except Exception as exc:  # record it and go on with the other tools and pages
                    failed[tool.name] += 1
                    print(f"  {tool.name} failed on {page.name}: {str(exc)[:200]}")
                    continue
                read[tool.name] += units
                safe[tool.name] += outcomes
                faithful[tool.name] += kept
    print(f"{len(todo)} page(s): {', '.join(f'{p.parent.name}/{p.name}' for p, _ in todo)}")
    print(f"\n{'tool':17} {'units':>6} {'mean len':>9} {'markup share':>13} "
          f"{'units w/ URL/attr':>18} {'verbatim chars/unit':>20}  pages: read, unchanged kept")
    metrics = {}
    for tool in tools:
        for label, ids in ((tool.name, [m for m, _ in read[tool.name]]),
                           (tool.name + " (article)", [m for m, a in read[tool.name] if a])):
            m = metrics[label] = readability(ids)
            pages = f"{len(todo) - failed[tool.name]}/{len(todo)}, {faithful[tool.name]}"
            print(f"{label:17} {m['units']:>6} {m['mean_len']:>9.1f} {m['markup_share']:>13.3f} "
                  f"{m['exact_units']:>18.3f} {m['verbatim']:>20.1f}  "
                  f"{pages if label == tool.name else ''}")
    kinds = ("refused", "broken", "harmless", "n/a", "crashed")
    print(f"\n{'tool':8} {'slip':9} " + " ".join(f"{k:>9}" for k in kinds))
    for tool in tools:
        for kind in (*SLIPS, "as is"):
            print(f"{tool.name:8} {kind:9} " + " ".join(f"{safe[tool.name][kind, k]:>9}"
                                                       for k in kinds))
    print("broken = SILENT-BROKEN; f-move harmless = the element came out around the new word;\n"
          "as is = units that carry markup but show none of it, so no slip can be made in them")
    # a unit that shows no markup takes every slip as no change: it counts once per slip
    broken = {t.name: sum(safe[t.name][k, "broken"] for k in SLIPS[:5])
              + 5 * safe[t.name]["as is", "broken"] for t in tools}
    po4a = broken["po4a"] if "po4a" in broken and failed["po4a"] < len(todo) else "na"
    print(f"\n{len(todo)} page(s) in {time.monotonic() - started:.0f} s")
    print(f"markup_share_ours={metrics['ours']['markup_share']:.3f} "
          f"markup_share_html2po={metrics['html2po']['markup_share']:.3f} "
          f"silent_broken_ours={broken['ours']} silent_broken_html2po={broken['html2po']} "
          f"silent_broken_po4a={po4a}")


if __name__ == "__main__":
    main()
