# govopen: the two commands a new user needs are `make up` and `make test`.
# Everything is installed and kept under .govopen/ (see README.md).
SHELL := /bin/bash
STACK := scripts/govopen
VENV  := $(or $(GOVOPEN_STATE),$(CURDIR)/.govopen)/venv
PYTEST_ARGS ?=

.PHONY: up down status test test-unit test-cloud restart logs help

help:
	@echo "make up      install what is missing and start the catalog (http://127.0.0.1:5000)"
	@echo "make test    start the services and run the test suite against them"
	@echo "make down    stop everything 'make up' started"
	@echo "make status  what runs, where, and where the logs are"
	@echo "make test-unit  only the fast tests that need no services"
	@echo "make test-cloud the SolrCloud tests (tests/cloud) on GOVOPEN_SOLR_NODES (default 2) Solr nodes"

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

# SolrCloud (issue 18): the same stack with GOVOPEN_SOLR_NODES Solr nodes (2 unless
# set) and ZooKeeper, then tests/cloud (failover, rebuild --swap) against it.
test-cloud: export GOVOPEN_SOLR_NODES := $(if $(filter-out 0 1,$(GOVOPEN_SOLR_NODES)),$(GOVOPEN_SOLR_NODES),2)
test-cloud:
	@$(STACK) test-setup
	@$(VENV)/bin/pytest --ckan-ini=$(or $(GOVOPEN_STATE),$(CURDIR)/.govopen)/test.ini tests/cloud $(PYTEST_ARGS)
