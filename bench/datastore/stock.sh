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
source "$(dirname "$0")/../../scripts/lib.sh"
source "$ROOT/scripts/services.sh"

DB=govopen_bench_dsstock
INI="$GOVOPEN_STATE/bench-dsstock.ini"
pw="$(sed -n 's|^sqlalchemy.url = postgresql://ckan:\([^@]*\)@.*|\1|p' "$CKAN_INI")"
[ -n "$pw" ] || die "no database password in $CKAN_INI: run make up first"
psql_admin -tAc "SELECT 1 FROM pg_database WHERE datname='$DB'" | grep -q 1 \
    || psql_admin -c "CREATE DATABASE $DB OWNER ckan ENCODING 'UTF8' TEMPLATE template0" >&2
cat > "$INI" <<INI
[app:main]
use = config:$CKAN_INI
ckan.plugins = datastore
scheming.dataset_schemas =
scheming.organization_schemas =
sqlalchemy.url = postgresql://ckan:$pw@$GOVOPEN_HOST:$GOVOPEN_PG_PORT/$DB
ckan.site_id = bench_dsstock
ckan.views.default_views =
INI
if [ ! -f "$INI.migrated" ]; then
    "$VENV/bin/ckan" -c "$INI" db init >&2
    touch "$INI.migrated"
fi
echo "$INI"
