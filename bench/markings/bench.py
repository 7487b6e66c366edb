"""Security markings and personal data in the metadata of every real catalog, before and after.

    $GOVOPEN_STATE/venv/bin/python bench/markings/bench.py [--list-held] [--json out.json]

Reads each source of config/harvest/realdata/ with the harvest connectors
and the standard's mapping (CKAN-free: nothing is written), keeps the
records the harvest would create (valid against the standard) and counts,
per catalog:

- held before: records the markings check holds with the rules of 699b6aa
  (``scan/markings.py`` read from git and loaded as a module in this run);
- held after: the same with the current rules (same policy file, same fields);
- metadata PII: records the ``metadata_privacy`` check would hold (personal
  values in any free-text field), and the e-mail addresses seen there, which
  do not count (published contacts);

and the recall on the labelled true markings (tests/data/markings_labelled.yaml)
before and after, with the known false positives still held. ``--list-held``
prints every held record with the marking and its field.
"""
import argparse
import contextlib
import glob
import json
import os
import subprocess
import sys
import time
import types

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
REALDATA = os.path.abspath(os.path.join(ROOT, "..", "shared", "realdata"))
CONFIGS = os.path.join(ROOT, "config", "harvest", "realdata")
LABELLED = os.path.join(ROOT, "tests", "data", "markings_labelled.yaml")
BASE = "699b6aa"
MODULE = "ckanext-govopen/ckanext/govopen/scan/markings.py"

from govopen_harvesters import config as config_mod            # noqa: E402
from govopen_harvesters.pipeline import harvest                 # noqa: E402
from govopen_harvesters.record import HarvestError, Listing     # noqa: E402

from ckanext.govopen.classification import policy               # noqa: E402
from ckanext.govopen.gate.checks import metadata_privacy        # noqa: E402
from ckanext.govopen.scan import markings                       # noqa: E402
from ckanext.govopen.scan.metadata import scan_metadata         # noqa: E402


def old_markings():
    """``scan/markings.py`` as it was at 699b6aa, as a module of its own."""
    source = subprocess.check_output(["git", "-C", ROOT, "show", "%s:%s" % (BASE, MODULE)], text=True)
    module = types.ModuleType("markings_%s" % BASE)
    exec(compile(source, "%s:%s" % (BASE, MODULE), "exec"), module.__dict__)
    return module


@contextlib.contextmanager
def rules(module):
    """The policy's markings check with ``module``'s scan_markings."""
    current = markings.scan_markings
    markings.scan_markings = module.scan_markings
    try:
        yield
    finally:
        markings.scan_markings = current


def records(path):
    with open(path, encoding="utf-8") as f:
        raw = yaml.safe_load(f)
    raw["path"] = raw["path"].replace("${GOVOPEN_REALDATA:-../../../../shared/realdata}", REALDATA)
    out = []
    for item in harvest(config_mod.load(raw)):
        if isinstance(item, (HarvestError, Listing)) or not item.valid:
            continue
        ds = dict(item.dataset, resources=[r.as_dict() for r in item.resources])
        ds["tags"] = [{"name": t} for t in ds.get("tags") or []]
        out.append((item.source_id, ds))
    return raw["name"], out


def recall(module, labelled, hold):
    caught = [x for x in labelled["true_markings"]
              if any(m.term == x["term"] and m.strength in hold for m in module.scan_markings(x["text"]))]
    held_fp = [x for x in labelled["false_positives"]
               if any(m.strength in hold for m in module.scan_markings(x["text"]))]
    return len(caught), len(labelled["true_markings"]), len(held_fp), len(labelled["false_positives"])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--list-held", action="store_true")
    ap.add_argument("--json")
    args = ap.parse_args()
    old = old_markings()
    hold = set((policy.load().get("markings") or {}).get("hold") or ["strong", "weak"])
    schema = metadata_privacy.schema_rules()
    rows = []
    metadata_seconds = [0.0]
    started = time.monotonic()
    for path in sorted(glob.glob(os.path.join(CONFIGS, "*.yaml"))):
        name, recs = records(path)
        row = {"catalog": name, "records": len(recs), "held_before": 0, "held_after": 0,
               "metadata_pii": 0, "emails_seen": 0}
        for source_id, ds in recs:
            for key, module in (("held_before", old), ("held_after", markings)):
                with rules(module):
                    found = policy.markings_to_review(ds)
                if found:
                    row[key] += 1
                    if args.list_held:
                        print("%s\t%s\t%s\t%s" % (key, name, source_id,
                                                  "; ".join("%s: %s" % (m["field"], m["term"]) for m in found)))
            t0 = time.perf_counter()
            pii = scan_metadata(ds, schema["closed"], schema["resource_closed"], schema["contact"])
            metadata_seconds[0] += time.perf_counter() - t0
            if pii:
                row["metadata_pii"] += 1
                if args.list_held:
                    print("metadata_pii\t%s\t%s\t%s" % (name, source_id,
                                                        "; ".join("%s: %s" % (f.field, f.masked) for f in pii)))
            row["emails_seen"] += len(scan_metadata(ds, schema["closed"], schema["resource_closed"], (),
                                                    personal={"email"}))
        rows.append(row)
        print(json.dumps(row, ensure_ascii=False), flush=True)
    with open(LABELLED, encoding="utf-8") as f:
        labelled = yaml.safe_load(f)
    result = {"catalogs": rows, "seconds": round(time.monotonic() - started, 1),
              "metadata_scan_seconds": round(metadata_seconds[0], 2),
              "recall_before": recall(old, labelled, hold), "recall_after": recall(markings, labelled, hold)}
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(result, f, ensure_ascii=False, indent=1)
    print(markdown(result))
    return 0


def markdown(result):
    lines = ["| catalog | records | held before (699b6aa) | held after | metadata PII held | e-mails in metadata (not held) |",
             "|---|---:|---:|---:|---:|---:|"]
    total = {"records": 0, "held_before": 0, "held_after": 0, "metadata_pii": 0, "emails_seen": 0}
    for r in result["catalogs"]:
        lines.append("| %(catalog)s | %(records)d | %(held_before)d | %(held_after)d | %(metadata_pii)d | "
                     "%(emails_seen)d |" % r)
        for k in total:
            total[k] += r[k]
    lines.append("| **all** | %(records)d | %(held_before)d | %(held_after)d | %(metadata_pii)d | %(emails_seen)d |"
                 % total)
    for when in ("before", "after"):
        caught, n, fp, nfp = result["recall_" + when]
        lines.append("")
        lines.append("Labelled set, %s: %d of %d true markings held (recall %.3f); %d of %d known false "
                     "positives held." % (when, caught, n, caught / n, fp, nfp))
    lines.append("")
    records = sum(r["records"] for r in result["catalogs"])
    lines.append("%.1f s in all (reading the catalogs included); the metadata scan took %.2f s for %d records "
                 "(%.3f ms each)." % (result["seconds"], result["metadata_scan_seconds"], records,
                                      1000 * result["metadata_scan_seconds"] / max(records, 1)))
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
