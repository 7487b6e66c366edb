"""Run a script with a venv's editable govopen install pointed at another checkout
(a before/after benchmark on one stack, e.g. the base commit in a ``git worktree``):

    $GOVOPEN_STATE/venv/bin/python bench/harvest/as_code.py /path/to/checkout bench/harvest/bench.py ARGS...

The editable install (``pip install -e``) resolves ``ckanext.govopen``,
``govopen_harvesters`` and ``govopen_standards`` through a finder whose table
names the checkout it was installed from (here ``/work/main``); this rewrites
that table before anything is imported. Forked import workers inherit it."""
import runpy
import sys

import __editable___govopen_0_1_0_finder as finder

code = sys.argv[1].rstrip("/")
for table in (finder.MAPPING, finder.NAMESPACES):
    for key, value in list(table.items()):
        table[key] = (value.replace("/work/main", code) if isinstance(value, str)
                      else [v.replace("/work/main", code) for v in value])
sys.argv = sys.argv[2:]
runpy.run_path(sys.argv[0], run_name="__main__")
