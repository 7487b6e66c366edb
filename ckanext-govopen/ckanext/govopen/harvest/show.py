"""package_show of a harvested dataset says so: ``harvest_withdrawn`` is true
when the record is gone from its source (the dataset is then private, kept)."""
from __future__ import annotations


def show_harvest(context, pkg_dict):
    import ckan.model as ckan_model

    from ckanext.govopen import written

    from . import model

    if not pkg_dict.get("id") or pkg_dict.get("type", "dataset") != "dataset":
        return
    facts = written.just_created(context, pkg_dict)
    if facts and "harvest_withdrawn" in facts:      # a harvest job's own show, right after creating it
        pkg_dict["harvest_withdrawn"] = facts["harvest_withdrawn"]
        return
    row = model.record_for_dataset(ckan_model.Session, pkg_dict["id"])
    if row is not None:
        pkg_dict["harvest_withdrawn"] = bool(row["withdrawn"])
