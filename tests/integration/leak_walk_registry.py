"""What the leak walk must cover, read from CKAN's own registries at test time.

- ``read_actions()``: every action of ``ckan.logic._actions`` (core, activity,
  harvest, dcat, scheming, govopen, anything a plugin adds later) that is a
  read: the side-effect-free ones (callable with GET) and the reads that are
  only callable with POST (``POST_READS``). Every other action must be named
  in ``EXEMPT`` as a write, with a reason.
- ``get_routes(app)``: every rule of the Flask ``url_map`` that answers GET.
- ``action_params(name)``: the parameters an action reads, found in its source
  and docstring (``data_dict.get("x")``, ``data_dict["x"]``, ``get_or_bust``,
  ``:param x:``), through chained actions and decorators; with what kind of
  object its ``id`` names (from the docstring, else the action's name).

The walk fails for anything in these registries that it neither walked nor
finds in ``EXEMPT`` (see ``uncovered``), so a new action or route cannot slip by.
"""
from __future__ import annotations

import functools
import inspect
import re

import ckan.logic as logic
import ckan.plugins.toolkit as tk

#: Reads that are not flagged side-effect-free: the API takes them only by POST.
POST_READS = {
    "dcat_dataset_show": "returns one dataset serialised by ckanext-dcat",
    "govopen_datapackage": "returns a dataset's Frictionless data package",
    "govopen_publication_blockers": "returns what blocks a dataset's publication",
    "govopen_validation_show": "returns a resource's validation report",
    "harvest_get_notifications_recipients": "returns who gets a harvest source's mails (e-mails)",
    "get_mail_extra_vars": "returns the variables of a harvest error mail (source, job, errors)",
    "prepare_error_mail": "returns the text of a harvest error mail",
    "prepare_summary_mail": "returns the text of a harvest summary mail",
    "send_error_email": "a mail helper of ckanext-harvest, not an API action (answers 404)",
    "send_mail": "a mail helper of ckanext-harvest, not an API action (answers 404)",
    "send_summary_email": "a mail helper of ckanext-harvest, not an API action (answers 404)",
}


def _writes(reason, *names):
    return {"action:" + n: "write action: " + reason for n in names}


#: THE one list of what the walk does not call, each with its reason. Keys are
#: ``action:<name>`` or ``route:<rule>``.
EXEMPT = {
    **_writes("creates an object", "activity_create", "api_token_create", "follow_dataset", "follow_group",
              "follow_user", "group_create", "group_member_create", "harvest_job_create",
              "harvest_job_create_all", "harvest_object_create", "harvest_source_create", "member_create",
              "organization_create", "organization_member_create", "package_collaborator_create",
              "package_create", "package_relationship_create", "resource_create", "resource_view_create",
              "tag_create", "user_create", "user_invite", "vocabulary_create", "file_create",
              "file_register", "govopen_access_request_create", "govopen_data_request_create",
              "govopen_feedback_create", "govopen_rating_create", "govopen_showcase_create",
              "package_create_default_resource_views",
              "resource_create_default_resource_views"),
    "action:InactiveSource": "not an action: an exception class ckanext-harvest's action module exports",
    **_writes("changes an object", "bulk_update_delete", "bulk_update_private", "bulk_update_public",
              "config_option_update", "dashboard_mark_activities_old", "group_patch", "group_update",
              "harvest_abort_failed_jobs", "harvest_job_abort", "harvest_jobs_run", "harvest_objects_import",
              "harvest_send_job_to_gather_queue", "harvest_source_clear", "harvest_source_index_clear",
              "harvest_source_job_history_clear", "harvest_source_patch", "harvest_source_update",
              "harvest_sources_job_history_clear", "organization_patch", "organization_update",
              "package_owner_org_update", "package_patch", "package_relationship_update",
              "package_resource_reorder", "package_revise", "package_update", "resource_patch",
              "resource_update", "resource_view_reorder", "resource_view_update", "task_status_update",
              "task_status_update_many", "term_translation_update", "term_translation_update_many",
              "user_patch", "user_update", "vocabulary_update", "file_ownership_transfer", "file_pin",
              "file_rename", "file_unpin", "govopen_access_request_decide", "govopen_data_request_answer",
              "govopen_feedback_moderate", "govopen_review_approve", "govopen_scan",
              "govopen_showcase_decide", "govopen_validate",
              "job_cancel"),
    **_writes("deletes an object", "activity_delete", "activity_delete_all", "activity_delete_counts",
              "api_token_revoke", "dataset_purge", "group_delete", "group_member_delete", "group_purge",
              "harvest_source_delete", "job_clear", "member_delete", "organization_delete",
              "organization_member_delete", "organization_purge", "package_collaborator_delete",
              "package_delete", "package_relationship_delete", "resource_delete", "resource_view_clear",
              "resource_view_delete", "tag_delete", "task_status_delete", "unfollow_dataset",
              "unfollow_group", "unfollow_user", "user_delete", "vocabulary_delete", "file_delete"),
    **_writes("sends mail", "send_email_notifications"),
    **_writes("the DataStore's writes, sysadmins only (ckanext/govopen/datastore/access.py; "
              "test_write_refusals and test_datastore call them as every other caller)",
              "datastore_create", "datastore_upsert", "datastore_delete", "datastore_records_delete",
              "datastore_function_create", "datastore_function_delete", "datastore_run_triggers"),
    "route:/<path:filename>": "static asset: the files of CKAN's and the plugins' public/ folders",
    "route:/webassets/<path:path>": "static asset: compiled CSS/JS bundles",
    "route:/api/<int(min=3, max=3):ver>/action/<logic_function>":
        "the Action API: walked action by action (every read action above)",
    "route:/api/action/<logic_function>": "the Action API without version: walked as /api/3/action/<name>",
}


# --- the registries ---------------------------------------------------------------------------

def all_actions() -> dict:
    tk.get_action("package_show")  # the registry is filled on first use
    return dict(logic._actions)


def read_actions() -> dict:
    """name -> "GET" (side-effect-free) or "POST" (a read the API takes by POST only)."""
    out = {}
    for name, fn in all_actions().items():
        if getattr(fn, "side_effect_free", False):
            out[name] = "GET"
        elif name in POST_READS:
            out[name] = "POST"
    return out


def get_routes(flask_app) -> list:
    """Every rule that answers GET: ``(rule string, argument names)``, once per rule string."""
    seen = {}
    for rule in flask_app.url_map.iter_rules():
        if "GET" in (rule.methods or ()) and rule.rule not in seen:
            seen[rule.rule] = rule
    return [(r.rule, sorted(set(re.findall(r"<(?:[^<>:]+:)?(\w+)>", r.rule))), r.endpoint)
            for r in sorted(seen.values(), key=lambda r: r.rule)]


def uncovered(walked_actions, walked_routes, flask_app) -> list:
    """Read actions and GET routes that were neither walked nor exempted (must be empty),
    and write actions the exemption list does not name."""
    out = []
    reads = read_actions()
    for name in sorted(all_actions()):
        key = "action:" + name
        if name in reads:
            if name not in walked_actions and key not in EXEMPT:
                out.append(key + " (read action, not walked)")
        elif key not in EXEMPT:
            out.append(key + " (not side-effect-free and not in POST_READS: a read to walk, or a write to exempt?)")
    for rule, _, endpoint in get_routes(flask_app):
        if rule not in walked_routes and "route:" + rule not in EXEMPT:
            out.append("route:%s (%s)" % (rule, endpoint))
    return out


# --- the parameters an action reads ------------------------------------------------------------

_KEY_PATTERNS = [
    re.compile(r"data_dict\.get\(\s*['\"](\w+)['\"]"),
    re.compile(r"data_dict\[\s*u?['\"](\w+)['\"]\s*\]"),
    re.compile(r"data_dict\.get\(\s*u['\"](\w+)['\"]"),
    re.compile(r"get_or_bust\(\s*data_dict\s*,\s*['\"](\w+)['\"]"),
    re.compile(r"get_or_bust\(\s*data_dict\s*,\s*\[([^\]]*)\]"),
    re.compile(r":param (\w+):"),
    re.compile(r"['\"](\w+)['\"]\s+in\s+data_dict"),
    re.compile(r"asbool\(\s*data_dict\.get\(\s*['\"](\w+)['\"]"),
]


def _functions(fn, depth=0):
    """The action and every function it wraps (chained actions, decorators)."""
    if fn is None or depth > 8:
        return []
    out = []
    if isinstance(fn, functools.partial):
        out += _functions(fn.func, depth + 1)
        for a in fn.args:
            if callable(a):
                out += _functions(a, depth + 1)
        return out
    out.append(fn)
    out += _functions(getattr(fn, "__wrapped__", None), depth + 1)
    return out


def _source(fn) -> str:
    texts = []
    for f in _functions(fn):
        try:
            texts.append(inspect.getsource(f))
        except (OSError, TypeError):
            texts.append(f.__doc__ or "")
    return "\n".join(texts)


_ID_DOC = re.compile(r":param (id|\w+_id|name_or_id):\s*(.*?)(?=:param|:type|:returns|:rtype|\Z)", re.S)

#: the words of a docstring (or action name) that say what an id names, most specific first.
KIND_WORDS = [
    ("resource_view", "view"), ("view", "view"), ("harvest_object", "harvest_object"),
    ("harvest object", "harvest_object"), ("harvest_job", "harvest_job"), ("harvest job", "harvest_job"),
    ("harvest_source", "harvest_source"), ("harvest source", "harvest_source"), ("source", "harvest_source"),
    ("resource", "resource"), ("activity", "activity"), ("organization", "organization"),
    ("group", "group"), ("user", "user"), ("package", "dataset"), ("dataset", "dataset"),
    ("data_request", "data_request"), ("data request", "data_request"), ("vocabulary", "vocabulary"),
    ("tag", "tag"), ("job", "job"), ("task", "task"), ("file", "file"), ("term", "term"),
    ("config_option", "config"), ("member", "organization"),
]


def _kind(text):
    low = text.lower()
    for word, kind in KIND_WORDS:
        if re.search(r"(?<![a-z])%s(?![a-z])" % re.escape(word), low):
            return kind
    return None


def action_params(name, fn=None) -> dict:
    """``{"params": set of parameter names, "id_kind": {param: kind}}`` for one action."""
    fn = fn or all_actions()[name]
    src = _source(fn)
    params = set()
    for pat in _KEY_PATTERNS:
        for m in pat.finditer(src):
            for p in re.findall(r"\w+", m.group(1)):
                params.add(p)
    id_kind = {}
    docs = "\n".join(f.__doc__ or "" for f in _functions(fn))
    for m in _ID_DOC.finditer(docs):
        kind = _kind(m.group(2).split(".")[0])
        if kind:
            id_kind.setdefault(m.group(1), kind)
    for p in params:
        if p.endswith("_id") and p not in id_kind:
            id_kind[p] = _kind(p[:-3].replace("org", "organization")) or _kind(name)
        elif p in ("id", "name_or_id") and p not in id_kind:
            id_kind[p] = _kind(name)
    return {"params": params, "id_kind": id_kind}
