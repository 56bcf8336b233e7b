# The two commands: `make demo` and `make test`. Only Python 3.11+ is needed.
PYTHON ?= python3
VENV ?= .venv
# Extra requirements for a test matrix leg, e.g. PIP_EXTRA='Django>=6,<7'.
PIP_EXTRA ?=
PORT ?= 8000
BIN := $(VENV)/bin
MANAGE := cd example_site && ../$(BIN)/python manage.py

.PHONY: demo test bench lint format install browsers

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]' $(if $(PIP_EXTRA),'$(PIP_EXTRA)')
	touch $@

install: $(VENV)/.installed

demo: install
	$(MANAGE) migrate --noinput
	$(MANAGE) ugc_demo
	@echo "Serving the demo on http://127.0.0.1:$(PORT)/ (admin: http://127.0.0.1:$(PORT)/admin/)"
	$(MANAGE) runserver --nostatic 127.0.0.1:$(PORT)

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: install
	$(BIN)/python -m benchmarks

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(MANAGE) makemigrations --check --dry-run

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
