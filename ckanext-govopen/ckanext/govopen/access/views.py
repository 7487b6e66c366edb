"""Pages of conditional access: the request form on a dataset's page, and the
page where a department decides (approve or deny, with a reason).

Thin: every rule lives in the actions (``request_actions``); these views only
turn form posts into action calls and their errors into flash messages.
"""
from __future__ import annotations

from flask import Blueprint

import ckan.plugins.toolkit as tk

from ckanext.govopen.messages import render

from . import grants, messages, policy

blueprint = Blueprint("govopen_access", __name__)

FILED = "访问申请已提交，等待数据集所属部门审批。 / Your access request was filed; the dataset's department will decide."
DECIDED = "已记录审批决定。 / The decision was recorded."


def _context():
    return {"user": tk.current_user.name if tk.current_user.is_authenticated else "",
            "auth_user_obj": tk.current_user if tk.current_user.is_authenticated else None}


def _errors(err) -> str:
    return " ".join(" ".join(v) if isinstance(v, list) else str(v)
                    for v in err.error_dict.values())


def govopen_access_view(pkg):
    """What the dataset page shows about access, or None for a dataset that
    takes no requests (open, private): ``{"logged_in", "has_access", "may_decide",
    "requests": the caller's own requests for it, newest first}``."""
    if not pkg or pkg.get("private") or not policy.is_restricted(pkg):
        return None
    context = _context()
    if context["auth_user_obj"] is None:
        return {"logged_in": False, "has_access": False, "may_decide": False, "requests": []}
    mine = tk.get_action("govopen_access_request_list")(
        dict(context), {"package_id": pkg["id"], "mine": True})
    return {"logged_in": True,
            "has_access": not pkg.get("govopen_files_restricted"),
            "may_decide": grants.may_decide(context, pkg),
            "requests": mine}


@blueprint.route("/dataset/<id>/access-request", methods=["POST"])
def request_create(id):
    context = _context()
    try:
        tk.get_action("govopen_access_request_create")(
            context, {"package_id": id, "purpose": tk.request.form.get("purpose", "")})
        tk.h.flash_success(FILED)
    except tk.NotAuthorized as e:
        return tk.abort(403, str(e) or render(messages.message("login_required")))
    except tk.ObjectNotFound:
        return tk.abort(404)
    except tk.ValidationError as e:
        tk.h.flash_error(_errors(e))
    return tk.redirect_to("dataset.read", id=id)


@blueprint.route("/govopen/access-requests")
def request_list():
    context = _context()
    if context["auth_user_obj"] is None:
        return tk.abort(403, render(messages.message("login_required")))
    status = tk.request.args.get("status") or None
    try:
        found = tk.get_action("govopen_access_request_list")(
            context, {"status": status} if status else {})
    except tk.ValidationError as e:
        return tk.abort(400, _errors(e))
    user_id = context["auth_user_obj"].id
    return tk.render("govopen/access_requests.html", {
        "to_decide": [r for r in found if r["user_id"] != user_id],
        "mine": [r for r in found if r["user_id"] == user_id],
        "status": status})


@blueprint.route("/govopen/access-requests/<request_id>/decide", methods=["POST"])
def request_decide(request_id):
    form = tk.request.form
    try:
        tk.get_action("govopen_access_request_decide")(
            _context(), {"id": request_id, "decision": form.get("decision", ""),
                         "reason": form.get("reason", "")})
        tk.h.flash_success(DECIDED)
    except tk.NotAuthorized as e:
        return tk.abort(403, str(e))
    except tk.ObjectNotFound:
        return tk.abort(404)
    except tk.ValidationError as e:
        tk.h.flash_error(_errors(e))
    return tk.redirect_to("govopen_access.request_list")


def get_blueprint():
    return blueprint
