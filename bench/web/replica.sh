#!/usr/bin/env bash
# package_search with 1 vs 2 Solr nodes and 1 vs W web processes on the SAME index,
# loaded once (issue 18):
#   N=100000 SECS=30 C=10 W=$(nproc) bench/web/replica.sh      (your GOVOPEN_* env)
# SolrCloud with 2 nodes (GOVOPEN_SOLR_NODES=2 make up); a collection bench_rep
# with one replica on node 1 gets N synthetic datasets (bench/search/latency.py
# load, analysed once); the alias ckan (what CKAN's solr_url names, through the
# balancer) is pointed at it and measured (gunicorn W workers); then
# ADDREPLICA puts a copy on node 2 (Solr copies the index files: no
# re-analysis) and it is measured again. With each Solr layout the web server runs
# with W gunicorn workers and with 1 (the web restarted by its PID file, `make up`
# again on the running 2-node stack), in the order W, 1 | 1, W | W (one node
# again, node 2's replica deleted), after a warm-up round that is not counted.
# At the end the alias goes back and bench_rep is deleted. Only 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/../.."
N="${N:-100000}"; SECS="${SECS:-30}"; C="${C:-10}"; W="${W:-$(nproc)}"
: "${GOVOPEN_STATE:?set the GOVOPEN_STATE and ports of the stack}"
PY="${GOVOPEN_VENV:-$GOVOPEN_STATE/venv}/bin/python"
URL="http://127.0.0.1:${GOVOPEN_CKAN_PORT:-5000}"
SOLR="http://127.0.0.1:${GOVOPEN_SOLR_PORT:-8983}/solr"
API="$SOLR/admin/collections"

stop_web() {   # only the web server, by its PID file; make up starts it again
    local pid; pid="$(cat "$GOVOPEN_STATE/run/ckan-web.pid")"
    kill -TERM -- "-$pid" 2>/dev/null || true
    for _ in $(seq 1 120); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
}
web() { stop_web; GOVOPEN_WEB_WORKERS="$1" make up >/dev/null; }   # web WORKERS
measure() {   # measure LABEL
    echo "== $1  (load: $(cut -d' ' -f1-3 /proc/loadavg))"
    "$PY" bench/web/search_clients.py "$URL" --clients "$C" --seconds "$SECS"
}
api() { curl -fsS "$API?wt=json&$1"; }
json() { "$PY" -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; N=$N datasets, $C clients, ${SECS}s each"
export GOVOPEN_SOLR_NODES=2
make down >/dev/null; GOVOPEN_WEB_WORKERS="$W" make up >/dev/null
nodes="$(api action=CLUSTERSTATUS | json "' '.join(sorted(d['cluster']['live_nodes']))")"
node1="$(tr ' ' '\n' <<<"$nodes" | grep ":${GOVOPEN_SOLR_PORT:-8983}_")"; node2="$(tr ' ' '\n' <<<"$nodes" | grep -v "^$node1$")"
live="$(api action=LISTALIASES | json "d['aliases']['ckan']")"
api "action=DELETE&name=bench_rep" >/dev/null 2>&1 || true    # a run stopped before its end left it
api "action=CREATE&name=bench_rep&numShards=1&replicationFactor=1&collection.configName=ckan&createNodeSet=$node1&waitForFinalState=true" >/dev/null
"$PY" bench/search/latency.py load --solr "$SOLR" --n "$N" --cores bench_rep | tail -1
api "action=CREATEALIAS&name=ckan&collections=bench_rep" >/dev/null
trap 'api "action=CREATEALIAS&name=ckan&collections=$live" >/dev/null; api "action=DELETE&name=bench_rep" >/dev/null' EXIT
echo "== warm-up, not counted (a fresh 100k index: caches, segment merges)"
"$PY" bench/web/search_clients.py "$URL" --clients "$C" --seconds "$SECS" >/dev/null
measure "1 Solr node (bench_rep on node 1), gunicorn $W workers"
web 1; measure "1 Solr node (bench_rep on node 1), gunicorn 1 worker"
t=$(date +%s)
api "action=ADDREPLICA&collection=bench_rep&shard=shard1&node=$node2&waitForFinalState=true" >/dev/null
echo "ADDREPLICA on node 2: $(( $(date +%s) - t )) s (index files copied)"
api "action=CLUSTERSTATUS&collection=bench_rep" | json "[(r['node_name'], r['state']) for r in d['cluster']['collections']['bench_rep']['shards']['shard1']['replicas'].values()]"
measure "2 Solr nodes (a replica each), gunicorn 1 worker"
web "$W"; measure "2 Solr nodes (a replica each), gunicorn $W workers"
# and back to one node (node 2's replica removed): the first set-up again, last
rep2="$(api "action=CLUSTERSTATUS&collection=bench_rep" | json "[k for k, r in d['cluster']['collections']['bench_rep']['shards']['shard1']['replicas'].items() if r['node_name'] == '$node2'][0]")"
api "action=DELETEREPLICA&collection=bench_rep&shard=shard1&replica=$rep2" >/dev/null
measure "1 Solr node again (node 2's replica deleted), gunicorn $W workers"
