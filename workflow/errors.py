"""The one exception root. Every error a user can cause is a WorkflowError.

Messages follow one shape so people and tools can read them:
``<file>:<line>: <what> (<how to fix>)``; the CLI prefixes ``error: ``.
"""

from __future__ import annotations


class WorkflowError(Exception):
    """An error the user can act on: bad input, missing model, conflicting state."""

    def __init__(self, what: str, *, path: str | None = None, line: int | None = None,
                 fix: str | None = None) -> None:
        self.what = what
        self.path = path
        self.line = line
        self.fix = fix
        super().__init__(str(self))

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        fix = f" ({self.fix})" if self.fix else ""
        # One line, always: a multi-line message would break `path:line:` parsers.
        return " ".join(f"{where}{self.what}{fix}".split("\n"))

    def __reduce__(self):
        """Errors raised in a worker process arrive whole (path, line and fix included)."""
        return (_rebuild, (self.what, self.path, self.line, self.fix))

    def at(self, path: str) -> WorkflowError:
        """The same error, attributed to a file (readers know lines, callers know names)."""
        return WorkflowError(self.what, path=path, line=self.line, fix=self.fix)


def _rebuild(what: str, path: str | None, line: int | None, fix: str | None) -> WorkflowError:
    return WorkflowError(what, path=path, line=line, fix=fix)
