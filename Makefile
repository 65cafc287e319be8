# campaign-pulse: `make demo` and `make test` work on a fresh clone with python3 and make.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export DAGSTER_HOME ?= $(CURDIR)/.dagster_home
export DO_NOT_TRACK := 1
export DBT_SEND_ANONYMOUS_USAGE_STATS := false

.PHONY: install demo test lint typecheck check ui sandbox clean

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

test: install
	$(BIN)/python -m pytest -q

lint: install
	$(BIN)/ruff check connectors pipelines tests

typecheck: install
	$(BIN)/mypy connectors pipelines

check: lint typecheck test

ui: install
	$(BIN)/python -m pipelines.ui

sandbox: install
	$(BIN)/python -m connectors.sandbox serve

clean:
	rm -rf data .dagster_home dbt_project/target dbt_project/logs
