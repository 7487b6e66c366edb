#!/bin/bash
# Entrypoint of the govopen CKAN image.
#
#   web             migrate the database, create the first sysadmin, serve
#                   CKAN with gunicorn on :5000 (the only role that migrates)
#   worker          ckan jobs worker
#   harvest-gather  ckan harvester gather-consumer
#   harvest-fetch   ckan harvester fetch-consumer
#   harvest-run     ckan harvester run, every $HARVEST_RUN_INTERVAL seconds
#   uses-flush      ckan govopen uses flush, every $USES_INTERVAL seconds
#   anything else   run as a command, e.g. `ckan search-index rebuild`
#
# Every role first renders $CKAN_INI from ckan.ini.tmpl and the environment.
set -euo pipefail

: "${CKAN_INI:=/srv/app/ckan.ini}"
export CKAN_INI
python /srv/app/render_ini.py /srv/app/ckan.ini.tmpl "$CKAN_INI"

role="${1:-web}"
case "$role" in
    web)
        ckan db upgrade
        # the Data API: CKAN's DataStore permissions (the read-only role reads only there)
        python /srv/app/datastore_permissions.py
        if [ -n "${CKAN_SYSADMIN_NAME:-}" ]; then
            # Idempotent: creates the user once, later only ensures sysadmin.
            case "${CKAN_SYSADMIN_PASSWORD:-}" in
                ""|*CHANGE_ME*) echo "docker-entrypoint: set CKAN_SYSADMIN_PASSWORD (or empty CKAN_SYSADMIN_NAME)" >&2; exit 1 ;;
            esac
            ckan sysadmin add "$CKAN_SYSADMIN_NAME" --create \
                "email=${CKAN_SYSADMIN_EMAIL:?set CKAN_SYSADMIN_EMAIL}" "password=$CKAN_SYSADMIN_PASSWORD"
        fi
        exec gunicorn --chdir /srv/app --bind 0.0.0.0:5000 \
            --workers "${CKAN_WEB_WORKERS:-3}" --timeout "${CKAN_WEB_TIMEOUT:-120}" \
            --forwarded-allow-ips '*' --access-logfile - --error-logfile - \
            wsgi:application
        ;;
    worker)         exec ckan jobs worker ;;
    harvest-gather) exec ckan harvester gather-consumer ;;
    harvest-fetch)  exec ckan harvester fetch-consumer ;;
    harvest-run)
        # ckanext-harvest's scheduler: starts due jobs and marks finished
        # ones; the queues are worked by harvest-gather / harvest-fetch.
        trap 'exit 0' TERM INT
        while true; do
            ckan harvester run || echo "docker-entrypoint: harvester run failed (exit $?)" >&2
            sleep "${HARVEST_RUN_INTERVAL:-300}" & wait $!
        done
        ;;
    uses-flush)
        # download and API-call counts: Redis -> PostgreSQL, and the "most
        # used" sort's search documents (as make up's uses-flush loop)
        trap 'exit 0' TERM INT
        while true; do
            sleep "${USES_INTERVAL:-600}" & wait $!
            ckan govopen uses flush || echo "docker-entrypoint: uses flush failed (exit $?)" >&2
        done
        ;;
    *) exec "$@" ;;
esac
