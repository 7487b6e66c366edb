"""What validation says of a resource it could not validate, declared once
(``ckanext.govopen.messages``): stored in the report as code + parameters and
put into words when the report is read (``model``), in the reader's language."""
from __future__ import annotations

from ckanext.govopen.messages import N_, declare

SCHEMA_UNUSABLE = declare("validation.schema_unusable", N_(
    "The resource's table schema (the schema field) cannot be used: {error}"))
LAYOUT_INVALID = declare("validation.layout_invalid", N_(
    "The resource's header and footer settings (header_row, skip_footer) are invalid: {error}"))
