# The two commands a user needs: `make run` and `make test` (see README.md).
PORT ?= 5000
HOST ?= 127.0.0.1
THREADS ?= 8
# Waitress processes sharing the port (web/serve.py); empty: one per core. Each has THREADS threads.
WORKERS ?=
# Slow or huge requests must not stall other users: many idle connections allowed but dropped after 30 s,
# request headers (the query string) at most 64 KB, bodies (no route takes one) at most 64 KB.
WAITRESS_LIMITS ?= --connection-limit=500 --channel-timeout=30 --cleanup-interval=10 \
	--max-request-header-size=65536 --max-request-body-size=65536
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
RUNTIME := $(VENV)/.runtime-installed
DEV := $(VENV)/.dev-installed
XAPIAN := $(VENV)/.xapian-installed

.PHONY: run serve index test browser lint bench clean xapian

run: index serve

serve: $(RUNTIME)
	$(PY) -m web.serve $(if $(WORKERS),--workers=$(WORKERS)) --listen=$(HOST):$(PORT) --threads=$(THREADS) \
		$(WAITRESS_LIMITS) --call app:create_app

# Builds the index when it is missing, brings it up to date when the corpus changed (a no-op otherwise).
index: $(RUNTIME)
	$(PY) -m indexer update

$(PY):
	$(PYTHON) -m venv $(VENV)

$(RUNTIME): requirements.txt | $(PY)
	$(PY) -m pip install --quiet --require-hashes -r requirements.txt
	touch $@

$(DEV): requirements-dev.txt $(RUNTIME)
	$(PY) -m pip install --quiet --require-hashes -r requirements-dev.txt
	touch $@

# Debian's chromium for the browser tests (never Playwright's own download, which cannot work offline).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null; }

# Optional, GPL-2.0-or-later: the Xapian backend's Python bindings (requirements-xapian.txt) and Debian's
# xapian-tools (xapian-tcpsrv, xapian-replicate). Never part of `make run`; .ci/run installs it so that the
# Xapian tests run (they skip, saying why, where it is missing).
xapian: $(XAPIAN)

$(XAPIAN): requirements-xapian.txt $(RUNTIME)
	@command -v xapian-tcpsrv >/dev/null 2>&1 || { \
	  apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends xapian-tools >/dev/null; }
	$(PY) -m pip install --quiet --require-hashes -r requirements-xapian.txt
	touch $@

test: $(DEV) browser
	$(PY) -m ruff check .
	$(PY) -m mypy
	$(PY) -m pytest

lint: $(DEV)
	$(PY) -m ruff check .
	$(PY) -m mypy

bench: $(DEV)
	$(PY) -m bench.run_all

clean:
	rm -rf instance .pytest_cache test-results
