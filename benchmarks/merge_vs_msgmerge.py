"""Our merge against GNU msgmerge --previous on real catalogs, entry by entry.

Each catalog given is used as its own old translation; its template is the catalog's messages
with a share of the msgids (5% by default, chosen with a fixed seed) changed by one word, as a
source edit does. Both tools merge the catalog with that template; the script prints, per
catalog and in total, the share of messages (and of edited messages) whose outcome differs:
translation, fuzzy flag or previous msgid.

    python benchmarks/merge_vs_msgmerge.py CATALOG.po ... [--share 0.05]

Real catalogs used in the closing note of issue 20: GNU gettext's own gettext-tools/po/ru.po,
uk.po, tr.po and gettext-runtime/po/ru.po (https://github.com/autotools-mirror/gettext, GPL),
e.g. ``git show HEAD:gettext-tools/po/ru.po > ru.po`` in a clone.

Last line: ``differ_share=<x> differ_share_edited=<y>``.
"""

from __future__ import annotations

import argparse
import io
import random
import subprocess
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from workflow.formats.po import read_po  # noqa: E402
from workflow.formats.po_write import encode_po  # noqa: E402
from workflow.merge import merge  # noqa: E402
from workflow.model import Catalog  # noqa: E402


def template_of(catalog: Catalog, share: float, seed: int) -> tuple[Catalog, set[str]]:
    """The catalog's messages untranslated, with ``share`` of the msgids edited by one word."""
    rng = random.Random(seed)
    units, edited = [], set()
    for unit in catalog.active:
        words = unit.msgid.split(" ")
        msgid = unit.msgid
        if len(words) > 3 and rng.random() < share:
            i = rng.randrange(len(words))
            words[i] = words[i][::-1] if len(words[i]) > 2 else "new"
            msgid = " ".join(words)
            edited.add(msgid)
        units.append(replace(unit, msgid=msgid, msgstr="", msgstr_plural=("",) * len(
            unit.msgstr_plural), flags=tuple(f for f in unit.flags if f != "fuzzy"),
            translator_comments=(), previous_msgctxt=None, previous_msgid=None,
            previous_msgid_plural=None))
    return replace(catalog, units=tuple(units)), edited


def outcome(catalog: Catalog) -> dict:
    return {u.key: (u.translations, u.fuzzy, u.previous_msgid) for u in catalog.active}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("catalogs", nargs="+", type=Path)
    parser.add_argument("--share", type=float, default=0.05)
    args = parser.parse_args()
    total = differ = total_edited = differ_edited = 0
    with tempfile.TemporaryDirectory() as tmp:
        for path in args.catalogs:
            old = read_po(io.BytesIO(path.read_bytes()))
            pot, edited = template_of(old, args.share, seed=1)
            pot_path = Path(tmp) / "t.pot"
            pot_path.write_bytes(encode_po(pot))
            gnu = subprocess.run(["msgmerge", "--quiet", "--previous", "-o", "-", str(path),
                                  str(pot_path)], capture_output=True, check=True).stdout
            theirs = outcome(read_po(io.BytesIO(gnu)))
            ours = outcome(merge(old, pot, previous=True, to_utf8=True))
            keys = set(theirs) | set(ours)
            bad = {k for k in keys if theirs.get(k) != ours.get(k)}
            bad_edited = {k for k in bad if k[1] in edited}
            total += len(keys)
            differ += len(bad)
            total_edited += len(edited)
            differ_edited += len(bad_edited)
            print(f"{path.name}: {len(keys)} messages, {len(edited)} edited; outcome differs on "
                  f"{len(bad)} ({len(bad_edited)} of the edited)")
    print(f"differ_share={differ / max(total, 1):.4f} "
          f"differ_share_edited={differ_edited / max(total_edited, 1):.4f}")


if __name__ == "__main__":
    main()
