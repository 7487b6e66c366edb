#!/usr/bin/env bash
# A second CKAN web app for the search benchmarks: the same database, plugins
# and settings as the stack's own site, but `solr_url` on the `ckan_stock`
# core (CKAN 2.12's unmodified schema). Only the Solr schema differs.
#
#   bench/search/stock_site.sh reindex   # index the database into ckan_stock (search-index rebuild)
#       with --keep-orphans: CKAN 2.12's search-index rebuild, whole or of one dataset,
#       otherwise ends by deleting every document whose dataset is not in the database,
#       and latency.py load's synthetic datasets are in Solr only (2026-12-06: `ckan
#       search-index rebuild NAME` against ckan_stock deleted 82,474 of them)
#   bench/search/stock_site.sh start     # serve it on GOVOPEN_CKAN_PORT+1
#   bench/search/stock_site.sh stop      # stop exactly the process `start` started (PID file)
#   bench/search/stock_site.sh start project   # the project's own core (`ckan`), served the SAME
#   bench/search/stock_site.sh stop project    # way on GOVOPEN_CKAN_PORT+2: compare like with like
#   bench/search/stock_site.sh start nomodel   # the project core again, WITHOUT the sentence model
#                                              # (no search by meaning), on GOVOPEN_CKAN_PORT+3
#
# Compare the stock site with `start project`, not with the stack's own site:
# `make up` serves that with gunicorn (2 workers, 1 thread each), this script
# with CKAN's threaded server, so under 10 clients the two queue differently
# (2026-12-04: 1577 vs 883 ms p95 with the same plugins and Solr times within 7 %).
#
# Uses the stack of GOVOPEN_STATE (default .govopen) and its ports; run
# `make up` first. Writes $GOVOPEN_STATE/bench-stock.ini, logs to
# $GOVOPEN_STATE/logs/bench-stock.log.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
STATE="${GOVOPEN_STATE:-$ROOT/.govopen}"
SITE="${2:-stock}"
case "$SITE" in
    stock) PORT="$(( ${GOVOPEN_CKAN_PORT:-5000} + 1 ))"; CORE=ckan_stock ;;
    project) PORT="$(( ${GOVOPEN_CKAN_PORT:-5000} + 2 ))"; CORE=ckan ;;
    nomodel) PORT="$(( ${GOVOPEN_CKAN_PORT:-5000} + 3 ))"; CORE=ckan ;;
    *) echo "site: stock, project or nomodel" >&2; exit 2 ;;
esac
# nomodel: what search by meaning costs, measured as a site that has none; stock: the
# stock schema has no vector field, so no search by meaning either (with the models, each
# of its queries asked Solr a knn request that failed, or took the project core's nearest
# titles from the Redis cache both sites share, and its reindex failed on every dataset)
EXTRA=""
[ "$SITE" != project ] && EXTRA=$'govopen.search.meaning_model =\ngovopen.search.meaning_model_en ='
SOLR="http://127.0.0.1:${GOVOPEN_SOLR_PORT:-8983}/solr"
INI="$STATE/bench-$SITE.ini"
PIDFILE="$STATE/run/bench-$SITE.pid"
CKAN="$STATE/venv/bin/ckan"
[ -f "$STATE/ckan.ini" ] || { echo "no $STATE/ckan.ini: run make up first" >&2; exit 1; }

cat > "$INI" <<INI
# Written by bench/search/stock_site.sh: the stack's site on the $CORE Solr core.
[app:main]
use = config:$STATE/ckan.ini
solr_url = $SOLR/$CORE
ckan.site_url = http://127.0.0.1:$PORT
$EXTRA
INI

case "${1:-}" in
    reindex)
        [ "$SITE" = stock ] || { echo "reindex is for the stock core only" >&2; exit 2; }
        "$CKAN" -c "$INI" search-index rebuild --force -q --keep-orphans 2>&1 | grep -v " INFO " || true
        curl -fsS "$SOLR/ckan_stock/update?commit=true" >/dev/null
        ;;
    start)
        if [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then echo "already running"; exit 0; fi
        mkdir -p "$STATE/run" "$STATE/logs"
        nohup "$CKAN" -c "$INI" run -H 127.0.0.1 -p "$PORT" --disable-reloader --threaded \
            >> "$STATE/logs/bench-$SITE.log" 2>&1 &
        echo $! > "$PIDFILE"
        for _ in $(seq 1 120); do
            curl -fsS "http://127.0.0.1:$PORT/api/3/action/status_show" >/dev/null 2>&1 && { echo "http://127.0.0.1:$PORT"; exit 0; }
            sleep 1
        done
        echo "the $SITE site did not start; see $STATE/logs/bench-$SITE.log" >&2; exit 1
        ;;
    stop)
        [ -f "$PIDFILE" ] || exit 0
        pid="$(cat "$PIDFILE")"
        kill "$pid" 2>/dev/null || true
        for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
        rm -f "$PIDFILE"
        ;;
    *) echo "usage: $0 reindex|start|stop" >&2; exit 2 ;;
esac
