# sopkit — the two commands are `make build` and `make test`.
# Each creates .venv and installs the project into it when it is missing or out of date.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.sopkit-installed
PIP_FLAGS ?= --quiet --disable-pip-version-check

# Material for MkDocs prints a banner about its successor on every build; sopkit keeps
# its logic out of MkDocs for exactly that reason (see the architecture notes).
export NO_MKDOCS_2_WARNING := 1

.PHONY: build test lint typecheck pytest serve schemas clean

build: $(STAMP)  ## Check the sources, then build the site into site/
	$(BIN)/sopkit check
	$(BIN)/mkdocs build --strict

test: lint typecheck pytest  ## Lint, type check and run the whole test suite

lint: $(STAMP)  ## Ruff lint and format check
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

typecheck: $(STAMP)  ## mypy, strict, over the package
	$(BIN)/mypy

pytest: $(STAMP)
	$(BIN)/pytest

serve: $(STAMP)  ## Live preview at http://127.0.0.1:8000
	$(BIN)/mkdocs serve

schemas: $(STAMP)  ## Rewrite the packaged JSON Schemas after changing sopkit/kinds.py
	$(BIN)/sopkit schema --out src/sopkit/schemas

# The stamp is older than pyproject.toml or constraints.txt when either changed:
# then the project is installed again. constraints.txt pins every package, so two
# machines build with the same versions.
$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install $(PIP_FLAGS) -c constraints.txt -e '.[dev]'
	@touch $@

clean:
	rm -rf site site-public .pytest_cache .mypy_cache .ruff_cache
