# Starting and stopping each service of the local stack (sourced).
#
# Every process is started by us, detached, with its PID in $RUN/NAME.pid and
# its output in $LOGS/NAME.log; `down` stops exactly those PIDs.

PG_DATA="$GOVOPEN_STATE/pg/data"
PG_SOCK="$GOVOPEN_STATE/pg/socket"

# ---------------------------------------------------------------- PostgreSQL
pg_running() { [ -f "$PG_DATA/postmaster.pid" ] && as_pg "$(pg_bindir)/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; }
psql_admin() { as_pg "$(pg_bindir)/psql" -X -q -h "$PG_SOCK" -p "$GOVOPEN_PG_PORT" -U postgres -v ON_ERROR_STOP=1 "$@"; }

start_postgres() {
    local bin; bin="$(pg_bindir)" || die "PostgreSQL server binaries not found (package postgresql)."
    mkdir -p "$GOVOPEN_STATE/pg" "$PG_SOCK" "$LOGS"
    if [ "$(id -u)" -eq 0 ]; then
        chown "$(pg_user)" "$GOVOPEN_STATE/pg" "$PG_SOCK"
        touch "$LOGS/postgres.log"; chown "$(pg_user)" "$LOGS/postgres.log"
        as_pg test -x "$GOVOPEN_STATE" || die "the postgres account cannot enter $GOVOPEN_STATE; set GOVOPEN_STATE to a world-traversable folder."
    fi
    if [ ! -s "$PG_DATA/PG_VERSION" ]; then
        say "Initialising PostgreSQL in $PG_DATA"
        as_pg "$bin/initdb" -D "$PG_DATA" -U postgres -E UTF8 --locale=C.UTF-8 \
            --auth-local=peer --auth-host=scram-sha-256 >> "$LOGS/postgres.log" 2>&1 \
            || die "initdb failed (log: $LOGS/postgres.log)"
    fi
    if ! pg_running; then
        port_open "$GOVOPEN_PG_PORT" && die "port $GOVOPEN_PG_PORT is taken by another program; set GOVOPEN_PG_PORT."
        say "Starting PostgreSQL on $GOVOPEN_HOST:$GOVOPEN_PG_PORT"
        as_pg "$bin/pg_ctl" -D "$PG_DATA" -l "$LOGS/postgres.log" -w -t 60 start \
            -o "-c listen_addresses=$GOVOPEN_HOST -c port=$GOVOPEN_PG_PORT -c unix_socket_directories=$PG_SOCK" \
            >/dev/null || die "PostgreSQL did not start (log: $LOGS/postgres.log)"
    fi
    mkdir -p "$RUN"; head -n1 "$PG_DATA/postmaster.pid" > "$RUN/postgres.pid"
}

stop_postgres() {
    local pid i
    pid="$(cat "$RUN/postgres.pid" 2>/dev/null || true)"
    if [ -f "$PG_DATA/postmaster.pid" ] && pg_running; then
        as_pg "$(pg_bindir)/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null && note "stopped postgres"
    fi
    # pg_ctl returns when the PID file is gone; the postmaster may still be
    # exiting, so wait for the process itself.
    if [ -n "$pid" ]; then
        for i in $(seq 1 120); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    fi
    rm -f "$RUN/postgres.pid"
}

ensure_database() {
    # ensure_database DBNAME: the `ckan` role (generated password) owns DBNAME.
    local db="$1" pw; pw="$(secret pg_password)"
    psql_admin -tAc "SELECT 1 FROM pg_roles WHERE rolname='ckan'" | grep -q 1 \
        || psql_admin -c "CREATE ROLE ckan LOGIN PASSWORD '$pw'"
    psql_admin -tAc "SELECT 1 FROM pg_database WHERE datname='$db'" | grep -q 1 \
        || psql_admin -c "CREATE DATABASE $db OWNER ckan ENCODING 'UTF8' TEMPLATE template0"
}

database_url() { echo "postgresql://ckan:$(secret pg_password)@$GOVOPEN_HOST:$GOVOPEN_PG_PORT/$1"; }

ensure_datastore() {
    # ensure_datastore DBNAME MAINDB: CKAN's DataStore database DBNAME, written by
    # the `ckan` role and read by `datastore_ro` (generated password), which may
    # only SELECT, only there (CKAN's own set_permissions.sql, rendered by the
    # venv's ckanext.datastore), with a statement timeout. Idempotent.
    local db="$1" main="$2" pw stamp want
    ensure_database "$db"
    pw="$(secret pg_datastore_ro_password)"
    psql_admin -tAc "SELECT 1 FROM pg_roles WHERE rolname='datastore_ro'" | grep -q 1 \
        || psql_admin -c "CREATE ROLE datastore_ro LOGIN PASSWORD '$pw' NOSUPERUSER NOCREATEDB NOCREATEROLE"
    stamp="$GOVOPEN_STATE/$db.permissions"
    # again when the code or either database changed (a recreated database has a new oid)
    want="$(hash_of "$VENV.stamp" "$ROOT/scripts/services.sh")-$(psql_admin -tAc \
        "SELECT string_agg(oid::text, '-' ORDER BY datname) FROM pg_database WHERE datname IN ('$db', '$main')")"
    [ "$(cat "$stamp" 2>/dev/null)" = "$want" ] && return 0
    say "Setting the DataStore permissions ($db)"
    { "$VENV/bin/python" -c 'import sys
from ckanext.datastore.cli import permissions_sql
print(permissions_sql(*sys.argv[1:]))' "$main" "$db" ckan ckan datastore_ro
      echo "ALTER ROLE datastore_ro SET statement_timeout = '10s';"
      echo "REVOKE CONNECT ON DATABASE $main FROM PUBLIC;"
    } > "$GOVOPEN_STATE/$db.permissions.sql" 2>>"$LOGS/setup.log" \
        || die "could not render the DataStore permissions (log: $LOGS/setup.log)"
    psql_admin -d postgres -f "$GOVOPEN_STATE/$db.permissions.sql" >>"$LOGS/setup.log" 2>&1 \
        || die "could not set the DataStore permissions (log: $LOGS/setup.log)"
    echo "$want" > "$stamp"
}

datastore_read_url() { echo "postgresql://datastore_ro:$(secret pg_datastore_ro_password)@$GOVOPEN_HOST:$GOVOPEN_PG_PORT/$1"; }

# --------------------------------------------------------------------- Redis
start_redis() {
    pid_alive redis && return 0
    port_open "$GOVOPEN_REDIS_PORT" && die "port $GOVOPEN_REDIS_PORT is taken by another program; set GOVOPEN_REDIS_PORT."
    command -v redis-server >/dev/null || die "redis-server not found (package redis-server)."
    say "Starting Redis on $GOVOPEN_HOST:$GOVOPEN_REDIS_PORT"
    mkdir -p "$GOVOPEN_STATE/redis"
    start_bg redis redis-server --bind "$GOVOPEN_HOST" --port "$GOVOPEN_REDIS_PORT" \
        --dir "$GOVOPEN_STATE/redis" --daemonize no --save 60 1 --protected-mode yes
    wait_for redis 30 port_open "$GOVOPEN_REDIS_PORT"
}

# ---------------------------------------------------------------------- Solr
source "$ROOT/scripts/solrcloud.sh"

solr_ping() { curl -fsS "$SOLR_URL/ckan/admin/ping?wt=json" | grep -q '"OK"'; }

solr_mode() { [ "$GOVOPEN_SOLR_NODES" -ge 2 ] && echo "cloud $GOVOPEN_SOLR_NODES" || echo standalone; }

start_solr() {
    # GOVOPEN_SOLR_NODES=N >= 2: SolrCloud (scripts/solrcloud.sh); 1: one standalone node.
    # A stack switched between the two stops the other layout first.
    if [ "$(cat "$RUN/solr.mode" 2>/dev/null || echo standalone)" != "$(solr_mode)" ]; then
        stop_solr_cloud
    fi
    mkdir -p "$RUN"; solr_mode > "$RUN/solr.mode"
    if [ "$GOVOPEN_SOLR_NODES" -ge 2 ]; then start_solr_cloud; return 0; fi
    ours_running solr 120 solr_ping && return 0
    port_open "$GOVOPEN_SOLR_PORT" && die "port $GOVOPEN_SOLR_PORT is taken by another program; set GOVOPEN_SOLR_PORT."
    say "Starting Solr on $GOVOPEN_HOST:$GOVOPEN_SOLR_PORT"
    start_bg solr java "-Xmx$GOVOPEN_SOLR_HEAP" -Djava.net.preferIPv4Stack=true -cp "$(cat "$GOVOPEN_STATE/solr/classpath.txt")" \
        govopen.SolrLauncher --home "$GOVOPEN_STATE/solr/home" \
        --host "$GOVOPEN_HOST" --port "$GOVOPEN_SOLR_PORT"
    wait_for solr 120 solr_ping
}

# --------------------------------------------------------------------- CKAN
ckan_ping() { curl -fsS "$CKAN_URL/api/3/action/status_show" | grep -q '"success": true'; }

start_ckan_web() {
    # The web app: gunicorn with GOVOPEN_WEB_WORKERS processes (default: the
    # core count) on docker/ckan/wsgi.py, the compose image's entry point too.
    # Sessions live in Redis (SESSION_TYPE in config/ckan-base.ini), so any
    # worker serves any request. GOVOPEN_WEB_THREADS: threads per worker (default
    # 1, gunicorn's sync workers). GOVOPEN_WEB=dev: CKAN's development server.
    ours_running ckan-web 120 ckan_ping && return 0
    port_open "$GOVOPEN_CKAN_PORT" && die "port $GOVOPEN_CKAN_PORT is taken by another program; set GOVOPEN_CKAN_PORT."
    if [ "${GOVOPEN_WEB:-}" = dev ]; then
        say "Starting CKAN (ckan run) on $CKAN_URL"
        start_bg ckan-web "$VENV/bin/ckan" -c "$CKAN_INI" run -H "$GOVOPEN_HOST" -p "$GOVOPEN_CKAN_PORT" \
            --disable-reloader --threaded
    else
        local workers="${GOVOPEN_WEB_WORKERS:-$(nproc)}"
        say "Starting CKAN (gunicorn, $workers workers) on $CKAN_URL"
        start_bg ckan-web env CKAN_INI="$CKAN_INI" "$VENV/bin/gunicorn" \
            --chdir "$ROOT/docker/ckan" --bind "$GOVOPEN_HOST:$GOVOPEN_CKAN_PORT" \
            --workers "$workers" --threads "${GOVOPEN_WEB_THREADS:-1}" \
            --timeout "${GOVOPEN_WEB_TIMEOUT:-120}" wsgi:application
    fi
    wait_for ckan-web 120 ckan_ping
}

worker_names() {
    # worker_names BASE N: BASE, BASE-2 ... BASE-N (the PID file names of N processes)
    local k; echo "$1"; for k in $(seq 2 "$2"); do echo "$1-$k"; done
}

start_workers() {
    # The background-jobs workers (scans, validation) and the harvest queues'
    # consumers. More processes, more throughput: GOVOPEN_JOB_WORKERS RQ
    # workers and GOVOPEN_HARVEST_WORKERS gather and fetch (fetch + import)
    # consumers each (default 1; at most $MAX_WORKERS); they share the queues in
    # Redis, so they may as well run on other machines with the same config.
    local name jobs="${GOVOPEN_JOB_WORKERS:-1}" harvest="${GOVOPEN_HARVEST_WORKERS:-1}"
    [ "$jobs" -ge 1 ] && [ "$jobs" -le "$MAX_WORKERS" ] || die "GOVOPEN_JOB_WORKERS: 1 to $MAX_WORKERS."
    [ "$harvest" -ge 1 ] && [ "$harvest" -le "$MAX_WORKERS" ] || die "GOVOPEN_HARVEST_WORKERS: 1 to $MAX_WORKERS."
    for name in $(worker_names ckan-worker "$jobs"); do
        pid_alive "$name" || start_bg "$name" "$VENV/bin/ckan" -c "$CKAN_INI" jobs worker
    done
    # download and API-call counts: Redis -> PostgreSQL, and the "most used" sort's
    # search documents, every GOVOPEN_USES_INTERVAL seconds (uses/flush.py)
    pid_alive uses-flush || start_bg uses-flush bash -c \
        "while true; do sleep ${GOVOPEN_USES_INTERVAL:-600}; '$VENV/bin/ckan' -c '$CKAN_INI' govopen uses flush; done"
    # GOVOPEN_NO_HARVEST=1: a catalog that harvests nothing (the federation test's cities)
    [ "${GOVOPEN_NO_HARVEST:-}" = 1 ] && return 0
    for name in $(worker_names harvest-gather "$harvest"); do
        pid_alive "$name" || start_bg "$name" "$VENV/bin/ckan" -c "$CONSUMER_INI" harvester gather-consumer
    done
    for name in $(worker_names harvest-fetch "$harvest"); do
        pid_alive "$name" || start_bg "$name" "$VENV/bin/ckan" -c "$CONSUMER_INI" harvester fetch-consumer
    done
    pid_alive harvest-scheduler || start_bg harvest-scheduler bash -c \
        "while true; do '$VENV/bin/ckan' -c '$CKAN_INI' harvester run; sleep ${GOVOPEN_HARVEST_INTERVAL:-300}; done"
}

# every worker PID name this stack may have started (for make down / status),
# whatever GOVOPEN_*_WORKERS was then
MAX_WORKERS=16
WORKERS=(harvest-scheduler uses-flush $(worker_names harvest-fetch $MAX_WORKERS) $(worker_names harvest-gather $MAX_WORKERS)
         $(worker_names ckan-worker $MAX_WORKERS))
