"""Frictionless validation of a dataset's tables, the gate's data check.

CKAN-free core: ``validate(path_or_stream, ...) -> Report`` (core), the text
encoding of government CSVs (encoding), header/footer rows of statistical
exports (layout), which schema applies (schema), which resources are tables
(formats). The CKAN side: stored reports (model), the content job (jobs),
actions and hooks (actions), datapackage.json (datapackage).
"""
from .core import Limits, validate  # noqa: F401
from .report import ERROR, INVALID, VALID, Report  # noqa: F401
