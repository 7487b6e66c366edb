"""What a resource is validated with: its format, schema (and where the
schema came from), header row and footer rows, and the digest of all that.

The job and the gate both ask here, so a report counts only for the settings
it was made with: change the schema or ``header_row`` and the file must be
validated again.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from ckanext.govopen.messages import render

from . import layout, messages, model
from .formats import resource_format
from .schema import SchemaError, resolve


class SettingsError(ValueError):
    """A resource's validation settings cannot be used; ``message`` says why (a message value)."""

    def __init__(self, message: dict):
        super().__init__(render(message, "en"))
        self.message = message


@dataclass(frozen=True)
class Settings:
    format: str
    schema: Optional[dict]
    schema_source: str
    header_row: Optional[int]
    skip_footer: Optional[int]

    @property
    def key(self) -> str:
        return model.settings_key(self.schema, self.header_row, self.skip_footer)


def for_resource(resource: dict, dataset: Optional[dict] = None) -> Optional[Settings]:
    """The settings of a tabular resource; None when it is not a table."""
    fmt = resource_format(resource)
    if fmt is None:
        return None
    try:
        schema, source = resolve(resource, dataset)
    except SchemaError as e:
        raise SettingsError(messages.SCHEMA_UNUSABLE(error=str(e))) from None
    try:
        header_row = layout.parse_count(resource.get("header_row"), "header_row")
        skip_footer = layout.parse_count(resource.get("skip_footer"), "skip_footer")
    except ValueError as e:
        raise SettingsError(messages.LAYOUT_INVALID(error=str(e))) from None
    return Settings(fmt, schema, source, header_row, skip_footer)
