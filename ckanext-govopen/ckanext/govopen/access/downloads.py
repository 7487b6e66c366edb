"""Refuse the download routes of a restricted dataset to those without access.

CKAN's ``resource.download`` view serves an uploaded file straight from
storage whatever the resource dict says, so blanking the URL is not enough:
a guard runs before every request to a ``*resource.download`` endpoint and
answers 403 when the caller may not have the dataset's files.
"""
from __future__ import annotations

from flask import Blueprint

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.govopen.messages import render

from . import grants, messages

guard = Blueprint("govopen_access_downloads", __name__)


def _is_download(endpoint) -> bool:
    return bool(endpoint) and endpoint.split(".")[-1] == "download" and \
        endpoint.split(".")[0].endswith("resource")


@guard.before_app_request
def refuse_restricted_download():
    request = tk.request
    if not _is_download(request.endpoint):
        return None
    resource_id = (request.view_args or {}).get("resource_id")
    resource = model.Resource.get(resource_id) if resource_id else None
    if resource is None or resource.package is None:
        return None  # CKAN answers 404 itself
    dataset = tk.get_action("package_show")(
        {"ignore_auth": True}, {"id": resource.package_id})
    context = {"user": tk.current_user.name, "auth_user_obj": tk.current_user}
    if not grants.has_file_access(context, dataset):
        return tk.abort(403, render(messages.message("download_refused")))
    return None


def get_blueprint():
    return guard
