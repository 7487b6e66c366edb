"""`ckan govopen verdict refresh [--all [--stale] | DATASET ...]`: recompute and store verdicts.

For a catalog upgraded to the stored verdict, or after the classification
policy changed (readers already recompute a verdict of another policy on the
fly; this stores it and updates the search index's ``effective_open_type``).

``--all --stale``: after an upgrade that did not change the code deciding
verdicts and locations (``make up`` after a migration): every active dataset
is read (``records``: from the search index in bulk while its copy is the
database's, else ``package_show``), its verdict computed and compared with the
stored one, in batches; only those are refreshed (with their activity
copies) whose stored verdict differs, or whose resource rows, views or
activity copies are not where their verdict puts them
(``access.locations.out_of_place``: the same rules that move them). The
others are left as they are: their verdict is stored and their rows hold no
location it forbids.
"""
from __future__ import annotations

from collections import Counter

import click

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.govopen import records
from ckanext.govopen.access import locations
from ckanext.govopen.cli import dataset_ids, datasets_chosen
from ckanext.govopen.verdict import compute, hooks
from ckanext.govopen.verdict import model as vmodel

#: datasets read and compared at a time (``--stale``)
BATCH = 1000


@click.group("verdict")
def verdict():
    """Datasets' verdicts: what the public may have of them."""


def stale(ids: list) -> list:
    """The datasets of ``ids`` whose stored verdict is not the one computed now, or
    whose rows are not where it puts them, in their order."""
    found: set = set()
    with click.progressbar(length=len(ids), label="verdicts checked", show_pos=True) as bar:
        for i in range(0, len(ids), BATCH):
            chunk = ids[i:i + BATCH]
            stored = vmodel.get_many(model.Session, chunk)
            verdicts = {d["id"]: compute.compute(d) for d in records.by_ids(chunk)}
            found |= {p for p, value in verdicts.items() if stored.get(p) != value}
            kept = {p: value["open_type"] for p, value in verdicts.items() if p not in found}
            found |= locations.out_of_place([p for p, t in kept.items() if t != "unconditional"],
                                            [p for p, t in kept.items() if t == "unconditional"])
            model.Session.expunge_all()
            bar.update(len(chunk))
    return [package_id for package_id in ids if package_id in found]


@verdict.command("refresh")
@datasets_chosen()
@click.option("--stale", "only_stale", is_flag=True,
              help="With --all: only datasets whose stored verdict is not the one computed now, or whose "
                   "rows, views or activity copies are not where it puts them (after an upgrade).")
@click.option("--dry-run", is_flag=True, help="With --stale: count them, refresh none.")
def refresh(datasets, every, only_stale, dry_run):
    """Recompute the verdict of DATASET(s) (names or ids), or of all datasets."""
    ids = dataset_ids(datasets, every)
    if ids is None:
        ids = [r.id for r in model.Session.query(model.Package.id).filter(
            model.Package.state == "active", model.Package.type == "dataset").order_by(model.Package.id).all()]
        if only_stale:
            checked = len(ids)
            ids = stale(ids)
            click.echo("verdict: {n} of {c} datasets to refresh".format(n=len(ids), c=checked))
            if dry_run:
                return
    counts: Counter = Counter()
    with click.progressbar(ids, label="verdicts", show_pos=True) as bar:
        for package_id in bar:
            try:
                # the activity copies too: those written before their locations moved
                counts[hooks.refresh(package_id, scrub=True)["open_type"]] += 1
            except tk.ObjectNotFound:
                counts["gone"] += 1
    click.secho("verdict: {n} datasets: {u} unconditional, {c} conditional, {x} not open".format(
        n=len(ids), u=counts["unconditional"], c=counts["conditional"], x=counts["none"]), fg="green")
