"""OpenAPI 3 document of govopen's actions, generated from the registries
(the actions and auth functions the plugin's features compose, ``feature.actions`` / ``feature.auth_functions``) so it can
never list an action that does not exist or miss one that does.

Parameters come from each action's ``:param name: text`` docstring lines; a
parameter the code fetches with ``get_or_bust(data_dict, "name")`` is marked
required. Actions marked ``side_effect_free`` are also offered as GET.
"""
from __future__ import annotations

import inspect
import re

OPENAPI_VERSION = "3.0.3"
_PARAM = re.compile(r"^\s*:param\s+(?:(\w+)\s+)?(\w+)\s*:\s*(.*)$")
_FIELD = re.compile(r"^\s*:(\w+)")
_BUST = re.compile(r"get_or_bust\(\s*\w+\s*,\s*[\"'](\w+)[\"']")


def _unwrap(func):
    while hasattr(func, "__wrapped__"):
        func = func.__wrapped__
    return func


def parse_docstring(func):
    """``(summary, description, {param: text})`` from a Sphinx-style docstring."""
    doc = inspect.cleandoc(getattr(_unwrap(func), "__doc__", None) or func.__doc__ or "")
    lines = doc.splitlines()
    text, params, current = [], {}, None
    for line in lines:
        match = _PARAM.match(line)
        if match:
            current = match.group(2)
            params[current] = match.group(3).strip()
        elif _FIELD.match(line):
            current = None
            text.append(line)
        elif current and line.startswith((" ", "\t")):
            params[current] = (params[current] + " " + line.strip()).strip()
        else:
            current = None
            text.append(line)
    description = "\n".join(text).strip()
    summary = description.split("\n\n", 1)[0].replace("\n", " ").strip()
    return summary, description, params


def required_params(func):
    try:
        source = inspect.getsource(_unwrap(func))
    except (OSError, TypeError):
        return set()
    return set(_BUST.findall(source))


def _auth_text(auth, name=""):
    if auth is None:
        return "No auth function: CKAN's default."
    if getattr(auth, "chained_auth_function", False) and not name.startswith("govopen_"):
        return f"CKAN's own rule for {name}."
    summary, _, _ = parse_docstring(auth)
    anonymous = bool(getattr(auth, "auth_allow_anonymous_access", False))
    who = "Anonymous callers allowed." if anonymous else "Needs an API token (Authorization header)."
    return f"{who} {summary}".strip()


def _envelope():
    return {
        "type": "object",
        "required": ["success"],
        "properties": {
            "help": {"type": "string"},
            "success": {"type": "boolean"},
            "result": {},
            "error": {"type": "object", "additionalProperties": True},
        },
    }


def operation(name, func, auth):
    """One action as a path item (POST always; GET too when side-effect free)."""
    summary, description, params = parse_docstring(func)
    required = required_params(func)
    anonymous = bool(getattr(auth, "auth_allow_anonymous_access", False)) if auth else False
    properties = {p: {"description": text} for p, text in params.items()}
    for p in required:
        properties.setdefault(p, {"description": ""})
    responses = {
        "200": {"description": "The action's result in CKAN's envelope (`result`).",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ActionResponse"}}}},
        "403": {"description": "Not authorized (see x-govopen-auth).",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ActionResponse"}}}},
        "404": {"description": "Not found.",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ActionResponse"}}}},
        "409": {"description": "Validation error: `error` names each bad field.",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ActionResponse"}}}},
    }
    chained = bool(getattr(func, "chained_action", False)) or not name.startswith("govopen_")
    full = description or f"`{name}`"
    if chained:
        summary = f"CKAN's {name}, wrapped by govopen"
        full = (f"CKAN core action `{name}` (see CKAN's API documentation), wrapped "
                f"by govopen: the gate, or hiding of restricted content.\n\n{description}").strip()
    security = [{}, {"ApiToken": []}] if anonymous else [{"ApiToken": []}]
    post = {
        "operationId": name,
        "summary": summary or name,
        "description": full,
        "tags": ["govopen" if name.startswith("govopen_") else "ckan (wrapped by govopen)"],
        "x-govopen-auth": _auth_text(auth, name),
        "security": security,
        "requestBody": {
            "required": bool(required),
            "content": {"application/json": {"schema": {
                "type": "object", "properties": properties,
                **({"required": sorted(required)} if required else {}),
                "additionalProperties": True}}},
        },
        "responses": responses,
    }
    item = {"post": post}
    if getattr(_unwrap(func), "side_effect_free", False) or getattr(func, "side_effect_free", False):
        item["get"] = {
            "operationId": name + "_get",
            "summary": summary or name,
            "description": full,
            "tags": post["tags"],
            "x-govopen-auth": post["x-govopen-auth"],
            "security": security,
            "parameters": [
                {"name": p, "in": "query", "required": p in required,
                 "description": properties[p]["description"], "schema": {"type": "string"}}
                for p in sorted(properties)],
            "responses": responses,
        }
    return item


def build(actions, auth_functions, site_url, version="1"):
    """The OpenAPI document for ``actions`` (name -> function)."""
    paths = {}
    for name in sorted(actions):
        paths[f"/api/3/action/{name}"] = operation(name, actions[name], auth_functions.get(name))
    return {
        "openapi": OPENAPI_VERSION,
        "info": {
            "title": "govopen actions",
            "version": version,
            "description": (
                "The CKAN Action API actions that govopen adds or wraps. Every other "
                "CKAN action works as documented by CKAN (https://docs.ckan.org/en/latest/api/). "
                "Send an API token in the Authorization header for anything that is not public."),
        },
        "servers": [{"url": site_url.rstrip("/") or "/"}],
        "paths": paths,
        "components": {
            "securitySchemes": {
                "ApiToken": {"type": "apiKey", "in": "header", "name": "Authorization"},
            },
            "schemas": {"ActionResponse": _envelope()},
        },
    }
