# The only set-up a newcomer needs: `make demo` and `make test`.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
PYTHON ?= $(shell command -v python3.11 || command -v python3)
HOST ?= 127.0.0.1
PORT ?= 8000
# Tests and lint run with DEBUG off and a throwaway key; never use it in production.
TEST_ENV := SECRET_KEY=test-only-not-a-secret-0123456789abcdef DEBUG=0
# The demo writes its e-mails to var/mail/ instead of the terminal.
DEMO_ENV := DEBUG=1 EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend

.PHONY: install messages demo serve test services-up services-test lint format clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $@

install: $(VENV)/.installed

messages: install
	@$(DEMO_ENV) $(PY) manage.py compilemessages --ignore=.venv -v0

demo: messages
	$(DEMO_ENV) $(PY) manage.py migrate --noinput -v0
	$(DEMO_ENV) $(PY) manage.py seed_demo
	$(DEMO_ENV) SOLVER_TIME_LIMIT_S=$${DEMO_SOLVE_TIME_LIMIT_S:-10} $(PY) manage.py solve_demo
	@echo "API docs: http://$(HOST):$(PORT)/api/docs/   schema: http://$(HOST):$(PORT)/api/schema/"
	$(DEMO_ENV) $(PY) manage.py runserver $(HOST):$(PORT) --noreload

test: messages
	$(TEST_ENV) $(PY) -m pytest -q $(PYTEST_ARGS)

services-up:
	bash scripts/services.sh up

# The same suite against local PostgreSQL + Redis + a real Celery worker.
services-test: services-up messages
	$(TEST_ENV) REQUIRE_SERVICES=1 \
	  DATABASE_URL=$${DATABASE_URL:-postgres://samen:samen@127.0.0.1:5432/samen} \
	  CELERY_BROKER_URL=$${CELERY_BROKER_URL:-redis://127.0.0.1:6379/0} \
	  $(PY) -m pytest -q $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(TEST_ENV) $(VENV)/bin/mypy .

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
