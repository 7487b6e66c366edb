"""`ckan govopen scan [--all | DATASET ...]`: scan resources for personal information now."""
from __future__ import annotations

import click

from ckanext.govopen.cli import dataset_ids, datasets_chosen


@click.command("scan")
@datasets_chosen("Every resource of every active dataset.")
@click.option("--force", is_flag=True, help="Scan again even when the same content was scanned before.")
def scan(datasets, every, force):
    """Scan the resources of DATASET(s) (names or ids), or of all datasets, in this process."""
    import ckan.model as model
    import ckan.plugins.toolkit as tk

    from ckanext.govopen.privacy import jobs

    chosen = dataset_ids(datasets, every)
    if chosen is None:
        rows = (model.Session.query(model.Resource.id).join(model.Package,
                                                            model.Package.id == model.Resource.package_id)
                .filter(model.Package.state == "active", model.Resource.state == "active").all())
        ids = [r.id for r in rows]
    else:
        ids = []
        for package_id in chosen:
            pkg = tk.get_action("package_show")({"ignore_auth": True}, {"id": package_id})
            ids.extend(r["id"] for r in pkg.get("resources") or [])
    counts = {"done": 0, "failed": 0, "held": 0, "not_applicable": 0, "no_content": 0, "pii": 0}
    with click.progressbar(ids, label="scanning resources", show_pos=True) as bar:
        for rid in bar:
            result = jobs.scan_resource(rid, force=force)
            counts[result["status"] if result else "no_content"] += 1
            counts["pii"] += bool(result and result.get("has_pii"))
    click.secho("scan: {n} resources: {done} scanned, {failed} failed, {held} held for a reviewer, "
                "{not_applicable} not scannable, "
                "{no_content} without content; {pii} with personal information".format(n=len(ids), **counts),
                fg="red" if counts["failed"] or counts["pii"] else "green")
