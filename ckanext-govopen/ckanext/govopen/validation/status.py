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
from .settings import SettingsError, for_resource

PENDING, SETTINGS_INVALID = "pending", "settings_invalid"


def resource_states(dataset: dict) -> Iterator[Tuple[dict, str, Optional[dict], Optional[dict]]]:
    """``(resource, state, report row or None, settings error message or None)``
    for every tabular resource of ``dataset``."""
    for res in dataset.get("resources") or []:
        if res.get("state") == "deleted":
            continue
        try:
            settings = for_resource(res, dataset)
        except SettingsError as e:
            yield res, SETTINGS_INVALID, None, e.message
            continue
        if settings is None:
            continue
        row = model.current(ckan_model.Session, res, settings.key)
        yield res, (row["status"] if row else PENDING), row, None


def dataset_status(dataset: dict) -> str:
    """One word for a dataset: ``none`` (no tables), ``valid``, or the worst state."""
    states = [state for _, state, _, _ in resource_states(dataset)]
    if not states:
        return "none"
    for worst in ("invalid", "error", SETTINGS_INVALID, PENDING):
        if worst in states:
            return worst
    return "valid"
