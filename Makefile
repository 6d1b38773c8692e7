# Two commands do all the set-up on a fresh machine: `make demo` and `make test`.
# `make check` is the quick loop while working: no LibreOffice, browser or terminal sessions.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DEMO_CASE ?= examples/zhaksybekov-custody-no-corpus.yaml

.PHONY: demo test check lint install clean
QUICK := not slow and not libreoffice and not browser and not terminal
# The claim property tests draw this many cases in the quick run (300–500 in `make test`).
QUICK_CLAIMS := 40

$(STAMP): pyproject.toml setup.py
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/complaintgen appeal $(DEMO_CASE) --lang both -o demo/

test: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/python -m pytest

check: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	COMPLAINTGEN_CLAIMS_EXAMPLES=$(QUICK_CLAIMS) $(BIN)/python -m pytest -m "$(QUICK)"

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

clean:
	rm -rf $(VENV) demo build dist *.egg-info src/*.egg-info
