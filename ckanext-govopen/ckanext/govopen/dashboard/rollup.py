"""Province-wide figures: the catalog's datasets rolled up by the city catalog
they came from and by department across cities.

Where a dataset comes from is the provenance its harvest stored (the record
row of a ``profile: govopen`` source, ``harvest.show.provenance_of``), never a
guess from names:

- **city catalog**: the provenance's ``catalog_url`` (the city's site); a
  dataset with no such provenance was published here directly (a department
  of this catalog, or a harvest of a non-govopen source): the ``direct`` row;
- **department across cities**: the city catalog AND the department's URL name
  there (``catalog_url`` + ``department``, whose link is ``department_url``).
  A "transport" department of city A and a "transport" department of city B
  are two departments: their catalogs differ.

The figures of each group are counts and an average, from the same dataset
facts as the rest of the dashboard (``figures.dataset_facts``: the one
verdict decides open and conditional): **catalogued** (active datasets, any
visibility: a dataset the city withdrew or restricted stays here, private),
**public**, **open**, **conditional**, **recent** (data updated in the last
``RECENT_DAYS`` days, ``timeliness.last_update``) and **quality_average**.
No dataset's name, title or file is in the roll-up.
"""
from __future__ import annotations

#: "Updated recently": the data's last update at most this many days ago.
RECENT_DAYS = 30

#: The key of the datasets not harvested from another govopen.
DIRECT = ""


def counts(facts: list) -> dict:
    catalogued = len(facts)
    return {
        "catalogued": catalogued,
        "public": sum(not f["private"] for f in facts),
        "open": sum(f["open"] for f in facts),
        "conditional": sum(f["conditional"] for f in facts),
        "recent": sum(f["recent"] for f in facts),
        "quality_average": (round(sum(f["quality_score"] for f in facts) / catalogued, 1)
                            if catalogued else None),
    }


def catalog_of(provenance) -> dict:
    if not provenance:
        return {"key": DIRECT, "title": None, "url": None}
    url = provenance.get("catalog_url") or ""
    return {"key": url, "title": provenance.get("catalog") or url, "url": url or None}


def department_of(provenance) -> dict:
    catalog = catalog_of(provenance)
    name = provenance.get("department") or ""
    return {"key": "%s|%s" % (catalog["key"], name), "name": name,
            "title": provenance.get("department_title") or name, "url": provenance.get("department_url"),
            "catalog": catalog}


def rollup(facts: list, provenance: dict) -> dict:
    """``{catalogs: [...], departments: [...], federated: n}`` for these dataset facts,
    ``provenance`` being ``{dataset_id: provenance}`` of the harvested-from-govopen ones.

    ``catalogs``: one row per city catalog (by title), then the ``direct`` row when
    any dataset was published here directly; ``departments``: one row per city
    department (by catalog, then department title)."""
    catalogs: dict = {}
    departments: dict = {}
    for f in facts:
        prov = provenance.get(f["id"])
        catalog = catalog_of(prov)
        catalogs.setdefault(catalog["key"], (catalog, []))[1].append(f)
        if prov:
            department = department_of(prov)
            departments.setdefault(department["key"], (department, []))[1].append(f)
    city_rows = sorted(({"catalog": c, **counts(fs)} for key, (c, fs) in catalogs.items() if key != DIRECT),
                       key=lambda r: (r["catalog"]["title"], r["catalog"]["key"]))
    if DIRECT in catalogs:
        city_rows.append({"catalog": catalogs[DIRECT][0], **counts(catalogs[DIRECT][1])})
    department_rows = sorted(({"department": d, **counts(fs)} for d, fs in departments.values()),
                             key=lambda r: (r["department"]["catalog"]["title"], r["department"]["title"],
                                            r["department"]["key"]))
    return {"catalogs": city_rows, "departments": department_rows,
            "federated": sum(1 for f in facts if f["id"] in provenance)}
