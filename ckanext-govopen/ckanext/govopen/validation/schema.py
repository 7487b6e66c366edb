"""Which Table Schema a table is checked against, and where it came from.

In order: the resource's own Table Schema (``schema`` field: a descriptor or
its JSON); the dataset's ``data_elements`` (信息项) turned into a Table
Schema; otherwise none, and Frictionless infers one from the data, which the
report stores and marks ``inferred`` for the owner to confirm.
"""
from __future__ import annotations

import json
from typing import Optional, Tuple

from ckanext.govopen.standard import elements

RESOURCE = "resource"
DATA_ELEMENTS = "data_elements"
INFERRED = "inferred"


class SchemaError(ValueError):
    """The resource's declared schema cannot be read."""


def _descriptor(value) -> Optional[dict]:
    if value is None or value == "" or value == {}:
        return None
    if isinstance(value, (bytes, bytearray)):
        value = value.decode("utf-8")
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError as e:
            raise SchemaError(f"the resource's schema is not valid JSON: {e}") from None
    if not isinstance(value, dict) or not isinstance(value.get("fields"), list):
        raise SchemaError("the resource's schema must be a Table Schema object with a 'fields' list")
    return value


def resolve(resource: Optional[dict] = None, dataset: Optional[dict] = None) -> Tuple[Optional[dict], str]:
    """``(descriptor or None, source)``; ``None`` means: infer (source ``inferred``)."""
    declared = _descriptor((resource or {}).get("schema"))
    if declared:
        return declared, RESOURCE
    data_elements = (dataset or {}).get("data_elements")
    if data_elements:
        found, msgs = elements.parse(data_elements)
        if found and not msgs:
            descriptor = elements.to_table_schema(found)
            # Columns are matched by name, in any order: 信息项 describe the
            # columns, they do not fix their order.
            descriptor["fieldsMatch"] = "equal"
            return descriptor, DATA_ELEMENTS
    return None, INFERRED
