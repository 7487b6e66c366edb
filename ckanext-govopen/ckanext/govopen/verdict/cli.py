"""`ckan govopen verdict refresh [--all | DATASET ...]`: recompute and store verdicts.

For a catalog upgraded to the stored verdict, or after the classification
policy changed (readers already recompute a verdict of another policy on the
fly; this stores it and updates the search index's ``effective_open_type``).
"""
from __future__ import annotations

from collections import Counter

import click

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.govopen.cli import dataset_ids, datasets_chosen
from ckanext.govopen.verdict import hooks


@click.group("verdict")
def verdict():
    """Datasets' verdicts: what the public may have of them."""


@verdict.command("refresh")
@datasets_chosen()
def refresh(datasets, every):
    """Recompute the verdict of DATASET(s) (names or ids), or of all datasets."""
    ids = dataset_ids(datasets, every)
    if ids is None:
        ids = [r.id for r in model.Session.query(model.Package.id).filter(
            model.Package.state == "active", model.Package.type == "dataset").all()]
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
