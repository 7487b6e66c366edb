# govopen: the two commands a new user needs are `make up` and `make test`.
# Everything is installed and kept under .govopen/ (see README.md).
SHELL := /bin/bash
STACK := scripts/govopen
VENV  := $(or $(GOVOPEN_STATE),$(CURDIR)/.govopen)/venv
PYTEST_ARGS ?=

.PHONY: up down status test test-unit restart logs help

help:
	@echo "make up      install what is missing and start the catalog (http://127.0.0.1:5000)"
	@echo "make test    start the services and run the test suite against them"
	@echo "make down    stop everything 'make up' started"
	@echo "make status  what runs, where, and where the logs are"
	@echo "make test-unit  only the fast tests that need no services"

up:
	@$(STACK) up

down:
	@$(STACK) down

status:
	@$(STACK) status

restart: down up

test:
	@$(STACK) test-setup
	@$(VENV)/bin/pytest --ckan-ini=$(or $(GOVOPEN_STATE),$(CURDIR)/.govopen)/test.ini $(PYTEST_ARGS)

test-unit:
	@$(VENV)/bin/pytest -p no:ckan -p no:ckan_fixtures tests/unit $(PYTEST_ARGS)
