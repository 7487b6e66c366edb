"""Which resources are tables the gate validates: CSV/TSV, XLSX/XLS, JSON,
by the resource's format or, failing that, its file name."""
from __future__ import annotations

import os
from typing import Optional
from urllib.parse import urlparse

#: format label or extension -> the Frictionless format name
TABULAR = {"csv": "csv", "tsv": "tsv", "tab": "tsv", "xlsx": "xlsx", "xls": "xls",
           "json": "json", "text/csv": "csv", "text/tab-separated-values": "tsv",
           "application/json": "json", "application/vnd.ms-excel": "xls",
           "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx"}


def extension(name: Optional[str]) -> str:
    if not name:
        return ""
    path = urlparse(name).path if "://" in name else name
    return os.path.splitext(path)[1].lstrip(".").lower()


def tabular_format(fmt: Optional[str] = None, name: Optional[str] = None) -> Optional[str]:
    """The Frictionless format of a table, or None when it is not one we validate.

    An explicit format decides (a "PDF" named data.csv is a PDF); without one,
    the extension of ``name`` (a path or URL) does.
    """
    label = (fmt or "").strip().lower().lstrip(".")
    if label:
        return TABULAR.get(label)
    return TABULAR.get(extension(name))


def resource_format(resource: dict) -> Optional[str]:
    """The tabular format of a CKAN resource dict, or None."""
    return tabular_format(resource.get("format"), resource.get("url") or resource.get("name"))
