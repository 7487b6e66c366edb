"""The cost of the GIN index on ``_full_text`` that ``store.load`` builds before its swap:
builds the same index again on a loaded table, once per ``maintenance_work_mem`` given,
each in a transaction rolled back (the table and its own index stay as they were).
Prints one JSON line per build: wall seconds, the CPU seconds of the backend that built
it (``/proc/<pid>/stat``: GIN builds in one backend, no parallel workers; other load on
the server is not counted), the index size.

    python gin_build.py INI TABLE [256MB 64MB ...]

INI: the stack's ckan.ini (``ckan.datastore.write_url``); run on the stack's machine.
"""
from __future__ import annotations

import configparser
import json
import os
import sys
import time

import psycopg2

TICK = os.sysconf("SC_CLK_TCK")


def backend_cpu(pid: int) -> float:
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def main():
    ini, table, *mems = sys.argv[1:]
    cfg = configparser.ConfigParser(interpolation=None)
    cfg.read(ini)
    conn = psycopg2.connect(cfg["app:main"]["ckan.datastore.write_url"])
    for mem in mems or ["256MB"]:
        with conn.cursor() as cur:
            cur.execute("SELECT pg_backend_pid(), (SELECT count(*) FROM " + '"%s"' % table + ")")
            pid, rows = cur.fetchone()
            cur.execute("SET LOCAL maintenance_work_mem = %s", (mem,))
            c0, t0 = backend_cpu(pid), time.perf_counter()
            cur.execute(f'CREATE INDEX bench_gin_build ON "{table}" USING gin (_full_text)')
            seconds, cpu = time.perf_counter() - t0, backend_cpu(pid) - c0
            cur.execute("SELECT pg_relation_size('bench_gin_build')")
            size = cur.fetchone()[0]
        conn.rollback()
        print(json.dumps(dict(table=table, rows=rows, maintenance_work_mem=mem, seconds=round(seconds, 1),
                              backend_cpu=round(cpu, 1), index_mb=round(size / 2**20),
                              loadavg=os.getloadavg())), flush=True)


if __name__ == "__main__":
    main()
