# The two set-up commands of the README:
#   make run    create .venv, install the workflow (CPU-only torch), run `l10n run` on source/
#   make test   also install the test tools (pytest, hypothesis, GNU gettext) and run the suite
# Both are safe to repeat: installs happen only when pyproject.toml changes.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: run test system-test-deps clean-venv

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "error: Python 3.11 or newer is needed (set PYTHON=...)"; exit 1; }
	$(PYTHON) -m venv $(VENV)

# torch first, pinned: argostranslate -> stanza -> torch, and an unpinned torch drags in
# several GB of CUDA packages. 2.13.0 resolves to the CPU build where a local wheel exists.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet "torch==2.13.0"
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e ".[test,dask]"
	touch $@

run: $(VENV)/.installed
	$(BIN)/l10n run

# msgfmt/msgcat/msgmerge (Debian package gettext) check our PO files against GNU's; the review
# page's browser tests drive Debian's chromium through Playwright (no browser download).
system-test-deps:
	@missing=""; command -v msgfmt >/dev/null 2>&1 || missing="$$missing gettext"; \
	  command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	  if [ -n "$$missing" ]; then \
	    SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	    $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq $$missing; fi

test: $(VENV)/.installed-test system-test-deps
	$(BIN)/python -m pytest -q

clean-venv:
	rm -rf $(VENV)
