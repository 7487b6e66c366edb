"""``/data.json``: the public catalog as DCAT-US 1.1 (Project Open Data v1.1).

Lists what an anonymous visitor can see and nothing else: the search runs as
the anonymous user with ``include_private`` and ``include_drafts`` off, only
``dataset`` types (no harvest sources), and every result is checked again
(``private`` false, ``state`` active) before it is serialized. Datasets that
are not unconditionally open are listed without download URLs (see
``datajson``).
"""
import json

from flask import Blueprint, Response

import ckan.plugins.toolkit as tk

from . import datajson as serializer

datajson = Blueprint("datajson", __name__)

#: Page size of the search (CKAN caps ``rows`` at ``ckan.search.rows_max``, 1000 by default).
ROWS = 1000

CONTENT_TYPE = "application/json; charset=utf-8"

#: Optional config: the catalog's contact address, for records with none.
CONTACT_EMAIL = "govopen.dcat.contact_email"


def _anonymous():
    return {"user": "", "ignore_auth": False}


def _rows():
    try:
        cap = int(tk.config.get("ckan.search.rows_max") or ROWS)
    except (TypeError, ValueError):
        cap = ROWS
    return max(1, min(ROWS, cap))


def is_public(d):
    return not d.get("private") and d.get("state", "active") == "active"


def public_datasets():
    """Every public, active dataset, paged through ``package_search``."""
    search = tk.get_action("package_search")
    rows = _rows()
    start = 0
    while True:
        result = search(_anonymous(), {
            "q": "*:*",
            "fq": "+dataset_type:dataset",
            "rows": rows,
            "start": start,
            "sort": "metadata_created asc, id asc",
            "include_private": False,
            "include_drafts": False,
        })
        page = result.get("results") or []
        for d in page:
            if is_public(d):
                yield d
        start += len(page)
        if not page or start >= (result.get("count") or 0):
            break


def _with_organizations(datasets):
    """Add the organizations' scheming fields (contact e-mail) once per organization."""
    cache = {}
    show = tk.get_action("organization_show")
    for d in datasets:
        org = d.get("organization") or {}
        key = org.get("id")
        if key and "contact_email" not in org:
            if key not in cache:
                try:
                    full = show(_anonymous(), {"id": key, "include_datasets": False,
                                               "include_users": False})
                    cache[key] = {k: full[k] for k in ("contact_email", "title_en", "provider_code")
                                  if full.get(k)}
                except (tk.ObjectNotFound, tk.NotAuthorized):
                    cache[key] = {}
            d = dict(d, organization=dict(org, **cache[key]))
        yield d


def federal_codes():
    """US federal OMB codes for every dataset, when the deployment has them."""
    codes = {}
    for key, field in (("govopen.datajson.bureau_code", "bureauCode"),
                       ("govopen.datajson.program_code", "programCode")):
        values = tk.aslist(tk.config.get(key))
        if values:
            codes[field] = values
    return codes or None


@datajson.route("/data.json")
def data_json():
    site_url = tk.config.get("ckan.site_url") or tk.request.host_url
    doc = serializer.catalog(_with_organizations(public_datasets()), site_url,
                             tk.config.get(CONTACT_EMAIL), federal_codes())
    body = json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
    return Response(body, status=200, content_type=CONTENT_TYPE)


def get_blueprint():
    return datajson
