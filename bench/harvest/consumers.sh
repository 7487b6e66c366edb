#!/usr/bin/env bash
# Harvest throughput with K fetch consumers (issue 18): 2 vs 4, alternating, one run.
#   LIMIT=200 ROUNDS="2 4 2 4" bench/harvest/consumers.sh      (your GOVOPEN_* env)
# Stops the stack's own fetch consumers (by their PID files) so that only the
# bench's K take objects; `make up` starts them again at the end.
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${GOVOPEN_STATE:?set the GOVOPEN_STATE and ports of the stack}"
for f in "$GOVOPEN_STATE"/run/harvest-fetch*.pid; do
    [ -e "$f" ] || continue
    pid="$(cat "$f")"; kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
done
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; load $(cut -d' ' -f1-3 /proc/loadavg)"
"$GOVOPEN_STATE/venv/bin/python" bench/harvest/consumers.py --ini "$GOVOPEN_STATE/ckan.ini" \
    --consumer-ini "$GOVOPEN_STATE/harvest-consumer.ini" --limit "${LIMIT:-200}" --consumers ${ROUNDS:-2 4 2 4}
make up >/dev/null
