# Sfide PA: `make run` serves the site with demo data, `make test` runs every test.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
HOST ?= 127.0.0.1
PORT ?= 5000
PG_TEST_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test
VENDOR := static/vendor/bootstrap-italia
# AgID's SPID access button graphics (spid-smart-button, EUPL-1.2): the SPID mark and the IdPs' logos.
SPID_VENDOR := static/vendor/spid
SPID_ASSETS := node_modules/spid-smart-button/dist/img
# The front-end build (docs/development.md, "Front-end build"): redone when a source, a template or the code changes.
ASSETS := static/build/.built
ASSET_SOURCES := $(wildcard assets/*) static/css/site.css $(wildcard static/js/*.js static/img/*) \
	$(shell find templates challenge -name '*.html' -o -name '*.py')
PO_FILES := $(wildcard challenge/translations/*/LC_MESSAGES/messages.po)
MO_FILES := $(PO_FILES:.po=.mo)
# AgID's SPID validator (tests/spid/test_spid_sp_test.py); its other requirements are in pyproject's dev extras.
SPID_VALIDATOR := spid-sp-test==1.2.18 spid-compliant-certificates==0.5.5

.PHONY: setup setup-prod run test test-fast lint test-sqlite test-postgres test-lighthouse serve bench translations-extract clean

setup: $(VENV)/.installed $(VENDOR)/.copied $(SPID_VENDOR)/.copied $(ASSETS) $(MO_FILES)
	$(FLASK) db upgrade

# Production: the package and its runtime dependencies only, without the dev extras
# (pytest, playwright, schemathesis...). Editable, so that a development checkout that also
# runs `make serve` keeps its own install and its test tools.
setup-prod: $(VENV)/.installed-prod $(VENDOR)/.copied $(SPID_VENDOR)/.copied $(ASSETS)
	$(BIN)/pybabel compile --use-fuzzy -d challenge/translations
	$(FLASK) db upgrade

# A new virtualenv may carry an old setuptools (CVE-2024-6345, CVE-2025-47273: fixed in 78.1.1).
define new-venv
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip 'setuptools>=78.1.1'
endef

$(VENV)/.installed: pyproject.toml
	$(new-venv)
	$(BIN)/pip install --quiet -e '.[dev]'
	$(BIN)/pip install --quiet --no-deps $(SPID_VALIDATOR)
	touch $@

$(VENV)/.installed-prod: pyproject.toml
	$(new-venv)
	$(BIN)/pip install --quiet -e .
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(VENDOR)/.copied: node_modules/.installed
	rm -rf $(VENDOR) && mkdir -p $(VENDOR)
	cp -r node_modules/bootstrap-italia/dist/{fonts,svg} $(VENDOR)/
	cp node_modules/bootstrap-italia/LICENSE $(VENDOR)/
	touch $@

$(SPID_VENDOR)/.copied: node_modules/.installed
	rm -rf $(SPID_VENDOR) && mkdir -p $(SPID_VENDOR)/idp-logos
	cp $(SPID_ASSETS)/spid-ico-circle-bb.svg $(SPID_VENDOR)/
	cp $(SPID_ASSETS)/idp-logos/spid-idp-*.svg $(SPID_VENDOR)/idp-logos/
	rm -f $(SPID_VENDOR)/idp-logos/spid-idp-dummy.svg
	cp node_modules/spid-smart-button/LICENSE.md $(SPID_VENDOR)/
	touch $@

# Sass + PurgeCSS + esbuild into static/build/, then hashed, precompressed copies in static/dist/.
# Listed after the virtualenv in setup and setup-prod, whose Python it uses.
$(ASSETS): node_modules/.installed $(VENDOR)/.copied $(SPID_VENDOR)/.copied $(ASSET_SOURCES)
	node assets/build.mjs
	$(BIN)/python -m challenge.web.assets
	touch $@

%.mo: %.po $(VENV)/.installed
	$(BIN)/pybabel compile --use-fuzzy -i $< -o $@

run: setup
	$(FLASK) seed-demo
	HOST=$(HOST) PORT=$(PORT) $(FLASK) run --host $(HOST) --port $(PORT)  # PUBLIC_URL defaults to this address

# Production: gunicorn with gunicorn.conf.py; set DATABASE_URL, REDIS_URL, SECRET_KEY first.
serve: setup-prod
	SFIDE_CONFIG=$${SFIDE_CONFIG:-prod} $(BIN)/gunicorn --config gunicorn.conf.py wsgi:app

# Load PostgreSQL (database `bench`, recreated) at 1,000 and 100,000 solutions and drive
# gunicorn with wrk; prints the table and saves bench/results/<time>.json (docs/benchmarks.md).
bench: setup
	$(BIN)/python -m bench.run

# The SQLite and PostgreSQL passes run side by side (one core each; each pass's output is printed
# whole when it ends); Lighthouse measures afterwards, on a machine that is quiet again.
test: setup
	$(MAKE) --no-print-directory lint
	$(MAKE) --no-print-directory -j2 --output-sync=target test-sqlite test-postgres
	$(MAKE) --no-print-directory test-lighthouse

# The edit-test loop: what the PostgreSQL pass runs, on SQLite. It leaves out the database-independent
# tests (browsers, vnu, spid-sp-test, Schemathesis, docs, Lighthouse), which `make test` runs.
test-fast: setup
	TEST_DATABASE_URL= $(BIN)/pytest -q -p no:cacheprovider -m "not sqlite_only" $(PYTEST_ARGS)

# ruff (lint and format) over the whole tree, mypy over the package (settings in pyproject.toml).
lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# Each pass ends with its 20 slowest tests, to keep the suite's time in view.
test-sqlite:
	@echo "=== Test suite on SQLite ==="
	TEST_DATABASE_URL= $(BIN)/pytest --durations=20 $(PYTEST_ARGS)

test-postgres:
	@if $(BIN)/python -c "import psycopg,sys; psycopg.connect('$(PG_TEST_URL)'.replace('+psycopg',''), connect_timeout=3).close()" 2>/dev/null; then \
		echo "=== Test suite on PostgreSQL ($(PG_TEST_URL)) ==="; \
		TEST_DATABASE_URL=$(PG_TEST_URL) $(BIN)/pytest --durations=20 $(PYTEST_ARGS); \
	else \
		echo; echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"; \
		echo "!!! PostgreSQL does not answer at $(PG_TEST_URL):"; \
		echo "!!! the PostgreSQL pass of the test suite was SKIPPED."; \
		echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"; echo; \
	fi

# Lighthouse 12.2.3 (mobile) on five page types of the demo site, and the bytes of a next page (about 3 min).
test-lighthouse:
	@echo "=== Lighthouse on the demo site ==="
	SFIDE_LIGHTHOUSE=1 TEST_DATABASE_URL= $(BIN)/pytest tests/lighthouse -p no:cacheprovider $(PYTEST_ARGS)

translations-extract: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k _l --ignore-dirs '.* node_modules' -o challenge/translations/messages.pot .
	$(BIN)/pybabel update -i challenge/translations/messages.pot -d challenge/translations --no-fuzzy-matching

clean:
	rm -rf $(VENV) node_modules $(VENDOR) $(SPID_VENDOR) static/build static/dist tests/artifacts $(MO_FILES)
