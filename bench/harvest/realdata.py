"""Every real catalog in ../shared/realdata harvested into CKAN, twice, with per-source counts.

    $GOVOPEN_STATE/venv/bin/python bench/harvest/realdata.py --ini $GOVOPEN_STATE/ckan.ini \
        [--only cdc-datajson,brazil-ckan] [--json bench/out/harvest/realdata.json]

For each config in config/harvest/realdata/ (run it on a scratch stack: it
adds ~13,000 private datasets): the source is served the way a department
would serve it (the five agency data.json files and the German DCAT-AP
catalogs over a local HTTP server; the Brazilian package_search dump as a
CKAN Action API with paging; the Chinese portal listings read as exported
files), its department is created when missing, and two harvest jobs run
through CKAN (the same code as ``ckan govopen harvest run``): the first
writes, the second must find everything unchanged. Prints one JSON line per
job and, at the end, a Markdown table for bench/RESULTS.md.
"""
import argparse
import glob
import gzip
import json
import os
import sys
import tempfile
import time

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
REALDATA = os.path.abspath(os.path.join(ROOT, "..", "shared", "realdata"))
CONFIGS = os.path.join(ROOT, "config", "harvest", "realdata")
sys.path.insert(0, ROOT)
from tests.unit.test_harvesters_ckan_api import FakeCKAN      # noqa: E402  the tests' fake CKAN API
from tests.local_server import LocalServer    # noqa: E402  and local HTTP server

CONTENT_TYPES = {"datajson": "application/json", "dcat_rdf": "application/rdf+xml"}
RDF_TYPES = {".ttl": "text/turtle", ".jsonld": "application/ld+json", ".rdf": "application/rdf+xml",
             ".xml": "application/rdf+xml"}


def serve_source(server, raw):
    """Point ``raw`` (a source config) at ``server`` instead of its file, as a department serves it."""
    path = raw.get("path")
    kind = raw["type"]
    if kind == "datajson":
        raw["url"] = server.add_file("/%s/data.json" % raw["name"], path, "application/json")
    elif kind == "dcat_rdf":
        ext = os.path.splitext(path[:-3] if path.endswith(".gz") else path)[1]
        raw["url"] = server.add_file("/%s/catalog%s" % (raw["name"], ext), path, RDF_TYPES.get(ext, "text/turtle"))
    elif kind == "ckan_api":
        with gzip.open(path, "rt", encoding="utf-8") as f:
            packages = json.load(f)["result"]["results"]
        server.add("/%s/api/3/action/package_search" % raw["name"], FakeCKAN(packages))
        raw["url"] = server.url("/%s" % raw["name"])
    else:                                       # portal listings: exported files, read as such
        raw["path"] = os.path.relpath(path, REALDATA)       # in the ini's file-share root `realdata`
        return raw
    raw.pop("path", None)
    raw.pop("root", None)
    return raw


def department_code(n):
    """A valid unified social credit code (GB 32100) for the n-th bench department."""
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    weights = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
    first = "9111000077%07d" % (4200 + n)
    total = sum(alphabet.index(c) * w for c, w in zip(first, weights))
    return first + alphabet[(31 - total % 31) % 31]


def ensure_department(name, n):
    import ckan.plugins.toolkit as tk
    from ckanext.govopen.harvest.importer import site_context

    try:
        tk.get_action("organization_show")(site_context(), {"id": name, "include_datasets": False})
    except tk.ObjectNotFound:
        tk.get_action("organization_create")(site_context(), {
            "name": name, "title": name, "provider_code": department_code(n)})


def run_source(path, server, n, suffix=""):
    from ckanext.govopen.harvest import job, sources
    from ckanext.govopen.harvest.importer import site_context

    with open(path, encoding="utf-8") as f:
        raw = yaml.safe_load(f)
    raw["path"] = os.path.join(REALDATA, raw["path"])        # `root: realdata` + a relative path
    raw["name"] += suffix
    raw.setdefault("department", "cn-" + raw["name"])
    serve_source(server, raw)
    ensure_department(raw["department"], n)
    with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False, encoding="utf-8") as f:
        json.dump(raw, f, ensure_ascii=False)
    source = sources.from_file(site_context(), f.name)
    out = []
    for run in ("first", "second"):
        started = time.monotonic()
        report = job.run(source, progress=lambda *a: None).as_dict()
        report["wall_seconds"] = round(time.monotonic() - started, 2)
        report["run"] = run
        report["type"] = raw["type"]
        report["first_errors"] = [dict(code=e["code"], record_id=e.get("record_id"), en=e["en"][:200])
                                  for e in report.pop("errors")[:3]]
        print(json.dumps(report, ensure_ascii=False, default=str), flush=True)
        out.append(report)
    return out


def markdown(results):
    lines = ["| source | type | read | created | blocked (by gate) | errored | 2nd run: unchanged / written | "
             "read to the end | first run s | top reasons |", "|---|---|---:|---:|---|---:|---|---|---:|---|"]
    for first, second in results:
        gates = ", ".join("%s %d" % kv for kv in first["blocked_by_gate"].items())
        reasons = "; ".join("%s (%d)" % (r, c) for r, c in first["top_reasons"][:3])
        lines.append("| %s | %s | %d | %d | %d (%s) | %d | %d / %d | %s | %.1f | %s |" % (
            first["source"], first["type"], first["read"], first["created"], first["blocked"], gates,
            first["errored"], second["unchanged"], second["created"] + second["updated"],
            "yes" if first["complete"] else "no", first["wall_seconds"], reasons))
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ini", required=True)
    ap.add_argument("--only", help="comma-separated source names")
    ap.add_argument("--json", help="write all reports here")
    ap.add_argument("--suffix", default="", help="added to source names (a fresh set of sources)")
    args = ap.parse_args()

    from ckan.cli import load_config
    from ckan.config.middleware import make_app

    app = make_app(load_config(args.ini))
    paths = sorted(glob.glob(os.path.join(CONFIGS, "*.yaml")))
    if args.only:
        wanted = set(args.only.split(","))
        paths = [p for p in paths if os.path.basename(p)[:-5] in wanted]
    results = []
    with LocalServer() as server, app._wsgi_app.test_request_context():
        for n, path in enumerate(paths):
            results.append(run_source(path, server, n, args.suffix))
    if args.json:
        os.makedirs(os.path.dirname(os.path.abspath(args.json)), exist_ok=True)
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(results, f, ensure_ascii=False, indent=1, default=str)
    print(markdown(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
