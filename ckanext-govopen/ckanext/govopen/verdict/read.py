"""Read a dataset's verdict: what every consumer asks instead of ``open_type``.

The verdict travels on the dataset dict (``govopen_verdict``, put there by
the show hook from the stored row, and so also in the search index's stored
dicts). A dict without one, or with one computed under another policy, gets
the same answer from :func:`compute.compute`, the one function that decides,
so there is never a second opinion.
"""
from __future__ import annotations

FIELD = "govopen_verdict"


def verdict(dataset: dict) -> dict:
    """The verdict of ``dataset``: the one it carries when current, else computed now."""
    from ckanext.govopen.verdict import compute   # CKAN's model is needed only here

    carried = dataset.get(FIELD)
    if isinstance(carried, dict) and carried.get("open_type") in compute.OPEN_TYPES \
            and carried.get("policy") == compute.policy_version():
        return carried
    return compute.compute(dataset)


def open_type(dataset: dict) -> str:
    """``unconditional`` | ``conditional`` | ``none``: what the public may have of ``dataset``."""
    return verdict(dataset)["open_type"]
