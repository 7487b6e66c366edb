"""Pages of the showcase: the gallery, an item, the submission form, the
submitter's own items and the reviewers' queue, and an item's image.

Thin: every rule lives in the actions; these views turn form posts into
action calls and their errors into messages on the form.
"""
from __future__ import annotations

from flask import Blueprint, make_response

import ckan.plugins.toolkit as tk

from ckanext.govopen.messages import render

from . import actions, messages
from .helpers import context

blueprint = Blueprint("govopen_showcase", __name__)

PAGE_SIZE = 24


def _page() -> int:
    try:
        return max(1, int(tk.request.args.get("page", 1)))
    except ValueError:
        return 1


def _errors(err) -> dict:
    return {key: " ".join(v) if isinstance(v, list) else str(v) for key, v in err.error_dict.items()}


@blueprint.route("/showcase")
def gallery():
    kind = tk.request.args.get("kind") or None
    page = _page()
    data = {"limit": PAGE_SIZE, "offset": (page - 1) * PAGE_SIZE}
    if kind:
        data["kind"] = kind
    try:
        found = tk.get_action("govopen_showcase_list")(context(), data)
    except tk.ValidationError:
        return tk.abort(404)
    return tk.render("govopen/showcase/gallery.html", {
        "found": found, "kind": kind, "page": page, "has_next": page * PAGE_SIZE < found["count"]})


def _login_first(endpoint):
    return tk.redirect_to("user.login", came_from=tk.h.url_for(endpoint))


@blueprint.route("/showcase/new", methods=["GET", "POST"])
def new():
    ctx = context()
    if ctx["auth_user_obj"] is None:
        return _login_first("govopen_showcase.new")
    errors = {}
    if tk.request.method == "POST":
        form = tk.request.form
        data = {key: form.get(key, "") for key in ("title", "description", "link", "kind", "datasets", "image_url")}
        upload = tk.request.files.get("image_upload")
        if upload is not None and upload.filename:
            data["image_upload"] = upload
        try:
            created = tk.get_action("govopen_showcase_create")(ctx, data)
        except tk.ValidationError as e:
            errors = _errors(e)
        else:
            tk.h.flash_success(tk._("Thank you: your item was submitted and waits for review."))
            return tk.redirect_to("govopen_showcase.read", id=created["id"])
    else:
        form = {"datasets": tk.request.args.get("dataset", "")[:200]}
    return tk.render("govopen/showcase/new.html", {"form": form, "errors": errors})


@blueprint.route("/showcase/mine")
def mine():
    ctx = context()
    if ctx["auth_user_obj"] is None:
        return _login_first("govopen_showcase.mine")
    found = tk.get_action("govopen_showcase_list")(ctx, {"mine": True, "limit": 100})
    review = tk.get_action("govopen_showcase_list")(ctx, {"review": True, "limit": 100})
    return tk.render("govopen/showcase/mine.html", {"found": found, "review": review})


@blueprint.route("/showcase/<id>")
def read(id):
    try:
        item = tk.get_action("govopen_showcase_show")(context(), {"id": id})
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return tk.abort(404)
    return tk.render("govopen/showcase/read.html", {"item": item})


@blueprint.route("/showcase/<id>/decide", methods=["POST"])
def decide(id):
    form = tk.request.form
    try:
        tk.get_action("govopen_showcase_decide")(context(), {
            "id": id, "status": form.get("status", ""), "reason": form.get("reason", "")})
    except tk.NotAuthorized:
        return tk.abort(403, render(messages.message("not_reviewer")))
    except tk.ObjectNotFound:
        return tk.abort(404)
    except tk.ValidationError as e:
        tk.h.flash_error(" ".join(_errors(e).values()))
    else:
        tk.h.flash_success(tk._("The decision was saved."))
    return tk.redirect_to("govopen_showcase.read", id=id)


@blueprint.route("/showcase/<id>/image")
def image(id):
    try:
        data, media_type = actions.image_of(context(), id)
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return tk.abort(404)
    resp = make_response(data)
    resp.headers["Content-Type"] = media_type
    resp.headers["X-Content-Type-Options"] = "nosniff"
    resp.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    resp.headers["Content-Disposition"] = "inline"
    resp.headers["Cache-Control"] = "private, max-age=300"
    return resp


def get_blueprint():
    return blueprint
