#!/usr/bin/env bash
# datastore_search latency, govopen vs stock CKAN, one run (see search_bench.py).
# Serves each site with the same gunicorn as `make up` (2 sync workers, 1 thread):
# govopen from $GOVOPEN_STATE/bench-govopen.ini (the stack's ckan.ini with the
# anonymous DataStore rate limits off: govopen.datastore.anon_queries_per_minute
# = 0, anon_downloads_per_minute = 0; the row cap stays, 1000 > limit 100) on
# port GOVOPEN_CKAN_PORT+1, the stock site (stock.sh's ini) on GOVOPEN_CKAN_PORT+2;
# runs the bench, stops both servers by PID. BENCH_TIMEOUT: gunicorn's worker timeout
# (s, default 120, as `make up`; a 10M-row scan under 10 clients can take longer).
#
#   bash bench/datastore/search_run.sh GOVOPEN_RID STOCK_RID [search_bench.py options]
set -euo pipefail
source "$(dirname "$0")/../../scripts/lib.sh"
gov_rid="$1"; stock_rid="$2"; shift 2
BENCH_INI="$GOVOPEN_STATE/bench-govopen.ini"
cat > "$BENCH_INI" <<INI
[app:main]
use = config:$CKAN_INI
govopen.datastore.anon_queries_per_minute = 0
govopen.datastore.anon_downloads_per_minute = 0
INI
logging() { sed -n '/^\[loggers\]/,$p' "$CKAN_INI"; }   # wsgi.py's fileConfig needs them
logging >> "$BENCH_INI"
STOCK_INI="$GOVOPEN_STATE/bench-dsstock-serve.ini"
{ cat "$GOVOPEN_STATE/bench-dsstock.ini"; logging; } > "$STOCK_INI"
gport=$((GOVOPEN_CKAN_PORT + 1)); sport=$((GOVOPEN_CKAN_PORT + 2))
pids=()
serve() {   # ini port name
    env CKAN_INI="$1" "$VENV/bin/gunicorn" --chdir "$ROOT/docker/ckan" --bind "127.0.0.1:$2" \
        --workers 2 --threads 1 --timeout "${BENCH_TIMEOUT:-120}" wsgi:application > "$LOGS/bench-$3.log" 2>&1 &
    pids+=($!)
}
stop() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait || true; }
trap stop EXIT
serve "$BENCH_INI" "$gport" govopen
serve "$STOCK_INI" "$sport" stock
for port in $gport $sport; do
    for _ in $(seq 120); do curl -fs "http://127.0.0.1:$port/api/3/action/status_show" >/dev/null && break
        for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null || die "a bench server died: $LOGS/bench-*.log"; done
        sleep 1; done
done
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB RAM; $(uptime)"
python3 "$ROOT/bench/datastore/search_bench.py" --govopen "http://127.0.0.1:$gport" "$gov_rid" \
    --stock "http://127.0.0.1:$sport" "$stock_rid" "$@"
echo "after: $(uptime)"
