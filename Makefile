# Thin wrappers over the kediri-analytics CLI. Linux/macOS; on Windows use environment.yml + the CLI.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
UV_VERSION := 0.13.9
DEMO   := data/demo
KERNEL := kediri-analytics

.PHONY: setup demo-data report test test-browser browser-deps lab docs bench lint lock clean

setup: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	@[ -x $(BIN)/uv ] || $(BIN)/python -m pip install --quiet "uv==$(UV_VERSION)"
	$(BIN)/uv pip sync --quiet --compile-bytecode --python $(BIN)/python requirements.lock
	$(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python --no-deps -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name $(KERNEL) \
		--display-name "Python (kediri-analytics)" >/dev/null
	@touch $(STAMP)

demo-data: $(DEMO)/MANIFEST.json

$(DEMO)/MANIFEST.json: $(STAMP) $(wildcard kediri_analytics/demo/*.py kediri_analytics/demo/data/*)
	$(BIN)/kediri-analytics demo-data --out $(DEMO)

# The whole suite of reports.yml on the demo data; prints where index.html is.
report: demo-data
	$(BIN)/kediri-analytics report --config reports.yml --data $(DEMO)

# One pytest worker per core plus one (at most 4; tests/conftest.py). Each test file goes to one
# worker, as with loadfile, but files may share a group (GROUPS in tests/conftest.py: the
# JupyterLab tests share one server) and the longest groups go first (the conftest orders
# them; xdist must not reorder).
test: setup
	$(BIN)/python -m pytest -n auto --maxprocesses 4 --dist loadgroup --no-loadscope-reorder

lab: setup demo-data
	$(BIN)/kediri-analytics lab

# The API reference (pdoc, from the docstrings) and the how-to pages, into docs/_build/.
docs: setup
	$(BIN)/kediri-analytics docs --out docs/_build

# Debian's headless Chromium and its chromedriver for the browser test (root, apt; never a
# downloaded browser build).
browser-deps:
	apt-get install -y --no-install-recommends chromium chromium-driver

# Only the real-browser test (JupyterLab + Chromium running explore.ipynb); `make test` runs
# it too, or skips it saying why when Chromium is missing.
test-browser: setup
	$(BIN)/python -m pytest -m browser

bench: setup
	$(BIN)/python bench/bench_demo.py
	$(BIN)/python bench/bench_load.py

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Re-pin every dependency (after editing pyproject.toml); then mirror the pins in environment.yml.
# The lock holds the dev and distributed extras: the tests start a real Dask LocalCluster.
lock: setup
	$(BIN)/uv pip compile --quiet pyproject.toml --extra dev --extra distributed --universal \
		--python-version 3.11 -o requirements.lock

clean:
	rm -rf $(VENV) $(DEMO) .pytest_cache .ruff_cache build *.egg-info
