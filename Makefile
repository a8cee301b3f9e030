# Two commands for a new machine (see README): `make serve` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install site serve check test lint goldens bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

## Generate the pages and build the static site into site/.
site: $(STAMP)
	$(BIN)/python -m build_tools build
	$(BIN)/mkdocs build --strict

## Generate the pages, then serve the site on http://127.0.0.1:8000 with live regeneration.
serve: $(STAMP)
	$(BIN)/python -m build_tools serve

check: $(STAMP)
	$(BIN)/python -m build_tools check

## Everything: lint, types, unit/golden/end-to-end tests, browser tests (installs Chromium).
test: $(STAMP)
	./scripts/install-chromium
	$(BIN)/ruff check build_tools tests scripts
	$(BIN)/mypy
	$(BIN)/pytest

## Regenerate golden files after an intended change of output; review `git diff tests/golden`.
goldens: $(STAMP)
	$(BIN)/pytest tests/test_golden.py --update-goldens

clean:
	rm -rf site $(VENV)
