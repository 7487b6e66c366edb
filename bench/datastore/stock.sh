#!/usr/bin/env bash
# The reference site for the DataStore benches: stock CKAN 2.12 with only the
# `datastore` plugin (no govopen, no scheming), on the same PostgreSQL as the
# govopen stack: its own CKAN database `govopen_bench_dsstock` and site_id
# `bench_dsstock`, and the SAME DataStore database as govopen (the write/read
# URLs of the stack's ckan.ini). ckanext-xloader's loader runs in this site
# (it needs a resource for `datastore_create`). Creates the database when
# missing, then prints the path of its ini. Pattern: bench/harvest/stock.sh.
#
#   bash bench/datastore/stock.sh          # with the same GOVOPEN_* variables as `make up`
set -euo pipefail
exec bash "$(dirname "$0")/../stock_site.sh" govopen_bench_dsstock bench_dsstock bench-dsstock.ini "datastore"
