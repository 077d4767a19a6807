# Two commands on a fresh machine: `make generate` and `make test`.
# Each bootstraps .venv with the exact pins in requirements/ on first use.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python

.PHONY: generate check validate test update-cases typecheck clean

generate: $(VENV)/.generate-deps  ## regenerate generated/ from specs/
	$(PY) -m generator generate

check: $(VENV)/.generate-deps     ## fail with a diff when generated/ is stale
	$(PY) -m generator check --quiet

validate: $(VENV)/.generate-deps  ## check specs/ without writing anything
	$(PY) -m generator validate

test: $(VENV)/.test-deps          ## the whole test suite (golden record, behaviour, mypy)
	$(PY) -m pytest

update-cases: $(VENV)/.test-deps  ## rewrite tests/cases/*/expected.txt from the generator's current output
	$(PY) -m pytest -q tests/test_cases.py --update-cases

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .hypothesis *.egg-info

$(PY):
	$(PYTHON) -m venv $(VENV)

$(VENV)/.generate-deps: requirements/generate.txt pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements/generate.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

$(VENV)/.test-deps: requirements/test.txt $(VENV)/.generate-deps
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements/test.txt
	touch $@
