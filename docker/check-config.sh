#!/usr/bin/env bash
# Validate docker/docker-compose.yml without a Docker engine:
#   docker/check-config.sh            (prints nothing but "ok" on success)
# Uses `docker compose` (v2 plugin) if present, else `docker-compose`
# (Debian 12: apt-get install docker-compose, v1.29, parses the file too).
# When docker/.env does not exist, .env.example stands in for it.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if docker compose version >/dev/null 2>&1; then compose=(docker compose)
elif command -v docker-compose >/dev/null; then compose=(docker-compose)
else echo "check-config: no docker compose / docker-compose (Debian: apt-get install docker-compose)" >&2; exit 1
fi
if [ ! -f "$HERE/.env" ]; then
    cp "$HERE/.env.example" "$HERE/.env"
    trap 'rm -f "$HERE/.env"' EXIT
fi
out="$("${compose[@]}" -f "$HERE/docker-compose.yml" config 2>&1)" || { echo "$out" >&2; exit 1; }
echo "ok: docker-compose.yml is valid (${compose[*]})"
