#!/usr/bin/env bash
# The reference for federation: stock CKAN 2.12 with ckanext-dcat's own DCAT RDF
# harvester (`dcat_rdf_harvester`), stock schema and plugins (no govopen, no
# scheming), on the same PostgreSQL/Solr/Redis as the govopen stack: its own
# database `govopen_stock_dcat` and Solr site_id `stock_dcat`. Creates them when
# missing, then prints the path of its ini (used by stock_harvest.py).
#
#   bash bench/federation/stock.sh       # with the same GOVOPEN_* variables as `make up`
set -euo pipefail
source "$(dirname "$0")/../../scripts/lib.sh"
source "$ROOT/scripts/services.sh"

DB=govopen_stock_dcat
INI="$GOVOPEN_STATE/stock-dcat.ini"
pw="$(sed -n 's|^sqlalchemy.url = postgresql://ckan:\([^@]*\)@.*|\1|p' "$CKAN_INI")"
[ -n "$pw" ] || die "no database password in $CKAN_INI: run make up first"
psql_admin -tAc "SELECT 1 FROM pg_database WHERE datname='$DB'" | grep -q 1 \
    || psql_admin -c "CREATE DATABASE $DB OWNER ckan ENCODING 'UTF8' TEMPLATE template0" >&2
cat > "$INI" <<INI
[app:main]
use = config:$CKAN_INI
ckan.plugins = activity harvest dcat dcat_rdf_harvester
scheming.dataset_schemas =
scheming.organization_schemas =
ckanext.dcat.rdf.profiles = euro_dcat_ap_3
sqlalchemy.url = postgresql://ckan:$pw@$GOVOPEN_HOST:$GOVOPEN_PG_PORT/$DB
ckan.site_id = stock_dcat
ckan.views.default_views =
INI
if [ ! -f "$INI.migrated" ]; then
    "$VENV/bin/ckan" -c "$INI" db init >&2
    "$VENV/bin/ckan" -c "$INI" db upgrade -p activity >&2
    "$VENV/bin/ckan" -c "$INI" db upgrade -p harvest >&2
    touch "$INI.migrated"
fi
echo "$INI"
