"""One answer for "missing" and "there, but not for you".

A govopen action that takes a dataset or resource id used to answer 404 for
an id that does not exist and 403 for a private (draft, deleted) dataset the
caller may not see: a visitor could learn that a private dataset of a given
name exists. Wrapped with ``hide_existence``, the action first resolves its
target and, when the target is missing or the caller may not
``package_show`` its dataset, raises the same ``ObjectNotFound`` for both
(the HTML pages already answer 404 for both). A dataset the caller may see
goes on to the action's own auth, whose 403 then tells nothing new.

``TARGETS`` names every govopen action the features declare that takes a
dataset or resource id, and the parameter; the actions left out are listed
with the reason in ``NOT_WRAPPED`` (a unit test keeps the two lists complete).
"""
from __future__ import annotations

import functools

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.govopen.messages import N_, declare, render

DATASET, RESOURCE, EITHER = "dataset", "resource", "resource or dataset"

#: action -> ((parameter, kind), ...): the ids the action resolves.
TARGETS = {
    "govopen_publication_blockers": (("id", DATASET),),
    "govopen_scan_show": (("id", RESOURCE),),
    "govopen_scan": (("id", EITHER),),
    "govopen_validation_show": (("id", RESOURCE),),
    "govopen_validate": (("id", RESOURCE), ("package_id", DATASET)),
    "govopen_datapackage": (("id", DATASET),),
    "govopen_access_request_create": (("package_id", DATASET),),
    "govopen_access_request_list": (("package_id", DATASET),),
    "govopen_rating_create": (("package_id", DATASET),),
    "govopen_rating_show": (("package_id", DATASET),),
    "govopen_feedback_create": (("package_id", DATASET),),
    "govopen_feedback_list": (("package_id", DATASET),),
    "govopen_data_request_answer": (("package_id", DATASET),),
    "govopen_datastore_status": (("id", RESOURCE),),
}

#: CKAN's and the other plugins' reads that take a dataset or resource id: they
#: answered 403 ("not authorized to read package <id>") for a private dataset
#: and 404 for a missing one. Chained here with the same one answer.
CORE_TARGETS = {
    "package_show": (("id", DATASET),),
    "resource_show": (("id", RESOURCE),),
    "package_activity_list": (("id", DATASET),),
    "resource_view_list": (("id", RESOURCE),),
    "package_relationships_list": (("id", DATASET), ("id2", DATASET)),
    "dataset_follower_list": (("id", DATASET),),
    "dataset_follower_count": (("id", DATASET),),
    "am_following_dataset": (("id", DATASET),),
    "package_collaborator_list": (("id", DATASET),),
    "dcat_dataset_show": (("id", DATASET),),
}
#: of those, the ones the API takes by POST only (the rest are GET reads)
POST_ONLY = ("dcat_dataset_show",)
#: of those, the ones whose only refusal is "may not see the dataset": their own
#: NotAuthorized becomes the one "not found" after the fact, at no cost when they
#: answer (they run on every dataset write and page; the others check first)
REFUSAL_MEANS_HIDDEN = ("package_show", "resource_show")

#: govopen actions that take no dataset/resource id of the caller's choosing, or
#: must reach datasets their caller cannot ``package_show`` (reason given).
NOT_WRAPPED = {
    "govopen_audit_list": "reviewers only; its auth refuses everyone else before any lookup",
    "govopen_review_approve": "reviewers only (they approve private datasets of every department); "
                              "its auth refuses everyone else before any lookup",
    "govopen_access_request_decide": "takes a request id (a random UUID known to requester and department)",
    "govopen_open_data_figures": "takes a department; departments are public",
    "govopen_harvest_job_report": "takes a harvest job id (a random UUID), not a dataset",
    "govopen_feedback_moderate": "takes a feedback id, not a dataset",
    "govopen_data_request_create": "takes a department, not a dataset",
    "govopen_data_request_show": "takes a data request id, not a dataset",
    "govopen_data_request_list": "takes a department filter, not a dataset",
    "govopen_showcase_create": "its datasets: one refusal for a missing one and one the submitter "
                               "may not see (showcase/rules.datasets)",
    "govopen_showcase_list": "its package_id filter: the same empty answer for a missing, private "
                             "or not unconditionally open dataset (showcase/listing)",
    "govopen_showcase_show": "takes a showcase id; a pending one is not found for all but its "
                             "submitter and reviewers",
    "govopen_showcase_decide": "takes a showcase id; reviewers only",
}

MESSAGE = declare("logic.not_found", N_("Dataset or resource not found."))


def not_found():
    return tk.ObjectNotFound(render(MESSAGE()))


def _package_of(value, kind):
    if kind in (RESOURCE, EITHER):
        resource = model.Resource.get(value)
        if resource is not None and resource.state != "deleted":
            return model.Package.get(resource.package_id)
        if kind == RESOURCE:
            return None
    return model.Package.get(value)


def visible(context, value, kind) -> bool:
    """Does the target exist, and may the caller see its dataset?"""
    if not isinstance(value, str) or not value:
        return True                   # no id, or not an id: the action's own checks answer
    pkg = _package_of(value, kind)
    if pkg is None:
        return False
    if context.get("ignore_auth"):
        return True
    try:
        tk.check_access("package_show", {"user": context.get("user"),
                                         "auth_user_obj": context.get("auth_user_obj")}, {"id": pkg.id})
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return False
    return True


def _check(context, data_dict, targets):
    data_dict = data_dict if isinstance(data_dict, dict) else {}
    for param, kind in targets:
        if not visible(context, data_dict.get(param), kind):
            raise not_found()


def hide_existence(action, targets):
    """``action`` (a plain or a chained action) that first answers "not found" for a
    target that is missing or not the caller's to see."""
    if getattr(action, "chained_action", False):
        @functools.wraps(action)
        def chained(original, context, data_dict):
            _check(context, data_dict, targets)
            return action(original, context, data_dict)
        return chained

    @functools.wraps(action)
    def wrapped(context, data_dict):
        _check(context, data_dict, targets)
        return action(context, data_dict)
    return wrapped


def _passthrough(name):
    def action(original, context, data_dict):
        if name in REFUSAL_MEANS_HIDDEN:
            try:
                return original(context, data_dict)
            except (tk.NotAuthorized, tk.ObjectNotFound):
                raise not_found() from None
        return original(context, data_dict)
    action.__name__ = name
    action = tk.chained_action(action)
    return action if name in POST_ONLY else tk.side_effect_free(action)


def wrap(actions: dict) -> dict:
    """``actions`` with every action of ``TARGETS`` and ``CORE_TARGETS`` wrapped (a
    core action govopen does not chain already gets a chained one of its own)."""
    targets = {**CORE_TARGETS, **TARGETS}
    found = dict(actions)
    for name in CORE_TARGETS:
        if name in REFUSAL_MEANS_HIDDEN and name not in found:
            found[name] = _passthrough(name)
            targets.pop(name)
        else:
            found.setdefault(name, _passthrough(name))
    return {name: hide_existence(fn, targets[name]) if name in targets else fn
            for name, fn in found.items()}


@tk.auth_allow_anonymous_access
@tk.chained_auth_function
def package_show_auth(next_auth, context, data_dict):
    """CKAN's refusal names the dataset's id, which tells a visitor who guessed
    a private dataset's name its id: refuse with the same words, no id (the
    same answer for a name that exists and one that does not)."""
    result = next_auth(context, data_dict)
    if not result.get("success"):
        return {"success": False, "msg": tk._("User not authorized to read this dataset")}
    return result
