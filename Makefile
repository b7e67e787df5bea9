# Kōbō for Odoo — the two commands of README.md, and a few helpers.
# Every target sets up what it needs first (idempotent): see tools/kobo_dev/.
PYTHON ?= python3
KOBO := $(PYTHON) tools/kobo.py

.PHONY: run test setup lint bench reset-demo pot

## Build (once) the Atelier Nord demo database and serve it on http://localhost:8069
run:
	$(KOBO) run

## Lint, Odoo tests of every addon combination, repo-level tests; ends with "N passed, N failed"
test:
	$(KOBO) test

## Only the set-up: Python dependencies, Odoo 18.0, PostgreSQL, odoo.conf
setup:
	$(KOBO) setup

lint:
	$(KOBO) lint

## Performance figures with a baseline measured in the same run
bench:
	$(KOBO) bench

## Each addon's i18n/<addon>.pot, exported by Odoo from a database without demo data
pot:
	$(KOBO) pot

## Drop the demo database so that the next `make run` rebuilds it
reset-demo:
	$(KOBO) reset-demo
