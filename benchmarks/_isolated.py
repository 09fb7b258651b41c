"""Benchmarks run Argos in a throw-away folder, never in the user's home.

Import this before anything imports argostranslate. Worker processes that re-import a benchmark
(Dask's spawned workers do) keep the parent's folder through L10N_BENCH_HOME.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOME = Path(os.environ.get("L10N_BENCH_HOME") or tempfile.mkdtemp(prefix="l10n-bench-"))
os.environ["L10N_BENCH_HOME"] = str(HOME)
for _name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
    os.environ[_name] = str(HOME / _name.lower())
os.environ["ARGOS_PACKAGES_DIR"] = str(HOME / "packages")
os.environ["L10N_ALLOW_TEST_MODELS"] = "1"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
