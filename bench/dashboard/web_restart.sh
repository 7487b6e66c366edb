#!/usr/bin/env bash
# Restart only YOUR stack's web server (gunicorn, by its PID file), on the code now in
# the worktree, without `make up` (which would migrate and, after a migration, store
# every verdict anew: hours at 100,000 datasets). GOVOPEN_* env as for make.
#   bench/dashboard/web_restart.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${GOVOPEN_STATE:?set the GOVOPEN_STATE and ports of the stack}"
RUN="$GOVOPEN_STATE/run"; LOGS="$GOVOPEN_STATE/logs"; VENV="${GOVOPEN_VENV:-$GOVOPEN_STATE/venv}"
pid="$(cat "$RUN/ckan-web.pid")"
kill -TERM -- "-$pid" 2>/dev/null || true
for _ in $(seq 1 120); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
setsid env CKAN_INI="$GOVOPEN_STATE/ckan.ini" "$VENV/bin/gunicorn" --chdir "$PWD/docker/ckan" \
    --bind "127.0.0.1:${GOVOPEN_CKAN_PORT:-5000}" --workers "${GOVOPEN_WEB_WORKERS:-$(nproc)}" --threads 1 \
    --timeout "${GOVOPEN_WEB_TIMEOUT:-120}" wsgi:application >>"$LOGS/ckan-web.log" 2>&1 < /dev/null &
echo $! > "$RUN/ckan-web.pid"
for _ in $(seq 1 240); do
    curl -fsS "http://127.0.0.1:${GOVOPEN_CKAN_PORT:-5000}/api/3/action/status_show" >/dev/null 2>&1 && { echo "web up"; exit 0; }
    sleep 0.5
done
echo "web did not come up (log: $LOGS/ckan-web.log)" >&2; exit 1
