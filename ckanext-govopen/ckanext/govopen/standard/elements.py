"""Data elements (信息项): the described columns of a dataset's tables.

A dataset lists its columns as ``[{name, title, type, description}]``; ``name``
is the header exactly as in the table (Chinese headers are normal) and ``type``
a Table Schema type. The same list becomes the Table Schema the Frictionless
gate validates the dataset's tables against, so the shape is checked strictly.
"""
import json

from . import loader
from .messages import Message

KEYS = ("name", "title", "type", "description")
FIELD = "data_elements"


def parse(value):
    """(list, messages): accept a list or its JSON text; anything else is a message."""
    if value is None or value == "":
        return [], []
    if isinstance(value, (bytes, bytearray)):
        value = value.decode("utf-8")
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError as e:
            return None, [Message("data_elements_invalid_json", field=FIELD, error=str(e))]
    if not isinstance(value, list):
        return None, [Message("data_elements_not_list", field=FIELD)]
    return value, []


def check(value):
    """Messages for a ``data_elements`` value (empty list: valid)."""
    elements, msgs = parse(value)
    if msgs:
        return msgs
    seen = set()
    for i, el in enumerate(elements, start=1):
        if not isinstance(el, dict):
            msgs.append(Message("data_elements_item_not_object", field=FIELD, index=i))
            continue
        for k in el:
            if k not in KEYS:
                msgs.append(Message("data_elements_unknown_key", field=FIELD, index=i, key=k))
        for k in ("title", "description", "type"):
            if el.get(k) is not None and not isinstance(el.get(k), str):
                msgs.append(Message("data_elements_text_invalid", field=FIELD, index=i, key=k))
        name = el.get("name")
        if not isinstance(name, str) or not name.strip():
            msgs.append(Message("data_elements_name_missing", field=FIELD, index=i))
        elif name in seen:
            msgs.append(Message("data_elements_name_duplicate", field=FIELD, name=name))
        else:
            seen.add(name)
        t = el.get("type", "string") or "string"
        if isinstance(t, str) and not loader.is_member("field_type", t):
            msgs.append(Message("data_elements_type_invalid", field=FIELD, index=i,
                                name=name if isinstance(name, str) else "", value=t,
                                vocabulary="field_type"))
    return msgs


def normalize(value):
    """The element list with every key present (type defaults to ``string``).

    Call after ``check`` found nothing; names are kept byte-for-byte (no strip:
    they must equal the table headers).
    """
    elements, _ = parse(value)
    return [{"name": el["name"],
             "title": el.get("title") or "",
             "type": el.get("type") or "string",
             "description": el.get("description") or ""} for el in elements or []]


def to_table_schema(value):
    """A Frictionless Table Schema descriptor for the elements."""
    fields = []
    for el in normalize(value):
        f = {"name": el["name"], "type": el["type"]}
        if el["title"]:
            f["title"] = el["title"]
        if el["description"]:
            f["description"] = el["description"]
        fields.append(f)
    return {"fields": fields}
