# Two commands for a new machine (see README): `make serve` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Material prints an English notice about MkDocs 2 on every build; it is not for readers.
export NO_MKDOCS_2_WARNING := 1
# axe-core for the accessibility checks of the browser tests, from the npm registry.
AXE := tests/browser/node_modules/axe-core/axe.min.js

.PHONY: install site serve check test lint goldens search-table bench synthetic-site clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

$(AXE): tests/browser/package.json tests/browser/package-lock.json
	@command -v npm >/dev/null || { echo "npm is missing: install Node.js 20+ and npm" >&2; exit 1; }
	cd tests/browser && npm ci --no-audit --no-fund --loglevel=error
	touch $(AXE)

install: $(STAMP)

## Generate the pages and build the static site into site/, with its search index (Pagefind,
## after MkDocs). Both go into a temporary folder that replaces site/ only on success: a
## failed build leaves site/ as it was.
site: $(STAMP)
	$(BIN)/python -m build_tools build
	$(BIN)/python scripts/build_site.py

## Generate the pages, then serve the site on http://127.0.0.1:8000 with live regeneration.
serve: $(STAMP)
	$(BIN)/python -m build_tools serve

check: $(STAMP)
	$(BIN)/python -m build_tools check

## Everything: lint, types, unit/golden/end-to-end tests, browser tests (installs Chromium
## and axe-core). Screenshots of each page kind land in test-artifacts/screenshots/.
test: $(STAMP) $(AXE)
	./scripts/install-chromium
	$(BIN)/ruff check build_tools benchmarks tests scripts
	$(BIN)/mypy
	$(BIN)/pytest

## Regenerate both golden families after an intended change, without a browser: the generated
## pages (tests/golden/) and the error messages (tests/fixtures/errors/*/expected.txt); review
## `git diff tests`. Data changes never need it (see CONTRIBUTING.md).
goldens: $(STAMP)
	$(BIN)/pytest tests/test_golden.py tests/test_errors.py::test_case_output_is_exact --update-goldens

## Remeasure, in Chromium, the search table of tests/search_queries.md (on the frozen dossier
## tests/fixtures/s400) after an intended change of search; review its diff.
search-table: $(STAMP)
	./scripts/install-chromium
	$(BIN)/pytest tests/test_browser.py::test_search_finds_what_readers_type --update-goldens

## Benchmark the generator and MkDocs on synthetic dossiers of 1,000 and 10,000 records (~10 min).
## PREVIOUS=/tmp/old (another checkout, e.g. `git worktree add /tmp/old <commit>`) also builds
## the same dossiers as that checkout builds its site (its generator, mkdocs.yml, theme, search
## indexing), side by side, and prints the whole-build ratio against it.
bench: $(STAMP)
	$(BIN)/python -m benchmarks.bench $(if $(PREVIOUS),--previous $(PREVIOUS))

## A complete synthetic project of N records in DEST (data, mkdocs.yml, hand-written pages,
## theme) and its site with the search index in DEST/site, to reproduce the benchmark by hand:
## `make synthetic-site N=10000 DEST=/tmp/synthetic` (several minutes at 10k), then
## `.venv/bin/python -m build_tools serve --root /tmp/synthetic`. DEST must be new or empty.
N ?= 1000
DEST ?= synthetic-site
synthetic-site: $(STAMP)
	$(BIN)/python -m benchmarks.synthetic_site $(DEST) --records $(N)

clean:
	rm -rf site $(VENV)
