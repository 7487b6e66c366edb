"""What a harvest read, in numbers: ``python -m govopen_harvesters.report CONFIG``.

Reads the source (nothing is written anywhere) and prints, per source:
records read, mapped, valid against the standard, errored, whether the
source was read completely, and the most frequent reasons. ``--json`` prints
one JSON object instead. Exit status 1 when the source could not be read to
the end (a fatal error), 0 otherwise.

Local files are read only inside the file-share roots given with ``--root
NAME=PATH`` (or ``$GOVOPEN_HARVEST_ROOTS``, the same ``name=/path ...`` text
as CKAN's ``govopen.harvest.file_roots``), e.g. ``--root
realdata=../shared/realdata`` for ``config/harvest/realdata/``.
"""
import argparse
import collections
import json
import os
import sys
import time

import yaml

from . import config as config_mod
from . import places
from .pipeline import harvest
from .record import HarvestError


class Summary:
    """Counts over a stream of ``Record`` / ``HarvestError``."""

    def __init__(self, name=""):
        self.name = name
        self.read = self.mapped = self.valid = self.errored = 0
        self.fatal = []
        self.errors = []
        self.reasons = collections.Counter()
        self.started = time.monotonic()
        self.seconds = 0.0

    def add(self, item):
        if isinstance(item, HarvestError):
            self.errors.append(item)
            if item.fatal:
                self.fatal.append(item)
                self.reasons["error: %s" % item.code] += 1
            elif item.code != "source_bad_encoding":
                self.read += 1
                self.errored += 1
                self.reasons["error: %s" % item.code] += 1
            else:
                self.reasons["error: %s" % item.code] += 1
        else:
            self.read += 1
            self.mapped += 1
            if item.valid:
                self.valid += 1
            for reason in sorted({"%s: %s" % (p["field"], p["id"]) for p in item.problems}):
                self.reasons[reason] += 1
        self.seconds = time.monotonic() - self.started
        return item

    @property
    def complete(self):
        return not self.fatal

    def as_dict(self, top=5):
        return {
            "source": self.name, "read": self.read, "mapped": self.mapped,
            "valid": self.valid, "errored": self.errored, "complete": self.complete,
            "seconds": round(self.seconds, 3),
            "top_reasons": self.reasons.most_common(top),
            "fatal": [e.as_dict() for e in self.fatal],
        }

    def text(self, top=5):
        lines = ["%s: read %d, mapped %d (valid %d), errored %d%s  [%.2fs]" % (
            self.name, self.read, self.mapped, self.valid, self.errored,
            "" if self.complete else ", INCOMPLETE", self.seconds)]
        for reason, n in self.reasons.most_common(top):
            lines.append("  %6d  %s" % (n, reason))
        for e in self.fatal:
            lines.append("  fatal: " + e.message["en"])
            lines.append("  致命错误：" + e.message["zh"])
        return "\n".join(lines)


def summarize(cfg, state=None):
    """Run the source and return its ``Summary`` (and the records, in order)."""
    if not isinstance(cfg, dict) or "classification" not in cfg:
        cfg = config_mod.load(cfg)
    summary = Summary(cfg["name"])
    items = [summary.add(item) for item in harvest(cfg, state)]
    return summary, items


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python -m govopen_harvesters.report", description=__doc__.split("\n")[0])
    ap.add_argument("configs", nargs="+", help="source config YAML file(s)")
    ap.add_argument("--url", help="read from this URL instead of the config's")
    ap.add_argument("--path", help="read from this path (inside the config's root) instead of the config's")
    ap.add_argument("--root", action="append", default=[], metavar="NAME=PATH",
                    help="a file-share root local files may be read from (repeatable; default: "
                         "$GOVOPEN_HARVEST_ROOTS)")
    ap.add_argument("--json", action="store_true", help="one JSON object per source")
    ap.add_argument("--top", type=int, default=5, help="how many reasons to list")
    ap.add_argument("--errors", action="store_true", help="also list every error")
    args = ap.parse_args(argv)
    text = " ".join("%s=%s" % (name, os.path.abspath(where))
                    for name, _, where in (r.partition("=") for r in args.root))
    roots, problems = places.parse_roots(text or os.environ.get("GOVOPEN_HARVEST_ROOTS", ""))
    for problem in problems:
        print(problem.en + "\n" + problem.zh, file=sys.stderr)
    status = 0
    for path in args.configs:
        try:
            with open(path, encoding="utf-8") as f:
                raw = yaml.safe_load(f)
            if isinstance(raw, dict) and args.url:
                for key in ("path", "root"):
                    raw.pop(key, None)
            elif isinstance(raw, dict) and args.path:
                raw.pop("url", None)
            cfg = config_mod.load(raw if isinstance(raw, dict) else path, roots=roots,
                                  url=args.url, path=args.path)
        except (OSError, yaml.YAMLError) as e:
            print("%s: %s" % (path, e), file=sys.stderr)
            status = 2
            continue
        except config_mod.ConfigError as e:
            print(e.message["en"] + "\n" + e.message["zh"], file=sys.stderr)
            status = 2
            continue
        summary, _ = summarize(cfg)
        if args.json:
            print(json.dumps(summary.as_dict(args.top), ensure_ascii=False))
        else:
            print(summary.text(args.top))
            if args.errors:
                for e in summary.errors:
                    print("  - %s | %s" % (e.message["en"], e.message["zh"]))
        if not summary.complete:
            status = max(status, 1)
    return status


if __name__ == "__main__":
    sys.exit(main())
