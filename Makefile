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

.PHONY: build test lint typecheck pytest chromium serve schemas clean

# make build reports overdue reviews as notes, so that the site is still built and
# published; `sopkit review` exits with 1 when something is overdue, for a scheduled job.
build: $(STAMP)  ## Check the sources, build the site into site/, and zip it for offline use
	$(BIN)/sopkit check
	SOPKIT_REVIEW_WARNINGS=info $(BIN)/mkdocs build --strict
	@mkdir -p dist
	@rm -f dist/sso-sop-manual-offline.zip
	cd site && ../$(BIN)/python -m zipfile -c ../dist/sso-sop-manual-offline.zip .
	@echo "Built site/ and dist/sso-sop-manual-offline.zip"

test: lint typecheck chromium pytest  ## Lint, type check and run the whole test suite

lint: $(STAMP)  ## Ruff lint and format check
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: $(STAMP)  ## mypy, strict, over the package
	$(BIN)/mypy

pytest: $(STAMP)
	$(BIN)/pytest

# The browser tests drive Debian's Chromium (Playwright cannot download browsers here).
# Install it when it is missing and this machine can; the tests say so when it cannot.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo -n)
chromium:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif command -v apt-get >/dev/null 2>&1; then \
	  echo "Installing Chromium (Debian package) for the browser tests..."; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium >/dev/null || \
	  echo "Could not install Chromium; the browser tests will not run."; \
	else echo "No apt-get: install Chromium at /usr/bin/chromium to run the browser tests."; fi

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
	rm -rf site site-public dist test-artifacts .pytest_cache .mypy_cache .ruff_cache
