# Two commands do all the set-up on a fresh machine: `make demo` and `make test`.
# `make check` is the quick loop while working: no LibreOffice, browser or terminal sessions.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DEMO_CASE ?= examples/zhaksybekov-custody-no-corpus.yaml

.PHONY: demo test check lint install clean
QUICK := not slow and not libreoffice and not browser and not terminal
# The claim property tests draw this many cases in the quick run (300–500 in `make test`);
# COMPLAINTGEN_QUICK=1 makes the other property tests draw fewer too (conftest.draws); the
# quick loop keeps its compiled templates in $(VENV)/test-cache between runs (tests/conftest.py).
QUICK_CLAIMS := 15
# Tests run on every core (pytest-xdist; a module on one worker, so its fixtures are made once);
# compiled modules are kept under .venv even where the
# environment says PYTHONDONTWRITEBYTECODE, else every worker compiles all of src/ and tests/.
PYTEST := env -u PYTHONDONTWRITEBYTECODE PYTHONPYCACHEPREFIX=$(VENV)/pycache $(BIN)/python -m pytest -n auto --dist loadscope

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
	$(PYTEST)

check: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	COMPLAINTGEN_QUICK=1 COMPLAINTGEN_CLAIMS_EXAMPLES=$(QUICK_CLAIMS) \
	COMPLAINTGEN_TEST_CACHE=$(abspath $(VENV))/test-cache $(PYTEST) -m "$(QUICK)"

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

clean:
	rm -rf $(VENV) demo build dist *.egg-info src/*.egg-info
