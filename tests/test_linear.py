"""Every pass over user text grows linearly with it: no regular expression or rule backtracks.

Each stage that reads text a user typed or pasted (every prose check, the segmenter, the glossary
matcher, protected values, the PO reader, the article readers, the XLIFF 2 rule checks) is timed
on hostile inputs of size n and 8n. Linear work grows about 8 times, quadratic 64 times; the test
fails above 30 (generous for a busy machine, far below quadratic). Only inputs that take long
enough to measure (the larger run above 50 ms, best of 3) are judged, so the test cannot fail on noise.
"""

from __future__ import annotations

import io
import time

import pytest

from workflow.check.base import Pair
from workflow.check.prose import CHECKS
from workflow.formats.glossary_csv import read_glossary
from workflow.formats.po import parse_po
from workflow.formats.xliff import read_xliff
from workflow.glossary.match import Matcher
from workflow.ingest import ingest
from workflow.protect import protected_values, verify_and_repair
from workflow.segment import segment

from .conftest import REPO

# Runs of one token, the shapes that make a backtracking pattern scan the rest of the text once
# per position: long words, digit runs, punctuation runs, unclosed markup, half URLs.
HOSTILE = {
    "letters": "a", "digits": "1", "digit-groups": "1,", "dotted-digits": "1.", "words": "word ",
    "camel": "Ab", "mixed-script": "aа", "tags": "<a", "links": "](", "brackets": "([", "dots": ". ",
    "bangs": "!?", "guillemets": "«", "quotes": '"', "dashes": "-", "spaces": " ", "at": "a@",
    "urls": "http://a", "percent": "5%", "dates": "22 June ", "cyrillic": "Агентство ",
    "names": "Imanov ", "stars": "*", "ticks": "`", "amp": "&", "colons": ":", "lines": "a\n",
    "punctuation": "!?… » — « ",
}
SMALL = 1000
LIMIT = 30.0


def _seconds(run) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


def _assert_linear(name: str, make, run) -> None:
    small, big = make(SMALL), make(8 * SMALL)
    a = _seconds(lambda: run(small))
    b = _seconds(lambda: run(big))
    if b > 0.05:
        assert b / max(a, 1e-4) < LIMIT, f"{name}: {a * 1000:.1f} ms at n, {b * 1000:.1f} ms at 8n"


def _text(unit: str):
    return lambda n: unit * max(1, n // len(unit))


@pytest.mark.parametrize("pattern", sorted(HOSTILE))
def test_every_prose_check_is_linear(pattern):
    make = _text(HOSTILE[pattern])
    for code, check in sorted(CHECKS.items()):
        _assert_linear(f"{code} on {pattern} (target)", make,
                       lambda t, c=check: list(c.run(Pair("The Agency met 22 times.", t, "en",
                                                          "ru"))))
        _assert_linear(f"{code} on {pattern} (source)", make,
                       lambda t, c=check: list(c.run(Pair(t, "Агентство.", "en", "ru"))))


@pytest.mark.parametrize("pattern", sorted(HOSTILE))
def test_segmenter_protect_and_glossary_are_linear(pattern):
    make = _text(HOSTILE[pattern])
    glossary = read_glossary((REPO / "glossary.csv").read_text(encoding="utf-8"))
    matchers = {lang: Matcher(glossary, lang) for lang in ("en", "ru", "az")}
    for lang in ("en", "ru", "az"):
        _assert_linear(f"segment {lang} on {pattern}", make, lambda t, lg=lang: segment(t, lg))
        _assert_linear(f"glossary {lang} on {pattern}", make, matchers[lang].find)
    _assert_linear(f"protect on {pattern}", make,
                   lambda t: verify_and_repair(t, protected_values(t)))


@pytest.mark.parametrize("pattern", ["letters", "bangs", "tags", "links", "urls", "dashes",
                                     "lines", "stars", "punctuation"])
@pytest.mark.parametrize("kind", ["text", "markdown", "html"])
def test_article_readers_are_linear(pattern, kind):
    unit = HOSTILE[pattern]

    def make(n):
        body = unit * max(1, n // len(unit))
        return f"<html lang=en><body><h1>T</h1><p>{body}</p></body></html>" if kind == "html" \
            else f"Title\n\n{body}\n"
    _assert_linear(f"ingest {kind} on {pattern}", make,
                   lambda t: ingest(t, path="a", kind=kind, lang="en"))


@pytest.mark.parametrize("pattern", ["letters", "bangs", "urls", "lines"])
def test_po_reader_is_linear(pattern):
    def make(n):
        text = HOSTILE[pattern].replace("\n", "\\n") * max(1, n // len(HOSTILE[pattern]))
        return ('msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                f'msgid "{text}"\nmsgstr "{text}"\n')
    _assert_linear(f"PO reader on {pattern}", make, parse_po)


def test_xliff2_rule_checks_are_linear_in_markers():
    def make(n):
        source = "".join(f'<ph id="p{i}"/>w{i} ' for i in range(n // 10))
        target = "".join(f'<ph id="p{i}"/>t{i} ' for i in range(n // 10))
        return (f'<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" '
                f'srcLang="en" trgLang="ru"><file id="f"><unit id="u"><segment>'
                f'<source>{source}</source><target>{target}</target></segment></unit></file>'
                f'</xliff>').encode()
    _assert_linear("XLIFF 2 rules", make, lambda d: read_xliff(io.BytesIO(d)))
