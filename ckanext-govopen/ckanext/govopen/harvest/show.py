"""package_show of a harvested dataset says so: ``harvest_withdrawn`` is true
when the record is gone from its source (the dataset is then private, kept)."""
from __future__ import annotations


def show_harvest(context, pkg_dict):
    import ckan.model as ckan_model

    from . import model

    if not pkg_dict.get("id") or pkg_dict.get("type", "dataset") != "dataset":
        return
    row = model.record_for_dataset(ckan_model.Session, pkg_dict["id"])
    if row is not None:
        pkg_dict["harvest_withdrawn"] = bool(row["withdrawn"])
