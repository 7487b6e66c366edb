"""One ``package_show`` per harvested dataset, for both its activity and its index.

CKAN's activity plugin answers every ``package_create``/``package_update``
with its own ``package_show`` (dictize, schema validation, show hooks and a
Solr lookup), and the search index then shows the same dataset again: two
shows per written record. The importer
instead writes with the activity signal held back (``held_back``), shows the
dataset once (``shown``), and records the activity itself from that dict
(``record``): the same "new package" / "changed package" activity, with the
same permission labels, that the activity plugin would have written.

Holding the signal back is process-wide while a write runs. Harvest jobs run
in their own single-threaded processes (``ckan govopen harvest run``, the
harvest consumers), never in a web worker, so no other request loses its
activity.
"""
from __future__ import annotations

import contextlib

import ckan.model as ckan_model
import ckan.plugins as plugins
import ckan.plugins.toolkit as tk
from ckan import logic
from ckan.lib import signals


def enabled() -> bool:
    return plugins.plugin_loaded("activity")


@contextlib.contextmanager
def held_back():
    """Run CKAN writes without their ``action_succeeded`` receivers (the activity plugin)."""
    if not enabled():
        yield
        return
    with signals.action_succeeded.muted():
        yield


def shown(context, dataset_id):
    """``(default-schema dict, custom-schema dict)``: what the index needs; the custom
    one is exactly what ``package_show`` returns, which is what an activity stores."""
    return logic.package_show_default_and_custom_schemas(context, dataset_id)


def record(kind, package, actor):
    """The activity CKAN would have recorded for this write ("new"/"changed" package)
    by ``actor`` (a user dict), added to the write's session.

    The row is saved as ``activity_create`` saves it (``activity_dict_save``);
    its validation is skipped because all it would do is look up the user and the
    dataset again, which the job has in hand."""
    if not enabled() or not tk.config.get("ckan.activity_streams_enabled"):
        return
    from ckan.lib.plugins import get_permission_labels
    from ckanext.activity.model import activity_dict_save

    pkg = ckan_model.Package.get(package["id"])
    activity_dict_save({
        "user_id": actor["id"],
        "object_id": pkg.id,
        "activity_type": "%s package" % ("new" if kind == "create" else "changed"),
        "data": {"package": package, "actor": actor["name"]},
        "permission_labels": get_permission_labels().get_dataset_labels(pkg),
    }, {"session": ckan_model.Session})
