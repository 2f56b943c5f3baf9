# Two commands for a fresh Linux machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
TSTAMP := $(VENV)/.installed-test

.PHONY: run test bench bench-10k lint typecheck screenshot clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	touch $@

$(TSTAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@ $(STAMP)

run: $(STAMP)
	$(PY) main.py

test: $(TSTAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest

lint: $(TSTAMP)
	$(VENV)/bin/ruff check desktop tests bench
	$(VENV)/bin/mypy

bench: $(STAMP)
	$(PY) bench/bench_import_search.py --n 1000

bench-10k: $(STAMP)
	$(PY) bench/bench_import_search.py --n 10000

screenshot: $(STAMP)
	bash tools/screenshot.sh

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache
