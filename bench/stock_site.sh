#!/usr/bin/env bash
# A stock CKAN 2.12 site for the benches' reference side: stock schema and the
# given plugins only (no govopen, no scheming), on the same PostgreSQL/Solr/Redis
# as the govopen stack, with its own CKAN database and Solr site_id. Creates the
# database and migrates it when missing, then prints the path of its ini.
#
#   bash bench/stock_site.sh DB SITE_ID INI_NAME "PLUGINS" [INI_LINE...]
#
# with the same GOVOPEN_* variables as `make up`. Used by bench/harvest/stock.sh,
# bench/federation/stock.sh and bench/datastore/stock.sh.
set -euo pipefail
source "$(dirname "$0")/../scripts/lib.sh"
source "$ROOT/scripts/services.sh"

[ $# -ge 4 ] || die "usage: stock_site.sh DB SITE_ID INI_NAME PLUGINS [INI_LINE...]"
DB="$1"; SITE_ID="$2"; INI="$GOVOPEN_STATE/$3"; PLUGINS="$4"; shift 4
pw="$(sed -n 's|^sqlalchemy.url = postgresql://ckan:\([^@]*\)@.*|\1|p' "$CKAN_INI")"
[ -n "$pw" ] || die "no database password in $CKAN_INI: run make up first"
psql_admin -tAc "SELECT 1 FROM pg_database WHERE datname='$DB'" | grep -q 1 \
    || psql_admin -c "CREATE DATABASE $DB OWNER ckan ENCODING 'UTF8' TEMPLATE template0" >&2
{
    cat <<INI
[app:main]
use = config:$CKAN_INI
ckan.plugins = $PLUGINS
scheming.dataset_schemas =
scheming.organization_schemas =
sqlalchemy.url = postgresql://ckan:$pw@$GOVOPEN_HOST:$GOVOPEN_PG_PORT/$DB
ckan.site_id = $SITE_ID
ckan.views.default_views =
INI
    for line in "$@"; do echo "$line"; done
} > "$INI"
if [ ! -f "$INI.migrated" ]; then
    "$VENV/bin/ckan" -c "$INI" db init >&2
    for plugin in activity harvest; do
        case " $PLUGINS " in *" $plugin "*) "$VENV/bin/ckan" -c "$INI" db upgrade -p "$plugin" >&2 ;; esac
    done
    touch "$INI.migrated"
fi
echo "$INI"
