#!/usr/bin/env bash
# The reference: stock CKAN harvesting with ckanext-dcat's own `dcat_json`
# harvester, on the same machine and the same PostgreSQL/Solr/Redis as the
# govopen stack, but with stock CKAN's schema and plugins (no govopen, no
# scheming): its own database `govopen_bench_stock` and Solr site_id
# `bench_stock`. Creates them when missing, then prints the path of its ini.
#
#   bash bench/harvest/stock.sh          # with the same GOVOPEN_* variables as `make up`
set -euo pipefail
source "$(dirname "$0")/../../scripts/lib.sh"
source "$ROOT/scripts/services.sh"

DB=govopen_bench_stock
INI="$GOVOPEN_STATE/bench-stock.ini"
pw="$(sed -n 's|^sqlalchemy.url = postgresql://ckan:\([^@]*\)@.*|\1|p' "$CKAN_INI")"
[ -n "$pw" ] || die "no database password in $CKAN_INI: run make up first"
psql_admin -tAc "SELECT 1 FROM pg_database WHERE datname='$DB'" | grep -q 1 \
    || psql_admin -c "CREATE DATABASE $DB OWNER ckan ENCODING 'UTF8' TEMPLATE template0" >&2
cat > "$INI" <<INI
[app:main]
use = config:$CKAN_INI
ckan.plugins = activity harvest dcat dcat_json_harvester
scheming.dataset_schemas =
scheming.organization_schemas =
sqlalchemy.url = postgresql://ckan:$pw@$GOVOPEN_HOST:$GOVOPEN_PG_PORT/$DB
ckan.site_id = bench_stock
ckan.views.default_views =
INI
if [ ! -f "$INI.migrated" ]; then
    "$VENV/bin/ckan" -c "$INI" db init >&2
    "$VENV/bin/ckan" -c "$INI" db upgrade -p activity >&2
    "$VENV/bin/ckan" -c "$INI" db upgrade -p harvest >&2
    touch "$INI.migrated"
fi
echo "$INI"
