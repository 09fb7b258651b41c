"""Files written so that readers see the old content or the new, never a mix; and written only
if nobody saved them since they were read. (``project`` is the only other module that knows where
files live; these know only how to write one.)"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from .errors import WorkflowError


def write_if_unchanged(path: Path, data: bytes, expected: bytes | str | None) -> bool:
    """Write ``data`` unless the file changed since it was read as ``expected`` (its bytes or
    their SHA-256; None: it did not exist). False means someone saved it meanwhile (a
    translator's editor does not take our lock): nothing is written, and the caller says so or
    merges and tries again."""
    try:
        current: bytes | None = path.read_bytes()
    except FileNotFoundError:
        current = None
    except OSError as exc:
        raise WorkflowError(f"cannot read: {exc.strerror}", path=str(path)) from None
    if isinstance(expected, str) and current is not None:
        if hashlib.sha256(current).hexdigest() != expected:
            return False
    elif current != expected:
        return False
    write_atomic(path, data)
    return True


_TEMPORARIES: dict[Path, dict[str, list[Path]]] = {}
_TEMPORARY = re.compile(r"\.(.+)\.[^.]+\.tmp")


def _stale_temporaries(folder: Path) -> dict[str, list[Path]]:
    """Temporary files left in ``folder`` by killed writers, by the name of their target
    (listed on the first write into the folder; our own temporary file is renamed by then)."""
    if folder not in _TEMPORARIES:
        found: dict[str, list[Path]] = {}
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    match = _TEMPORARY.fullmatch(entry.name)
                    if match:
                        found.setdefault(match.group(1), []).append(Path(entry.path))
        except OSError:
            pass
        _TEMPORARIES[folder] = found
    return _TEMPORARIES[folder]


def write_atomic(path: Path, data: bytes) -> None:
    """Write a file so that readers see either the old or the new content, never a mix.

    Data goes to a temporary file in the same folder, is flushed to disk, and then renamed over
    the target. A failure (full disk, read-only folder) leaves the old file as it was.
    """
    with atomic_writer(path) as f:
        f.write(data)


@contextmanager
def atomic_writer(path: Path) -> Iterator[BinaryIO]:
    """``write_atomic`` for content written piece by piece (a report larger than memory should
    hold): the file appears, complete, when the block ends without an error."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise WorkflowError(f"cannot write: {exc.strerror}", path=str(path),
                            fix="check that the folder exists and is writable") from None
    try:
        with os.fdopen(fd, "wb") as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        try:
            mode = path.stat().st_mode & 0o7777
        except FileNotFoundError:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(tmp, mode)
        os.replace(tmp, path)
        # A process killed between writing and renaming leaves its temporary file behind (the
        # target itself is intact); writers hold the project lock, so these are stale. Each
        # folder is listed once per process, not once per write (9,000 catalogs: 4 ms a write).
        for stale in _stale_temporaries(path.parent).pop(path.name, ()):
            try:
                stale.unlink()
            except OSError:
                pass
    except OSError as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise WorkflowError(f"cannot write: {exc.strerror}", path=str(path),
                            fix="free some disk space or fix the folder's permissions"
                            ) from None
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    try:
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    except OSError:
        pass
