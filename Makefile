# Kōbō for Odoo — the two commands of README.md, and a few helpers.
# Every target sets up what it needs first (idempotent): see tools/kobo_dev/.
PYTHON ?= python3
KOBO := $(PYTHON) tools/kobo.py

.PHONY: run test test-odoo setup lint bench reset-demo pot screenshots

## Build (once) the Atelier Nord demo database and serve it on http://localhost:8069;
## WORKERS=N serves it with N worker processes and queue_job's runner (docs/deployment.md)
run:
	$(KOBO) run $(if $(WORKERS),--workers $(WORKERS))

## Lint, Odoo tests of every addon combination, repo-level tests; ends with "N passed, N failed"
test:
	$(KOBO) test

## Odoo's own suites (product, sale, stock, ...) with the Kōbō addons and demo; fails on any
## test that fails only with Kōbō (tools/kobo_dev/testrun_odoo.py)
test-odoo:
	$(KOBO) test-odoo $(if $(SCOPE),--scope $(SCOPE))

## Only the set-up: Python dependencies, Odoo 18.0, PostgreSQL, odoo.conf
setup:
	$(KOBO) setup

lint:
	$(KOBO) lint

## Performance figures with a baseline measured in the same run
bench:
	$(KOBO) bench $(if $(SMOKE),--smoke)

## Each addon's i18n/<addon>.pot, exported by Odoo from a database without demo data
pot:
	$(KOBO) pot

## Drop the demo database so that the next `make run` rebuilds it
reset-demo:
	$(KOBO) reset-demo

## Copy the screenshots the browser tours of the last `make test` took into docs/screenshots
screenshots:
	mkdir -p docs/screenshots && cp .local/screenshots/*.png docs/screenshots/
