"""``govopen_input_guard``: the dataset schema's ``before_validators`` entry.

Runs on every dataset write (Action API, the dataset form, harvests, imports)
before any field validator, and refuses, on the field, in the writer's
language:

- ``private`` that is not a clear boolean (``gate.core.as_boolean``): CKAN's
  own ``boolean_validator`` turns ``{"x": 1}``, ``" true"``, ``"null"`` or
  ``[]`` into ``False``, i.e. public;
- text PostgreSQL or UTF-8 cannot hold: a NUL character, an unpaired
  surrogate such as ``"\\ud800"`` (anywhere in the dataset, its resources and
  structured fields);
- a title longer than ``MAX_TITLE`` characters (the search index keeps it as
  one term, ``title_string``; Solr refuses a term over 32,766 bytes and the
  write failed with a 500). Other long values are cut in the index only
  (``logic.index_limits``).
"""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.govopen.common import current_lang
from ckanext.govopen.gate.core import as_boolean
from ckanext.govopen.messages import N_, declare, render
from ckanext.govopen.standard import loader
from ckanext.govopen.web.request_guard import bad_text

#: Longest title (and English title) accepted, in characters.
MAX_TITLE = 1000
TITLE_FIELDS = ("title", "title_en")

MESSAGES = {
    "private": declare("input.private", N_("private must be a boolean, true or false; got {value}.")),
    "nul": declare("input.nul", N_(
        "“{field}” contains a NUL character (\\u0000), which cannot be stored; please remove it.")),
    "surrogate": declare("input.surrogate", N_(
        "“{field}” contains an unpaired Unicode surrogate (such as \\ud800), which is not valid "
        "text; please check its encoding.")),
    "too_long": declare("input.too_long", N_(
        "“{field}” may have at most {limit} characters (it has {length}).")),
}


def _say(key: str, **values) -> str:
    return render(MESSAGES[key](**values))


def _where(key: tuple) -> str:
    out = ""
    for part in key:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _first_bad(value):
    """The problem of the first bad string inside a value (lists, dicts), else None."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            problem = bad_text(item)
            if problem:
                return problem
        elif isinstance(item, dict):
            stack.extend(str(k) for k in item)
            stack.extend(item.values())
        elif isinstance(item, (list, tuple)):
            stack.extend(item)
    return None


def _show(value) -> str:
    text = repr(value) if not isinstance(value, str) else f"“{value}”"
    return text if len(text) <= 40 else text[:37] + "..."


def govopen_input_guard(key, data, errors, context):
    for field_key, value in list(data.items()):
        if not isinstance(field_key, tuple) or value is tk.missing:
            continue
        problem = _first_bad(value)
        if problem is None and any(isinstance(k, str) and bad_text(k) for k in field_key):
            problem = "nul" if any(isinstance(k, str) and "\x00" in k for k in field_key) else "surrogate"
        if problem:
            errors.setdefault(field_key, []).append(_say(problem, field=_where(field_key).encode(
                "utf-8", "replace").decode("utf-8").replace("\x00", "\\u0000")))
    private = data.get(("private",), tk.missing)
    if private is not tk.missing and private is not None and as_boolean(private) is None:
        errors.setdefault(("private",), []).append(_say("private", value=_show(private)))
    for name in TITLE_FIELDS:
        title = data.get((name,))
        if isinstance(title, str) and len(title) > MAX_TITLE:
            errors.setdefault((name,), []).append(
                _say("too_long", field=loader.field_label(name, current_lang()) or name,
                     limit=MAX_TITLE, length=len(title)))
