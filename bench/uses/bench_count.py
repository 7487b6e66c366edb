"""What counting a use costs on the hot path: ours (one Redis HINCRBY per call,
uses/count.py) against a write per request to PostgreSQL (an upsert and a
commit per call, as a counter without a buffer would do; CKAN's tracking
plugin likewise inserts one row per request), alternating in blocks, one run.

    $GOVOPEN_STATE/venv/bin/python bench/uses/bench_count.py [--ini $GOVOPEN_STATE/ckan.ini] [--calls 2000] [--threads 1,8]

Each side counts into its own scratch key/table (dropped at the end): nothing
of the site's counts is touched. Prints per-call median and p95 (µs) and the
calls per second with N threads, and the ratios PostgreSQL/Redis.
"""
from __future__ import annotations

import argparse
import configparser
import os
import statistics
import threading
import time
import uuid

import redis
import sqlalchemy as sa


def urls(ini):
    cp = configparser.ConfigParser(interpolation=None, strict=False)
    cp.read(ini)
    return cp["app:main"]["sqlalchemy.url"], cp["app:main"]["ckan.redis.url"]


def main():
    state = os.environ.get("GOVOPEN_STATE", ".govopen")
    ap = argparse.ArgumentParser()
    ap.add_argument("--ini", default=os.path.join(state, "ckan.ini"))
    ap.add_argument("--calls", type=int, default=2000)
    ap.add_argument("--threads", default="1,8")
    ap.add_argument("--rounds", type=int, default=4)
    args = ap.parse_args()
    db_url, redis_url = urls(args.ini)
    engine = sa.create_engine(db_url, pool_size=16)
    r = redis.Redis.from_url(redis_url)
    key = "bench:uses:" + uuid.uuid4().hex
    table = "bench_uses_" + uuid.uuid4().hex[:8]
    with engine.begin() as c:
        c.execute(sa.text(f"CREATE TABLE {table} (package_id text primary key, downloads bigint not null)"))
    resources = [str(uuid.uuid4()) for _ in range(50)]

    def redis_call(i):
        r.hincrby(key, "d:" + resources[i % 50], 1)

    def pg_call(i, conn):
        conn.execute(sa.text(f"INSERT INTO {table} VALUES (:p, 1) ON CONFLICT (package_id) "
                             f"DO UPDATE SET downloads = {table}.downloads + 1"), {"p": resources[i % 50]})
        conn.commit()

    def timed(side, n):
        out = []
        conn = engine.connect() if side == "pg" else None
        for i in range(n):
            t = time.perf_counter()
            redis_call(i) if side == "redis" else pg_call(i, conn)
            out.append((time.perf_counter() - t) * 1e6)
        if conn is not None:
            conn.close()
        return out

    def throughput(side, threads, n):
        per = n // threads
        ts = [threading.Thread(target=timed, args=(side, per)) for _ in range(threads)]
        t = time.perf_counter()
        for th in ts:
            th.start()
        for th in ts:
            th.join()
        return per * threads / (time.perf_counter() - t)

    try:
        lat = {"redis": [], "pg": []}
        rate = {(s, k): [] for s in lat for k in map(int, args.threads.split(","))}
        for _ in range(args.rounds):
            for side in ("redis", "pg"):            # alternating, one block each per round
                lat[side] += timed(side, args.calls // args.rounds)
                for k in map(int, args.threads.split(",")):
                    rate[(side, k)].append(throughput(side, k, args.calls // args.rounds))
        total_redis = sum(int(v) for v in r.hgetall(key).values())
        with engine.connect() as c:
            total_pg = c.execute(sa.text(f"SELECT sum(downloads) FROM {table}")).scalar()
        for side in ("redis", "pg"):
            q = statistics.quantiles(lat[side], n=20)
            print(f"{side:5s} per call: median {statistics.median(lat[side]):8.1f} µs  p95 {q[18]:8.1f} µs")
        med = {s: statistics.median(lat[s]) for s in lat}
        print(f"ratio pg/redis per call (median): {med['pg'] / med['redis']:.1f}x")
        for k in map(int, args.threads.split(",")):
            rr, pp = statistics.median(rate[("redis", k)]), statistics.median(rate[("pg", k)])
            print(f"{k} threads: redis {rr:8.0f}/s  pg {pp:8.0f}/s  ratio redis/pg {rr / pp:.1f}x")
        print(f"counted: redis {total_redis}, pg {total_pg} (equal: {total_redis == total_pg})")
    finally:
        r.delete(key)
        with engine.begin() as c:
            c.execute(sa.text(f"DROP TABLE IF EXISTS {table}"))


if __name__ == "__main__":
    main()
