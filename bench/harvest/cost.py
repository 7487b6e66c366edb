"""Where a harvested dataset's time goes: CPU per process, SQL statements, a profile.

    $GOVOPEN_STATE/venv/bin/python bench/harvest/cost.py --ini $GOVOPEN_STATE/ckan.ini \\
        [--limit N] [--workers 2[,3,4]] [--profile]

Harvests the first N records of the CDC data.json (all with 0) through a
fresh source, once per ``--workers`` value, on a running stack (a scratch
one: every run adds datasets), and prints one JSON line per run:

- ``datasets_per_second``;
- CPU seconds of the job's processes (this one and its import workers, start-up
  excluded), of PostgreSQL (the postmaster and its backends) and of Solr, read
  from ``/proc`` before and after, and each divided by the datasets created;
- with one worker, SQL statements per created dataset (counted on the engine),
  and with ``--statements N`` the N most frequent statements (their first words);
- with ``--profile`` (one worker only), the cProfile time per created dataset of
  the steps a harvested write goes through;
- with ``--gc`` (one worker only), the seconds this process spent in garbage
  collection during the job, and with ``--freeze`` the same after ``gc.freeze()``
  (what the job does before forking its import workers).
"""
import argparse
import collections
import cProfile
import gc
import json
import os
import pstats
import resource
import sys
import tempfile
import time
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import bench  # noqa: E402  (the CDC file and its local HTTP server)

STEPS = {   # label -> (file suffix, function name) in cProfile's keys
    "package_create": ("ckan/logic/action/create.py", "package_create"),
    "  validators (scheming + standard + gate)": ("ckan/lib/plugins.py", "plugin_validate"),
    "  package_dict_save": ("ckan/lib/dictization/model_save.py", "package_dict_save"),
    "  session flushes": ("sqlalchemy/orm/scoping.py", "flush"),
    "one show (for index and activity)": ("govopen/harvest/activity.py", "shown"),
    "activity row": ("govopen/harvest/activity.py", "record"),
    "Solr document (sent in batches)": ("ckan/lib/search/index.py", "index_package"),
    "gate checks before the write": ("govopen/harvest/importer.py", "blockers"),
    "harvest record row": ("govopen/harvest/model.py", "save_record"),
}


def clock_ticks(pid):
    """utime + stime of a process and its waited-for children, in seconds."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return sum(int(v) for v in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def children(pid):
    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open("/proc/%s/stat" % entry) as f:
                    if int(f.read().rsplit(")", 1)[1].split()[1]) == pid:
                        out.append(int(entry))
            except OSError:
                pass
    return out


def server_cpu(state):
    """CPU seconds so far of PostgreSQL (postmaster + live backends) and Solr."""
    with open(os.path.join(state, "pg", "data", "postmaster.pid")) as f:
        pg = int(f.readline())
    with open(os.path.join(state, "run", "solr.pid")) as f:
        solr = int(f.read().strip())
    pg_total = clock_ticks(pg)
    for child in children(pg):
        try:
            pg_total += clock_ticks(child)
        except OSError:
            pass
    return {"postgresql": pg_total, "solr": clock_ticks(solr)}


def own_cpu():
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def profile_steps(prof, created):
    stats = pstats.Stats(prof).stats
    out = {}
    for label, (suffix, name) in STEPS.items():
        total = sum(v[3] for (path, _line, fn), v in stats.items() if fn == name and path.endswith(suffix))
        out[label] = round(1000 * total / created, 1)
    return out


class GcClock:
    """Seconds spent in garbage collection while installed (``gc.callbacks``)."""

    def __init__(self):
        self.seconds, self.collections, self._start = 0.0, [0, 0, 0], 0.0

    def __call__(self, phase, info):
        if phase == "start":
            self._start = time.perf_counter()
        else:
            self.seconds += time.perf_counter() - self._start
            self.collections[info["generation"]] += 1


def run_once(url, department, workers, profile, state, pstats_file=None, gc_clock=False, freeze=False,
             top=0):
    import ckan.model as model
    import sqlalchemy as sa
    from ckanext.govopen.harvest import job, sources
    from ckanext.govopen.harvest.importer import site_context

    name = "cost-cdc-%s" % uuid.uuid4().hex[:6]
    with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as f:
        json.dump({"name": name, "type": "datajson", "url": "%s?%s" % (url, name), "department": department,
                   "resource_code_prefix": "USCDC", "defaults": {"language": "en"}}, f)
    source = sources.from_file(site_context(), f.name)
    statements = collections.Counter()

    def count(_conn, _cursor, statement, *_args):
        statements[" ".join(statement.split())[:90]] += 1

    sa.event.listen(model.meta.engine, "before_cursor_execute", count)
    prof = cProfile.Profile() if profile else None
    clock = GcClock() if gc_clock else None
    if freeze:
        gc.collect()
        gc.freeze()
    if clock:
        gc.callbacks.append(clock)
    servers, mine, started = server_cpu(state), own_cpu(), time.monotonic()
    if prof:
        prof.enable()
    rep = job.run(source, import_workers=workers).as_dict()
    if prof:
        prof.disable()
    if clock:
        gc.callbacks.remove(clock)
    if freeze:
        gc.unfreeze()
    seconds = time.monotonic() - started
    mine, after = own_cpu() - mine, server_cpu(state)
    sa.event.remove(model.meta.engine, "before_cursor_execute", count)
    created = rep["created"] or 1
    cpu = {"job processes": mine, **{k: after[k] - servers[k] for k in after}}
    out = {"workers": workers, "records": rep["read"], "created": rep["created"], "errored": rep["errored"],
           "seconds": round(seconds, 2), "datasets_per_second": round(rep["created"] / seconds, 1),
           "cpu_seconds": {k: round(v, 1) for k, v in cpu.items()},
           "cpu_ms_per_dataset": {k: round(1000 * v / created, 1) for k, v in cpu.items()}}
    out["cpu_ms_per_dataset"]["total"] = round(sum(out["cpu_ms_per_dataset"].values()), 1)
    if workers <= 1:
        out["sql_statements_per_dataset"] = round(sum(statements.values()) / created, 1)
        if top:
            out["most_frequent_statements_per_dataset"] = {
                text: round(n / created, 2) for text, n in statements.most_common(top)}
    if clock:
        out["gc"] = {"frozen": freeze, "seconds": round(clock.seconds, 2),
                     "collections_per_generation": clock.collections}
    if prof:
        out["profiled_ms_per_dataset"] = profile_steps(prof, created)
        if pstats_file:
            prof.dump_stats(pstats_file)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ini", required=True)
    ap.add_argument("--limit", type=int, default=0, help="only the first N records (0: all 1,359)")
    ap.add_argument("--workers", default="2", help="comma-separated: one run per value")
    ap.add_argument("--department", default="bj-stats", help="an existing organization")
    ap.add_argument("--profile", action="store_true", help="cProfile the run (one worker only)")
    ap.add_argument("--statements", type=int, default=0, metavar="N",
                    help="with --workers 1: the N most frequent SQL statements per created dataset")
    ap.add_argument("--gc", action="store_true", help="time spent in garbage collection (one worker only)")
    ap.add_argument("--freeze", action="store_true", help="gc.freeze() before the job, as before forking workers")
    ap.add_argument("--pstats", help="with --profile: also write the raw profile here (for pstats/snakeviz)")
    args = ap.parse_args()
    workers = [int(w) for w in args.workers.split(",")]
    if (args.profile or args.gc) and any(w > 1 for w in workers):
        ap.error("--profile and --gc need --workers 1 (they see this process only)")
    state = os.path.dirname(os.path.abspath(args.ini))

    from ckan.cli import load_config
    from ckan.config.middleware import make_app

    app = make_app(load_config(args.ini))
    srv, url, _n = bench.serve(bench.CDC, args.limit)
    try:
        with app._wsgi_app.test_request_context():
            for w in workers:
                print(json.dumps(run_once(url, args.department, w, args.profile, state, args.pstats, args.gc,
                                      args.freeze, args.statements), ensure_ascii=False),
                      flush=True)
    finally:
        srv.__exit__(None, None, None)


if __name__ == "__main__":
    main()
