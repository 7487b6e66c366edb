"""Refuse request input that cannot be processed before any view or action
parses it: JSON nested deeper than ``MAX_DEPTH`` (Python's parser overflows
its stack at about a thousand levels: a 500), NUL characters (PostgreSQL
cannot store them: a 500) and unpaired UTF-16 surrogates such as ``"\\ud800"``
in a JSON string (not encodable as UTF-8: a 500), anywhere in the path, the
query string, a form or a JSON body.

The answer names where the bad value is, in the request's language (zh or
en): an Action API call gets CKAN's JSON error shape (409 "Validation Error"
keyed by the field, 400 for an unreadable body); a page gets a 400 page.
Nothing reaches an action, so nothing is stored.
"""
from __future__ import annotations

import itertools
import json
import re

from flask import current_app, request
from werkzeug.exceptions import BadRequest

from ckanext.govopen.common import current_lang

from . import messages

#: Deepest JSON nesting accepted (datasets nest about 4 levels).
MAX_DEPTH = 64
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)
_BRACKETS = re.compile(r"[\[\]{}]")
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


def json_depth(text: str) -> int:
    """The deepest nesting of arrays and objects in JSON ``text`` (strings ignored)."""
    outside = _JSON_STRING.sub("", text)
    steps = (_STEP[c] for c in _BRACKETS.findall(outside))
    return max(itertools.accumulate(steps, initial=0))


def bad_text(value: str):
    """``"nul"``, ``"surrogate"`` or None."""
    if "\x00" in value:
        return "nul"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "surrogate"
    return None


def find_bad(value, where: str = ""):
    """``(problem, path)`` of the first bad string in a parsed JSON value, else None."""
    stack = [(value, where)]
    while stack:
        item, path = stack.pop()
        if isinstance(item, str):
            problem = bad_text(item)
            if problem:
                return problem, path or "(body)"
        elif isinstance(item, dict):
            for key, sub in item.items():
                key = str(key)
                problem = bad_text(key)
                if problem:
                    return problem, (f"{path}." if path else "") + key.encode("utf-8", "replace").decode()
                stack.append((sub, f"{path}.{key}" if path else key))
        elif isinstance(item, list):
            stack.extend((sub, f"{path}[{i}]") for i, sub in enumerate(item))
    return None


def _is_api() -> bool:
    return (request.blueprint or "") == "api" or request.path.startswith("/api/")


def _refuse(status: int, key: str, where: str = "", **values):
    lang = current_lang()
    message = messages.text(key, lang, where=where, **values)
    if _is_api():
        error = {"__type": "Validation Error", where: [message]} if status == 409 and where \
            else {"__type": "Bad request", "message": message}
        body = json.dumps({"help": request.url, "success": False, "error": error})
        return current_app.response_class(body, status=status, mimetype="application/json")
    raise BadRequest(description=message)


def _json_body():
    """The JSON text CKAN's API would read from this request, or None."""
    if request.method not in ("POST", "PUT", "PATCH"):
        return None
    if request.form:
        values = list(request.form.values())
        if _is_api() and len(values) == 1 and values[0] in ("1", ""):
            return next(iter(request.form.keys()))     # CKAN reads the one key as JSON
        return None
    if request.mimetype == "multipart/form-data":
        return None
    data = request.get_data(cache=True)
    if not data or not (request.is_json or _is_api()):
        return None
    return data.decode("utf-8", "replace")


def guard():
    """``before_request``: a refusal response (or exception) for bad input, else None."""
    problem = bad_text(request.path)
    if problem:
        return _refuse(400, problem, where=request.path.encode("utf-8", "replace").decode())
    sources = [request.args]
    if request.method in ("POST", "PUT", "PATCH"):
        sources.append(request.form)
    for source in sources:
        for key, value in source.items(multi=True):
            problem = bad_text(key) or (bad_text(value) if isinstance(value, str) else None)
            if problem:
                return _refuse(409, problem, where=key.encode("utf-8", "replace").decode())
    text = _json_body()
    if text is None:
        return None
    if json_depth(text) > MAX_DEPTH:
        return _refuse(400, "json_too_deep", limit=MAX_DEPTH)
    try:
        value = json.loads(text)
    except ValueError:
        return None          # CKAN answers malformed JSON itself (400)
    found = find_bad(value)
    if found:
        problem, where = found
        return _refuse(409, problem, where=where)
    return None


def install(flask_app):
    if hasattr(flask_app, "before_request"):       # the Flask app, not a WSGI wrapper
        flask_app.before_request(guard)
    return flask_app
