# The two commands: `make demo` and `make test`. Only Python 3.11+ is needed.
PYTHON ?= python3
VENV ?= .venv
# Extra requirements for a test matrix leg, e.g. PIP_EXTRA='Django>=6,<7'.
PIP_EXTRA ?=
PORT ?= 8000
BIN := $(VENV)/bin
# The example site's random SECRET_KEY, made once, outside git (it signs withdraw
# links); a SECRET_KEY in the environment wins. DEBUG=1 turns debug pages on.
SECRET_KEY_FILE := example_site/var/secret_key
MANAGE := cd example_site && SECRET_KEY="$${SECRET_KEY:-$$(cat ../$(SECRET_KEY_FILE))}" ../$(BIN)/python manage.py

.PHONY: demo stack test bench load lint audit format install browsers

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]' $(if $(PIP_EXTRA),'$(PIP_EXTRA)')
	touch $@

install: $(VENV)/.installed

$(SECRET_KEY_FILE): | $(BIN)/python
	mkdir -p $(@D)
	umask 077 && $(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))' > $@

demo: install $(SECRET_KEY_FILE)
	$(MANAGE) migrate --noinput
	$(MANAGE) ugc_demo
	@echo "Serving the demo on http://127.0.0.1:$(PORT)/ (admin: http://127.0.0.1:$(PORT)/admin/)"
	$(MANAGE) runserver --nostatic 127.0.0.1:$(PORT)

# The production profile on this machine (docs/deployment.md): PostgreSQL and
# Redis (started if absent), an S3 API (moto), a task worker and gunicorn.
# Ctrl-C stops it. S3_PORT, STACK_DB (made afresh), STACK_REDIS_DB (emptied).
S3_PORT ?= 9000
STACK_DB ?= wagtail_ugc_stack
STACK_REDIS_DB ?= 15
stack: install $(SECRET_KEY_FILE)
	SECRET_KEY="$${SECRET_KEY:-$$(cat $(SECRET_KEY_FILE))}" $(BIN)/python -m stack \
		--port $(PORT) --s3-port $(S3_PORT) --database $(STACK_DB) --redis-db $(STACK_REDIS_DB)

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: install
	$(BIN)/python -m benchmarks

# The load run on the stack (benchmarks/load.py): locust lives in a venv of its
# own so the test venv stays lean. E.g. LOAD_ARGS='--duration 20 --photos 48'.
LOAD_VENV ?= .venv-load
$(LOAD_VENV)/bin/locust:
	$(PYTHON) -m venv $(LOAD_VENV)
	$(LOAD_VENV)/bin/python -m pip install --quiet 'locust==2.47.0'

load: install $(SECRET_KEY_FILE) $(LOAD_VENV)/bin/locust
	LOCUST=$(LOAD_VENV)/bin/locust $(BIN)/python -m benchmarks.load $(LOAD_ARGS)

lint: install $(SECRET_KEY_FILE)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(MANAGE) makemigrations --check --dry-run

# bandit: no high-severity finding in the package; then known vulnerabilities
# in the resolved dependencies (.ci/audit_dependencies.py says what it could check).
audit: install
	$(BIN)/python -m pip install --quiet bandit pip-audit
	$(BIN)/bandit --quiet --recursive wagtail_ugc --severity-level high
	$(BIN)/python .ci/audit_dependencies.py

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
