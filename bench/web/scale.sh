#!/usr/bin/env bash
# package_search through the web at C clients on N synthetic datasets (issue 18),
# one run each, alternating set-ups on one stack (your GOVOPEN_* env):
#   1 Solr node:  gunicorn 1 worker, gunicorn W workers, ckan run --threaded
#   2 Solr nodes (SolrCloud + the balancer): gunicorn W workers, gunicorn 1 worker
#   N=100000 SECS=30 C=10 W=$(nproc) bench/web/scale.sh
# The datasets: bench/search/latency.py load (straight into Solr, copies of the
# demo's); removed again at the end (latency.py clean). Only 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/../.."
N="${N:-100000}"; SECS="${SECS:-30}"; C="${C:-10}"; W="${W:-$(nproc)}"
: "${GOVOPEN_STATE:?set the GOVOPEN_STATE and ports of the stack}"
PY="${GOVOPEN_VENV:-$GOVOPEN_STATE/venv}/bin/python"
URL="http://127.0.0.1:${GOVOPEN_CKAN_PORT:-5000}"
SOLR="http://127.0.0.1:${GOVOPEN_SOLR_PORT:-8983}/solr"

stop_web() {   # only the web server, by its PID file; make up starts it again
    local pid; pid="$(cat "$GOVOPEN_STATE/run/ckan-web.pid")"
    kill -TERM -- "-$pid" 2>/dev/null || true
    for _ in $(seq 1 120); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
}
measure() {   # measure LABEL
    echo "== $1  (load: $(cut -d' ' -f1-3 /proc/loadavg))"
    "$PY" bench/web/search_clients.py "$URL" --clients "$C" --seconds "$SECS"
}
web() {   # web WORKERS [dev]
    stop_web
    if [ "${2:-}" = dev ]; then GOVOPEN_WEB=dev make up >/dev/null; else GOVOPEN_WEB_WORKERS="$1" make up >/dev/null; fi
}

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; N=$N datasets, $C clients, ${SECS}s each"
export GOVOPEN_SOLR_NODES=1
make down >/dev/null; GOVOPEN_WEB_WORKERS=1 make up >/dev/null
"$PY" bench/search/latency.py load --solr "$SOLR" --n "$N" --cores ckan | tail -1
measure "1 Solr node, gunicorn 1 worker"
web "$W"; measure "1 Solr node, gunicorn $W workers"
web 1 dev; measure "1 Solr node, ckan run --threaded"
web "$W"; measure "1 Solr node, gunicorn $W workers (again)"
"$PY" bench/search/latency.py clean --solr "$SOLR" >/dev/null || true
export GOVOPEN_SOLR_NODES=2
make down >/dev/null; GOVOPEN_WEB_WORKERS="$W" make up >/dev/null
"$PY" bench/search/latency.py load --solr "$SOLR" --n "$N" --cores ckan | tail -1
measure "2 Solr nodes (SolrCloud), gunicorn $W workers"
web 1; measure "2 Solr nodes (SolrCloud), gunicorn 1 worker"
"$PY" - "$SOLR" <<'PY'
import json, sys, urllib.request
body = json.dumps({"delete": {"query": "name:bench-*"}}).encode()
urllib.request.urlopen(urllib.request.Request(sys.argv[1] + "/ckan/update?commit=true", body,
                       {"Content-Type": "application/json"}), timeout=600).read()
PY
make down >/dev/null
