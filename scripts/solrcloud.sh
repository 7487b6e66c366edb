# SolrCloud for the local stack (sourced by scripts/services.sh; issue 18).
#
# GOVOPEN_SOLR_NODES=N (N >= 2): one ZooKeeper (the zookeeper jar Solr already
# brings from Maven Central, its own process) and N Solr nodes, each its own
# JVM with its own PID file (solr = node 1 on GOVOPEN_SOLR_PORT, solr-2 ... on
# the next ports), its own home and data under $GOVOPEN_STATE/solr/cloud/.
# The configset `ckan` (solr/configset/ckan + config/search) is uploaded to
# ZooKeeper; the collection `ckan_1` has one shard per node and two replicas
# of each; CKAN's solr_url names the alias `ckan`, so a rebuild can build
# `ckan_2` beside it and swap (ckan govopen search rebuild --swap).
# CKAN's solr_url names not one node but the load balancer scripts/solr_lb.py
# (its own process, PID file solr-lb, on GOVOPEN_SOLR_LB_PORT, default the Solr
# port + 8): it passes each request to the nodes in turn and to the next one
# when a node is gone, so the site loses no node, node 1 included.
# Every process binds to 127.0.0.1 only.

GOVOPEN_SOLR_NODES="${GOVOPEN_SOLR_NODES:-1}"
GOVOPEN_ZK_PORT="${GOVOPEN_ZK_PORT:-$((GOVOPEN_SOLR_PORT + 9))}"
GOVOPEN_SOLR_LB_PORT="${GOVOPEN_SOLR_LB_PORT:-$((GOVOPEN_SOLR_PORT + 8))}"
SOLR_LB_URL="http://$GOVOPEN_HOST:$GOVOPEN_SOLR_LB_PORT/solr"
CLOUD="$GOVOPEN_STATE/solr/cloud"
ZK_HOST="$GOVOPEN_HOST:$GOVOPEN_ZK_PORT"

solr_node_name() { [ "$1" -eq 1 ] && echo solr || echo "solr-$1"; }
solr_node_port() { echo $((GOVOPEN_SOLR_PORT + $1 - 1)); }
solr_node_url() { echo "http://$GOVOPEN_HOST:$(solr_node_port "$1")/solr"; }
# every Solr PID name this stack may have started (for make down / status);
# nodes take the Solr port and the next ones, up to + 7 (+ 8: the balancer, + 9: ZooKeeper)
SOLR_NODE_NAMES=(solr solr-2 solr-3 solr-4 solr-5 solr-6 solr-7 solr-8 solr-9)
SOLR_MAX_NODES=8

solr_site_url() {
    # solr_site_url SITE_ID: CKAN's solr_url for a site: node 1 when standalone,
    # the load balancer in front of every node for SolrCloud.
    if [ "$GOVOPEN_SOLR_NODES" -ge 2 ]; then echo "$SOLR_LB_URL/$(solr_index_of "$1")"
    else echo "$SOLR_URL/$(solr_index_of "$1")"; fi
}

solr_lb_ok() { curl -fsS "$SOLR_LB_URL/admin/info/system?wt=json" 2>/dev/null | grep -q '"zkHost"'; }

start_solr_lb() {
    local k urls=()
    pid_alive solr-lb && solr_lb_ok && return 0
    stop_pid solr-lb
    port_open "$GOVOPEN_SOLR_LB_PORT" && die "port $GOVOPEN_SOLR_LB_PORT is taken by another program; set GOVOPEN_SOLR_LB_PORT."
    for k in $(seq 1 "$GOVOPEN_SOLR_NODES"); do urls+=("http://$GOVOPEN_HOST:$(solr_node_port "$k")"); done
    say "Starting the Solr load balancer on $GOVOPEN_HOST:$GOVOPEN_SOLR_LB_PORT (nodes 1-$GOVOPEN_SOLR_NODES)"
    start_bg solr-lb python3 "$ROOT/scripts/solr_lb.py" --listen "$GOVOPEN_HOST:$GOVOPEN_SOLR_LB_PORT" "${urls[@]}"
    wait_for solr-lb 30 solr_lb_ok
}

zk_ok() { (exec 3<>"/dev/tcp/$GOVOPEN_HOST/$GOVOPEN_ZK_PORT") 2>/dev/null; }

start_zookeeper() {
    pid_alive zookeeper && return 0
    port_open "$GOVOPEN_ZK_PORT" && die "port $GOVOPEN_ZK_PORT is taken by another program; set GOVOPEN_ZK_PORT."
    mkdir -p "$CLOUD/zookeeper/data"
    cat > "$CLOUD/zookeeper/zoo.cfg" <<EOF
# Written by scripts/solrcloud.sh. One ZooKeeper for the local SolrCloud.
dataDir=$CLOUD/zookeeper/data
clientPort=$GOVOPEN_ZK_PORT
clientPortAddress=$GOVOPEN_HOST
tickTime=2000
initLimit=10
syncLimit=5
maxClientCnxns=0
admin.enableServer=false
4lw.commands.whitelist=ruok
EOF
    say "Starting ZooKeeper on $ZK_HOST"
    start_bg zookeeper java -Xmx128m -Djava.net.preferIPv4Stack=true \
        -cp "$(cat "$GOVOPEN_STATE/solr/classpath.txt")" \
        org.apache.zookeeper.server.quorum.QuorumPeerMain "$CLOUD/zookeeper/zoo.cfg"
    wait_for zookeeper 60 zk_ok
}

solr_cloud_home() {
    # solr_cloud_home K: node K's home, a solr.xml with a solrcloud section (no cores).
    local home="$CLOUD/node$1"
    mkdir -p "$home" "$CLOUD/data$1"
    cat > "$home/solr.xml" <<XML
<?xml version="1.0" encoding="UTF-8" ?>
<!-- Written by scripts/solrcloud.sh; edits are overwritten. SolrCloud node $1. -->
<solr>
  <int name="maxBooleanClauses">\${solr.max.booleanClauses:1024}</int>
  <str name="allowPaths">\${solr.allowPaths:}</str>
  <solrcloud>
    <str name="host">$GOVOPEN_HOST</str>
    <int name="hostPort">$(solr_node_port "$1")</int>
    <str name="hostContext">solr</str>
    <int name="zkClientTimeout">\${zkClientTimeout:15000}</int>
    <bool name="genericCoreNodeNames">true</bool>
    <int name="distribUpdateSoTimeout">60000</int>
    <int name="distribUpdateConnTimeout">5000</int>
  </solrcloud>
</solr>
XML
    echo "$home"
}

solr_node_live() { curl -fsS "$(solr_node_url "$1")/admin/info/system?wt=json" 2>/dev/null | grep -q '"zkHost"'; }

start_solr_node() {
    local k="$1" name port home
    name="$(solr_node_name "$k")"; port="$(solr_node_port "$k")"
    ours_running "$name" 120 solr_node_live "$k" && return 0
    port_open "$port" && die "port $port is taken by another program; set GOVOPEN_SOLR_PORT."
    home="$(solr_cloud_home "$k")"
    say "Starting Solr node $k (SolrCloud) on $GOVOPEN_HOST:$port"
    start_bg "$name" java "-Xmx$GOVOPEN_SOLR_HEAP" -Djava.net.preferIPv4Stack=true \
        -cp "$(cat "$GOVOPEN_STATE/solr/classpath.txt")" govopen.SolrLauncher --home "$home" \
        --host "$GOVOPEN_HOST" --port "$port" --data "$CLOUD/data$k" --zk "$ZK_HOST"
}

collections_api() { curl -fsS "$SOLR_URL/admin/collections?wt=json&$1"; }

upload_configset() {
    # upload_configset NAME: solr/configset/ckan/conf + config/search/*.txt as a ZIP,
    # through the Configsets API (overwrites; collections using it are reloaded by the caller).
    local name="$1" zip="$CLOUD/$1.zip"
    # SolrCloud's peer sync fingerprints replicas by _version_, which must be a
    # long there (CKAN's schema has a string: fine for one node); the cloud's
    # copy of the schema gets a plong with docValues, nothing else changes.
    ( cd "$ROOT" && python3 - "$zip" <<'PY'
import os, re, sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w") as z:
    conf = "solr/configset/ckan/conf"
    for base, _, files in os.walk(conf):
        for f in files:
            path = os.path.join(base, f)
            if f == "schema.xml":
                with open(path, encoding="utf-8") as fh:
                    text, n = re.subn(r'<field name="_version_"[^>]*/>',
                                      '<field name="_version_" type="plong" indexed="false" stored="false" docValues="true"/>',
                                      fh.read())
                if n != 1:
                    sys.exit("schema.xml: no _version_ field to make a long")
                z.writestr(os.path.relpath(path, conf), text)
            else:
                z.write(path, os.path.relpath(path, conf))
    for f in sorted(os.listdir("config/search")):   # as solr/setup.sh: every list
        if f.endswith(".txt"):
            z.write(os.path.join("config/search", f), f)
PY
    ) || die "could not pack the configset"
    curl -fsS -X POST --data-binary "@$zip" -H 'Content-Type: application/octet-stream' \
        "$SOLR_URL/admin/configs?action=UPLOAD&name=$name&overwrite=true&cleanup=true&wt=json" \
        >>"$LOGS/solr-setup.log" 2>&1 || die "could not upload the configset $name (log: $LOGS/solr.log, $LOGS/solr-setup.log)"
}

solr_index_of() {
    # solr_index_of SITE_ID: the core or alias a site's solr_url names. One
    # standalone node: the core ckan for every site (apart by site_id). SolrCloud:
    # the alias ckan, and ckan_test for the test site, so that a rebuild --swap
    # of one site never drops the other's documents.
    if [ "$GOVOPEN_SOLR_NODES" -ge 2 ] && [ "$1" = govopen_test ]; then echo ckan_test; else echo ckan; fi
}
SOLR_ALIASES=(ckan ckan_test)

alias_target() {
    # alias_target ALIAS: the collection ALIAS points at (empty when there is none)
    collections_api "action=LISTALIASES" | python3 -c 'import json,sys
print(json.load(sys.stdin).get("aliases", {}).get(sys.argv[1], ""))' "$1"
}

create_collection() {
    # create_collection NAME: one shard per node, two replicas of each, on the configset ckan.
    local name="$1" rf=2
    collections_api "action=CREATE&name=$name&numShards=$GOVOPEN_SOLR_NODES&replicationFactor=$rf&collection.configName=ckan&waitForFinalState=true" \
        >>"$LOGS/solr-setup.log" 2>&1 || die "could not create the collection $name (log: $LOGS/solr.log, $LOGS/solr-setup.log)"
}

cloud_ready() { solr_ping; }

start_solr_cloud() {
    local k stamp want target alias
    [ "$GOVOPEN_SOLR_NODES" -le "$SOLR_MAX_NODES" ] || die "GOVOPEN_SOLR_NODES: at most $SOLR_MAX_NODES nodes on one machine."
    start_zookeeper
    for k in $(seq 1 "$GOVOPEN_SOLR_NODES"); do start_solr_node "$k"; done
    for k in $(seq 1 "$GOVOPEN_SOLR_NODES"); do wait_for "$(solr_node_name "$k")" 120 solr_node_live "$k"; done
    wait_for solr 60 live_nodes_are "$GOVOPEN_SOLR_NODES"
    stamp="$CLOUD/configset.stamp"
    want="$(hash_of $(find "$ROOT/solr/configset/ckan/conf" -type f | sort) "$ROOT"/config/search/*.txt "$ROOT/scripts/solrcloud.sh")"
    if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
        upload_configset ckan
        for alias in "${SOLR_ALIASES[@]}"; do
            target="$(alias_target "$alias")"
            [ -z "$target" ] || collections_api "action=RELOAD&name=$target" >>"$LOGS/solr-setup.log" 2>&1 \
                || die "could not reload $target with the new configset"
        done
        echo "$want" > "$stamp"
    fi
    for alias in "${SOLR_ALIASES[@]}"; do
        [ -n "$(alias_target "$alias")" ] && continue
        say "Creating the SolrCloud collection ${alias}_1 ($GOVOPEN_SOLR_NODES shards x 2 replicas) and the alias $alias"
        create_collection "${alias}_1"
        collections_api "action=CREATEALIAS&name=$alias&collections=${alias}_1" >>"$LOGS/solr-setup.log" 2>&1 \
            || die "could not create the alias $alias"
        date +%s%N >> "$CLOUD/created.stamp"   # the catalog is indexed anew (reindex_on_schema_change)
    done
    wait_for solr 60 solr_ping
    start_solr_lb
}

live_nodes_are() {
    collections_api "action=CLUSTERSTATUS" | python3 -c 'import json,sys
n = len(json.load(sys.stdin)["cluster"]["live_nodes"]); sys.exit(0 if n >= int(sys.argv[1]) else 1)' "$1"
}

stop_solr_cloud() {
    local name
    stop_pid solr-lb
    for name in "${SOLR_NODE_NAMES[@]}"; do stop_pid "$name"; done
    stop_pid zookeeper
}
