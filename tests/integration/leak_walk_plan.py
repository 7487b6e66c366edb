"""The leak walk's requests: every read action and GET route, with arguments
taken from the seeded objects.

``objects`` (built by the test from the seeded catalog) names what exists::

    {"datasets": [{"id", "name", "resources": [{"id", "views": [...], "filename"}],
                   "activities": [...]}],
     "organizations": [...], "groups": [...], "users": [...]  (dicts with id, name),
     "harvest_sources": [...], "harvest_jobs": [ids], "activities": {"organization": [...], ...},
     "probe": "a search query OR-ing every hidden marker", "markers": [...]}

Actions: each parameter an action reads (see ``leak_walk_registry.action_params``)
is filled with every seeded object of its kind, one argument set per object;
flags that widen an answer (``include_private``, ``include_drafts``,
``all_fields``, ``include_data`` ...) are added in a second set; ``EXTRA``
adds hand-made sets where the generic ones cannot reach (``fl``, ``fq``,
facets, DCAT formats and profiles ...). Routes: each argument of a rule is
filled from the part of the site it is in (``/dataset/<id>`` a dataset,
``/organization/changes/<id>`` an activity ...); a rule with an argument this
module does not know is not walked, and the coverage check fails on it.
"""
from __future__ import annotations

import itertools
from urllib.parse import quote, urlencode

from tests.integration.leak_walk_registry import action_params, read_actions, POST_READS
from tests.integration.leak_walk_search import Request, api_get, api_post

NO_SUCH = "00000000-0000-0000-0000-00000000dead"

#: flags that make an answer show more (added together, in a second argument set)
FLAGS = {"include_private", "include_drafts", "include_deleted", "all_fields", "include_datasets",
         "include_data", "include_hidden_activity", "include_users", "include_extras",
         "include_plugin_data", "include_dataset_count", "include_followers", "include_groups",
         "use_default_schema", "return_last_job_status", "expanded", "include_plugin_extras",
         "include_site_user", "include_num_followers", "include_member_count", "only_current",
         "ids_only", "unassigned", "mine"}

#: an action's ``id`` the docstring and name do not name right
ID_KIND = {("organization_list_for_user", "id"): "user", ("govopen_data_request_list", "org_id"): "organization",
           ("package_collaborator_list_for_user", "id"): "user", ("task_status_show", "entity_id"): "dataset",
           ("dcat_dataset_show", "id"): "dataset"}

#: reads walked with and without FLAGS for every object
PLAIN_TOO = {"package_show", "resource_show", "organization_show", "group_show"}
#: reads that do nothing without more arguments than an id: only their EXTRA sets
EXTRA_ONLY = {"activity_diff", "activity_data_show"}

#: actions that take a dataset's name as well as its id
BY_NAME = {"package_show", "dcat_dataset_show"}

DCAT_PROFILES = [None, ["euro_dcat_ap_3"], ["euro_dcat_ap_2"], ["schemaorg"], ["dcat_us_3"]]
DCAT_FORMATS = ["ttl", "jsonld", "xml"]
SEARCH_FIELDS = ["res_url", "urls", "text", "name", "title", "url", "res_extras_download_url", "res_name",
                 "res_description", "groups", "organization", "tags", "notes", "extras_quasi_identifiers"]
FL_ALIASES = ["name,vdd:validated_data_dict", "name,dd:data_dict", "name,validated_data_dict:[json]",
              "id,name,res_url,urls,url,validated_data_dict,data_dict", "*", "*,[json]",
              "name,x:res_url,y:text"]


def _extra(o):
    """Hand-made argument sets: (action, params, by POST)."""
    probe = o["probe"]
    out = []
    for q in ("*:*", probe, "res_url:*", "urls:*restricted*", "text:(%s)" % probe):
        out.append(("package_search", {"q": q, "rows": 1000, "include_private": True, "include_drafts": True,
                                       "include_deleted": True}, False))
    for fl in FL_ALIASES:
        out.append(("package_search", {"q": "*:*", "rows": 1000, "fl": fl, "include_private": True}, False))
    out += [
        ("package_search", {"q": "*:*", "rows": 1000, "use_default_schema": True}, False),
        ("package_search", {"fq": "capacity:private OR state:draft OR state:deleted", "include_private": True,
                            "include_drafts": True, "include_deleted": True, "rows": 1000}, False),
        ("package_search", {"fq_list": ["capacity:private"], "include_private": True}, True),
        ("package_search", {"q": "*:*", "rows": 1000, "facet.field": SEARCH_FIELDS, "facet.limit": -1,
                            "facet.mincount": 1, "include_private": True}, True),
        ("package_search", {"q": "*:*", "rows": 1000, "include_private": True, "fl": ["validated_data_dict"]}, True),
        ("package_search", {"q": "*:*", "rows": 10, "sort": "title asc", "facet": "true",
                            "facet.query": ["res_url:*", "capacity:private"]}, True),
        ("resource_search", {"query": "url:files.example.gov.cn"}, False),
        ("resource_search", {"query": ["name:file", "url:restricted"]}, True),
        ("resource_search", {"query": "description:"}, False),
        ("resource_search", {"query": "url:" + o["markers"][0]}, False),
        ("package_list", {}, False),
        ("current_package_list_with_resources", {"limit": 1000}, False),
        ("help_show", {"name": "package_show"}, False),
        ("config_option_show", {"key": "ckan.site_title"}, False),
        ("member_list", {"id": o["organizations"][0]["id"], "object_type": "package"}, False),
        ("member_list", {"id": o["groups"][0]["id"], "object_type": "package"}, False),
        ("user_list", {"q": "@", "all_fields": True, "include_site_user": True}, False),
        ("user_list", {"email": o["users"][0].get("email") or "x@example.org"}, False),
        ("tag_show", {"id": "leaktag", "include_datasets": True}, False),
        ("scheming_dataset_schema_show", {"type": "dataset", "expanded": True}, False),
        ("scheming_organization_schema_show", {"type": "organization"}, False),
        ("govopen_access_request_list", {"mine": True}, False),
        ("govopen_audit_list", {"limit": 100}, False),
        ("harvest_source_show", {"url": o["harvest_sources"][0].get("url") or ""}, False),
        ("job_show", {"id": NO_SUCH}, False),
    ]
    for a in o["activities"].get("dataset", []):
        out.append(("activity_diff", {"id": a, "object_type": "package", "diff_type": "unified"}, False))
        out.append(("activity_data_show", {"id": a, "object_type": "package"}, False))
        out.append(("activity_data_show", {"id": a}, False))
    combos = list(itertools.product(DCAT_FORMATS, DCAT_PROFILES))
    for fmt, prof in combos:
        extra = {"profiles": prof} if prof else {}
        out.append(("dcat_catalog_show", dict(format=fmt, **extra), True))
        out.append(("dcat_catalog_search", dict(format=fmt, q="*:*", **extra), True))
    # every dataset in one serialisation (rotating), the conditional one in all of them
    for i, ds in enumerate(o["datasets"]):
        for fmt, prof in (combos if ds.get("conditional") else [combos[i % len(combos)]]):
            extra = {"profiles": prof} if prof else {}
            out.append(("dcat_dataset_show", dict(id=ds["id"], format=fmt, **extra), True))
    out.append(("dcat_catalog_search", {"format": "ttl", "q": probe, "include_private": True}, True))
    return out


def _values(kind, o, action=None):
    ds = o["datasets"]
    if kind == "dataset":
        vals = [d["id"] for d in ds]
        return vals + ([d["name"] for d in ds] if action in BY_NAME else [])
    if kind == "resource":
        return [r["id"] for d in ds for r in d["resources"]]
    if kind == "view":
        return [v for d in ds for r in d["resources"] for v in r["views"]] or [NO_SUCH]
    if kind == "activity":
        return o["activities"].get("dataset") or [NO_SUCH]
    if kind in ("organization", "group", "user", "harvest_source"):
        objs = o[{"organization": "organizations", "group": "groups", "user": "users",
                  "harvest_source": "harvest_sources"}[kind]]
        return [x["id"] for x in objs] + [x["name"] for x in objs]
    if kind == "harvest_job":
        return o["harvest_jobs"] or [NO_SUCH]
    if kind == "harvest_object":
        return o["harvest_objects"] or [NO_SUCH]
    if kind == "tag":
        return ["leaktag"]
    if kind == "file":
        return [r["id"] for d in ds for r in d["resources"] if r.get("filename")] + [NO_SUCH]
    if kind == "task":
        return [d["id"] for d in ds]
    # not known: a hidden dataset, one of its resources, a department
    hidden = [d for d in ds if d.get("hidden")] or ds
    return [hidden[0]["id"], hidden[0]["resources"][0]["id"], o["organizations"][0]["id"], NO_SUCH]


def action_requests(name, how, o) -> list:
    """Every request of one read action (GET when it is side-effect-free, else POST)."""
    info = action_params(name)
    params, kinds = info["params"], info["id_kind"]
    sets = []
    id_params = sorted(p for p in params if p in ("id", "name_or_id") or p.endswith("_id"))
    primary = [p for p in ("id", "name_or_id") if p in id_params][:1] or id_params
    for p in primary:
        kind = ID_KIND.get((name, p), kinds.get(p))
        sets += [{p: v} for v in _values(kind, o, name)]
    if "q" in params:
        sets += [{"q": "leak"}, {"q": o["probe"]}]
    if "query" in params and name != "resource_search":
        sets += [{"query": "leak"}]
    if not sets:
        sets = [{}]
    size = {}
    if "rows" in params:
        size["rows"] = 1000
    if "limit" in params:
        size["limit"] = 100
    flags = {f: True for f in params & FLAGS}
    out = []
    for i, s in enumerate(sets):
        # with the widening flags for every object; without them too for the first few, and for
        # the reads whose flags switch code paths (schemas, plugin data)
        if not flags or i < 3 or name in PLAIN_TOO:
            out.append(dict(s, **size))
        if flags:
            out.append(dict(s, **size, **flags))
    if name in EXTRA_ONLY:
        out = []
    post = how == "POST"
    reqs = [(api_post(name, **s) if post else api_get(name, **s)) for s in out]
    for action, s, by_post in _extra(o):
        if action == name:
            reqs.append(api_post(name, **s) if (by_post or post) else api_get(name, **s))
    return reqs


# --- routes ---------------------------------------------------------------------------------------

DCAT_ROUTE_FORMATS = ["ttl", "rdf", "jsonld", "xml", "n3"]
LIST_QUERIES = lambda o: ["", "?" + urlencode({"q": o["probe"], "include_private": "True",  # noqa: E731
                                                "include_drafts": "True", "include_deleted": "True"})]


def _datasets_with_resources(o):
    for d in o["datasets"]:
        for r in d["resources"]:
            yield d, r


def _fill(rule, args, o):
    """The concrete paths of one rule, or None when an argument is not known here."""
    ds, orgs, groups, users = o["datasets"], o["organizations"], o["groups"], o["users"]
    sources = o["harvest_sources"]
    area = rule.strip("/").split("/")[0].split(".")[0]
    known = {"_id", "_format", "id", "resource_id", "view_id", "activity_id", "filename", "ver", "lang",
             "location", "storage_name", "token", "path", "source", "package_id", "tag"}
    if not set(args) <= known:
        return None
    combos = []
    if "tag" in args:      # the guarded route of a relocated link: the tag as CKAN's row holds it
        import ckan.model as model
        from ckanext.govopen.access import locations
        for d, r in _datasets_with_resources(o):
            row = model.Resource.get(r["id"])
            if row is not None and locations.is_route(row.url, row.id):
                combos.append({"package_id": d["id"], "resource_id": r["id"], "tag": row.url.rsplit("/", 1)[1]})
        combos += [{"package_id": d["id"], "resource_id": r["id"], "tag": "0" * 16}
                   for d, r in _datasets_with_resources(o)][:3]
    elif "resource_id" in args:
        if area == "harvest":   # the harvest type's resource pages, asked for a source and hidden datasets
            hidden = [d for d in ds if d.get("hidden")][:2]
            owners = [(x["id"], d, d["resources"][0]) for d in hidden for x in sources + [d]]
        else:
            owners = [(d["id"], d, r) for d, r in _datasets_with_resources(o)]
            if rule.endswith(("/edit", "/delete", "/new_view", "/edit_view/<view_id>")):
                owners = [(d["id"], d, d["resources"][0]) for d in ds if d["resources"]]
        for owner, d, r in owners:
            base = {"id": owner, "resource_id": r["id"]}
            if "view_id" in args:
                combos += [dict(base, view_id=v) for v in (r["views"] or [NO_SUCH])]
            elif "activity_id" in args:
                combos += [dict(base, activity_id=a) for a in (d["activities"] if d else [NO_SUCH])[:1]]
            elif "filename" in args:
                combos.append(dict(base, filename=r.get("filename") or "data.csv"))
            else:
                combos.append(base)
    elif "activity_id" in args:
        combos = [{"id": d["id"], "activity_id": a} for d in ds for a in d["activities"][:1]]
    elif area == "dataset_series":
        combos = [{"_id": d["id"], "_format": "ttl"} for d in ds if d.get("hidden") or d.get("conditional")][:4]
    elif "_id" in args:     # every dataset in one format (rotating), the conditional ones in all
        n = len(DCAT_ROUTE_FORMATS)
        combos = [{"_id": d["id"], "_format": f} for i, d in enumerate(ds)
                  for f in (DCAT_ROUTE_FORMATS if d.get("conditional") else [DCAT_ROUTE_FORMATS[i % n]])]
    elif "_format" in args:            # /catalog.<_format>
        combos = [{"_format": f} for f in DCAT_ROUTE_FORMATS]
    elif "source" in args:              # /harvest/<source>/job[/<id>]
        combos = [{"source": s["id"], "id": j} for s in sources for j in (o["harvest_jobs"] or [NO_SUCH])]
        if "id" not in args:
            combos = [{"source": s["id"]} for s in sources]
    elif "storage_name" in args:
        combos = [{"storage_name": "resources", "location": "%s/%s/%s" % (r["id"][:3], r["id"][3:6], r["id"][6:])}
                  for _, r in _datasets_with_resources(o) if r.get("filename")]
    elif "token" in args:
        combos = [{"token": "bm90LWEtdG9rZW4"}]
    elif "path" in args:
        combos = [{"path": "dataset/" + d["name"]} for d in ds if d.get("hidden")][:2]
    elif "lang" in args:
        combos = [{"lang": lang, "ver": 2} for lang in ("zh_Hans_CN", "en")]
    elif "ver" in args:
        combos = [{"ver": v} for v in ((1, 2) if "util" in rule else (3,))]
    elif "id" in args:
        combos = [{"id": v} for v in _route_ids(rule, area, o)]
    else:
        combos = [{}]
    out = []
    for c in combos:
        path = rule
        for k, v in c.items():
            if v is None:
                continue
            path = _substitute(path, k, str(v))
        out.append(path)
    return out


def _substitute(path, name, value):
    import re
    return re.sub(r"<(?:[^<>:]+:)?%s>" % re.escape(name), quote(value, safe="/"), path)


def _route_ids(rule, area, o):
    ds, users = o["datasets"], o["users"]
    hidden = [d for d in ds if d.get("hidden")]
    acts = o["activities"]
    if "/changes/" in rule:
        kind = {"dataset": "dataset", "organization": "organization", "group": "group"}.get(area, "dataset")
        return acts.get(kind) or [NO_SUCH]
    if area == "dataset":
        if "harvest_object" in rule:
            return o["harvest_objects"] or [NO_SUCH]
        if rule == "/dataset/<id>":
            return [d["id"] for d in ds] + [d["name"] for d in ds]
        return [d["id"] for d in ds]
    if area == "harvest":
        if rule.startswith("/harvest/object/"):
            return o["harvest_objects"] or [NO_SUCH]
        return [s["id"] for s in o["harvest_sources"]] + [s["name"] for s in o["harvest_sources"]][:1] \
            + [d["id"] for d in hidden[:2]]
    if area == "organization":
        return [x["id"] for x in o["organizations"]] + [o["organizations"][0]["name"]]
    if area == "group":
        return [x["id"] for x in o["groups"]] + [o["groups"][0]["name"]]
    if area == "user":
        return [u["id"] for u in users] + [users[0]["name"]]
    if area == "feeds":
        if "/tag/" in rule:
            return ["leaktag"]
        if "/group/" in rule:
            return [g["name"] for g in o["groups"]]
        return [x["name"] for x in o["organizations"]]
    if area == "file":
        return [r["id"] for d in ds for r in d["resources"] if r.get("filename")] + [NO_SUCH]
    if area == "data-request":
        return o["data_requests"] or [NO_SUCH]
    return [d["id"] for d in hidden[:2]] + [NO_SUCH]


def route_requests(rule, args, o):
    """Requests of one GET rule; None when it cannot be filled (then it is uncovered)."""
    paths = _fill(rule, args, o)
    if paths is None:
        return None
    surface = "route:" + rule
    out = [Request(surface, p) for p in paths]
    if not args or rule in ("/catalog.<_format>",) or rule.endswith("custom.atom"):
        out += [Request(surface, p + q) for p in paths for q in LIST_QUERIES(o)[1:]]
    if rule == "/dataset/changes_multiple" or rule.endswith("/changes_multiple"):
        acts = o["activities"].get("dataset") or [NO_SUCH]
        out.append(Request(surface, "%s?new_id=%s&old_id=%s" % (rule, acts[0], acts[-1])))
    if rule in ("/catalog.<_format>", "/dataset/<_id>.<_format>"):
        ttl = [p for p in paths if p.endswith(".ttl")]
        if rule != "/catalog.<_format>":
            conditional = {d["id"] for d in o["datasets"] if d.get("conditional")}
            ttl = [p for p in ttl if p.split("/")[2][:-4] in conditional]
        out += [Request(surface, "%s?profiles=%s" % (p, prof)) for p in ttl
                for prof in ("euro_dcat_ap_3", "euro_dcat_ap_2", "euro_dcat_ap", "schemaorg", "dcat_us_3")]
    if rule == "/util/redirect":
        out.append(Request(surface, "/util/redirect?url=/dataset/" + o["datasets"][-1]["name"]))
    if "/util/" in rule:
        out += [Request(surface, p + "?" + urlencode({"incomplete": m, "q": m})) for p in paths
                for m in ("leak", o["markers"][0])]
    return out


def plan(flask_app, o, get_routes):
    """(requests, walked action names, walked route rules, rules that could not be filled)."""
    reqs, actions, routes, unfilled = [], set(), set(), []
    for name, how in sorted(read_actions().items()):
        reqs += action_requests(name, how, o)
        actions.add(name)
    for rule, args, _ in get_routes(flask_app):
        if "logic_function" in args or rule in ("/<path:filename>", "/webassets/<path:path>"):
            continue
        rr = route_requests(rule, args, o)
        if rr is None:
            unfilled.append(rule)
            continue
        reqs += rr
        routes.add(rule)
    return reqs, actions, routes, unfilled
