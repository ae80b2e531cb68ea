# sopkit — the two commands are `make build` and `make test`.
# Each creates .venv and installs the project into it when it is missing or out of date.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.sopkit-installed
DEV_STAMP := $(VENV)/.sopkit-dev-installed
PIP_FLAGS ?= --quiet --disable-pip-version-check

# Material for MkDocs prints a banner about its successor on every build; sopkit keeps
# its logic out of MkDocs for exactly that reason (see the architecture notes).
export NO_MKDOCS_2_WARNING := 1

.PHONY: build publish test lint typecheck pytest system-packages test-packages serve schemas \
	clean check changes reviews authorities authorities-report authorities-news ci-env bench dev-docs

# The date the site and PDFs say they were made: the last commit's, so that two builds
# of one commit are the same, byte for byte (the reproducible-builds convention).
COMMIT_TIME := $(shell git log -1 --format=%ct 2>/dev/null)
ifneq ($(COMMIT_TIME),)  # (none before the first commit, or outside git: then the build's time)
export SOURCE_DATE_EPOCH ?= $(COMMIT_TIME)
endif

# make build makes both editions: the officers' (everything) in site/ and the public
# (public content only) in site-public/, then proves that the public one holds nothing
# internal. It reports overdue reviews as notes, so that the site is still built and
# published; `make reviews` fails when something is overdue, for a scheduled job.
# `sopkit build` checks the sources, builds the two editions (both at once on two
# cores), scans the public one and zips the other; with nothing changed since it last
# finished, it does nothing and says so (FORCE=1: build all the same).
build: $(STAMP) system-packages  ## Check the sources; build both editions (with PDFs) into site/ and site-public/; zip the first for offline use
	$(BIN)/sopkit build --zip dist/sso-sop-manual-offline.zip $(if $(filter 1,$(FORCE)),--force)

# sopkit's own documentation (architecture, Python API, plugin options, performance),
# built apart from the district's site: neither edition carries it.
dev-docs: $(DEV_STAMP)  ## Build sopkit's own documentation (docs-dev/) into site-dev/
	$(BIN)/mkdocs build --strict -f mkdocs.dev.yml

check: $(STAMP)  ## Check the sources and their formatting, as every pull request is checked
	$(BIN)/sopkit check --edition public
	$(BIN)/sopkit fmt --check

BASE ?= origin/main
changes: $(STAMP)  ## What this branch changes in the sources, as Markdown (BASE=origin/main)
	@$(BIN)/sopkit diff $(BASE)

reviews: $(STAMP)  ## Which reviews and duties are due; fails when one is overdue
	$(BIN)/sopkit review

authorities: $(STAMP)  ## Read each cited law at its publisher (network); update policy_data/authorities.lock.yml
	@# exit 1: some authority could not be read (each is reported; the rest were read)
	$(BIN)/sopkit authorities refresh --snapshots || [ $$? -eq 1 ]

authorities-report: $(STAMP)  ## The laws read with a new text, and what cites them (Markdown; no network)
	$(BIN)/sopkit authorities report

authorities-news: $(STAMP)  ## news=true when the latest refresh read a new text or a law cited changed
	@$(BIN)/sopkit authorities report --news

bench: $(DEV_STAMP)  ## Run the benchmark suite; writes benchmarks/results.json and docs-dev/benchmark-report.md (takes several minutes)
	SOPKIT_PDF=0 $(BIN)/python benchmarks/run.py --runs 3

# For CI: the as-of day and the build date, both from the commit being built, so that a
# pull request's check gives the same result whenever it runs. Append to $GITHUB_ENV.
ci-env:
	@echo "SOPKIT_AS_OF=$$(git log -1 --format=%cs)"
	@echo "SOURCE_DATE_EPOCH=$$(git log -1 --format=%ct)"

# make publish adds this edition of the manual to the gh-pages branch, in a folder of its
# own that later editions leave alone, and moves the alias `current` to it (see
# docs/publishing.md). It pushes only with PUSH=1. The edition is the manual's own
# (`edition:` in sop/manual.yml) unless EDITION=... says otherwise. `current` is a copy
# of the edition, not a symbolic link: GitHub Pages refuses those, and Windows servers
# do not follow them.
EDITION = $(shell $(BIN)/python -c 'from pathlib import Path; from sopkit import Layout, load_project; \
  manual = load_project(Layout(Path("."))).project.manual; print(manual.edition if manual else "")' 2>/dev/null)
# The public edition has a branch of its own, so the officers' edition can never be
# published where the public site is served from.
PUBLISH_BRANCH = $(if $(filter public,$(SOPKIT_EDITION)),gh-pages-public,gh-pages)
# mike runs `mkdocs` by name: it must find this environment's. set-default is --quiet
# because from the second edition on it has nothing to change, and says so.
MIKE = PATH="$(abspath $(BIN)):$$PATH" SOPKIT_REVIEW_WARNINGS=info $(BIN)/mike
MIKE_FLAGS = --config-file mkdocs-publish.yml --branch $(PUBLISH_BRANCH) $(if $(filter 1,$(PUSH)),--push)

publish: $(STAMP) system-packages  ## Publish this edition to the gh-pages branch as `current` (EDITION=..., PUSH=1)
	$(BIN)/sopkit check
	@test -n "$(EDITION)" || { echo "No edition to publish: set edition: in sop/manual.yml or give EDITION=..." >&2; exit 2; }
	$(MIKE) deploy $(MIKE_FLAGS) --alias-type copy --update-aliases $(EDITION) current
	$(MIKE) --quiet set-default $(MIKE_FLAGS) current
	@echo "Published edition $(EDITION) as current on the $(PUBLISH_BRANCH) branch"

test: lint typecheck test-packages pytest  ## Lint, type check and run the whole test suite

lint: $(DEV_STAMP)  ## Ruff lint and format check
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: $(DEV_STAMP)  ## mypy, strict, over the package
	$(BIN)/mypy

# In parallel, a worker per core (tests/conftest.py shares the made PDFs between them).
pytest: $(DEV_STAMP)
	$(BIN)/pytest -n auto

# Debian packages the commands need, installed when missing and this machine can. For
# every build: Pango and fonts for the PDFs (WeasyPrint lays text out with Pango), and
# poppler-utils (pdftotext, with which the leak scan reads PDFs many times faster than in
# Python; without it the scan uses pypdf, and finds the same). For the tests also
# Chromium (Playwright cannot download browsers here); poppler's pdftoppm turns PDF
# pages into pictures for them.
PDF_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation fonts-dejavu-core poppler-utils
TEST_PACKAGES := chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo -n)
define install-missing
	@missing=""; \
	for package in $(1); do dpkg -s $$package >/dev/null 2>&1 || missing="$$missing $$package"; done; \
	if [ -z "$$missing" ]; then :; \
	elif command -v apt-get >/dev/null 2>&1; then \
	  echo "Installing$$missing (Debian packages)..."; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null || \
	  echo "Could not install$$missing: $(2)."; \
	else echo "Not a Debian system: install$$missing yourself, or $(2)."; fi
endef

system-packages:
	$(call install-missing,$(PDF_PACKAGES),the PDFs cannot be built)

test-packages: system-packages
	$(call install-missing,$(TEST_PACKAGES),the browser tests and PDF pictures will not run)

serve: $(STAMP)  ## Live preview at http://127.0.0.1:8000
	$(BIN)/mkdocs serve

schemas: $(STAMP)  ## Rewrite the packaged JSON Schemas after changing sopkit/sources/kinds.py
	$(BIN)/sopkit schema --out src/sopkit/schemas

# The stamp is older than pyproject.toml or constraints.txt when either changed:
# then the project is installed again. constraints.txt pins every package, so two
# machines build with the same versions.
# `make build` installs what the build needs; `make test` (and the other developer
# targets) the dev extra as well (pytest, Playwright, ruff, mypy, mkdocstrings), which a
# district that only builds its manual never downloads.
# pip compiles the packages it installs, not an editable one: where
# PYTHONDONTWRITEBYTECODE is set nothing else would, and each build would compile sopkit
# again. (Python compiles a module again when its source is newer.)
$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install $(PIP_FLAGS) -c constraints.txt -e .
	$(BIN)/python -m compileall -q src/sopkit
	@touch $@

$(DEV_STAMP): $(STAMP)
	$(BIN)/python -m pip install $(PIP_FLAGS) -c constraints.txt -e '.[dev]'
	@touch $@

clean:
	rm -rf site site-public site-dev dist test-artifacts .pytest_cache .mypy_cache .ruff_cache
