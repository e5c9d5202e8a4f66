# careops: `make book` builds the site, `make test` runs the whole suite.
# Both create the virtual environment (.venv) and the vendored front-end files first.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
JB := $(VENV)/bin/jupyter-book
STAMP := $(VENV)/.careops-installed
VENDOR_STAMP := _vendor/vendor/.vendored
PORT ?= 8000
JOBS ?= 2

.PHONY: help venv vendor browser-deps book test lint bench serve clean
.DEFAULT_GOAL := help

help:  ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | sort

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	@touch $@

venv: $(STAMP)  ## create .venv and install careops with its test tools

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

$(VENDOR_STAMP): node_modules/.package-lock.json $(STAMP) src/careops/site/vendor.py
	$(VENV)/bin/careops site vendor --node-modules node_modules --dest _vendor/vendor
	@touch $@

vendor: $(VENDOR_STAMP)  ## copy pinned scripts and styles (vega, require.js, widgets, MathJax) into _vendor/vendor

browser-deps:  ## Debian's chromium for the browser tests (installed with apt-get when missing)
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; fi; }

book: $(STAMP) $(VENDOR_STAMP) seminar  ## build the course site into _build/html (strict: warnings are errors)
	$(VENV)/bin/careops site build

test: book browser-deps sandbox-deps postgres-deps  ## run the whole suite (unit, notebooks via nbval, site, grading, browser)
	$(VENV)/bin/pytest -n $(JOBS) --dist loadgroup
	$(VENV)/bin/ruff check src tests benchmarks

lint: $(STAMP)  ## ruff
	$(VENV)/bin/ruff check src tests benchmarks

bench: $(STAMP) $(VENDOR_STAMP)  ## run every benchmark in benchmarks/ and print the ratios
	@for b in benchmarks/bench_*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

serve: book  ## serve the built site on http://127.0.0.1:$(PORT)
	$(PY) -m http.server --bind 127.0.0.1 --directory _build/html $(PORT)

clean:  ## remove build outputs (keeps .venv and node_modules)
	rm -rf _build _vendor

-include make/*.mk
