"""An accelerator under ``.l10n/cache/``: what a command may skip because its inputs are unchanged.

The cache is never the truth. Each entry records the files an article's work read and wrote
(size, mtime, inode and SHA-256), under a key made of everything else the work depends on:
this code (a hash of the package's source), the project configuration and the SRX rules. A
command skips an article only when every one of its files is still as recorded; a file whose
stat changed is hashed, and a file written less than two seconds before it was recorded is
always hashed (a save within the same clock tick looks unchanged by its stat). Deleting the
cache, or a corrupt or foreign one (ignored with a note), changes no output: the work is simply
done again.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
import zlib
from collections.abc import Mapping
from functools import cache
from pathlib import Path

from .errors import WorkflowError
from .project import Project, write_atomic

CACHE_DIR = ".l10n/cache"
FORMAT = 2
SHARDS = 32
RACY_NS = 2_000_000_000      # files this close to their recording are verified by content


@cache
def code_version() -> str:
    """A hash of this package's source: another version of the code never reuses a result."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _sha(path: Path | str) -> str:
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def state(path: Path | str) -> list | None:
    """A file's size, time and inode (None: it cannot be read)."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns, st.st_ino]


class WorkCache:
    """One command's cache: per article, the files its work read and wrote.

    It is kept in ``SHARDS`` files (``.l10n/cache/<name>/<shard>.json``, an entry's shard
    fixed by its name): after an edit to one article only the few shards its entries are in
    are written again, not the whole record of a large project."""

    def __init__(self, project: Project, name: str, key_parts: list[bytes]) -> None:
        self.project = project
        self.folder = project.root / CACHE_DIR / name
        self.legacy = project.root / CACHE_DIR / f"{name}.json"     # one file, before shards
        digest = hashlib.sha256(code_version().encode())
        for part in key_parts:
            digest.update(hashlib.sha256(part).digest())
        self.key = digest.hexdigest()
        self.note: str | None = None
        self.entries: dict[str, dict] = {}
        self.dirty: set[int] = set()            # the shards to write again
        for shard in range(SHARDS):
            path = self._shard_path(shard)
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except FileNotFoundError:
                continue
            except (OSError, ValueError) as exc:
                self.note = self.note or \
                    f"{project.rel(path)} is unreadable ({type(exc).__name__}): ignored"
                self.dirty.add(shard)
                continue
            if not isinstance(data, dict) or data.get("format") != FORMAT or \
                    not isinstance(data.get("entries"), dict):
                self.note = self.note or \
                    f"{project.rel(path)} is not a cache this version wrote: ignored"
                self.dirty.add(shard)
            elif data.get("key") != self.key:
                self.dirty.add(shard)   # the code or the configuration changed: start again
            else:
                self.entries.update((k, v) for k, v in data["entries"].items()
                                    if _shard(k) == shard)

    def _shard_path(self, shard: int) -> Path:
        return self.folder / f"{shard:02d}.json"

    def unchanged(self, name: str, stats: Mapping[str, list | None] | None = None
                  ) -> dict | None:
        """The entry for ``name`` if every file it recorded is still as recorded, else None
        (``stats``: the ``state`` of some of them, by path as shown, taken just before)."""
        entry = self.entries.get(name)
        if not isinstance(entry, dict) or not isinstance(entry.get("files"), dict):
            return None
        recorded = entry.get("recorded", 0)
        now = time.time_ns()
        refreshed = {}
        root = os.fspath(self.project.root)
        try:
            for rel, (size, mtime, ino, sha) in entry["files"].items():
                path = os.path.join(root, rel)
                seen = stats[rel] if stats is not None and rel in stats else state(path)
                if seen is None:
                    return None
                if seen == [size, mtime, ino] and mtime < recorded - RACY_NS:
                    continue
                if seen[0] != size or _sha(path) != sha:
                    return None
                refreshed[rel] = [*seen, sha]     # same content: trust its stat from now on
        except (OSError, TypeError, ValueError):
            return None
        if refreshed and all(kept[1] < now - RACY_NS for kept in refreshed.values()):
            entry["files"].update(refreshed)
            entry["recorded"] = now
            self.dirty.add(_shard(name))
        return entry

    def record(self, name: str, paths: list[Path], *,
               expected: Mapping[Path, bytes | str | None] | None = None, **facts) -> None:
        """Remember ``paths`` as they are now, as the inputs and outputs of ``name``'s work.

        ``expected`` gives the content the work saw (or wrote) for some of them, or its SHA-256:
        if a file no longer has it (someone saved it meanwhile), nothing is remembered for
        ``name``. A file whose stat an earlier record of ``name`` trusted is not read again."""
        files = {}
        previous = self.entries.get(name)
        known = previous.get("files", {}) if isinstance(previous, dict) else {}
        trusted = (previous.get("recorded", 0) if isinstance(previous, dict) else 0) - RACY_NS
        for path in paths:
            rel = self.project.rel(path)
            current = state(path)
            if current is None:
                self.forget(name)
                return
            old = known.get(rel)
            if expected is None or path not in expected:
                if isinstance(old, list) and len(old) == 4 and old[:3] == current \
                        and current[1] < trusted:
                    files[rel] = old
                    continue
            try:
                data = path.read_bytes()
            except OSError:
                self.forget(name)
                return
            sha = hashlib.sha256(data).hexdigest()
            if expected is not None and path in expected and expected[path] not in (data, sha):
                self.forget(name)
                return
            files[rel] = [*current, sha]
        self.entries[name] = {"files": files, "recorded": time.time_ns(), **facts}
        self.dirty.add(_shard(name))

    def unchanged_all(self, name: str, stats: Mapping[str, list | None]) -> dict | None:
        """The entry ``record_all`` made for ``name``, if the files are the same (``stats``:
        the ``state`` of each, by path as shown, just taken) and every one is as recorded."""
        entry = self.entries.get(name)
        if not isinstance(entry, dict) or not isinstance(entry.get("racy"), dict) or \
                entry.get("snapshot") != _snapshot(stats):
            return None
        root, now = os.fspath(self.project.root), time.time_ns()
        try:    # a file saved within the same clock tick as the recording has the same stat
            for rel, (*_, sha) in entry["racy"].items():       # (the digest matched the stats)
                if _sha(os.path.join(root, rel)) != sha:
                    return None
        except (OSError, TypeError, ValueError):
            return None
        if entry["racy"] and all(kept[1] < now - RACY_NS for kept in entry["racy"].values()):
            entry.update(racy={}, recorded=now)     # the same content, and the tick is past
            self.dirty.add(_shard(name))
        return entry

    def record_all(self, name: str, stats: Mapping[str, list | None], *,
                   expected: Mapping[str, str] | None = None, **facts) -> None:
        """Remember a whole set of files (a project's inputs) in one digest of their stats
        (``stats``: by path as shown, taken when the work began, or when it was done for a
        file it wrote, whose SHA-256 ``expected`` may give). A file saved while the work ran
        has another stat by now, so the next ``unchanged_all`` does not match: the files are
        not stat'd again here. Only those written within two seconds are hashed."""
        root, now = os.fspath(self.project.root), time.time_ns()
        racy = {}
        for rel, seen in stats.items():
            if seen is None:
                self.forget(name)
                return
            if seen[1] >= now - RACY_NS:
                sha = expected.get(rel) if expected is not None else None
                try:
                    racy[rel] = [*seen, sha or _sha(os.path.join(root, rel))]
                except OSError:
                    self.forget(name)
                    return
        self.entries[name] = {"snapshot": _snapshot(stats), "racy": racy, "recorded": now,
                              **facts}
        self.dirty.add(_shard(name))

    def forget(self, name: str) -> None:
        if self.entries.pop(name, None) is not None:
            self.dirty.add(_shard(name))

    def keep_only(self, names: set[str]) -> None:
        for name in set(self.entries) - names:
            self.forget(name)

    def save(self) -> None:
        if not self.dirty:
            return
        shards: dict[int, dict[str, dict]] = {shard: {} for shard in self.dirty}
        for name, entry in self.entries.items():
            shard = _shard(name)
            if shard in shards:
                shards[shard][name] = entry
        try:
            for shard, entries in sorted(shards.items()):
                data = json.dumps({"format": FORMAT, "key": self.key, "entries": entries},
                                  ensure_ascii=False, separators=(",", ":"), sort_keys=True)
                write_atomic(self._shard_path(shard), data.encode("utf-8"))
            self.legacy.unlink(missing_ok=True)
        except (WorkflowError, OSError):   # an accelerator that cannot be saved is not an error
            pass
        self.dirty = set()


def _snapshot(stats: Mapping[str, list | None]) -> str:
    """One digest of many files' paths and stats."""
    digest = hashlib.sha256()
    for rel in sorted(stats):
        digest.update(f"{rel}\0{stats[rel]}\n".encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def _shard(name: str) -> int:
    return zlib.crc32(name.encode("utf-8", "surrogatepass")) % SHARDS


def enabled() -> bool:
    """L10N_NO_CACHE=1 turns every cache off (the results are the same, only slower)."""
    return os.environ.get("L10N_NO_CACHE") != "1"


def config_bytes(project: Project) -> list[bytes]:
    """The configuration files a result depends on (absent ones count as empty)."""
    parts = [os.fsencode(str(project.config.languages))]
    for name in ("l10n.toml", project.config.srx or ""):
        path = project.root / name if name else None
        parts.append(path.read_bytes() if path is not None and path.is_file() else b"")
    return parts
