# Two commands for a fresh machine: `make serve` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8866
# axe-core (npm registry) for the accessibility test; the test reads it from $(AXE_DIR).
AXE_CORE_VERSION := 4.14.1
AXE_DIR := $(VENV)/axe
# configurable-http-proxy (npm registry) for JupyterHub's test; the test reads it from $(HUB_PROXY_DIR) (or $$OLTRE_HUB_PROXY).
HUB_PROXY_VERSION := 5.3.0
HUB_PROXY_DIR := $(VENV)/hub-proxy
# reveal.js, MathJax and RequireJS for the course site (npm registry; versions pinned in oltre_finance/course/build.py).
COURSE_ASSETS := $(VENV)/course-assets
COURSE_OUT ?= build/corso

.PHONY: serve classroom test course lint format bench lab clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Stamps: reinstall only when pyproject.toml changes.
$(VENV)/.installed-app: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test,dev]'
	touch $@ $(VENV)/.installed-app

# Without npm the stamp is not made: the accessibility test skips (fails when CI=true) and says why.
$(VENV)/.installed-axe-$(AXE_CORE_VERSION): | $(BIN)/python
	@if command -v npm >/dev/null 2>&1; then \
	  npm install --no-save --no-audit --no-fund --silent --prefix $(AXE_DIR) axe-core@$(AXE_CORE_VERSION) && touch $@; \
	else echo "npm not found: axe-core not installed, the accessibility test will be skipped"; fi

# Without npm the stamp is not made: the JupyterHub test skips (fails when CI=true) and says why.
$(VENV)/.installed-hub-proxy-$(HUB_PROXY_VERSION): | $(BIN)/python
	@if command -v npm >/dev/null 2>&1; then \
	  npm install --no-save --no-audit --no-fund --silent --prefix $(HUB_PROXY_DIR) configurable-http-proxy@$(HUB_PROXY_VERSION) && touch $@; \
	else echo "npm not found: configurable-http-proxy not installed, the JupyterHub test will be skipped"; fi

# Without npm the stamp is not made: the course build and its tests skip (fail when CI=true) and say why.
$(VENV)/.installed-course-assets: oltre_finance/course/build.py | $(VENV)/.installed-app
	@if command -v npm >/dev/null 2>&1; then \
	  npm install --no-save --no-audit --no-fund --silent --prefix $(COURSE_ASSETS) \
	    $$($(BIN)/python -m oltre_finance.course.build --npm-packages) && touch $@; \
	else echo "npm not found: reveal.js and MathJax not installed, the course cannot be built"; fi

serve: $(VENV)/.installed-app ## open the apps on http://127.0.0.1:8866
	$(BIN)/oltre-finance serve --host $(HOST) --port $(PORT)

# A classroom on this computer's network: the citizen apps and the lessons, with a room code (PARTICIPANTS=30).
PARTICIPANTS ?= 30
classroom: $(VENV)/.installed-app ## the classroom server on port 8866 of this computer's network
	$(BIN)/oltre-finance serve --classroom --participants $(PARTICIPANTS) --port $(PORT)

test: $(VENV)/.installed-test $(VENV)/.installed-axe-$(AXE_CORE_VERSION) $(VENV)/.installed-course-assets $(VENV)/.installed-hub-proxy-$(HUB_PROXY_VERSION) ## unit tests, doctests, notebooks, lessons, course build, browser and accessibility tests
	$(BIN)/python -m pytest

course: $(VENV)/.installed-app $(VENV)/.installed-course-assets ## the course site, slides and PDFs in build/corso (no internet needed to view them)
	$(BIN)/python -W error -m oltre_finance.course.build --assets $(COURSE_ASSETS) --out $(COURSE_OUT)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(VENV)/.installed-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(VENV)/.installed-test
	$(BIN)/python benchmarks/bench_loans.py
	$(BIN)/python benchmarks/bench_budget.py
	$(BIN)/python benchmarks/bench_debts.py
	$(BIN)/python benchmarks/bench_savings.py
	$(BIN)/python benchmarks/bench_events.py
	$(BIN)/python benchmarks/bench_views.py
	$(BIN)/python benchmarks/bench_report.py
	$(BIN)/python benchmarks/bench_apps.py
	$(BIN)/python benchmarks/bench_classroom.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis

lab: $(VENV)/.installed-test ## JupyterLab for editing apps and lessons (lessons open as notebooks via jupytext)
	$(BIN)/jupyter lab --ServerApp.ip=127.0.0.1 --no-browser
