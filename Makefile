# Synergi site: `make run` serves the site with demo content, `make test` runs every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
MANAGE := $(BIN)/python manage.py
TEMPLATE_DIRS := templates $(wildcard */templates)

.DEFAULT_GOAL := help
.PHONY: help venv run serve migrate demo test lint format check pytest browser-deps docs-screenshots bench soak backup restore clean audit-demo bench-audit bench-reporting bench-email

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-18s %s\n", $$1, $$2}'

$(BIN)/.installed: requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

venv: $(BIN)/.installed ## Create .venv and install the pinned requirements

migrate: venv ## Apply database migrations
	$(MANAGE) migrate --noinput

demo: migrate ## Load the demo content (idempotent)
	$(MANAGE) load_demo_content

# The Site record (and so every absolute link) says where runserver really serves.
run: export SITE_URL = http://127.0.0.1:$(PORT)
run: demo ## Set up and serve the site with demo content on http://127.0.0.1:$(PORT)
	@echo ""
	@echo "  Site:   http://127.0.0.1:$(PORT)/"
	@echo "  Admin:  http://127.0.0.1:$(PORT)/admin/"
	@echo "  Log in: username 'editor', password 'synergi-local-demo' (local demo account, dev settings only)"
	@echo ""
	@echo "  Mail is printed here; background tasks run in a worker beside the server (Ctrl-C stops both)."
	@echo ""
	@$(MANAGE) db_worker --interval 1 & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		$(MANAGE) runserver 127.0.0.1:$(PORT)

test: venv browser-deps lint check pytest ## Set up and run the whole suite: lint, checks, tests

lint: venv ## ruff (lint and format check) and djlint (templates)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djlint $(wildcard $(TEMPLATE_DIRS)) --lint

format: venv ## Apply ruff's fixes and formatting
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: venv ## Django system checks and missing migrations
	DJANGO_SETTINGS_MODULE=synergi_site.settings.test $(MANAGE) check
	DJANGO_SETTINGS_MODULE=synergi_site.settings.test $(MANAGE) makemigrations --check --dry-run

PYTEST_ARGS ?= -n auto
pytest: venv ## Run the tests, one process per core (DATABASE_URL picks the database; SQLite by default)
	$(BIN)/pytest --create-db $(PYTEST_ARGS)

docs-screenshots: venv browser-deps ## Retake the admin screenshots in docs/screenshots/ from the demo content
	$(BIN)/python scripts/docs_screenshots.py

browser-deps: ## Install Debian's chromium for the browser tests if it is missing
	@command -v chromium >/dev/null 2>&1 || { \
		echo "Installing chromium (needs root)"; \
		apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }

AUDIT_LIMIT ?= 3
audit-demo: venv browser-deps ## Cookie audit of the demo content in a throwaway SQLite database (AUDIT_LIMIT pages; CI runs it)
	@tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	export DATABASE_URL="sqlite:///$$tmp/audit.sqlite3"; \
	$(MANAGE) migrate --noinput -v0 && $(MANAGE) load_demo_content -v0 && \
	$(MANAGE) audit_cookies --limit $(AUDIT_LIMIT) --block-third-party

bench-audit: venv browser-deps ## Time the cookie audit on generated pages; BENCH_AUDIT_ARGS="--pages 200"
	$(BIN)/python scripts/bench_audit.py $(BENCH_AUDIT_ARGS)

bench: venv ## Benchmark under gunicorn on PostgreSQL (127.0.0.1:5432); BENCH_ARGS="--items 1000 --duration 5"
	$(BIN)/python scripts/bench.py $(BENCH_ARGS)

bench-email: venv ## Email alerts: publish cost, worker rate and memory, a SIGKILL mid-run; BENCH_EMAIL_ARGS="--subscribers 10000" (DATABASE_URL: PostgreSQL, emptied)
	$(BIN)/python scripts/bench_email.py $(or $(BENCH_EMAIL_ARGS),--subscribers 10000)

soak: venv ## Load and fault test (gunicorn, PostgreSQL, Redis on 127.0.0.1); SOAK_ARGS="--duration 60 --connections 32"
	$(BIN)/python scripts/soak.py $(SOAK_ARGS)

backup: venv ## Dump the database (DATABASE_URL) and MEDIA_ROOT into backups/<UTC timestamp>/
	$(BIN)/python scripts/backup.py

restore: venv ## Restore BACKUP=backups/<timestamp> into an empty database (DATABASE_URL) and MEDIA_ROOT
	@test -n "$(BACKUP)" || { echo "Usage: make restore BACKUP=backups/<timestamp>"; exit 2; }
	$(BIN)/python scripts/restore.py $(BACKUP) $(RESTORE_ARGS)

clean: ## Remove the virtualenv, the SQLite database and collected files
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache .ruff_cache

bench-reporting: venv ## Open a reporting round with 200 signatories: request time, overview queries, the worker's sends
	$(BIN)/python scripts/bench_reporting.py $(BENCH_REPORTING_ARGS)
