# The two commands a new developer needs: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements-dev.txt | sha1sum | cut -c1-12)

.PHONY: run test test-python lint lock package scan deploy-web bench openapi openapi-release clean mutation redrive

# requirements-dev.txt is the lock of every Python package, with hashes (`make lock`).
$(STAMP): requirements-dev.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r requirements-dev.txt
	@rm -f $(VENV)/.installed-* && touch $@

# checkov (the template's security scan) lives in an environment of its own: it pins packages
# (packaging<24 among them) that the test tools' versions cannot share. Locked with hashes too.
SCAN_VENV := .venv-scan
SCAN_STAMP := $(SCAN_VENV)/.installed-$(shell cat requirements-scan.txt | sha1sum | cut -c1-12)
$(SCAN_STAMP): requirements-scan.txt
	@test -x $(SCAN_VENV)/bin/python || $(PYTHON) -m venv $(SCAN_VENV)
	$(SCAN_VENV)/bin/pip install --quiet --disable-pip-version-check --require-hashes -r requirements-scan.txt
	@rm -f $(SCAN_VENV)/.installed-* && touch $@

## Start the whole system locally (moto, API, event pump, mailbox, web apps, demo data).
run: $(STAMP) web
	$(BIN)/python -m devstack

## Install whatever is missing and run every test.
test: $(STAMP) lint test-python test-web

## Zero findings, or `make test` stops: Python formatting and lint (ruff.toml), strict types with every
## adapter and fake checked against its port (mypy.ini), the import rules between layers (.importlinter),
## and the web's linter and formatter (lint-web).
lint: $(STAMP) lint-web
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/lint-imports

## Lock every Python dependency with hashes after editing requirements.in (the Lambda package),
## requirements-images.in (the documents worker's layer), requirements-dev.in (tests, the local stack,
## tools) or requirements-scan.in (checkov); the locks are committed. The layer's lock is resolved for
## manylinux2014, the wheels `make package` installs it from.
LOCK_FLAGS := --quiet --generate-hashes --no-header --custom-compile-command "make lock" \
	--index-url https://pypi.org/simple --python-version 3.11
LOCK := $(BIN)/uv pip compile $(LOCK_FLAGS) --python-platform x86_64-manylinux_2_28
LOCK_LAYER := $(BIN)/uv pip compile $(LOCK_FLAGS) --python-platform x86_64-manylinux2014
lock: $(STAMP)
	$(LOCK) requirements.in -o requirements.txt
	$(LOCK_LAYER) requirements-images.in -o requirements-images.txt
	$(LOCK) requirements-dev.in -o requirements-dev.txt
	$(LOCK) requirements-scan.in -o requirements-scan.txt

# tests/package/test_scan.py runs checkov from $(SCAN_VENV) over the packaged template.
# One worker per core (`PYTEST_WORKERS=0` runs them in this process), each with its own moto
# server and stack; a test file's tests stay on one worker, so its fixtures are set up once.
PYTEST_WORKERS ?= auto
test-python: $(STAMP) $(SCAN_STAMP)
	$(BIN)/python -m pytest -q -n $(PYTEST_WORKERS) --dist loadfile tests

## Mutation testing (minutes, not part of `make test`; docs/MUTATION.md): mutmut mutates
## chalicelib/domain and chalicelib/services (setup.cfg), the unit tests judge each mutant, and
## tools/mutation_report.py prints the score per module. One module while working:
## `make mutation MUTANTS='chalicelib.domain.cnj.*'`; MUTATION_JOBS sets the parallel workers.
MUTMUT ?= $(BIN)/mutmut
MUTANTS ?= chalicelib.domain.* chalicelib.services.*
MUTATION_JOBS ?= 2
mutation: $(STAMP)
	set -o pipefail; $(MUTMUT) run --max-children $(MUTATION_JOBS) $(foreach m,$(MUTANTS),'$(m)') | { grep -v '^[^ ]* chalicelib\.' || true; }
	$(BIN)/python -m tools.mutation_report

## Regenerate the committed OpenAPI document (a test fails when it is stale).
openapi: $(STAMP)
	$(BIN)/python -m tools.openapi --write

## Freeze the document as docs/api-releases/<info.version>.json (docs/API_CHANGELOG.md says when).
openapi-release: $(STAMP)
	$(BIN)/python -m tools.openapi --release

## Build the deployable template, the Lambda zip and the documents worker's layer: $(BUILD_DIR)/sam.json,
## $(BUILD_DIR)/deployment.zip and $(BUILD_DIR)/images-layer.zip (`make package STAGE=prod`). Chalice
## packages only app.py, chalicelib/ and vendor/ (which lands at the zip root), so the e-mail templates
## travel through vendor/. The layer (ImagesLayer in infra/resources.json, CheckDocuments' only) is
## requirements-images.txt installed under python/ from manylinux2014 x86_64 wheels for the Python that
## runs Chalice, whose version is the functions' runtime. Wheels come from PyPI only.
STAGE ?= dev
BUILD_DIR ?= build
LAYER_DIR = $(BUILD_DIR)/images-layer
LAMBDA_PYTHON = $(shell $(BIN)/python -c 'import sys; print("%d.%d" % sys.version_info[:2])')
package: $(STAMP)
	rm -rf vendor/email_templates && mkdir -p vendor $(BUILD_DIR) && cp -R email_templates vendor/email_templates
	rm -rf $(BUILD_DIR)/sam.json $(BUILD_DIR)/deployment.zip $(BUILD_DIR)/images-layer.zip $(LAYER_DIR)
	AWS_DEFAULT_REGION=$${AWS_DEFAULT_REGION:-$${AWS_REGION:-us-east-1}} $(BIN)/chalice package --stage $(STAGE) --merge-template infra/resources.json $(BUILD_DIR)/
	$(BIN)/python infra/slim_package.py $(BUILD_DIR)/deployment.zip
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes --no-deps --no-compile \
		--only-binary=:all: --platform manylinux2014_x86_64 --implementation cp \
		--python-version $(LAMBDA_PYTHON) --abi cp$(subst .,,$(LAMBDA_PYTHON)) \
		--target $(LAYER_DIR)/python -r requirements-images.txt
	$(BIN)/python infra/layer_zip.py $(LAYER_DIR) $(BUILD_DIR)/images-layer.zip
	rm -rf $(LAYER_DIR)

## checkov over the packaged template and infra/waf.json: every failed check fails the target
## (fix it, or skip it in the resource's Metadata with a reason; docs/DEPLOY.md, "Security posture").
## `make test` runs the same scan (tests/package/test_scan.py).
CHECKOV := $(SCAN_VENV)/bin/checkov --quiet --compact --skip-download --framework cloudformation
scan: package $(SCAN_STAMP)
	$(CHECKOV) --file $(BUILD_DIR)/sam.json --file infra/waf.json

## Upload web/admin/dist and web/portal/dist to a deployed stack and invalidate CloudFront (docs/DEPLOY.md).
deploy-web: $(STAMP)
	@test -n "$(STACK)" || { echo "usage: make deploy-web STACK=<stack name> [DEPLOY_WEB_ARGS=--prune]" >&2; exit 2; }
	$(BIN)/python -m tools.deploy_web --stack "$(STACK)" $(DEPLOY_WEB_ARGS)

## Web apps (docs/WEB.md): `make web` installs the npm packages when package-lock.json changed
## and builds both apps when a source (or docs/openapi.json) changed.
WEB := web
WEB_STAMP := $(WEB)/node_modules/.installed-$(shell sha1sum $(WEB)/package-lock.json | cut -c1-12)
WEB_SOURCES := $(shell find $(WEB)/shared $(WEB)/portal $(WEB)/admin -type f -not -path '*/dist/*' -not -name schema.d.ts) \
	$(WEB)/package.json $(WEB)/tsconfig.json $(WEB)/scripts/api-types.mjs docs/openapi.json
WEB_BUILT := $(WEB)/portal/dist/index.html $(WEB)/admin/dist/index.html

.PHONY: web test-web bench-web lint-web

$(WEB_STAMP): $(WEB)/package-lock.json
	cd $(WEB) && npm ci --no-audit --no-fund
	@rm -f $(WEB)/node_modules/.installed-* && touch $@

$(WEB_BUILT) &: $(WEB_STAMP) $(WEB_SOURCES)
	cd $(WEB) && npm run build

web: $(WEB_BUILT)

## TypeScript: ESLint (typescript-eslint, type-aware), no import cycle (madge), Prettier's format (check only).
lint-web: $(WEB_STAMP)
	cd $(WEB) && npm run api-types && npm run lint

## Unit tests (Vitest), then the journeys in headless Chromium against `python -m devstack`.
test-web: $(STAMP) web
	cd $(WEB) && npm test
	$(WEB)/scripts/ensure-chromium.sh
	cd $(WEB) && PYTHON=$(abspath $(BIN)/python) npm run e2e

## Portal first-load JavaScript (gzipped) and Lighthouse mobile scores -> docs/BENCHMARKS.md ("Web").
bench-web: $(STAMP) web
	$(WEB)/scripts/ensure-chromium.sh
	cd $(WEB) && PYTHON=$(abspath $(BIN)/python) npm run bench

## The API's numbers to hold -> docs/BENCHMARKS.md ("API"): DynamoDB calls and latency of every
## read route at 100 and 10,000 items, `import app` against a bare Chalice app, openai kept out, and
## the ingestion throughput of a 1,000-movement DataJud batch through `python -m devstack` (free ports).
.PHONY: bench-api
bench-api: $(STAMP)
	$(BIN)/python -m bench

## Send the messages a worker gave up on back to its queue (docs/TRANSLATIONS.md): the local
## stack of `make run` unless STACK names a deployed one.
QUEUE ?= translations
redrive: $(STAMP)
	$(BIN)/python -m tools.redrive --queue $(QUEUE) $(if $(STACK),--stack $(STACK),--local)

## Court movements in plain language -> docs/BENCHMARKS.md ("Translations"): a realistic DataJud feed
## (bench/feed.py) through `python -m devstack` with a stub model, cold cache: the share served without
## the model, model calls and credits per 1,000, POST to visible translation; the code table's readability.
.PHONY: bench-translations
bench-translations: $(STAMP)
	$(BIN)/python -m bench.translations

## Client uploads -> docs/BENCHMARKS.md ("Documents"): a realistic mix (small PDFs, phone photos with GPS,
## DOCX, an HTML page named .pdf, a PDF with JavaScript) through `python -m devstack`: the upload's POST to
## S3 until `GET /portal/documents` shows it accepted or refused (p50, p95); the peak memory of inspecting
## a 25 MB PDF.
.PHONY: bench-documents
bench-documents: $(STAMP)
	$(BIN)/python -m bench.documents

## Notifications -> docs/BENCHMARKS.md ("Notifications"): the worker's notifications per second on moto
## (20 clients, news items through the API), and the e-mails a burst of 20 updates to one client in
## 5 minutes sends with the digest window on (target 1) and off.
.PHONY: bench-notifications
bench-notifications: $(STAMP)
	$(BIN)/python -m bench.notifications

## Every benchmark; each writes its own section of docs/BENCHMARKS.md.
bench: bench-api bench-translations bench-documents bench-notifications bench-web

clean:
	rm -rf build vendor .pytest_cache
