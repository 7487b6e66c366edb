"""What the resource page shows of the Data API (``package/snippets/govopen_datastore.html``):

- to those who may read the rows (``access.may_read_rows``, the one verdict):
  the dump links (CSV, CSV for Excel with a BOM, JSON, XLSX) and the API tab
  (``examples``: curl, ckanapi, Python and JavaScript for this table);
- to the others, when the table is in the DataStore: that its rows are not
  theirs (the grid's tab shows no grid);
- to the department's editors and sysadmins (``govopen_datastore_status``): the
  load state and its error, in the reader's language.
"""
from __future__ import annotations

import json
from typing import Optional

import ckan.model as model
import ckan.plugins.toolkit as tk

from . import access

#: (label msgid, query string) of each dump link; XLSX is ``xlsx.py``'s
DUMPS = (("CSV", "format=csv"), ("CSV for Excel", "format=csv&bom=true"),
         ("JSON", "format=json"), ("XLSX", "format=xlsx"))


def _context() -> dict:
    user = tk.current_user.name if tk.current_user and tk.current_user.is_authenticated else ""
    return {"user": user}


def site_url() -> str:
    return (tk.config.get("ckan.site_url") or "").rstrip("/")


def dump_links(resource_id: str) -> list:
    base = f"{site_url()}/datastore/dump/{resource_id}"
    return [{"label": label, "url": f"{base}?{query}", "format": query.split("&")[0][7:]}
            for label, query in DUMPS]


def examples(resource_id: str, site: Optional[str] = None) -> dict:
    """Ready-to-run calls of ``datastore_search`` on this table: name -> code."""
    site = (site or site_url()).rstrip("/")
    api = f"{site}/api/3/action/datastore_search"
    rid = json.dumps(resource_id)
    return {
        "curl": (f"curl -G '{api}' \\\n  --data-urlencode 'resource_id={resource_id}' \\\n"
                 f"  --data-urlencode 'limit=5'"),
        "ckanapi": f"ckanapi action datastore_search -r {site} resource_id={resource_id} limit=5",
        "python": (
            "import requests\n\n"
            f"API = {json.dumps(api)}\n"
            f"params = {{\"resource_id\": {rid}, \"limit\": 100, \"include_next_page\": True}}\n"
            "rows = []\n"
            "while True:  # keyset paging: each page continues after the last _id\n"
            "    result = requests.post(API, json=params).json()[\"result\"]\n"
            "    rows += result[\"records\"]\n"
            "    if len(result[\"records\"]) < params[\"limit\"]:\n"
            "        break\n"
            "    params[\"filters\"] = result[\"next_page\"]\n"
            "print(len(rows), rows[:3])\n"),
        "javascript": (
            f"const url = new URL({json.dumps(api)});\n"
            f"url.search = new URLSearchParams({{resource_id: {rid}, limit: \"5\"}});\n"
            "const response = await fetch(url);\n"
            "const {result} = await response.json();\n"
            "console.log(result.total, result.records);\n"),
    }


def govopen_datastore_panel(resource_id: str) -> Optional[dict]:
    """The Data API part of a resource page for the current reader, or None (nothing to show)."""
    resource = model.Resource.get(resource_id or "")
    if resource is None:
        return None
    context = _context()
    active = bool((resource.extras or {}).get("datastore_active"))
    try:
        status = tk.get_action("govopen_datastore_status")(dict(context), {"id": resource_id})
    except (tk.NotAuthorized, tk.ObjectNotFound, tk.ValidationError):
        status = None
    if status is not None and status["status"] == "none":
        status = None
    if not active and status is None:
        return None
    may_read = active and access.may_read_rows(dict(context), resource_id)
    return {"active": active, "may_read": may_read, "status": status,
            "dumps": dump_links(resource_id) if may_read else [],
            "examples": examples(resource_id) if may_read else None}
