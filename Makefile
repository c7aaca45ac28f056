# The two commands of the README, and the steps behind them.
.PHONY: demo serve test deps setup lint typecheck unit integration contracts services test-cgroup2 schema

VENV := .venv
PY := $(VENV)/bin/python
PG_URL ?= postgres://postgres@127.0.0.1:5432/scalebox
AMQP_URL ?= amqp://guest:guest@127.0.0.1:5672//
REDIS_URL ?= redis://127.0.0.1:6379/0

setup:
	./scripts/setup.sh

demo: setup
	./scripts/demo.sh

# The production web server (gunicorn; settings SCALEBOX_WEB_*, see the README).
serve: setup
	./scripts/serve.sh

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

typecheck: setup
	$(VENV)/bin/mypy .

# Two pytest workers (pytest-xdist), then, alone, the sandbox's own suites, whose CPU and
# wall-time limits must not be measured on a machine the other worker keeps busy.
SERIAL_UNIT := tests/sandbox tests/hostile
unit: setup
	env -u DATABASE_URL -u CELERY_BROKER_URL -u CELERY_RESULT_BACKEND \
		$(VENV)/bin/pytest -m "not integration" -q -n 2 $(SERIAL_UNIT:%=--ignore=%)
	env -u DATABASE_URL -u CELERY_BROKER_URL -u CELERY_RESULT_BACKEND \
		$(VENV)/bin/pytest -m "not integration" -q $(SERIAL_UNIT)

services:
	./scripts/ensure_services.sh

# Debian's packages the suite needs (runtimes, chromium, docker-compose); a no-op when present.
deps:
	./scripts/install_test_deps.sh

# The sandbox suites on a cgroup v2 kernel, in a VM (this host's hierarchies stay as they are).
CGROUP2_PATHS ?= tests/sandbox tests/hostile
test-cgroup2:
	./scripts/cgroup2_vm.sh $(CGROUP2_PATHS)

integration: setup services
	DATABASE_URL=$(PG_URL) CELERY_BROKER_URL=$(AMQP_URL) CELERY_RESULT_BACKEND=$(REDIS_URL) \
		$(VENV)/bin/pytest -m integration -q -p no:cacheprovider

# The API against its OpenAPI schema alone: schemathesis on a real server with its own
# SQLite (the run is part of `make integration` too).
schema: setup
	env -u DATABASE_URL -u CELERY_BROKER_URL -u CELERY_RESULT_BACKEND \
		$(VENV)/bin/pytest tests/schema -q -p no:cacheprovider

contracts: setup
	python3 ../shared/tools/contract_check.py

test: deps lint typecheck unit integration contracts
