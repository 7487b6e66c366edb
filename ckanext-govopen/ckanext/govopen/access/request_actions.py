"""Access requests for conditionally-open datasets: file, decide, list.

A logged-in user files a request stating a purpose; the dataset's department
(editors, admins) or a sysadmin approves or denies it with a reason, and may
later change its mind (an approval withdrawn is a denial); every step is one
row of ``govopen_access_event``. An approved request opens that dataset's
files to that user (``grants``). Anonymous visitors can do none of this.
"""
from __future__ import annotations

import sqlalchemy as sa

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.govopen.harvest.show import PROVENANCE
from ckanext.govopen.messages import both, joined

from . import grants, messages, policy
from . import model as m

PURPOSE_MIN, PURPOSE_MAX = 10, 2000
REASON_MAX = 2000


def _invalid(field, msg_id, **params):
    raise tk.ValidationError({field: [joined(messages.message(msg_id, **params))]})


def _dataset(context, id_or_name):
    """The dataset as the caller may see it (NotFound/NotAuthorized otherwise)."""
    tk.check_access("package_show", dict(context), {"id": id_or_name})
    return tk.get_action("package_show")({"ignore_auth": True}, {"id": id_or_name})


def _acting_user(context):
    user = grants.acting_user(context)
    if user is None:
        raise tk.NotAuthorized(joined(messages.message("login_required")))
    return user


def _request_row(request_id):
    row = model.Session.execute(
        sa.select(m.access_request).where(m.access_request.c.id == request_id)).first()
    if row is None:
        raise tk.ObjectNotFound(joined(messages.message("request_not_found", id=request_id)))
    return m.as_dict(row)


def _record(request_id, action, actor_id, reason=None, when=None):
    model.Session.execute(m.access_event.insert().values(
        request_id=request_id, action=action, actor_id=actor_id, reason=reason,
        timestamp=when or m.now()))


def _events(request_id):
    rows = model.Session.execute(
        sa.select(m.access_event).where(m.access_event.c.request_id == request_id)
        .order_by(m.access_event.c.id))
    out = []
    for row in rows:
        d = m.as_dict(row)
        d.pop("id", None)
        d.pop("request_id", None)
        d["actor"] = _user_name(d["actor_id"])
        out.append(d)
    return out


def _user_name(user_id):
    user = model.User.get(user_id) if user_id else None
    return user.name if user else None


def _present(row, with_events=True):
    pkg = model.Package.get(row["package_id"])
    out = dict(row)
    out["user"] = _user_name(row["user_id"])
    out["decided_by_name"] = _user_name(row.get("decided_by"))
    out["package_name"] = pkg.name if pkg else None
    out["package_title"] = pkg.title if pkg else None
    out["status_label"] = both(messages.STATUS[row["status"]]())
    if with_events:
        out["events"] = _events(row["id"])
    return out


# --- actions --------------------------------------------------------------------------

def access_request_create(context, data_dict):
    """File a request for the files of a conditionally-open dataset.

    :param package_id: the dataset's id or name
    :param purpose: why the data is needed and how it will be used (10-2000 characters)
    :returns: the request, status ``pending``
    """
    tk.check_access("govopen_access_request_create", context, data_dict)
    user = _acting_user(context)
    dataset = _dataset(context, tk.get_or_bust(data_dict, "package_id"))
    label = dataset.get("title") or dataset["name"]
    if not policy.is_restricted(dataset) or dataset.get("private"):
        _invalid("package_id", "not_conditional", dataset=label)
    source = dataset.get(PROVENANCE)
    if source:      # harvested from another govopen: the owning city's department decides, there
        _invalid("package_id", "request_at_source", dataset=label, catalog=source.get("catalog") or "",
                 department=source.get("department_title") or source.get("department") or "",
                 url=source.get("dataset_url") or "")
    if grants.has_file_access({"user": user.name, "auth_user_obj": user}, dataset):
        _invalid("package_id", "already_has_access", dataset=label)
    purpose = (data_dict.get("purpose") or "").strip()
    if not PURPOSE_MIN <= len(purpose) <= PURPOSE_MAX:
        _invalid("purpose", "purpose_required", min=PURPOSE_MIN, max=PURPOSE_MAX)
    open_ = model.Session.execute(
        sa.select(m.access_request).where(
            m.access_request.c.package_id == dataset["id"],
            m.access_request.c.user_id == user.id,
            m.access_request.c.status == m.PENDING)).first()
    if open_ is not None:
        _invalid("package_id", "duplicate_request", dataset=label, id=open_.id,
                 status=messages.STATUS[m.PENDING]())
    when = m.now()
    request_id = m.new_id()
    model.Session.execute(m.access_request.insert().values(
        id=request_id, package_id=dataset["id"], user_id=user.id, purpose=purpose,
        status=m.PENDING, created=when))
    _record(request_id, m.FILED, user.id, purpose, when)
    model.Session.commit()
    return _present(_request_row(request_id))


def access_request_decide(context, data_dict):
    """Approve or deny a request (or reverse an earlier decision), with a reason.

    :param id: the request's id
    :param decision: ``approved`` or ``denied``
    :param reason: why (required, up to 2000 characters)
    :returns: the request with its history
    """
    tk.check_access("govopen_access_request_decide", context, data_dict)
    user = _acting_user(context)
    row = _request_row(tk.get_or_bust(data_dict, "id"))
    decision = (data_dict.get("decision") or "").strip()
    if decision not in m.DECISIONS:
        _invalid("decision", "bad_decision", value=decision)
    reason = (data_dict.get("reason") or "").strip()
    if not reason or len(reason) > REASON_MAX:
        _invalid("reason", "reason_required", max=REASON_MAX)
    if row["status"] == decision:
        _invalid("decision", "same_decision", id=row["id"], status=decision)
    when = m.now()
    model.Session.execute(
        m.access_request.update().where(m.access_request.c.id == row["id"]).values(
            status=decision, decided_by=user.id, reason=reason, decided=when))
    _record(row["id"], decision, user.id, reason, when)
    model.Session.commit()
    return _present(_request_row(row["id"]))


@tk.side_effect_free
def access_request_list(context, data_dict):
    """Requests the caller may see: their own, and those for datasets of the
    departments where they may decide (all of them for a sysadmin).

    :param package_id: only this dataset's requests (optional)
    :param status: only ``pending``, ``approved`` or ``denied`` ones (optional)
    :param mine: only the caller's own requests (optional, default false)
    :returns: list of requests, newest first, each with its history
    """
    tk.check_access("govopen_access_request_list", context, data_dict)
    user = _acting_user(context)
    query = sa.select(m.access_request).order_by(m.access_request.c.created.desc())
    status = data_dict.get("status")
    if status:
        if status not in m.STATUSES:
            _invalid("status", "bad_status", value=status)
        query = query.where(m.access_request.c.status == status)
    if data_dict.get("package_id"):
        pkg = model.Package.get(data_dict["package_id"])
        if pkg is None:
            raise tk.ObjectNotFound(data_dict["package_id"])
        query = query.where(m.access_request.c.package_id == pkg.id)
    mine_only = tk.asbool(data_dict.get("mine", False))
    out = []
    for row in model.Session.execute(query):
        row = m.as_dict(row)
        if row["user_id"] == user.id or (not mine_only and _may_decide_on(context, row)):
            out.append(_present(row))
    return out


def _may_decide_on(context, row):
    pkg = model.Package.get(row["package_id"])
    return pkg is not None and grants.may_decide(
        context, {"id": pkg.id, "owner_org": pkg.owner_org})


# --- auth -----------------------------------------------------------------------------

def access_request_create_auth(context, data_dict):
    """Any logged-in user may file a request (anonymous visitors are refused by CKAN)."""
    return {"success": grants.acting_user(context) is not None,
            "msg": joined(messages.message("login_required"))}


def access_request_decide_auth(context, data_dict):
    """The dataset's department (editors, admins) or a sysadmin."""
    try:
        row = _request_row(data_dict.get("id"))
    except tk.ObjectNotFound:
        return {"success": False, "msg": joined(messages.message("not_department"))}
    if _may_decide_on(context, row):
        return {"success": True}
    return {"success": False, "msg": joined(messages.message("not_department"))}


def access_request_list_auth(context, data_dict):
    """Any logged-in user (the action filters to what they may see)."""
    return {"success": grants.acting_user(context) is not None,
            "msg": joined(messages.message("login_required"))}
