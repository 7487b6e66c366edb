"""`ckan govopen validate [--all | DATASET ...]`: validate tables now, in this process."""
from __future__ import annotations

import click

from ckanext.govopen.cli import dataset_ids, datasets_chosen


def _table_ids(datasets, every):
    import ckan.model as model
    import ckan.plugins.toolkit as tk

    from ckanext.govopen.validation.formats import resource_format

    chosen = dataset_ids(datasets, every)
    if chosen is None:
        rows = (model.Session.query(model.Resource.id, model.Resource.format, model.Resource.url)
                .join(model.Package, model.Package.id == model.Resource.package_id)
                .filter(model.Package.state == "active", model.Resource.state == "active").all())
        return [r.id for r in rows if resource_format({"format": r.format, "url": r.url})]
    ids = []
    for package_id in chosen:
        pkg = tk.get_action("package_show")({"ignore_auth": True}, {"id": package_id})
        ids.extend(r["id"] for r in pkg.get("resources") or [] if resource_format(r))
    return ids


@click.command("validate")
@datasets_chosen("Every table of every active dataset.")
@click.option("--force", is_flag=True, help="Validate again even when content and schema are unchanged.")
def validate(datasets, every, force):
    """Validate the tables of DATASET(s) (names or ids), or of all datasets."""
    from ckanext.govopen.validation import jobs

    ids = _table_ids(datasets, every)
    counts = {"valid": 0, "invalid": 0, "error": 0}
    with click.progressbar(ids, label="validating tables", show_pos=True) as bar:
        for rid in bar:
            row = jobs.validate_resource(rid, force=force)
            if row:
                counts[row["status"]] = counts.get(row["status"], 0) + 1
    click.secho("validate: {n} tables: {valid} valid, {invalid} invalid, {error} could not be "
                "validated".format(n=len(ids), **counts),
                fg="red" if counts["invalid"] or counts["error"] else "green")
