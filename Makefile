# `make run` sets everything up and starts the app; `make test` sets up and runs every test.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# The development venv (make run, make test, make bench) installs requirements-dev.lock; the
# cluster's instances run in a venv of the runtime lock alone (RUNTIME_VENV, `make runtime`).
STAMP := $(VENV)/.installed-$(shell cksum requirements-dev.lock | cut -d' ' -f1)
RUNTIME_VENV := .venv-runtime
RUNTIME_STAMP := $(RUNTIME_VENV)/.installed-$(shell cksum requirements.lock | cut -d' ' -f1)
ASSETS := static/vendor/.installed-$(shell cksum package-lock.json 2>/dev/null | cut -d' ' -f1)
PORT ?= 8501
HOST ?= 127.0.0.1

.PHONY: run test setup runtime lock db assets browser system bench cluster cluster-stop clean

# server.py: app.py as an ASGI application (st.App) with the open-data routes and security headers.
run: setup db
	$(VENV)/bin/uvicorn server:app --host $(HOST) --port $(PORT) --h11-max-incomplete-event-size 1048576

# pytest runs against a throwaway PostgreSQL (or DATABASE_URL's), so the store tests run on both databases.
# Their files (the test databases, pytest's tmp_path, the browser tests' apps) go to memory where the
# machine has it: made and deleted a few thousand times, they cost minutes on a disk.
TEST_TMPDIR ?= $(if $(wildcard /dev/shm),/dev/shm,/tmp)
test: setup runtime system
	$(VENV)/bin/ruff check --quiet app.py server.py geo ui pages tests scripts bench web  # rules: pyproject.toml
	TMPDIR=$(TEST_TMPDIR) scripts/test_postgres.sh $(PY) -m pytest $(PYTEST_ARGS)

setup: $(STAMP) $(ASSETS)

# Every package with its hashes: pip refuses anything the lock does not name.
$(STAMP): requirements-dev.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes -r requirements-dev.lock
	rm -f $(VENV)/.installed-* && touch $@

runtime: $(RUNTIME_STAMP)

$(RUNTIME_STAMP): requirements.lock
	test -x $(RUNTIME_VENV)/bin/python || $(PYTHON) -m venv $(RUNTIME_VENV)
	$(RUNTIME_VENV)/bin/python -m pip install --quiet --require-hashes -r requirements.lock
	rm -f $(RUNTIME_VENV)/.installed-* && touch $@

# Remake both locks from requirements.txt and requirements-dev.txt (README, "Dependencies"):
# the versions already locked are kept unless a requirements file asks for others;
# `make lock UPGRADE=--upgrade` takes the newest each pin allows.
LOCK_OPTS := --quiet --generate-hashes --python-version 3.11 --python-platform x86_64-unknown-linux-gnu \
	--custom-compile-command "make lock" $(UPGRADE)
lock: $(STAMP)
	$(VENV)/bin/uv pip compile $(LOCK_OPTS) requirements.txt -o requirements.lock
	$(VENV)/bin/uv pip compile $(LOCK_OPTS) requirements-dev.txt -c requirements.lock -o requirements-dev.lock

# Leaflet and folium's other browser assets, from the npm registry, served by the app itself.
# Then the small copy of Streamlit's icon font (web/fonts.py), rebuilt when a page names a new icon.
$(ASSETS): package.json package-lock.json scripts/vendor_assets.py geo/sites/map_assets.py web/fonts.py requirements.lock app.py geo/navigation.py $(wildcard pages/*.py ui/*.py)
	npm ci --silent --no-audit --no-fund
	$(PY) scripts/vendor_assets.py
	$(PY) -m web.fonts
	rm -f static/vendor/.installed-* && touch $@

db: $(STAMP)
	$(PY) -m geo init-db

# Debian's packages the tests need, installed when missing: Chromium for the browser tests
# (Playwright's own browser download cannot work here), nginx and PostgreSQL for the cluster
# test, PostgreSQL for the store tests (scripts/test_postgres.sh).  As root, or through sudo.
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
APT_INSTALL = $(SUDO) apt-get update -q && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q
browser:
	@command -v chromium >/dev/null || ($(APT_INSTALL) chromium)

system:
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	test -x /usr/sbin/nginx || missing="$$missing nginx"; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian's$$missing"; \
		$(APT_INSTALL) $$missing; \
	fi

bench: setup runtime browser
	$(PY) -m bench
	$(PY) -m bench.weight
	$(PY) -m bench.walks
	$(PY) -m bench.recorder
	$(PY) -m bench.load
	$(PY) -m bench.http2

# PostgreSQL, N app instances and nginx on this machine (scripts/cluster.py; README, "Deploying").
N ?= 2
CLUSTER_PORT ?= 8080
cluster: setup runtime
	$(PY) scripts/cluster.py start -n $(N) --port $(CLUSTER_PORT)

cluster-stop:
	$(PY) scripts/cluster.py stop

clean:
	rm -rf $(VENV) $(RUNTIME_VENV) node_modules static/vendor var artifacts
