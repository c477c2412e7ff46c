# The two set-up commands: `make demo` runs formkit on the bundled samples, `make test` runs every check.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
OUT    := out
FORMS  := samtycke genomforandeplan avvikelserapport sip sel-referat

.PHONY: demo test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# One stamp per install flavour, redone when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test,bench]'
	touch $@ $(VENV)/.installed

demo: $(VENV)/.installed
	@mkdir -p $(OUT)
	@for form in $(FORMS); do $(BIN)/formkit validate $$form samples/$$form.json || exit 1; done
	$(BIN)/formkit validate avvikelserapport samples/avvikelser/*.jsonl samples/avvikelser/*.csv samples/avvikelser/*.xlsx

lint: $(VENV)/.installed-test
	$(BIN)/ruff check formkit tests bench
	$(BIN)/mypy

test: lint
	$(BIN)/pytest

bench: $(VENV)/.installed-test
	$(BIN)/python bench/bench_validate.py

clean:
	rm -rf $(OUT) $(VENV)
