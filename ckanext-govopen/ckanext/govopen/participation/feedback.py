"""Feedback on public datasets: anyone may comment; the comment is published
at once and the dataset's department (or a sysadmin) may hide it or reply in
public. Hidden comments are seen only by those who may moderate them."""
from __future__ import annotations

import sqlalchemy as sa

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.govopen.access import grants
from ckanext.govopen.messages import joined

from . import common, messages
from . import model as m

TEXT_MIN, TEXT_MAX = 2, 2000
NAME_MAX = 80
REPLY_MAX = 2000


def _row(feedback_id) -> dict:
    row = model.Session.execute(sa.select(m.feedback).where(m.feedback.c.id == feedback_id)).first()
    if row is None:
        raise tk.ObjectNotFound(joined(messages.message(
            "not_found", what=messages.FEEDBACK(), id=feedback_id)))
    return m.as_dict(row)


def _present(row, moderator: bool) -> dict:
    """What a reader sees: never the source key or user id; the author's name
    only as typed (a logged-in author who typed none stays anonymous); the
    account behind it and who moderated only to moderators."""
    out = {key: row[key] for key in ("id", "package_id", "text", "state", "reply", "replied", "created")}
    out["author"] = row.get("author_name") or None
    out["replied_by"] = common.user_name(row.get("replied_by")) if row.get("reply") else None
    if moderator:
        out["account"] = common.user_name(row.get("user_id"))
        out["moderated_by"] = common.user_name(row.get("moderated_by"))
    return out


def _dataset_of(row) -> dict:
    pkg = model.Package.get(row["package_id"])
    return {"id": pkg.id, "owner_org": pkg.owner_org} if pkg else {"id": row["package_id"], "owner_org": None}


def feedback_create(context, data_dict):
    """Leave feedback on a public dataset (anonymous visitors too).

    :param package_id: the dataset's id or name
    :param text: the comment (2-2000 characters; shown as plain text)
    :param author_name: a name to show (optional, up to 80 characters)
    :returns: the published feedback
    """
    tk.check_access("govopen_feedback_create", context, data_dict)
    dataset = common.public_dataset(context, tk.get_or_bust(data_dict, "package_id"))
    text = common.clean_text(data_dict, "text", TEXT_MIN, TEXT_MAX)
    author = common.clean_text(data_dict, "author_name", 1, NAME_MAX, required=False)
    key = common.source_key(context)
    common.check_rate(context, key)
    user = common.acting_user(context)
    feedback_id = m.new_id()
    model.Session.execute(m.feedback.insert().values(
        id=feedback_id, package_id=dataset["id"], user_id=user.id if user else None,
        author_name=author or None, source_key=key, text=text, state=m.PUBLISHED, created=m.now()))
    model.Session.commit()
    return _present(_row(feedback_id), moderator=False)


@tk.side_effect_free
def feedback_list(context, data_dict):
    """Feedback on a dataset the caller may see, oldest first: the published
    items, and the hidden ones too for its department and sysadmins.

    :param package_id: the dataset's id or name
    :returns: list of feedback
    """
    tk.check_access("govopen_feedback_list", context, data_dict)
    pkg = model.Package.get(tk.get_or_bust(data_dict, "package_id"))
    moderator = grants.may_decide(context, {"id": pkg.id, "owner_org": pkg.owner_org})
    query = sa.select(m.feedback).where(m.feedback.c.package_id == pkg.id).order_by(m.feedback.c.created)
    if not moderator:
        query = query.where(m.feedback.c.state == m.PUBLISHED)
    return [_present(m.as_dict(r), moderator) for r in model.Session.execute(query)]


def feedback_moderate(context, data_dict):
    """Hide or publish a feedback item, and/or reply to it in public.

    :param id: the feedback's id
    :param state: ``published`` or ``hidden`` (optional)
    :param reply: the department's public reply (optional, up to 2000 characters)
    :returns: the feedback as its moderators see it
    """
    tk.check_access("govopen_feedback_moderate", context, data_dict)
    row = _row(tk.get_or_bust(data_dict, "id"))
    user = common.acting_user(context)
    values = {}
    state = data_dict.get("state")
    if state not in (None, ""):
        if state not in m.FEEDBACK_STATES:
            common.invalid("state", "bad_state", value=state)
        values.update(state=state, moderated_by=user.id)
    if data_dict.get("reply") not in (None, ""):
        values.update(reply=common.clean_text(data_dict, "reply", 1, REPLY_MAX),
                      replied_by=user.id, replied=m.now())
    if values:
        model.Session.execute(m.feedback.update().where(m.feedback.c.id == row["id"]).values(**values))
        model.Session.commit()
    return _present(_row(row["id"]), moderator=True)


@tk.auth_allow_anonymous_access
def feedback_create_auth(context, data_dict):
    """Anyone who may see the dataset (the action refuses private ones)."""
    return common.may_see_dataset(context, data_dict)


@tk.auth_allow_anonymous_access
def feedback_list_auth(context, data_dict):
    """Whoever may see the dataset (the action filters out hidden items)."""
    return common.may_see_dataset(context, data_dict)


def feedback_moderate_auth(context, data_dict):
    """The dataset's department (editors, admins) or a sysadmin."""
    try:
        row = _row(data_dict.get("id"))
    except tk.ObjectNotFound:
        return {"success": False, "msg": joined(messages.message("not_department"))}
    if grants.may_decide(context, _dataset_of(row)):
        return {"success": True}
    return {"success": False, "msg": joined(messages.message("not_department"))}
