# The README's two commands. Each does its own set-up on a fresh machine (virtual environment,
# installs, npm assets when the project has any), then runs.
#   make demo   analyse the seed articles into ./frontwatch.db and print the situation summary
#   make test   run the test suite
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
SHARED ?= ../shared
STAMP := $(VENV)/.installed

.PHONY: demo test install bench clean

demo: install
	$(BIN)/frontwatch run $(SHARED)/seeds

# pytest exits 5 when it collects no tests: a green run that tested nothing is a failure here.
test: install
	$(BIN)/pytest -q || { status=$$?; [ $$status -ne 5 ] || echo "no tests were collected" >&2; exit $$status; }

# byte-compiled again first: sources edited since the install would otherwise compile on every run
bench: install
	$(BIN)/python -m compileall -q src >/dev/null
	$(BIN)/python bench/bench_extract.py $(SHARED)/corpora/fa-kes/articles

install: $(STAMP)

# Reinstall when the package's declared dependencies (Python or npm) change.
$(STAMP): pyproject.toml $(wildcard package.json package-lock.json)
	PYTHON=$(PYTHON) bash .ci/install
	touch $(STAMP)

clean:
	rm -rf $(VENV) frontwatch.db frontwatch.db-wal frontwatch.db-shm frontwatch-report.html
