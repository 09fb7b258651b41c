# The two set-up commands of the README:
#   make run    create .venv, install the locked dependencies (CPU-only torch), run `l10n run`
#   make test   also install the locked test tools, GNU gettext and chromium, and run the suite
# Both are safe to repeat: installs happen again only when a lock file changes.
#
# Installs come only from the lock files (pip-compile with hashes), so a new release of a
# dependency cannot change our output or break CI. `make lock` regenerates them, on purpose:
#   requirements/base.lock   what `make run` installs (the package's own dependencies)
#   requirements/dev.lock    base + the test and dask extras, constrained to base's versions

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

BASE_LOCK := requirements/base.lock
DEV_LOCK := requirements/dev.lock
# --no-deps: the lock already lists every package; --require-hashes: no other file is accepted.
LOCKED_INSTALL := $(BIN)/python -m pip install --quiet --require-hashes --no-deps
PIP_TOOLS := pip-tools==7.6.2
PIP_COMPILE := $(VENV)-lock/bin/pip-compile --quiet --generate-hashes --allow-unsafe \
	--strip-extras --no-emit-index-url --no-emit-find-links

# The pure core (units, catalogs, merge, segmentation, glossary matching, checks, protection):
# type-checked on every test run, so its contracts cannot quietly drift.
PURE_CORE := workflow/align/beads.py workflow/extract/template.py workflow/export/localize.py workflow/model.py workflow/merge.py workflow/locales.py workflow/errors.py workflow/segment.py \
	workflow/inline.py \
	workflow/protect.py workflow/glossary workflow/check/base.py workflow/check/values.py \
	workflow/check/text.py workflow/check/prose.py workflow/check/runner.py \
	workflow/check/quantities.py workflow/check/names.py workflow/check/wording.py workflow/check/memo.py \
	workflow/check/across.py

# An editable install leaves the package's bytecode to be written on first import; where
# PYTHONDONTWRITEBYTECODE is set (many containers) it never is, and every command compiled the
# whole package again (0.2 s each). Compiling here writes it (only the files that changed).
COMPILE := $(BIN)/python -m compileall -q workflow

.PHONY: run test lint lock system-test-deps clean-venv

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "error: Python 3.11 or newer is needed (set PYTHON=...)"; exit 1; }
	$(PYTHON) -m venv $(VENV)

# The lock pins torch to 2.13.0+cpu by hash (argostranslate -> stanza -> torch; an unpinned
# torch drags in several GB of CUDA packages). The package itself is installed without build
# isolation, with the locked setuptools, so no unpinned build tool is fetched either.
$(VENV)/.installed: $(BASE_LOCK) pyproject.toml | $(BIN)/python
	$(LOCKED_INSTALL) -r $(BASE_LOCK)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	$(COMPILE)
	touch $@

$(VENV)/.installed-test: $(DEV_LOCK) $(VENV)/.installed
	$(LOCKED_INSTALL) -r $(DEV_LOCK)
	touch $@

run: $(VENV)/.installed
	$(COMPILE)
	$(BIN)/l10n run

# msgfmt/msgcat/msgmerge (Debian package gettext) check our PO files against GNU's; the review
# page's browser tests drive Debian's chromium through Playwright (no browser download).
system-test-deps:
	@missing=""; command -v msgfmt >/dev/null 2>&1 || missing="$$missing gettext"; \
	  command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	  if [ -n "$$missing" ]; then \
	    SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	    $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq $$missing; fi

# Lint (with import sorting) and types first: they take seconds and say exactly what broke.
lint: $(VENV)/.installed-test
	$(BIN)/ruff check workflow tests benchmarks scripts fuzz
	$(BIN)/mypy $(PURE_CORE)

test: lint system-test-deps
	$(BIN)/python -m pytest -q

# Regenerate the lock files from pyproject.toml with the newest releases that fit it. Run it on
# purpose (a dependency added or raised, a security release), then run `make test` and commit
# the locks with the change that needed them. UPGRADE=0 keeps every pin that still fits.
UPGRADE ?= 1
lock:
	@test -x $(VENV)-lock/bin/pip-compile || { $(PYTHON) -m venv $(VENV)-lock && \
	  $(VENV)-lock/bin/python -m pip install --quiet "$(PIP_TOOLS)"; }
	$(PIP_COMPILE) $(if $(filter 1,$(UPGRADE)),--upgrade) -o $(BASE_LOCK) pyproject.toml
	$(PIP_COMPILE) $(if $(filter 1,$(UPGRADE)),--upgrade) --extra test --extra dask \
	  -c $(BASE_LOCK) -o $(DEV_LOCK) pyproject.toml

clean-venv:
	rm -rf $(VENV) $(VENV)-lock
