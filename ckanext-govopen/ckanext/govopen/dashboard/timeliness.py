"""When is a dataset overdue against its declared update frequency?

CKAN-free, so the rule is testable and stated in one place.

- The period comes from the standard's ``update_frequency`` vocabulary
  (standards/vocabularies/update_frequency.yaml): ``PERIOD_DAYS`` below gives
  each periodic code its longest allowed gap in days (a month counts 31 days,
  a quarter 92, half a year 183, a year 366, so a dataset updated on the same
  day each period is never overdue). ``irregular`` and ``never`` promise no
  schedule: such datasets are not "scheduled" and never overdue.
- The last update is the latest of the dataset's declared ``modified`` date
  (else its ``issued`` date) and the newest ``last_modified`` of its files
  (an upload is an update even when the officer forgot to change
  ``modified``). CKAN's ``metadata_modified`` is used only when none of these
  exists: a metadata edit or a harvest re-import does not mean new data.
- Overdue: more whole days have passed since the last update than the period
  allows (``today - last_update > period``), counted in calendar dates (UTC).
"""
from __future__ import annotations

import datetime
from typing import Optional

#: Longest allowed gap between updates, in days, per periodic frequency code.
PERIOD_DAYS = {
    "realtime": 1,
    "daily": 1,
    "weekly": 7,
    "monthly": 31,
    "quarterly": 92,
    "semiannual": 183,
    "annual": 366,
}

#: Frequencies that promise no schedule (not counted as scheduled).
UNSCHEDULED = ("irregular", "never")


def parse_date(value) -> Optional[datetime.date]:
    """A date from ``YYYY-MM-DD`` / ISO date-time text or a date(time); None when unusable."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip()
    for candidate in (text[:10], text):
        try:
            return datetime.date.fromisoformat(candidate)
        except ValueError:
            continue
    return None


def last_update(dataset: dict) -> Optional[datetime.date]:
    """The date of the dataset's last data update (see the module docstring)."""
    declared = parse_date(dataset.get("modified")) or parse_date(dataset.get("issued"))
    files = [parse_date(r.get("last_modified")) for r in dataset.get("resources") or []
             if isinstance(r, dict) and r.get("state", "active") != "deleted"]
    found = [d for d in [declared, *files] if d is not None]
    if found:
        return max(found)
    return parse_date(dataset.get("metadata_modified"))


def is_scheduled(dataset: dict) -> bool:
    return dataset.get("update_frequency") in PERIOD_DAYS


def is_overdue(dataset: dict, today: Optional[datetime.date] = None) -> bool:
    """True when a scheduled dataset's last update is older than its period allows."""
    period = PERIOD_DAYS.get(dataset.get("update_frequency"))
    if period is None:
        return False
    updated = last_update(dataset)
    if updated is None:
        return True     # scheduled, yet no date says it was ever updated
    today = today or datetime.datetime.utcnow().date()
    return (today - updated).days > period


def due_date(dataset: dict) -> Optional[datetime.date]:
    """The last day the next update is due on time; None when unscheduled or undated."""
    period = PERIOD_DAYS.get(dataset.get("update_frequency"))
    updated = last_update(dataset)
    if period is None or updated is None:
        return None
    return updated + datetime.timedelta(days=period)
