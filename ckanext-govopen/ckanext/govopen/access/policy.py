"""Which datasets keep their files back, and what in a dataset points at a file.

CKAN-free: works on package dicts, so the index, the API and the exports
share one definition of "restricted" and of "a file location".
"""
from __future__ import annotations

from ckanext.govopen.verdict import read

UNCONDITIONAL = "unconditional"

#: Resource keys that are not locations even though their names look like one.
NOT_LOCATIONS = frozenset({"url_type"})


def open_type(dataset: dict) -> str:
    """The dataset's effective open type: its verdict (``ckanext.govopen.verdict``)."""
    return read.open_type(dataset)


def is_restricted(dataset: dict) -> bool:
    """Are this dataset's files held back from the public?

    Anything not unconditionally open is: a conditional dataset by design, a
    not-open one in case it is ever visible (defence in depth).
    """
    return open_type(dataset) != UNCONDITIONAL


def is_location_key(key: str) -> bool:
    """Does a resource (or view) field name a place the data can be fetched from?"""
    k = str(key).lower()
    if k in NOT_LOCATIONS:
        return False
    return k == "url" or k.endswith("url") or k.endswith("_uri") or k.endswith("_urls")


def file_locations(dataset: dict) -> set:
    """Every non-empty location value in the dataset's resources."""
    found = set()
    for res in dataset.get("resources") or []:
        for key, value in res.items():
            if is_location_key(key) and isinstance(value, str) and value.strip():
                found.add(value.strip())
    return found


def strip_resource(resource: dict) -> dict:
    """Blank every location in one resource (in place); the keys stay, empty,
    so templates and clients that expect them keep working."""
    for key in list(resource):
        if is_location_key(key):
            resource[key] = ""
    return resource


def strip_dataset(dataset: dict) -> dict:
    """Blank the file locations of a dataset dict (in place): every resource's,
    and the dataset's own ``url`` when it points at one of its files.

    ``govopen_files_restricted`` tells pages and clients why the URLs are empty
    (a dataset-level key, so it is never stored as a resource extra).
    """
    files = file_locations(dataset)
    for res in dataset.get("resources") or []:
        strip_resource(res)
    if isinstance(dataset.get("url"), str) and dataset["url"].strip() in files:
        dataset["url"] = ""
    dataset["govopen_files_restricted"] = True
    return dataset
