# The two set-up commands: `make demo` runs formkit on the bundled samples, `make test` runs every check.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
OUT    := out
FORMS  := samtycke genomforandeplan avvikelserapport sip sel-referat kallelse minnesanteckningar innkalling vastbas

.PHONY: demo test test-fast lint bench clean docs

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

# validate every sample, fill each into Word and PDF, read one filled PDF back, compile the year's deviation summary and report
demo: $(VENV)/.installed
	@mkdir -p $(OUT)
	@for form in $(FORMS); do $(BIN)/formkit validate $$form samples/$$form.json || exit 1; done
	$(BIN)/formkit validate avvikelserapport samples/avvikelser/*.jsonl samples/avvikelser/*.csv samples/avvikelser/*.xlsx
	@for form in $(FORMS); do \
	  $(BIN)/formkit fill $$form samples/$$form.json --to docx,pdf --out $(OUT)/$$form --force || exit 1; \
	done
	$(BIN)/formkit fill sip samples/sip.json --to pdf --archive --checksums --out $(OUT)/sip-arkiv --force
	cd $(OUT)/sip-arkiv && sha256sum --quiet -c SHA256SUMS
	$(BIN)/formkit check-pdf $(OUT)/sip-arkiv/sip-00001.arkiv.pdf
	$(BIN)/formkit extract $(OUT)/genomforandeplan/genomforandeplan-00001.pdf --indent 2 > $(OUT)/genomforandeplan-extracted.json
	$(BIN)/formkit validate genomforandeplan $(OUT)/genomforandeplan/genomforandeplan-00001.pdf
	$(BIN)/formkit summary samples/avvikelser --year 2025 --out $(OUT)/avvikelser-2025.xlsx \
	  --json $(OUT)/avvikelser-2025.json --per-verksamhet $(OUT)/avvikelser-2025 \
	  --report $(OUT)/arsrapport-2025.pdf
	$(BIN)/formkit check-pdf $(OUT)/arsrapport-2025.pdf
	$(BIN)/formkit fill kallelse samples/kallelse.json --to ics --out $(OUT)/kallelse-ics --force
	$(BIN)/formkit fill innkalling samples/innkalling.json --to ics --out $(OUT)/innkalling-ics --force
	$(BIN)/formkit blank genomforandeplan --to docx --out $(OUT)/genomforandeplan-blank.docx --force
	@# the same Word form, filled in Word by a school and sent back: read and checked like a PDF
	$(BIN)/formkit extract samples/ifyllda/genomforandeplan-ifylld.docx --indent 2 > $(OUT)/genomforandeplan-ifylld.json
	$(BIN)/formkit validate genomforandeplan samples/ifyllda/genomforandeplan-ifylld.docx
	@# exit 1 means "something is overdue", which the case folder is made to show
	$(BIN)/formkit due samples/arenden --date 2025-11-01 || [ $$? -eq 1 ]
	$(BIN)/formkit due samples/arenden --date 2025-11-01 --format ics > $(OUT)/arenden-2025-11-01.ics || [ $$? -eq 1 ]
	$(BIN)/formkit docs --check
	@echo "Done: see $(OUT)/ (filled forms per form, sip-arkiv/, kallelse-ics/, innkalling-ics/, genomforandeplan-blank.docx, genomforandeplan-ifylld.json, avvikelser-2025.xlsx, arsrapport-2025.pdf, arenden-2025-11-01.ics)"

lint: $(VENV)/.installed-test
	$(BIN)/ruff check formkit tests bench
	$(BIN)/mypy

# pdf.js, Firefox's PDF engine, for the tests that fill forms as Firefox does (node and npm needed).
PDFJS := tests/pdfjs/node_modules/.installed
$(PDFJS): tests/pdfjs/package.json tests/pdfjs/package-lock.json
	npm ci --prefix tests/pdfjs --no-audit --no-fund --silent
	touch $@

test: lint $(PDFJS)
	$(BIN)/pytest

# While working: everything but the tests marked slow (make test runs them all).
test-fast: lint $(PDFJS)
	$(BIN)/pytest -m "not slow"

# Each figure in process and end to end (the command as a user runs it), as a ratio to its baseline.
bench: $(VENV)/.installed-test
	$(BIN)/python bench/bench_startup.py
	$(BIN)/python bench/bench_validate.py --memory
	$(BIN)/python bench/bench_sources.py
	$(BIN)/python bench/bench_docx.py
	$(BIN)/python bench/bench_docx.py --e2e
	$(BIN)/python bench/bench_pdf.py
	$(BIN)/python bench/bench_pdf.py --e2e
	$(BIN)/python bench/bench_summary.py

# The form reference in docs/forms/, generated from the schemas (a test fails when it is stale).
docs: $(VENV)/.installed
	$(BIN)/formkit docs

clean:
	rm -rf $(OUT) $(VENV)
