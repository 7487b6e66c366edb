"""Pages of participation: rating and feedback forms on the dataset page, the
data-request list, form and page, and the data officers' open requests.

Thin: every rule lives in the actions; these views turn form posts into
action calls and their errors into flash messages.
"""
from __future__ import annotations

from flask import Blueprint

import ckan.plugins.toolkit as tk

from ckanext.govopen.messages import render

from . import common, messages
from .helpers import context

blueprint = Blueprint("govopen_participation", __name__)

PAGE_SIZE = 20


def _errors(err) -> str:
    return " ".join(" ".join(v) if isinstance(v, list) else str(v)
                    for v in err.error_dict.values())


def _call(action, data, success, hidden_status=403):
    """Run an action for the visitor; flash its outcome. Returns the result or
    None. ``hidden_status``: what a refusal answers (404 where the refusal
    would tell that a private dataset exists)."""
    try:
        result = tk.get_action(action)(context(), data)
    except tk.NotAuthorized as e:
        if hidden_status == 404:
            return tk.abort(404)
        return tk.abort(403, str(e) or render(messages.message("not_department")))
    except tk.ObjectNotFound:
        return tk.abort(404)
    except tk.ValidationError as e:
        tk.h.flash_error(_errors(e))
        return None
    tk.h.flash_success(success)
    return result


@blueprint.route("/dataset/<id>/rate", methods=["POST"])
def rate(id):
    _call("govopen_rating_create", {"package_id": id, "score": tk.request.form.get("score", "")},
          tk._("Thank you: your rating was recorded."), hidden_status=404)
    return tk.redirect_to("dataset.read", id=id, _anchor="govopen-participation")


@blueprint.route("/dataset/<id>/feedback", methods=["POST"])
def feedback_create(id):
    form = tk.request.form
    _call("govopen_feedback_create", {"package_id": id, "text": form.get("text", ""),
                                      "author_name": form.get("author_name", "")},
          tk._("Thank you: your feedback was published."), hidden_status=404)
    return tk.redirect_to("dataset.read", id=id, _anchor="govopen-feedback")


@blueprint.route("/dataset/<id>/feedback/<feedback_id>/moderate", methods=["POST"])
def feedback_moderate(id, feedback_id):
    form = tk.request.form
    _call("govopen_feedback_moderate", {"id": feedback_id, "state": form.get("state", ""),
                                        "reply": form.get("reply", "")},
          tk._("The feedback was updated."))
    return tk.redirect_to("dataset.read", id=id, _anchor="govopen-feedback")


def _departments():
    import ckan.model as model
    return (model.Session.query(model.Group)
            .filter(model.Group.is_organization.is_(True), model.Group.state == "active")
            .order_by(model.Group.title).all())


@blueprint.route("/data-request")
def request_list():
    status = tk.request.args.get("status") or None
    try:
        page = max(1, int(tk.request.args.get("page", 1)))
    except ValueError:
        page = 1
    data = {"limit": PAGE_SIZE, "offset": (page - 1) * PAGE_SIZE}
    if status:
        data["status"] = status
    try:
        found = tk.get_action("govopen_data_request_list")(context(), data)
    except tk.ValidationError as e:
        return tk.abort(400, _errors(e))
    return tk.render("govopen/participation/data_request_list.html", {
        "found": found, "status": status, "page": page,
        "has_next": page * PAGE_SIZE < found["count"]})


@blueprint.route("/data-request/new", methods=["GET", "POST"])
def request_new():
    # a search that found nothing links here with what was searched for as the title
    form = tk.request.form if tk.request.method == "POST" else {"title": tk.request.args.get("title", "")[:200]}
    if tk.request.method == "POST":
        created = _call("govopen_data_request_create", {
            "title": form.get("title", ""), "description": form.get("description", ""),
            "contact": form.get("contact", ""), "org_id": form.get("org_id", "")},
            tk._("Your data request was published; the department will answer here."))
        if created:
            return tk.redirect_to("govopen_participation.request_show", id=created["id"])
    return tk.render("govopen/participation/data_request_new.html",
                     {"form": form, "departments": _departments()})


@blueprint.route("/data-request/<id>")
def request_show(id):
    try:
        request = tk.get_action("govopen_data_request_show")(context(), {"id": id})
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return tk.abort(404)
    ctx = context()
    may_answer = common.may_moderate_org(ctx, request.get("org_id"))
    sysadmin = ctx["auth_user_obj"] is not None and ctx["auth_user_obj"].sysadmin
    return tk.render("govopen/participation/data_request_show.html",
                     {"request_": request, "may_answer": may_answer,
                      "departments": _departments() if sysadmin else []})


@blueprint.route("/data-request/<id>/answer", methods=["POST"])
def request_answer(id):
    form = tk.request.form
    data = {"id": id, "answer": form.get("answer", ""), "status": form.get("status", "")}
    if form.get("package_id"):
        data["package_id"] = form["package_id"]
    if form.get("published"):
        data["published"] = form["published"]
    if form.get("org_id"):
        data["org_id"] = form["org_id"]
    _call("govopen_data_request_answer", data, tk._("The answer was published."))
    return tk.redirect_to("govopen_participation.request_show", id=id)


@blueprint.route("/dashboard/data-requests")
def dashboard():
    ctx = context()
    if ctx["auth_user_obj"] is None:
        return tk.redirect_to("user.login", came_from=tk.h.url_for("govopen_participation.dashboard"))
    orgs = common.officer_org_ids(ctx)
    if orgs is None:
        departments = _departments()
    else:
        departments = [d for d in _departments() if d.id in orgs]
    return tk.render("govopen/participation/dashboard.html", {"departments": departments})


def get_blueprint():
    return blueprint
