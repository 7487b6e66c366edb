#!/usr/bin/env bash
# The reference: stock CKAN harvesting with ckanext-dcat's own `dcat_json`
# harvester, on the same machine and the same PostgreSQL/Solr/Redis as the
# govopen stack, but with stock CKAN's schema and plugins (no govopen, no
# scheming): its own database `govopen_bench_stock` and Solr site_id
# `bench_stock`. Creates them when missing, then prints the path of its ini.
#
#   bash bench/harvest/stock.sh          # with the same GOVOPEN_* variables as `make up`
set -euo pipefail
exec bash "$(dirname "$0")/../stock_site.sh" govopen_bench_stock bench_stock bench-stock.ini "activity harvest dcat dcat_json_harvester"
