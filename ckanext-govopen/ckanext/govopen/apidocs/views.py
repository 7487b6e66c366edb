"""/api-docs: how to use the catalog's API, and /api-docs/openapi.json."""
from __future__ import annotations

import re

from flask import Blueprint, jsonify

import ckan.plugins.toolkit as tk

from ckanext.govopen import feature

from . import examples as example_list
from . import openapi

apidocs = Blueprint("govopen_apidocs", __name__)


def site_url():
    return (tk.config.get("ckan.site_url") or tk.request.host_url).rstrip("/")


def example_dataset():
    """The name of one public dataset the examples can use (anonymous search,
    so nothing private or restricted is ever named), or None."""
    try:
        found = tk.get_action("package_search")(
            {"user": "", "ignore_auth": False},
            {"q": "*:*", "fq": "+dataset_type:dataset", "rows": 1,
             "sort": "metadata_modified desc", "include_private": False})
    except Exception:  # the page explains the API even when search is down
        return None
    results = found.get("results") or []
    return results[0]["name"] if results else None


#: what a summary shows as code: reStructuredText literals (````officer````) and
#: action or field names (``package_search``, ``title_en``)
CODE = re.compile(r"``(.+?)``|\b([a-z][a-z0-9]*(?:_[a-z0-9]+)+)\b")


def summary_parts(summary: str) -> list:
    """A summary (from the actions' docstrings) as ``[(text, is_code)]``."""
    parts, at = [], 0
    summary = summary or ""
    for m in CODE.finditer(summary):
        if m.start() > at:
            parts.append((summary[at:m.start()], False))
        parts.append((m.group(1) or m.group(2), True))
        at = m.end()
    if at < len(summary):
        parts.append((summary[at:], False))
    return parts


def openapi_document():
    features = feature.installed()
    return openapi.build(feature.actions(features), feature.auth_functions(features), site_url())


def index():
    site = site_url()
    dataset = example_dataset()
    document = openapi_document()
    operations = [
        {"name": path.rsplit("/", 1)[-1],
         "summary": summary_parts((item.get("post") or {}).get("summary", "")),
         "auth": summary_parts((item.get("post") or {}).get("x-govopen-auth", "")), "get": "get" in item,
         "anonymous": {} in (item.get("post") or {}).get("security", [])}
        for path, item in sorted(document["paths"].items())]
    return tk.render("govopen/api_docs.html", {
        "site_url": site,
        "example_dataset": dataset,
        "examples": example_list.examples(site, dataset),
        "token_example": example_list.token_example(site, dataset),
        "operations": operations,
    })


def openapi_json():
    response = jsonify(openapi_document())
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


apidocs.add_url_rule("/api-docs", "index", index)
apidocs.add_url_rule("/api-docs/openapi.json", "openapi", openapi_json)


def get_blueprint():
    return apidocs
