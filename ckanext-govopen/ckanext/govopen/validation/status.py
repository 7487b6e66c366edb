"""What the stored reports say about a dataset's tables, for the gate, the
search facet and package_show. Reads only; never validates.

Per tabular resource one state: ``valid``, ``invalid``, ``error`` (could not
be validated), ``pending`` (no report for its current content and settings
yet: new, changed, or being created in this very write), or
``settings_invalid`` (its schema/header settings cannot be used).
"""
from __future__ import annotations

from typing import Iterator, Optional, Tuple

import ckan.model as ckan_model

from . import model
from .formats import resource_format
from .settings import SettingsError, for_resource

PENDING, SETTINGS_INVALID = "pending", "settings_invalid"


def resource_states(dataset: dict, new_resources: bool = False
                    ) -> Iterator[Tuple[dict, str, Optional[dict], Optional[dict]]]:
    """``(resource, state, report row or None, settings error message or None)``
    for every tabular resource of ``dataset`` (``new_resources``: created by the
    write being shown, so no report can exist for them yet)."""
    tables = []
    for res in dataset.get("resources") or []:
        if res.get("state") == "deleted":
            continue
        try:
            settings = for_resource(res, dataset)
        except SettingsError as e:
            tables.append((res, None, e.message))
            continue
        if settings is not None:
            tables.append((res, settings, None))
    # One query for every table's latest report, not one per resource.
    latest = {} if new_resources else model.statuses(
        ckan_model.Session, [res.get("id") for res, settings, _ in tables if settings])
    for res, settings, error in tables:
        if settings is None:
            yield res, SETTINGS_INVALID, None, error
            continue
        row = latest.get(res.get("id")) if res.get("id") else None
        if not (row and row["marker"] == model.marker(res) and row["settings"] == settings.key):
            row = None      # as model.current: a report for other content or settings does not count
        yield res, (row["status"] if row else PENDING), row, None


def dataset_status(dataset: dict) -> str:
    """One word for a dataset: ``none`` (no tables), ``valid``, or the worst state."""
    return worst([state for _, state, _, _ in resource_states(dataset)])


def shown_dataset_status(shown: dict) -> Optional[str]:
    """``dataset_status`` from the ``validation_status`` that package_show put on each
    table (no second query when indexing a dataset just shown); None if one lacks it."""
    states = []
    for res in shown.get("resources") or []:
        if res.get("state") == "deleted" or resource_format(res) is None:
            continue
        if "validation_status" not in res:
            return None
        states.append(res["validation_status"])
    return worst(states)


def worst(states: list) -> str:
    """``none`` (no tables), ``valid``, or the worst of ``states``."""
    if not states:
        return "none"
    for state in ("invalid", "error", SETTINGS_INVALID, PENDING):
        if state in states:
            return state
    return "valid"
