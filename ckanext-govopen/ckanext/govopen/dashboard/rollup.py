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
Each is a sum over datasets (``partial``), so the roll-up of all departments
is the sum of each department's (``combine``, then ``finish``).
No dataset's name, title or file is in the roll-up.
"""
from __future__ import annotations

#: "Updated recently": the data's last update at most this many days ago.
RECENT_DAYS = 30

#: The key of the datasets not harvested from another govopen.
DIRECT = ""


COUNTED = ("catalogued", "public", "open", "conditional", "recent", "quality_tenths")


def _tenths(score) -> int:
    # as figures.tenths (a quality score has one decimal): exact sums in any grouping
    return int(round(float(score or 0) * 10))


def partial_counts(facts: list) -> dict:
    """What ``counts`` needs, as numbers that add up."""
    return {"catalogued": len(facts), "public": sum(not f["private"] for f in facts),
            "open": sum(f["open"] for f in facts), "conditional": sum(f["conditional"] for f in facts),
            "recent": sum(f["recent"] for f in facts),
            "quality_tenths": sum(_tenths(f["quality_score"]) for f in facts)}


def finish_counts(part: dict) -> dict:
    catalogued = part["catalogued"]
    return {**{key: part[key] for key in COUNTED[:-1]},
            "quality_average": round(part["quality_tenths"] / (10.0 * catalogued), 1) if catalogued else None}


def counts(facts: list) -> dict:
    return finish_counts(partial_counts(facts))


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
    return finish(partial(facts, provenance))


def partial(facts: list, provenance: dict) -> dict:
    """The roll-up of some datasets as numbers that add up (``combine``): per
    catalog key and per city department key, ``[catalog or department, counts]``."""
    catalogs: dict = {}
    departments: dict = {}
    for f in facts:
        prov = provenance.get(f["id"])
        catalog = catalog_of(prov)
        catalogs.setdefault(catalog["key"], (catalog, []))[1].append(f)
        if prov:
            department = department_of(prov)
            departments.setdefault(department["key"], (department, []))[1].append(f)
    return {"catalogs": {key: [c, partial_counts(fs)] for key, (c, fs) in catalogs.items()},
            "departments": {key: [d, partial_counts(fs)] for key, (d, fs) in departments.items()},
            "federated": sum(1 for f in facts if f["id"] in provenance)}


def combine(parts: list) -> dict:
    """The ``partial`` of the union of disjoint sets of datasets."""
    total: dict = {"catalogs": {}, "departments": {}, "federated": 0}
    for part in parts:
        total["federated"] += part["federated"]
        for kind in ("catalogs", "departments"):
            for key, (what, part_counts) in part[kind].items():
                if key in total[kind]:
                    kept = total[kind][key][1]
                    total[kind][key][1] = {name: kept[name] + part_counts[name] for name in COUNTED}
                else:
                    total[kind][key] = [what, dict(part_counts)]
    return total


def finish(part: dict) -> dict:
    city_rows = sorted(({"catalog": c, **finish_counts(n)} for key, (c, n) in part["catalogs"].items()
                        if key != DIRECT),
                       key=lambda r: (r["catalog"]["title"], r["catalog"]["key"]))
    if DIRECT in part["catalogs"]:
        catalog, n = part["catalogs"][DIRECT]
        city_rows.append({"catalog": catalog, **finish_counts(n)})
    department_rows = sorted(({"department": d, **finish_counts(n)} for d, n in part["departments"].values()),
                             key=lambda r: (r["department"]["catalog"]["title"], r["department"]["title"],
                                            r["department"]["key"]))
    return {"catalogs": city_rows, "departments": department_rows, "federated": part["federated"]}
