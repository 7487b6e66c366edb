"""package_show of a harvested dataset says so: ``harvest_withdrawn`` is true
when the record is gone from its source (the dataset is then private, kept);
``harvest_source_id`` names the source while it is not (indexed as it is shown:
ckanext-harvest's source page finds a source's datasets by it, and a govopen job
writes none of the HarvestObject rows its own indexer reads it from);
one harvested from another govopen (a city's catalog) carries its provenance
(``govopen_provenance``: the catalog, the department, the original link, what
the city's verdict, validation and quality said), shown on the dataset page."""
from __future__ import annotations

import json

import sqlalchemy as sa

from . import model

#: The key of a federated dataset's provenance in package_show.
PROVENANCE = "govopen_provenance"
#: The source a harvested dataset came from (ckanext-harvest's key and Solr field).
SOURCE = "harvest_source_id"


def show_harvest(context, pkg_dict):
    import ckan.model as ckan_model

    from ckanext.govopen import written

    if not pkg_dict.get("id") or pkg_dict.get("type", "dataset") != "dataset":
        return
    facts = written.just_created(context, pkg_dict)
    if facts and "harvest_withdrawn" in facts:      # a harvest job's own show, right after creating it
        pkg_dict["harvest_withdrawn"] = facts["harvest_withdrawn"]
        if facts.get(SOURCE) and not facts["harvest_withdrawn"]:
            pkg_dict[SOURCE] = facts[SOURCE]
        return
    row = model.record_for_dataset(ckan_model.Session, pkg_dict["id"])
    if row is not None:
        pkg_dict["harvest_withdrawn"] = bool(row["withdrawn"])
        if not row["withdrawn"]:
            pkg_dict[SOURCE] = row["harvest_source_id"]
        provenance = _federation(row.get("source_info"))
        if provenance:
            pkg_dict[PROVENANCE] = provenance


def _federation(source_info):
    """What a govopen source said about where the dataset comes from, or None."""
    if not source_info or '"federation"' not in source_info:
        return None
    try:
        found = json.loads(source_info).get("federation")
    except (ValueError, AttributeError):
        return None
    return found if isinstance(found, dict) else None


def provenance_of(session, dataset_ids=None) -> dict:
    """``{dataset_id: provenance}`` of every dataset harvested from another govopen
    (or only of ``dataset_ids``), in one query (the dashboard's roll-up by city). A
    dataset with rows of two sources (a handover) takes the provenance of the row
    that is not withdrawn."""
    rec = model.record
    query = (sa.select(rec.c.dataset_id, rec.c.withdrawn, rec.c.source_info)
             .where(rec.c.source_info.like('%"federation"%')))
    if dataset_ids is not None:
        query = query.where(rec.c.dataset_id.in_(list(dataset_ids)))
    rows = session.execute(query)
    found: dict = {}
    for dataset_id, withdrawn, source_info in rows:
        provenance = _federation(source_info)
        if provenance and (dataset_id not in found or not withdrawn):
            found[dataset_id] = provenance
    return found
