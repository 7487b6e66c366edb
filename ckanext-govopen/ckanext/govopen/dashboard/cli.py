"""`ckan govopen dashboard refresh [--all | DATASET ...]`: compute the dashboard's kept facts.

After migration 0014 (an empty table), after a bulk load written behind CKAN, or
to see an approval at once: computes the facts of the datasets named, or with
``--all`` of every active dataset whose kept facts are missing or stale
(``--force``: of every one), in batches committed as they go; removes the rows
of purged datasets; then drops the cached figures.
"""
from __future__ import annotations

import time

import click

from ckanext.govopen.cli import dataset_ids, datasets_chosen

from . import cache, facts


@click.group("dashboard")
def dashboard():
    """The open-data dashboard's kept figures."""


@dashboard.command("refresh")
@datasets_chosen("Every active dataset whose kept facts are missing or stale.")
@click.option("--force", is_flag=True, help="With --all: every active dataset, stale or not.")
def refresh(datasets, every, force):
    """Compute the dashboard facts of DATASET(s) (names or ids), or of all datasets."""
    ids = dataset_ids(datasets, every)
    if ids is None:
        ids = facts.stale_ids(force=force)
    started = time.monotonic()
    done = 0
    with click.progressbar(length=len(ids), label="dashboard facts", show_pos=True) as bar:
        for i in range(0, len(ids), facts.BATCH):
            chunk = ids[i:i + facts.BATCH]
            done += len(facts.refresh(chunk))
            bar.update(len(chunk))
    pruned = facts.prune()
    cache.bump()
    click.secho("dashboard: facts of {n} datasets computed in {s:.0f} s; {p} rows of purged datasets "
                "removed".format(n=done, s=time.monotonic() - started, p=pruned), fg="green")
