# Alongside: build, run and test. GNU make.
#
#   make run    start the demo on http://127.0.0.1:8000/
#   make test   lint, type-check and run the whole test suite
#
# Without DATABASE_URL the embedded PostgreSQL under ./var/pgdata is used;
# with it, that server is used and the database in it is created if missing.

SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
VENDOR := alongside/static/vendor

# Tests drive Debian's /usr/bin/chromium; Playwright must never fetch browsers.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: help venv assets assets-rebuild db stop-db run test lint format chromium pdf-libs bench wrk

help:
	@echo "make run      start the demo on http://127.0.0.1:8000/"
	@echo "make test     lint, type-check and run the tests"
	@echo "make lint     ruff and mypy only"
	@echo "make format   reformat the code and apply safe lint fixes"
	@echo "make stop-db  stop the embedded PostgreSQL server"
	@echo "make bench    measure the key pages on a large demo council (not part of test)"

# --- Python environment -------------------------------------------------------

venv: $(STAMP)

$(STAMP): pyproject.toml
	@if [ ! -x $(PY) ]; then \
		echo "Creating $(VENV) with $(PYTHON)"; \
		$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 or newer is needed"' && \
		$(PYTHON) -m venv $(VENV); \
	fi
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $@

# --- Front-end files (committed; npm is needed only to rebuild them) ----------

assets: $(VENDOR)/govuk/govuk-frontend.min.css

$(VENDOR)/govuk/govuk-frontend.min.css:
	bash scripts/build_assets.sh

assets-rebuild:
	bash scripts/build_assets.sh

# --- Database -----------------------------------------------------------------

db: venv
	@if [ -z "$$DATABASE_URL" ]; then \
		$(PY) -m alongside.devdb start; \
	else \
		$(PY) scripts/ensure_database.py; \
	fi

stop-db: venv
	@if [ -z "$$DATABASE_URL" ]; then \
		$(PY) -m alongside.devdb stop && echo "Embedded PostgreSQL stopped"; \
	else \
		echo "DATABASE_URL is set: that server is not managed here"; \
	fi

# --- Run the demo -------------------------------------------------------------

# The demo sign-ins (fixed TOTP secret) work only with ALONGSIDE_DEMO on.
run: export ALONGSIDE_DEMO ?= 1
run: venv assets pdf-libs db
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo --size small --seed 1
	$(PY) manage.py collectstatic --noinput
	@bash scripts/serve.sh

# --- Checks and tests -----------------------------------------------------------

chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
		echo "Installing Debian's chromium"; \
		export DEBIAN_FRONTEND=noninteractive; \
		$(SUDO) apt-get update -qq && \
		$(SUDO) apt-get install -y -qq chromium fonts-liberation >/dev/null; \
	fi

# WeasyPrint (family documents as PDFs) needs Debian's Pango and the fonts the PDFs use.
PDF_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation fonts-dejavu-core

pdf-libs:
	@if ! dpkg -s $(PDF_PACKAGES) >/dev/null 2>&1; then \
		echo "Installing Debian's Pango and fonts for PDFs"; \
		export DEBIAN_FRONTEND=noninteractive; \
		$(SUDO) apt-get update -qq && \
		$(SUDO) apt-get install -y -qq $(PDF_PACKAGES) >/dev/null; \
	fi

# Settings need ALONGSIDE_TESTING for commands that run outside pytest
# (makemigrations, mypy's Django plugin) when no secret key is configured.
test lint: export ALONGSIDE_TESTING ?= 1

test: venv assets chromium pdf-libs db
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/mypy alongside
	@status=0; \
	$(VENV)/bin/pytest -p no:cacheprovider -n 2 --create-db || status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest collected no tests"; status=0; fi; \
	exit $$status

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy alongside

format: venv
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# --- Benchmark (not part of `make test`) ---------------------------------------------

wrk:
	@if ! command -v wrk >/dev/null; then \
		echo "Installing Debian's wrk"; \
		export DEBIAN_FRONTEND=noninteractive; \
		$(SUDO) apt-get update -qq && \
		$(SUDO) apt-get install -y -qq wrk >/dev/null; \
	fi

# Builds (or reuses) the large demo council in its own database (alongside_bench; the
# first time takes about 10 minutes), serves it with gunicorn on 127.0.0.1:8765 and
# measures the key pages with wrk. Results: bench/results/latest.md. See docs/scaling.md.
bench: export ALONGSIDE_DEMO := 1
bench: venv assets chromium wrk db
	$(PY) -m bench.run
