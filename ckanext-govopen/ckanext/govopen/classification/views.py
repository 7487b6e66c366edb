"""The audit log page for reviewers (/govopen/audit): who, when, before, after, reason.

Reads through ``govopen_audit_list`` so the page and the API share one rule
(reviewers only); everyone else gets 403.
"""
from __future__ import annotations

import json

from flask import Blueprint

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.govopen.common import current_lang
from ckanext.govopen.messages import N_, translate
from ckanext.govopen.standard import loader

blueprint = Blueprint("govopen_audit", __name__)

PAGE_SIZE = 100


def _show(value):
    """A before/after value as short readable text (JSON for dicts and lists)."""
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


@blueprint.route("/govopen/audit")
def audit():
    user = tk.current_user.name if tk.current_user.is_authenticated else ""
    args = tk.request.args
    try:
        page = max(int(args.get("page", 1)), 1)
    except ValueError:
        return tk.abort(400, "page 必须是正整数 / page must be a positive integer")
    filters = {key: args[key].strip() for key in FILTERS if (args.get(key) or "").strip()}
    query = dict(filters, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    try:
        entries = tk.get_action("govopen_audit_list")({"user": user}, query)
    except tk.NotAuthorized:
        return tk.abort(403, "只有审核人员可以查看审计日志。 / Only reviewers may read the audit log.")
    except tk.ValidationError as e:
        return tk.abort(400, " ".join(m for msgs in e.error_dict.values() for m in msgs))
    titles = _titles({item["dataset_id"] for item in entries if item.get("dataset_id")})
    lang = current_lang()
    for item in entries:
        item["before_text"] = _show(item.get("before"))
        item["after_text"] = _show(item.get("after"))
        item["before_rows"] = _rows(item.get("before"), lang)
        item["after_rows"] = _rows(item.get("after"), lang)
        item["dataset"] = titles.get(item.get("dataset_id"))
        item["action_label"] = action_label(item.get("action"), lang)
        item["when"] = item["created"][:19].replace("T", " ")
    return tk.render("govopen/audit.html", {"entries": entries, "page": page, "page_size": PAGE_SIZE,
                                             "filters": filters,
                                             "actions": [(a, action_label(a, lang)) for a in ACTIONS]})


#: the page's filters (govopen_audit_list's parameters)
FILTERS = ("id", "organization", "user", "action", "since", "until")
#: what the log records (classification/guard.py, actions.py)
ACTIONS = ("classification_change", "created", "published", "withdrawn", "publication_refused", "approval")
#: each action in words (the log stores the key)
ACTION_LABELS = {
    "classification_change": N_("audit|Classification changed"),
    "created": N_("audit|Created"),
    "published": N_("audit|Published"),
    "withdrawn": N_("audit|Withdrawn"),
    "publication_refused": N_("audit|Publication refused"),
    "approval": N_("audit|Approved by a reviewer"),
}


def action_label(action, lang=None) -> str:
    """An audit action in the reader's words; an unknown key as it is."""
    msgid = ACTION_LABELS.get(action)
    return translate(msgid, lang) if msgid else (action or "")


def _titles(ids: set) -> dict:
    """``{dataset id: {"name", "title", "organization"}}`` of the entries' datasets."""
    if not ids:
        return {}
    english = current_lang() == "en"  # the standard's title_en for English readers, where set
    rows = (model.Session.query(model.Package.id, model.Package.name, model.Package.title,
                                model.Package.extras["title_en"].astext, model.Group.title)
            .outerjoin(model.Group, model.Group.id == model.Package.owner_org)
            .filter(model.Package.id.in_(list(ids))))
    return {pid: {"name": name,
                  "title": (english and (title_en or "").strip()) or title or name,
                  "organization": org or ""}
            for pid, name, title, title_en, org in rows}


#: CKAN's own fields in an entry, by their words (not the raw key "state: active")
_OWN_LABELS = {"private": lambda: tk._("Visibility"), "state": lambda: tk._("State")}
_STATES = {"active": lambda: tk._("Active"), "deleted": lambda: tk._("Deleted"), "draft": lambda: tk._("Draft")}


def _rows(value, lang) -> list:
    """A before/after dict as ``[(field label, value label)]`` in the reader's
    language (the standard's labels where the field is the standard's)."""
    if not isinstance(value, dict):
        return []
    out = []
    for key in sorted(value):
        field = loader.schema_field(key)
        label = loader.field_label(key, lang) if field else _OWN_LABELS.get(key, lambda: key)()
        shown = value[key]
        if key == "state" and shown in _STATES:
            shown = _STATES[shown]()
        elif field and field.get("vocabulary") and isinstance(shown, str):
            shown = loader.label(field["vocabulary"], shown, lang)
        elif key == "private" and isinstance(shown, bool):
            shown = tk._("Private") if shown else tk._("Public")
        elif isinstance(shown, bool):
            shown = tk._("Yes") if shown else tk._("No")
        elif isinstance(shown, (dict, list)):
            shown = json.dumps(shown, ensure_ascii=False, sort_keys=True)
        out.append((label, "" if shown is None else str(shown)))
    return out


def get_blueprint():
    return blueprint
