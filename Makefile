# Peer Support Training Lab — everything runs from a local virtual environment in .venv
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
export PATH := $(abspath $(BIN)):$(PATH)
ORG ?=
ORG_ARG := $(if $(ORG),--org $(ORG),)
LAB_ARGS ?=
LAB_PORT ?= 8888
PYTEST_ARGS ?=

.PHONY: help install lab course workspace test lint bench audit clean

help:  ## list targets
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | sed 's/:.*##/\t/'

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	$(BIN)/nbstripout --install --attributes .gitattributes 2>/dev/null || true
	touch $@

install: $(VENV)/.installed  ## create .venv and install the course tools

course: install  ## build the nbgrader course in ./course (ORG=path/to/org.yaml to customize)
	$(PY) -m grading build --out course $(ORG_ARG)

workspace: course  ## copy the released modules into ./workspace (never overwrites your work)
	$(PY) -m grading workspace --course course --out workspace

lab: workspace  ## set up everything and open JupyterLab on the trainee workspace
	$(BIN)/jupyter lab --notebook-dir=workspace --ip=127.0.0.1 --port=$(LAB_PORT) $(LAB_ARGS)

lint: install  ## ruff lint and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: install lint  ## run the test suite (slow/browser/hub tests are opt-in: PYTEST_ARGS="-m slow")
	$(BIN)/pytest -n 2 --dist loadfile $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests"; rc=0; fi; exit $$rc

bench: install  ## run the benchmarks and print their tables (figures in benchmarks/results/)
	@for script in benchmarks/*.py; do echo "== $$script"; $(PY) $$script || exit 1; done

audit: install  ## check installed dependencies for known vulnerabilities (pip-audit; docs/security.md)
	$(PY) tests/security/audit.py

clean:  ## remove built course, workspace and caches (keeps .venv)
	rm -rf course build .pytest_cache .ruff_cache
