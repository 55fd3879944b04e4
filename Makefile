# `make run` sets everything up and starts the app; `make test` sets up and runs every test.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cksum requirements.txt | cut -d' ' -f1)
ASSETS := static/vendor/.installed-$(shell cksum package-lock.json 2>/dev/null | cut -d' ' -f1)
PORT ?= 8501
HOST ?= 127.0.0.1

.PHONY: run test setup db assets browser bench cluster cluster-stop clean

# server.py: app.py as an ASGI application (st.App) with the open-data routes and security headers.
run: setup db
	$(VENV)/bin/uvicorn server:app --host $(HOST) --port $(PORT) --h11-max-incomplete-event-size 1048576

test: setup browser
	$(VENV)/bin/ruff check --quiet app.py server.py geo ui pages tests scripts bench web  # rules: pyproject.toml
	$(PY) -m pytest $(PYTEST_ARGS)

setup: $(STAMP) $(ASSETS)

$(STAMP): requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	rm -f $(VENV)/.installed-* && touch $@

# Leaflet and folium's other browser assets, from the npm registry, served by the app itself.
# Then the small copy of Streamlit's icon font (web/fonts.py), rebuilt when a page names a new icon.
$(ASSETS): package.json package-lock.json scripts/vendor_assets.py geo/sites/map_assets.py web/fonts.py requirements.txt app.py geo/navigation.py $(wildcard pages/*.py ui/*.py)
	npm ci --silent --no-audit --no-fund
	$(PY) scripts/vendor_assets.py
	$(PY) -m web.fonts
	rm -f static/vendor/.installed-* && touch $@

db: $(STAMP)
	$(PY) -m geo init-db

# Debian's Chromium for the browser tests (Playwright's own browser download cannot work here).
browser:
	@command -v chromium >/dev/null || (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium)

bench: setup browser
	$(PY) -m bench
	$(PY) -m bench.weight
	$(PY) -m bench.walks
	$(PY) -m bench.load

# PostgreSQL, N app instances and nginx on this machine (scripts/cluster.py; README, "Deploying").
N ?= 2
CLUSTER_PORT ?= 8080
cluster: setup
	$(PY) scripts/cluster.py start -n $(N) --port $(CLUSTER_PORT)

cluster-stop:
	$(PY) scripts/cluster.py stop

clean:
	rm -rf $(VENV) node_modules static/vendor var artifacts
