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

# The layer contract (pyproject.toml, import-linter) and no import cycle between modules.
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	$(VENV)/bin/python scripts/import_cycles.py
	$(TEST_ENV) $(VENV)/bin/mypy .

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles

# The console's roster grid, 60 officers x 28 days solved, on a throwaway SQLite database:
# prints the server time per render (median, p95) and the query count. Target: < 300 ms.
BENCH_CONSOLE_DB ?= /tmp/samen-bench-console.sqlite3
.PHONY: bench-console
bench-console: install
	rm -f $(BENCH_CONSOLE_DB)
	$(TEST_ENV) DATABASE_URL=sqlite:///$(BENCH_CONSOLE_DB) CELERY_BROKER_URL= \
	  $(PY) manage.py migrate --noinput -v0
	$(TEST_ENV) DATABASE_URL=sqlite:///$(BENCH_CONSOLE_DB) CELERY_BROKER_URL= LOG_LEVEL=WARNING \
	  $(PY) -m bench.console $(BENCH_CONSOLE_ARGS)
	rm -f $(BENCH_CONSOLE_DB)

# Production-like run on this machine: gunicorn + Celery worker + beat from the Procfile
# (honcho), JSON logs. Needs PostgreSQL and Redis: DATABASE_URL and CELERY_BROKER_URL.
.PHONY: prod-like bench-load
PROD_LIKE_ENV := SECRET_KEY=$${SECRET_KEY:-prod-like-local-only-not-a-secret-0123456789} DEBUG=0
prod-like: install
	$(PROD_LIKE_ENV) LOG_FORMAT=json \
	  DATABASE_URL=$${DATABASE_URL:-postgres://samen:samen@127.0.0.1:5432/samen} \
	  CELERY_BROKER_URL=$${CELERY_BROKER_URL:-redis://127.0.0.1:6379/0} \
	  $(PY) manage.py migrate --noinput -v0
	$(PROD_LIKE_ENV) LOG_FORMAT=json PATH=$(VENV)/bin:$$PATH \
	  DATABASE_URL=$${DATABASE_URL:-postgres://samen:samen@127.0.0.1:5432/samen} \
	  CELERY_BROKER_URL=$${CELERY_BROKER_URL:-redis://127.0.0.1:6379/0} \
	  $(VENV)/bin/honcho start -f Procfile

# Load benchmark (prints a table; see docs/benchmarks.md "Load"). Uses the samen_load database
# (flushed!) and Redis db 7; LOAD_DATABASE_URL / LOAD_BROKER_URL override; BENCH_ARGS pass on.
bench-load: install
	$(PY) -m bench.load.run $(BENCH_ARGS)
