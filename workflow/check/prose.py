"""Quality checks for prose translations: plain functions with a stable code each.

A check receives a ``Pair`` (source and translation with their languages) and yields messages a
translator understands. ``CHECKS`` lists them all, in a stable order, with their title and
severity; the project can turn checks off, and one unit can silence one check (see
``silenced``). Checks that need the whole project (one source translated two ways) live in
``runner.py``.
"""

from __future__ import annotations

from . import text, values
from .base import Pair, ProseCheck, silenced

CHECKS: dict[str, ProseCheck] = {**values.CHECKS, **text.CHECKS}

__all__ = ["CHECKS", "Pair", "ProseCheck", "silenced"]
