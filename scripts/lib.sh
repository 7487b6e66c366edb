# Shared settings and helpers for the local stack scripts (sourced, not run).
#
# Everything the stack writes lives under $GOVOPEN_STATE (default .govopen/,
# gitignored). Ports and the bind address come from the environment so that
# two checkouts, or a machine with its own PostgreSQL, can coexist.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
GOVOPEN_STATE="${GOVOPEN_STATE:-$ROOT/.govopen}"
GOVOPEN_HOST="${GOVOPEN_HOST:-127.0.0.1}"
GOVOPEN_PG_PORT="${GOVOPEN_PG_PORT:-5432}"
GOVOPEN_REDIS_PORT="${GOVOPEN_REDIS_PORT:-6379}"
GOVOPEN_SOLR_PORT="${GOVOPEN_SOLR_PORT:-8983}"
GOVOPEN_CKAN_PORT="${GOVOPEN_CKAN_PORT:-5000}"
GOVOPEN_SOLR_HEAP="${GOVOPEN_SOLR_HEAP:-1g}"

# GOVOPEN_VENV: another state dir's virtualenv (the federation test's cities share the one
# the tests run in, instead of installing one each)
VENV="${GOVOPEN_VENV:-$GOVOPEN_STATE/venv}"
RUN="$GOVOPEN_STATE/run"        # PID files
LOGS="$GOVOPEN_STATE/logs"
SECRETS="$GOVOPEN_STATE/secrets"
CKAN_INI="$GOVOPEN_STATE/ckan.ini"
# the search models' folders under $GOVOPEN_STATE/models/ (install.sh fetches them, the
# ini names them; ckanext/govopen/search_meaning/encoder.py's MODEL and MODEL_EN)
MEANING_MODEL=bge-small-zh-v1.5-q
MEANING_MODEL_EN=bge-small-en-v1.5-q
TEST_INI="$GOVOPEN_STATE/test.ini"
CONSUMER_INI="$GOVOPEN_STATE/harvest-consumer.ini"
CKAN_URL="http://$GOVOPEN_HOST:$GOVOPEN_CKAN_PORT"
SOLR_URL="http://$GOVOPEN_HOST:$GOVOPEN_SOLR_PORT/solr"

export GOVOPEN_STATE GOVOPEN_HOST GOVOPEN_PG_PORT GOVOPEN_REDIS_PORT \
       GOVOPEN_SOLR_PORT GOVOPEN_CKAN_PORT

say()  { printf '\033[1m==> %s\033[0m\n' "$*"; }
note() { printf '    %s\n' "$*"; }
die()  { printf '\033[31mgovopen: %s\033[0m\n' "$*" >&2; exit 1; }

as_root() {
    # Run a command as root: directly when we are root, through sudo otherwise.
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

pid_alive() {
    # True when the PID file names a process that is still running.
    local pidfile="$RUN/$1.pid"
    [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null
}

port_open() { (exec 3<>"/dev/tcp/$GOVOPEN_HOST/$1") 2>/dev/null; }

ours_running() {
    # ours_running NAME SECS PING...: true when NAME's PID file names a live process
    # of ours; it is then waited for until PING answers (dies with its log if it never
    # does). A service of ours that answers late (a busy machine, a node still
    # starting) is not "another program" on its port: a second `make up` waits.
    local name="$1" secs="$2"; shift 2
    pid_alive "$name" || return 1
    wait_for "$name" "$secs" "$@"
}

wait_for() {
    # wait_for NAME SECONDS CMD...: poll CMD until it succeeds, or fail with
    # the tail of NAME's log so the user sees why.
    local name="$1" secs="$2"; shift 2
    local i=0
    until "$@" >/dev/null 2>&1; do
        i=$((i + 1))
        if [ "$i" -gt $((secs * 4)) ]; then
            echo "---- last lines of $LOGS/$name.log ----" >&2
            tail -n 30 "$LOGS/$name.log" >&2 2>/dev/null
            die "$name did not become ready within ${secs}s (log: $LOGS/$name.log)"
        fi
        if [ -f "$RUN/$name.pid" ] && ! pid_alive "$name"; then
            echo "---- last lines of $LOGS/$name.log ----" >&2
            tail -n 30 "$LOGS/$name.log" >&2 2>/dev/null
            die "$name exited while starting (log: $LOGS/$name.log)"
        fi
        sleep 0.25
    done
}

start_bg() {
    # start_bg NAME CMD...: start CMD detached in its own session, log to
    # $LOGS/NAME.log, and record its PID so that `make down` stops exactly it.
    local name="$1"; shift
    mkdir -p "$RUN" "$LOGS"
    setsid "$@" >>"$LOGS/$name.log" 2>&1 < /dev/null &
    echo $! > "$RUN/$name.pid"
}

stop_pid() {
    # stop_pid NAME: TERM the process group recorded in NAME's PID file, wait,
    # then KILL if it is still there. Only ever touches our own PID files.
    local name="$1" pidfile="$RUN/$1.pid" pid i
    [ -f "$pidfile" ] || return 0
    pid="$(cat "$pidfile")"
    if kill -0 "$pid" 2>/dev/null; then
        kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null
        for i in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
        if kill -0 "$pid" 2>/dev/null; then
            kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null
        fi
        note "stopped $name (pid $pid)"
    fi
    rm -f "$pidfile"
}

pg_bindir() {
    local d
    for d in /usr/lib/postgresql/15/bin $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -rV); do
        [ -x "$d/postgres" ] && { echo "$d"; return 0; }
    done
    return 1
}

pg_user() {
    # PostgreSQL refuses to run as root; use the Debian `postgres` account then.
    if [ "$(id -u)" -eq 0 ]; then echo postgres; else id -un; fi
}

as_pg() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

ckan_cli() { "$VENV/bin/ckan" -c "${CKAN_CLI_INI:-$CKAN_INI}" "$@"; }

secret() {
    # secret NAME: a generated secret, created once and kept in $SECRETS.
    mkdir -p "$SECRETS"; chmod 700 "$SECRETS"
    local f="$SECRETS/$1"
    if [ ! -s "$f" ]; then
        ( umask 077; python3 -c 'import secrets; print(secrets.token_urlsafe(32))' > "$f" )
    fi
    cat "$f"
}

hash_of() { { cat "$@" 2>/dev/null || true; } | sha256sum | cut -c1-16; }   # missing files count as empty
