# Two commands on a fresh machine: `make generate` and `make test`.
# Each bootstraps .venv with the exact pins in requirements/ on first use.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python

.PHONY: generate check validate diff test lint update-golden update-cases bench clean

generate: $(VENV)/.generate-deps  ## regenerate generated/ from specs/
	$(PY) -m generator generate

check: $(VENV)/.generate-deps     ## fail with a diff when generated/ is stale
	$(PY) -m generator check --quiet

validate: $(VENV)/.generate-deps  ## check specs/ without writing anything
	$(PY) -m generator validate

# make diff BASE=<rev:REV or dir:PATH> [HEAD=<rev:REV or dir:PATH>] [FORMAT=text|markdown|json|sarif] [FAIL_ON=never|warning|breaking]
FORMAT  ?= text
FAIL_ON ?= never
diff: $(VENV)/.generate-deps      ## what changes for SDKs from BASE to HEAD (default: the work tree's specs/)
	@test -n "$(BASE)" || { echo "usage: make diff BASE=<rev:REV or dir:PATH> [HEAD=...] [FORMAT=text|markdown|json|sarif] [FAIL_ON=never|warning|breaking]" >&2; exit 2; }
	@$(PY) -m generator diff "$(BASE)" $(if $(HEAD),"$(HEAD)") --format "$(FORMAT)" --fail-on "$(FAIL_ON)"

test: $(VENV)/.test-deps $(VENV)/.pyright-deps  ## the whole test suite (golden record, behaviour, mypy, pyright)
	$(PY) -m pytest

lint: $(VENV)/.test-deps          ## the generator's own code: black-formatted, ruff-clean (config: pyproject.toml)
	$(PY) -m black --check --quiet generator
	$(PY) -m ruff check generator tests bench

# Every recorded expectation, rewritten from what the generator does now; review the diff.
update-golden: $(VENV)/.test-deps ## generated/, tests/golden/{cases,bounds}/*/expected.txt and tests/golden/diff_cases/*/expected.*
	$(PY) -m generator generate --no-cache
	$(PY) -m pytest -q tests/golden/test_cases.py tests/golden/test_bounds.py --update-cases
	UPDATE_DIFF_CASES=1 $(PY) -m pytest -q tests/golden/test_diff.py

update-cases: $(VENV)/.test-deps  ## only tests/golden/{cases,bounds}/*/expected.txt
	$(PY) -m pytest -q tests/golden/test_cases.py tests/golden/test_bounds.py --update-cases

# make bench [BENCH_ARGS="--quick | --json | --only NAME | --rounds N | --list"]: issue 13's figures, each
# against its named alternative in interleaved rounds; the table goes to stdout, progress to stderr.
BENCH_ARGS ?=
bench: $(VENV)/.bench-deps        ## every speed figure with its target, as median of per-round ratios
	$(PY) bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .cache .pytest_cache .mypy_cache .hypothesis *.egg-info

$(PY):
	$(PYTHON) -m venv $(VENV)

$(VENV)/.generate-deps: requirements/generate.txt pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements/generate.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

$(VENV)/.test-deps: requirements/test.txt $(VENV)/.generate-deps
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements/test.txt
	touch $@

# pyright from the npm registry, pinned by requirements/pyright/package-lock.json, installed
# with the machine's Node.js into .venv/pyright (so `make clean` removes it). Without npm,
# one line says so, no stamp is written (the next run tries again) and the pyright tests
# skip with that reason; with npm, a failed install fails the build.
$(VENV)/.pyright-deps: requirements/pyright/package.json requirements/pyright/package-lock.json | $(PY)
	@if ! command -v npm >/dev/null 2>&1; then \
		echo "npm not found: pyright is not installed and the pyright tests will skip (install Node.js with npm to run them)"; \
		exit 0; \
	fi; \
	set -e; \
	rm -rf $(VENV)/pyright; \
	mkdir -p $(VENV)/pyright; \
	cp requirements/pyright/package.json requirements/pyright/package-lock.json $(VENV)/pyright/; \
	echo "npm ci --prefix $(VENV)/pyright (pyright, pinned by requirements/pyright/package-lock.json)"; \
	npm ci --prefix $(VENV)/pyright --ignore-scripts --no-audit --no-fund --loglevel=error; \
	$(VENV)/pyright/node_modules/.bin/pyright --version; \
	touch $@

$(VENV)/.bench-deps: requirements/bench.txt $(VENV)/.test-deps
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements/bench.txt
	touch $@
