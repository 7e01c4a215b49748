# Quick start: `make run` serves the portal with demo data; `make test` runs the whole suite.
# Both bootstrap .venv from the lock file first; a second run reinstalls nothing.
VENV      := .venv
PY        := $(VENV)/bin/python
UV        := $(VENV)/bin/uv
STAMP     := $(VENV)/.installed
HOST      ?= 127.0.0.1
PORT      ?= 8000
PYTEST_ARGS ?=

.PHONY: run test bootstrap system-packages migrate seed worker beat lint format bench clean

system-packages:
	@bin/system-packages

$(STAMP): requirements-dev.lock package-lock.json
	@test -x $(PY) || $$(bin/find-python) -m venv $(VENV)
	@$(PY) -m pip install --quiet --disable-pip-version-check "uv==0.13.9"
	@$(UV) pip sync --quiet --python $(PY) requirements-dev.lock
	@command -v npm >/dev/null && npm ci --silent --no-audit --no-fund --ignore-scripts || { echo "npm is needed for front-end assets" >&2; exit 1; }
	@touch $@

bootstrap: system-packages $(STAMP)
	@mkdir -p var/media
	@if command -v msgfmt >/dev/null; then $(PY) manage.py compilemessages -v 0 --ignore=.venv --ignore=node_modules; \
	 else echo "gettext (msgfmt) not installed: the English translation is not compiled" >&2; fi

migrate: bootstrap
	@$(PY) manage.py migrate --noinput -v 0

seed: migrate
	@$(PY) manage.py seed_demo

run: seed
	@$(PY) manage.py runserver $(HOST):$(PORT)

test: bootstrap
	@$(PY) manage.py collectstatic --noinput -v 0
	@$(PY) -m pytest $(PYTEST_ARGS)

worker: bootstrap
	$(VENV)/bin/celery -A egov worker -l info --concurrency 2

beat: bootstrap
	$(VENV)/bin/celery -A egov beat -l info --schedule var/celerybeat-schedule

lint: bootstrap
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: bootstrap
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench: bootstrap
	@for f in bench/bench_*.py; do echo "== $$f"; $(PY) $$f || exit 1; done

clean:
	rm -rf $(VENV) var staticfiles
