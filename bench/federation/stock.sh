#!/usr/bin/env bash
# The reference for federation: stock CKAN 2.12 with ckanext-dcat's own DCAT RDF
# harvester (`dcat_rdf_harvester`), stock schema and plugins (no govopen, no
# scheming), on the same PostgreSQL/Solr/Redis as the govopen stack: its own
# database `govopen_stock_dcat` and Solr site_id `stock_dcat`. Creates them when
# missing, then prints the path of its ini (used by stock_harvest.py).
#
#   bash bench/federation/stock.sh       # with the same GOVOPEN_* variables as `make up`
set -euo pipefail
exec bash "$(dirname "$0")/../stock_site.sh" govopen_stock_dcat stock_dcat stock-dcat.ini "activity harvest dcat dcat_rdf_harvester" "ckanext.dcat.rdf.profiles = euro_dcat_ap_3"
