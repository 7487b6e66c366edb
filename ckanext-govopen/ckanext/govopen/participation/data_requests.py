"""Data requests: anyone may ask for data that is not in the catalog; the
department asked (or a sysadmin, for requests that name none) answers in
public, may link the dataset that answers it, and may close or hide it.

The requester's contact details are kept for the department: only the
department, sysadmins and the requester (when logged in) ever see them.
"""
from __future__ import annotations

import sqlalchemy as sa

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.govopen.messages import joined

from . import common, messages
from . import model as m

TITLE_MIN, TITLE_MAX = 4, 200
DESCRIPTION_MIN, DESCRIPTION_MAX = 10, 4000
CONTACT_MAX = 200
ANSWER_MAX = 4000
ANSWER_STATUSES = (m.ANSWERED, m.CLOSED, m.OPEN)


def _row(request_id) -> dict:
    row = model.Session.execute(
        sa.select(m.data_request).where(m.data_request.c.id == str(request_id or ""))).first()
    if row is None:
        raise tk.ObjectNotFound(joined(messages.message(
            "not_found", what=messages.DATA_REQUEST(), id=request_id)))
    return m.as_dict(row)


def _is_requester(context, row) -> bool:
    user = common.acting_user(context)
    return user is not None and row.get("user_id") == user.id


def _may_answer(context, row) -> bool:
    return common.may_moderate_org(context, row.get("org_id"))


def _may_read(context, row) -> bool:
    return row["published"] or _is_requester(context, row) or _may_answer(context, row)


def _org(org_id):
    group = model.Group.get(org_id) if org_id else None
    return group if group is not None and group.is_organization and group.state == "active" else None


def _linked_dataset(context, package_id):
    """``{name, title}`` of the answer's dataset when the caller may see it, else None."""
    if not package_id:
        return None
    try:
        tk.check_access("package_show", dict(context), {"id": package_id})
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return None
    pkg = model.Package.get(package_id)
    return {"id": pkg.id, "name": pkg.name, "title": pkg.title} if pkg and pkg.state == "active" else None


def _present(context, row) -> dict:
    out = {key: row[key] for key in ("id", "title", "description", "status", "published", "answer",
                                     "answered", "created", "org_id")}
    org = _org(row.get("org_id"))
    out["organization"] = {"id": org.id, "name": org.name, "title": org.title} if org else None
    out["answered_by"] = common.user_name(row.get("answered_by")) if row.get("answer") else None
    out["dataset"] = _linked_dataset(context, row.get("package_id"))
    if _is_requester(context, row) or _may_answer(context, row):
        # who asked, and how to reach them: for the department and the requester only
        out["contact"] = row.get("contact")
        out["requester"] = common.user_name(row.get("user_id"))
    return out


def data_request_create(context, data_dict):
    """Ask for data that is not in the catalog (anonymous visitors too).

    :param title: what data (4-200 characters)
    :param description: what it is for, what it should contain (10-4000 characters)
    :param contact: how the department may reach you (optional, up to 200 characters; never shown publicly)
    :param org_id: the department asked (optional: id or name)
    :returns: the request, status ``open``
    """
    tk.check_access("govopen_data_request_create", context, data_dict)
    title = common.clean_text(data_dict, "title", TITLE_MIN, TITLE_MAX)
    description = common.clean_text(data_dict, "description", DESCRIPTION_MIN, DESCRIPTION_MAX)
    contact = common.clean_text(data_dict, "contact", 1, CONTACT_MAX, required=False)
    org = None
    if data_dict.get("org_id"):
        org = _org(data_dict["org_id"])
        if org is None:
            common.invalid("org_id", "no_such_department", value=data_dict["org_id"])
    key = common.source_key(context)
    common.check_rate(context, key)
    user = common.acting_user(context)
    request_id = m.new_id()
    model.Session.execute(m.data_request.insert().values(
        id=request_id, title=title, description=description, contact=contact or None,
        org_id=org.id if org else None, user_id=user.id if user else None, source_key=key,
        status=m.OPEN, published=True, created=m.now()))
    model.Session.commit()
    return _present(context, _row(request_id))


@tk.side_effect_free
def data_request_show(context, data_dict):
    """One data request with its public answer.

    :param id: the request's id
    :returns: the request (``contact`` only for its department, sysadmins and the requester)
    """
    tk.check_access("govopen_data_request_show", context, data_dict)
    return _present(context, _row(tk.get_or_bust(data_dict, "id")))


@tk.side_effect_free
def data_request_list(context, data_dict):
    """Data requests, newest first.

    :param status: only ``open``, ``answered`` or ``closed`` ones (optional)
    :param org_id: only those addressed to this department (optional)
    :param officer: only those of the departments where the caller is an editor
        or admin, hidden ones included (every department's for a sysadmin; optional)
    :param unassigned: only those that name no department (optional; with
        ``officer``, for sysadmins, who hand them on)
    :param limit: at most this many (default 50, at most 500)
    :param offset: skip this many (default 0)
    :returns: ``{count, results}``
    """
    tk.check_access("govopen_data_request_list", context, data_dict)
    table = m.data_request
    query = sa.select(table)
    status = data_dict.get("status")
    if status:
        if status not in m.REQUEST_STATUSES:
            common.invalid("status", "bad_status", value=status, allowed=", ".join(m.REQUEST_STATUSES))
        query = query.where(table.c.status == status)
    if data_dict.get("org_id"):
        org = _org(data_dict["org_id"])
        if org is None:
            common.invalid("org_id", "no_such_department", value=data_dict["org_id"])
        query = query.where(table.c.org_id == org.id)
    if tk.asbool(data_dict.get("unassigned", False)):
        query = query.where(table.c.org_id.is_(None))
    if tk.asbool(data_dict.get("officer", False)):
        orgs = common.officer_org_ids(context)
        if orgs is not None:   # None: a sysadmin, every department
            query = query.where(table.c.org_id.in_(sorted(orgs) or [""]))
    else:
        query = query.where(table.c.published.is_(True))
    try:
        limit = max(0, min(int(data_dict.get("limit", 50)), 500))
        offset = max(0, int(data_dict.get("offset", 0)))
    except (TypeError, ValueError):
        common.invalid("limit", "not_a_number", value="%s / %s" % (data_dict.get("limit"), data_dict.get("offset")))
    count = model.Session.execute(sa.select(sa.func.count()).select_from(query.subquery())).scalar()
    rows = model.Session.execute(query.order_by(table.c.created.desc()).limit(limit).offset(offset))
    return {"count": count, "results": [_present(context, m.as_dict(r)) for r in rows]}


def data_request_answer(context, data_dict):
    """The department's public answer; may link a dataset, close, reopen or hide it.

    :param id: the request's id
    :param answer: the public answer (up to 4000 characters; required unless only hiding)
    :param status: ``answered`` (default), ``closed`` or ``open``
    :param package_id: the dataset that answers the request (optional)
    :param published: false hides the request from the public (spam); optional
    :param org_id: hand the request to another department (sysadmins only; optional)
    :returns: the request
    """
    tk.check_access("govopen_data_request_answer", context, data_dict)
    row = _row(tk.get_or_bust(data_dict, "id"))
    user = common.acting_user(context)
    values = {}
    if "published" in data_dict and data_dict["published"] not in (None, ""):
        values["published"] = tk.asbool(data_dict["published"])
    if data_dict.get("answer") not in (None, "") or not values:
        answer = common.clean_text(data_dict, "answer", 1, ANSWER_MAX)
        status = data_dict.get("status") or m.ANSWERED
        if status not in ANSWER_STATUSES:
            common.invalid("status", "bad_status", value=status, allowed=", ".join(ANSWER_STATUSES))
        values.update(answer=answer, status=status, answered_by=user.id, answered=m.now())
    if data_dict.get("package_id"):
        pkg = model.Package.get(data_dict["package_id"])
        if pkg is None or pkg.state != "active":
            common.invalid("package_id", "no_such_dataset", value=data_dict["package_id"])
        values["package_id"] = pkg.id
    if data_dict.get("org_id"):
        if not user.sysadmin:
            raise tk.NotAuthorized(joined(messages.message("not_department")))
        org = _org(data_dict["org_id"])
        if org is None:
            common.invalid("org_id", "no_such_department", value=data_dict["org_id"])
        values["org_id"] = org.id
    model.Session.execute(m.data_request.update().where(m.data_request.c.id == row["id"]).values(**values))
    model.Session.commit()
    return _present(context, _row(row["id"]))


@tk.auth_allow_anonymous_access
def data_request_create_auth(context, data_dict):
    """Anyone, anonymous visitors included (length and rate limits apply)."""
    return {"success": True}


@tk.auth_allow_anonymous_access
def data_request_show_auth(context, data_dict):
    """Published requests: anyone; hidden ones: the requester, the department, sysadmins."""
    try:
        row = _row(data_dict.get("id"))
    except tk.ObjectNotFound:
        return {"success": True}   # the action answers NotFound
    if _may_read(context, row):
        return {"success": True}
    return {"success": False, "msg": joined(messages.message("not_department"))}


@tk.auth_allow_anonymous_access
def data_request_list_auth(context, data_dict):
    """Anyone may list the published requests; ``officer`` needs a login."""
    if tk.asbool(data_dict.get("officer", False)) and common.acting_user(context) is None:
        return {"success": False, "msg": joined(messages.message("login_required"))}
    return {"success": True}


def data_request_answer_auth(context, data_dict):
    """The department asked (editors, admins) or a sysadmin."""
    try:
        row = _row(data_dict.get("id"))
    except tk.ObjectNotFound:
        return {"success": False, "msg": joined(messages.message("not_department"))}
    if _may_answer(context, row):
        return {"success": True}
    return {"success": False, "msg": joined(messages.message("not_department"))}
