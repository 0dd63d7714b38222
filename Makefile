# Two commands do all set-up: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 5000
WORKERS ?= 2
export FLASK_APP := wsgi:app

.PHONY: run test lint audit install install-test browser translations messages bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install -q -e '.[test]'
	touch $@

install: $(VENV)/.installed translations

install-test: $(VENV)/.installed-test translations browser

# Compiled catalogues are build output (ignored by git); compile whatever languages exist.
translations: $(VENV)/.installed
	@if ls portal/translations/*/LC_MESSAGES/messages.po >/dev/null 2>&1; then \
		$(BIN)/pybabel -q compile -d portal/translations; fi

# After changing user-facing text: extract every string and merge it into each language's catalogue.
messages: $(VENV)/.installed
	$(BIN)/pybabel -q extract -F babel.cfg -k _l -k lazy_gettext -k lazy_ngettext:1,2 -k _ln:1,2 -k _lp:1c,2 --sort-output --no-wrap \
		-o portal/translations/messages.pot portal registry contracts grievances
	$(BIN)/pybabel -q update --no-wrap -N --ignore-obsolete -i portal/translations/messages.pot -d portal/translations

# Debian's chromium for the end-to-end tests (never a browser download) and pdftotext for reading PDFs.
browser:
	@missing=""; command -v chromium >/dev/null 2>&1 || missing=" chromium"; \
	command -v pdftotext >/dev/null 2>&1 || missing="$$missing poppler-utils"; \
	if [ -n "$$missing" ]; then echo "installing from Debian:$$missing"; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing) >/dev/null; fi

# The access log leaves out client addresses: anonymous grievance filers must not be traceable.
# The demo's officials sign in without a second factor (PORTAL_REQUIRE_2FA=true to try it).
# The scheduler (licence expiry daily, grievance escalation every 15 minutes) runs beside gunicorn.
run: install
	@mkdir -p instance
	$(BIN)/flask backup before-upgrade instance/backups
	$(BIN)/flask db upgrade
	$(BIN)/flask demo load
	PORTAL_REQUIRE_2FA=$${PORTAL_REQUIRE_2FA:-false} $(BIN)/flask jobs run & scheduler=$$!; \
	trap 'kill $$scheduler' EXIT INT TERM; \
	PORTAL_REQUIRE_2FA=$${PORTAL_REQUIRE_2FA:-false} $(BIN)/gunicorn --workers $(WORKERS) --bind 127.0.0.1:$(PORT) \
		--access-logfile - --access-logformat '%(t)s "%(r)s" %(s)s %(b)s %(M)sms' wsgi:app

# ruff (style, imports, bugbear, complexity), import-linter (the one-way layers of pyproject.toml) and
# bandit (fails on any high-severity finding).
lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/bandit -q -r portal registry contracts grievances --severity-level high

# Known vulnerabilities of the installed packages (pip-audit on OSV); skipped with a message offline.
audit: $(VENV)/.installed-test
	@if $(BIN)/python -c "import socket; socket.create_connection(('api.osv.dev', 443), 5)" 2>/dev/null; then \
		$(BIN)/pip-audit -s osv --skip-editable --progress-spinner off; \
	else echo "pip-audit skipped: its advisory source (api.osv.dev) cannot be reached from here"; fi

test: install-test lint audit
	$(BIN)/pytest $(PYTEST_ARGS)

# A small registry (1,000 agencies, 10,000 grievances) in instance/, then the search timings; bench/README.md
# says how to fill and measure at scale.
BENCH_DB := sqlite:///$(CURDIR)/instance/bench-1k.sqlite3
bench: install
	@mkdir -p instance && rm -f instance/bench-1k.sqlite3
	DATABASE_URL=$(BENCH_DB) $(BIN)/flask db upgrade
	$(BIN)/python bench/fill.py $(BENCH_DB) --agencies 1000 --grievances 10000
	$(BIN)/python bench/search.py $(BENCH_DB)

clean:
	rm -rf $(VENV) instance
