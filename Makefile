# The two commands a new developer needs: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | sha1sum | cut -c1-12)

.PHONY: run test test-python lint package bench openapi clean

$(STAMP): requirements.txt requirements-dev.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@rm -f $(VENV)/.installed-* && touch $@

## Start the whole system locally (moto, API, event pump, mailbox, web apps, demo data).
run: $(STAMP)
	$(BIN)/python -m devstack

## Install whatever is missing and run every test.
test: $(STAMP) test-python

test-python: $(STAMP)
	$(BIN)/python -m pytest -q tests

## Regenerate the committed OpenAPI document (a test fails when it is stale).
openapi: $(STAMP)
	$(BIN)/python -m tools.openapi --write

clean:
	rm -rf build vendor .pytest_cache
