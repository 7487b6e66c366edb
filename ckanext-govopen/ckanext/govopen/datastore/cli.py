"""`ckan govopen datastore load|reload|purge`: the Data API's tables by hand.

- ``load``: run the content pipeline's validation and load for tables that
  may be in the Data API (every resource of the named datasets, or ``--all``);
  an unchanged, loaded table is left as it is.
- ``reload``: the same, loading again even when nothing changed.
- ``purge``: drop every DataStore table whose resource is gone or deleted,
  whose dataset is deleted or not open, and clear their ``datastore_active``.
"""
from __future__ import annotations

from collections import Counter

import click

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.govopen import content_job
from ckanext.govopen.cli import dataset_ids, datasets_chosen
from ckanext.govopen.verdict import compute

from . import load as loader
from . import messages, store

GONE = messages.message("gone")


def _resource_ids(datasets, every) -> list:
    chosen = dataset_ids(datasets, every)
    q = model.Session.query(model.Resource.id).join(model.Package, model.Package.id == model.Resource.package_id) \
        .filter(model.Resource.state == "active", model.Package.state == "active")
    if chosen is not None:
        q = q.filter(model.Package.id.in_(chosen))
    return [r[0] for r in q.order_by(model.Resource.package_id, model.Resource.position).all()]


def _run(datasets, every, force):
    counts: Counter = Counter()
    ids = _resource_ids(datasets, every)
    with click.progressbar(ids, label="datastore", show_pos=True) as bar:
        for rid in bar:
            done = content_job.check_resource(rid, force=force, only=("validation", "datastore")) or {}
            state = done.get("datastore")
            counts[(state or {}).get("status") or "not a table"] += 1
    click.secho("datastore: {n} resources: {l} loaded, {e} not loadable, {d} out of the Data API, "
                "{t} not tables".format(n=len(ids), l=counts[store.LOADED], e=counts[store.ERROR],
                                        d=counts[store.DROPPED] + counts["none"], t=counts["not a table"]),
                fg="green")


@click.group("datastore")
def datastore():
    """The Data API's tables in CKAN's DataStore / 数据接口的数据表."""


@datastore.command("load")
@datasets_chosen()
def load_command(datasets, every):
    """Load the tables of DATASET(s) that may be in the Data API (unchanged ones are kept)."""
    _run(datasets, every, force=False)


@datastore.command("reload")
@datasets_chosen()
def reload_command(datasets, every):
    """Load the tables of DATASET(s) again, changed or not."""
    _run(datasets, every, force=True)


@datastore.command("purge")
def purge_command():
    """Drop the tables of deleted resources and datasets, and of datasets not open."""
    dropped = 0
    ids = store.loaded_ids()
    with click.progressbar(ids, label="datastore purge", show_pos=True) as bar:
        for rid in bar:
            res = model.Resource.get(rid)
            pkg = model.Package.get(res.package_id) if res is not None else None
            if res is None or pkg is None or res.state != "active" or pkg.state != "active":
                dropped += store.drop(rid, pkg.id if pkg else None, GONE)
                if res is not None:
                    loader.set_active(rid, False)
                continue
            dataset = tk.get_action("package_show")({"ignore_auth": True}, {"id": pkg.id})
            if compute.compute(dataset)["open_type"] not in ("unconditional", "conditional"):
                dropped += loader.take_out(rid, pkg.id, loader.NOT_OPEN)
    click.secho(f"datastore purge: {len(ids)} tables, {dropped} dropped", fg="green")
