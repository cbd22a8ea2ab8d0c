# Parley: `make demo` and `make test` work on a fresh machine with nothing installed by hand.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export PARLEY_WAREHOUSE ?= warehouse/parley.duckdb
export PARLEY_LANDING_DIR ?= data/landing
export DAGSTER_HOME ?= $(CURDIR)/.dagster
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export GX_ANALYTICS_ENABLED := false
export DAGSTER_DISABLE_TELEMETRY := 1
export PATH := $(CURDIR)/$(BIN):$(PATH)
# pip prints one warning per package for each missing local index folder on some machines: keep logs readable
PIP_FILTER := grep -v 'is ignored: it is neither a file nor a directory' || true

.PHONY: help install prepare demo test lint dev docs bench clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "installing Parley and its pinned dependencies into $(VENV) (first time: ~2 minutes)"
	@$(BIN)/pip install --no-cache-dir -q -e '.[dev]' 2>&1 | $(PIP_FILTER)
	@test -x $(BIN)/parley
	@touch $@

install: $(STAMP)  ## create .venv and install everything (pinned)

# Dagster loads dbt models from dbt's manifest: write it (dbt parse) whenever the dbt project changes.
MANIFEST := dbt_project/target/manifest.json
DBT_SOURCES := $(shell find dbt_project/models dbt_project/macros dbt_project/tests seeds -type f 2>/dev/null) dbt_project/dbt_project.yml profiles.yml
$(MANIFEST): $(STAMP) $(DBT_SOURCES)
	@echo "preparing the dbt manifest"
	@$(BIN)/dagster-dbt project prepare-and-package --file orchestration/dbt_project.py >/dev/null
	@touch $@

prepare: $(MANIFEST)  ## write the dbt manifest Dagster loads (dbt parse)

demo: $(MANIFEST)  ## generate demo data and run the whole pipeline on DuckDB
	@mkdir -p $(DAGSTER_HOME)
	$(BIN)/parley generate --out $(PARLEY_LANDING_DIR)
	$(BIN)/parley run

lint: $(STAMP)  ## ruff
	$(BIN)/ruff check .

test: $(MANIFEST)  ## all checks: lint, definitions, unit, integration (DuckDB + private PostgreSQL), end to end
	@command -v initdb >/dev/null || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || \
		(echo "installing PostgreSQL server binaries for the tests"; apt-get update -qq && apt-get install -y -qq postgresql >/dev/null)
	@test -x /usr/bin/chromium || (echo "installing Debian's chromium for the browser test"; apt-get update -qq && apt-get install -y -qq chromium >/dev/null)
	@mkdir -p $(DAGSTER_HOME)
	$(BIN)/ruff check .
	$(BIN)/dagster definitions validate -m orchestration.definitions 2>&1 | tail -n 1
	$(BIN)/pytest -q

dev: $(MANIFEST)  ## open the Dagster UI on this project
	@mkdir -p $(DAGSTER_HOME)
	@# One run at a time: DuckDB has one writer; queued runs (sensor, schedule, UI) wait their turn.
	@test -f $(DAGSTER_HOME)/dagster.yaml || printf 'concurrency:\n  runs:\n    max_concurrent_runs: 1\ntelemetry:\n  enabled: false\n' > $(DAGSTER_HOME)/dagster.yaml
	$(BIN)/dagster dev -m orchestration.definitions

docs: $(MANIFEST)  ## the dbt docs site as one offline HTML file: reports/dbt-docs/static_index.html
	@mkdir -p reports/dbt-docs
	cd dbt_project && if test -f "$(abspath $(PARLEY_WAREHOUSE))"; then \
		PARLEY_WAREHOUSE="$(abspath $(PARLEY_WAREHOUSE))" ../$(BIN)/dbt docs generate --static --profiles-dir .. --target-path ../reports/dbt-docs; \
	else PARLEY_WAREHOUSE=:memory: ../$(BIN)/dbt docs generate --static --empty-catalog --profiles-dir .. --target-path ../reports/dbt-docs; fi
	@echo "dbt docs: open reports/dbt-docs/static_index.html (one file, works offline)"

# Benchmarks are not tests: every stage against its same-run baseline, results in bench/results/.
SCALES ?= 100k,1m
bench: $(MANIFEST)  ## measure every stage at SCALES messages (default 100k,1m; opt in to 5m: make bench SCALES=100k,1m,5m)
	$(BIN)/python bench/run_all.py --scale $(SCALES)

clean:  ## remove generated data, the warehouse and Dagster state (keeps .venv)
	rm -rf data/landing warehouse .dagster reports
