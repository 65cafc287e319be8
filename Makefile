# campaign-pulse: `make demo` and `make test` work on a fresh clone with python3 and make.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export DAGSTER_HOME ?= $(CURDIR)/.dagster_home
export DO_NOT_TRACK := 1
export DBT_SEND_ANONYMOUS_USAGE_STATS := false

.PHONY: install chromium demo test lint typecheck check ui sandbox bench clean

install: $(STAMP)

# uv installs the pinned stack in seconds; it comes from PyPI into the venv itself.
$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==0.13.9
	$(BIN)/uv pip install --quiet --python $(BIN)/python -r requirements.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	touch $(STAMP)

demo: install
	$(BIN)/python -m pipelines.demo

test: install chromium
	$(BIN)/python -m pytest -q

# The report's tests open it in headless Chromium: Debian's package, installed once
# (apt-get needs root). Without apt the tests still run, and the screenshot test fails
# saying what to install.
CHROMIUM := /usr/bin/chromium
chromium:
	@if [ -x $(CHROMIUM) ]; then :; \
	elif command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	else echo "make: cannot install chromium here (needs apt-get as root); the report's \
	screenshot test will fail until $(CHROMIUM) exists"; fi

lint: install
	$(BIN)/ruff check connectors pipelines tests benchmarks

typecheck: install
	$(BIN)/mypy connectors pipelines benchmarks

check: lint typecheck test

ui: install
	$(BIN)/python -m pipelines.ui

sandbox: install
	$(BIN)/python -m connectors.sandbox serve

# Benchmarks: their own environment (the project's stack plus the peers they are
# compared with), never part of `make test`. BENCH passes arguments, e.g.
# make bench BENCH="landing --runs 1".
BENCH_VENV := benchmarks/.venv
BENCH_STAMP := $(BENCH_VENV)/.installed
BENCH ?=
$(BENCH_STAMP): pyproject.toml requirements.lock benchmarks/requirements.lock
	test -x $(BENCH_VENV)/bin/python || $(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/python -m pip install --quiet --disable-pip-version-check uv==0.13.9
	$(BENCH_VENV)/bin/uv pip install --quiet --python $(BENCH_VENV)/bin/python \
		-r requirements.lock -r benchmarks/requirements.lock
	$(BENCH_VENV)/bin/uv pip install --quiet --python $(BENCH_VENV)/bin/python --no-deps -e .
	touch $(BENCH_STAMP)

bench: $(BENCH_STAMP)
	$(BENCH_VENV)/bin/python -m benchmarks $(BENCH)

clean:
	rm -rf data .dagster_home dbt_project/target dbt_project/logs benchmarks/.data
