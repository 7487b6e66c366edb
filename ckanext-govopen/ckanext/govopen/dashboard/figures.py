"""Each department's open-data figures, computed from the database.

Every dataset is read as ``package_show`` sees it internally (``records``:
the stored record, scheming fields, quality score); validation states, scan
results and gate blockers are read live from their tables, so the dashboard
counts what every other surface shows. Definitions:

- **catalogued**: active datasets of the department, public or private.
- **open**: public datasets whose effective open type (classification policy,
  ``access.policy.open_type``) is unconditional; **conditional**: public and
  conditionally open. **open_rate** = open / catalogued.
- **tables**: tabular resources of catalogued datasets by validation state
  (valid, invalid, error, pending, settings_invalid); **table_pass_rate** =
  valid / tables.
- **scheduled** / **overdue**: see ``timeliness``; **on_time_rate** =
  (scheduled - overdue) / scheduled.
- **quality_average**: mean ``quality_score`` (0-100, one decimal) of catalogued
  datasets, summed in tenths (exact, whatever the grouping).
- **showcases**: approved showcase items (``showcase/``) that use at least one
  of the department's publicly listed datasets (public, unconditionally open).
- **held**: private datasets meant to be opened (declared open type not
  ``none``) that the publication gate would refuse; **held_by_gate** counts
  them per gate (one dataset can be held by several). **ready**: private,
  meant to be opened, nothing blocks them. Datasets declared not open are not
  "held": they are closed by decision, not by a gate.

Rates are fractions rounded to 4 digits, ``None`` when the denominator is 0.
A department's result carries ``items`` (which datasets are held or overdue, with
names); the action decides who may see which of them. Every figure is a sum
over datasets (``partial``), so the figures of all are the sum of the
departments' (``combine``, ``overview_of``): the cache keeps each department's
part under that department's own stamp (``cache``).
"""
from __future__ import annotations

import datetime
from collections import Counter
from typing import Optional

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.govopen import records
from ckanext.govopen.gate import core as gate
from ckanext.govopen.access import policy as access_policy
from ckanext.govopen.harvest import show as harvest_show
from ckanext.govopen.showcase import listing as showcase_listing
from ckanext.govopen.validation import status as validation_status

from . import rollup, timeliness

TABLE_STATES = ("valid", "invalid", "error", "pending", "settings_invalid")
RATE_DIGITS = 4


def gate_names() -> list:
    return [name for name, _ in gate.all_checks()]


def rate(part: int, whole: int) -> Optional[float]:
    return round(part / whole, RATE_DIGITS) if whole else None


def organizations() -> list:
    """Active departments, by name."""
    return (model.Session.query(model.Group)
            .filter(model.Group.is_organization.is_(True), model.Group.state == "active")
            .order_by(model.Group.name).all())


def stored_facts(dataset: dict) -> dict:
    """What the figures need from one dataset (``package_show`` dict) that does not
    depend on the day: kept between requests (``facts``)."""
    effective = access_policy.open_type(dataset)
    public = not dataset.get("private")
    tables = Counter(state for _, state, _, _ in validation_status.resource_states(dataset))
    held_by: list = []
    meant_open = dataset.get("open_type") in ("unconditional", "conditional")
    if not public and meant_open:
        held_by = sorted({b.gate for b in gate.blockers(dict(dataset, private=False))})
    updated = timeliness.last_update(dataset)
    due = timeliness.due_date(dataset)
    return {
        "id": dataset["id"], "name": dataset["name"], "title": dataset.get("title") or dataset["name"],
        "owner_org": dataset.get("owner_org"), "private": not public,
        "open": public and effective == "unconditional",
        "conditional": public and effective == "conditional",
        "tables": dict(tables), "quality_score": float(dataset.get("quality_score") or 0.0),
        "scheduled": timeliness.is_scheduled(dataset),
        "update_frequency": dataset.get("update_frequency"),
        "last_update": updated.isoformat() if updated else None,
        "due": due.isoformat() if due else None,
        "held_by": held_by, "ready": not public and meant_open and not held_by,
    }


def dated(facts: dict, today: datetime.date) -> dict:
    """``stored_facts`` with what depends on the day: ``overdue`` (scheduled, and the
    next update was due before today or no date says it was ever updated:
    ``timeliness.is_overdue``) and ``recent`` (``rollup.RECENT_DAYS``)."""
    updated = timeliness.parse_date(facts["last_update"])
    due = timeliness.parse_date(facts["due"])
    return dict(facts,
                overdue=bool(facts["scheduled"]) and (due is None or today > due),
                recent=updated is not None and 0 <= (today - updated).days <= rollup.RECENT_DAYS)


def dataset_facts(dataset: dict, today: datetime.date) -> dict:
    """What the figures need from one dataset (``package_show`` dict) on ``today``."""
    return dated(stored_facts(dataset), today)


def tenths(score) -> int:
    """A quality score (0-100, one decimal: ``standard.quality``) in tenths, so sums
    are exact and the same however the datasets are grouped."""
    return int(round(float(score or 0) * 10))


def average_of_tenths(total: int, count: int) -> Optional[float]:
    return round(total / (10.0 * count), 1) if count else None


def partial(facts: list) -> dict:
    """Counts of a set of datasets that add up (``combine``): a department's, kept in
    the cache, summed for the figures of all (``finish`` turns them into figures)."""
    tables = Counter()
    held_by_gate = Counter()
    for f in facts:
        tables.update(f["tables"])
        held_by_gate.update(f["held_by"])
    return {
        "catalogued": len(facts),
        "public": sum(not f["private"] for f in facts),
        "open": sum(f["open"] for f in facts),
        "conditional": sum(f["conditional"] for f in facts),
        "tables": dict(tables),
        "scheduled": sum(bool(f["scheduled"]) for f in facts),
        "overdue": sum(f["overdue"] for f in facts),
        "quality_tenths": sum(tenths(f["quality_score"]) for f in facts),
        "held": sum(bool(f["held_by"]) for f in facts),
        "held_by_gate": dict(held_by_gate),
        "ready": sum(f["ready"] for f in facts),
    }


def combine(parts: list) -> dict:
    """The ``partial`` of the union of disjoint sets of datasets."""
    total = partial([])
    for part in parts:
        for key, value in part.items():
            if isinstance(value, dict):
                total[key] = dict(Counter(total[key]) + Counter(value))
            else:
                total[key] += value
    return total


def finish(part: dict, gates: list) -> dict:
    """The figures of a ``partial``."""
    catalogued = part["catalogued"]
    tables = part["tables"]
    table_count = sum(tables.values())
    return {
        "catalogued": catalogued,
        "public": part["public"],
        "open": part["open"],
        "conditional": part["conditional"],
        "not_open": catalogued - part["open"] - part["conditional"],
        "open_rate": rate(part["open"], catalogued),
        "tables": table_count,
        "tables_by_state": {state: tables.get(state, 0) for state in TABLE_STATES},
        "table_pass_rate": rate(tables.get("valid", 0), table_count),
        "scheduled": part["scheduled"],
        "overdue": part["overdue"],
        "on_time_rate": rate(part["scheduled"] - part["overdue"], part["scheduled"]),
        "quality_average": average_of_tenths(part["quality_tenths"], catalogued),
        "held": part["held"],
        "held_by_gate": {name: part["held_by_gate"].get(name, 0) for name in gates},
        "ready": part["ready"],
    }


def summarize(facts: list, gates: list) -> dict:
    """The figures of a set of datasets (a department, or all)."""
    return finish(partial(facts), gates)


def _items(facts: list) -> dict:
    """Which datasets are held (by name) and overdue (longest overdue first)."""
    return {
        "held": [{"id": f["id"], "name": f["name"], "title": f["title"], "private": f["private"],
                  "gates": f["held_by"]} for f in facts if f["held_by"]],
        "overdue": [{"id": f["id"], "name": f["name"], "title": f["title"], "private": f["private"],
                     "update_frequency": f["update_frequency"], "last_update": f["last_update"],
                     "due": f["due"]}
                    for f in sorted(facts, key=lambda f: (f["due"] or "", f["name"])) if f["overdue"]],
    }


def _org_info(org) -> dict:
    return {"id": org.id, "name": org.name, "title": org.title or org.name}


def _facts_by_org(orgs: list, today: datetime.date, kept=None) -> dict:
    """``{org id: [dated facts, by dataset name]}``: ``kept(org_ids, today)`` when
    given (``facts.by_org``: the facts kept between requests), else every dataset
    read now."""
    if kept is not None:
        return kept([org.id for org in orgs], today)
    found = {org.id: [] for org in orgs}
    for dataset in records.datasets(found):
        facts = dataset_facts(dataset, today)
        found.setdefault(facts["owner_org"], []).append(facts)
    return found


def precomputed() -> bool:
    """``govopen.dashboard.precomputed``: facts kept and figures cached (``cache``)."""
    return tk.asbool(tk.config.get("govopen.dashboard.precomputed"))


def department(org, today: Optional[datetime.date] = None, kept=None) -> dict:
    """One department's figures and items (``kept``: see ``_facts_by_org``)."""
    today = today or datetime.datetime.utcnow().date()
    facts = _facts_by_org([org], today, kept)[org.id]
    return department_result(org, partial(facts), _items(facts), today)


def department_result(org, part: dict, items: dict, today: datetime.date) -> dict:
    """A department's figures from its ``partial`` and its ``_items``; showcases read now."""
    gates = gate_names()
    return {"organization": _org_info(org), "gates": gates, "generated": today.isoformat(),
            **finish(part, gates), "showcases": showcase_listing.approved_counts_by_org().get(org.id, 0),
            "items": items}


def department_parts(facts: list, provenance: dict) -> tuple:
    """``(part, items)`` of one department's dated facts: ``part`` is what the overview
    adds up (``figures``: ``partial``; ``federation``: ``rollup.partial``), ``items``
    what its own page lists. ``provenance``: of (at least) its harvested datasets."""
    return ({"figures": partial(facts), "federation": rollup.partial(facts, provenance)}, _items(facts))


def ranking_key(figures: dict):
    """Open rate first, then metadata quality, then table pass rate (missing rates last), then name."""
    def desc(value):
        return (value is None, -(value or 0))
    return (*desc(figures["open_rate"]), *desc(figures["quality_average"]),
            *desc(figures["table_pass_rate"]), figures["organization"]["name"])


def overview(today: Optional[datetime.date] = None, kept=None) -> dict:
    """Every department's figures, ranked, the figures of all of them together, and
    (``federation``) all of them rolled up by city catalog and by city department
    (``rollup``). No items (which datasets): those are on each department's page."""
    today = today or datetime.datetime.utcnow().date()
    orgs = organizations()
    by_org = _facts_by_org(orgs, today, kept)
    provenance = harvest_show.provenance_of(model.Session)
    return overview_of([(org, department_parts(by_org[org.id], provenance)[0]) for org in orgs], today)


def overview_of(parts: list, today: datetime.date) -> dict:
    """The overview from each department's part: ``[(org, part)]`` (``department_parts``),
    every active department once. The figures of all are the sum of the parts
    (departments share no dataset); showcases read now."""
    gates = gate_names()
    showcases = showcase_listing.approved_counts_by_org()
    departments = [{"organization": _org_info(org), **finish(part["figures"], gates),
                    "showcases": showcases.get(org.id, 0)} for org, part in parts]
    departments.sort(key=ranking_key)
    for rank, figures in enumerate(departments, start=1):
        figures["rank"] = rank
    return {"gates": gates, "generated": today.isoformat(), "departments": departments,
            "all": {**finish(combine([part["figures"] for _, part in parts]), gates),
                    "showcases": showcase_listing.approved_count()},
            "federation": rollup.finish(rollup.combine([part["federation"] for _, part in parts]))}


def with_showcases(result: dict) -> dict:
    """The showcase counts of a department's (``organization``) or the overview's
    figures, read now (approvals change them without a write to any dataset)."""
    by_org = showcase_listing.approved_counts_by_org()
    if "departments" in result:
        for figures in result["departments"]:
            figures["showcases"] = by_org.get(figures["organization"]["id"], 0)
        result["all"]["showcases"] = showcase_listing.approved_count()
    else:
        result["showcases"] = by_org.get(result["organization"]["id"], 0)
    return result
