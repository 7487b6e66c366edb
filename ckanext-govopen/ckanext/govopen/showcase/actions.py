"""The showcase's actions and their auth functions.

- ``govopen_showcase_create``: a logged-in user submits an item; it waits for review.
- ``govopen_showcase_decide``: an editor or admin of a department whose dataset
  the item uses, or a sysadmin, approves or rejects it (with a reason).
- ``govopen_showcase_show`` / ``govopen_showcase_list``: approved items for
  everyone; a pending or rejected item only for its submitter and its
  reviewers (anyone else: not found, as if it did not exist).

What anyone may read of an item names only its publicly listed datasets
(``listing``); the submitter's reviewers see the others they may see.
"""
from __future__ import annotations

import sqlalchemy as sa

import ckan.authz as authz
import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.govopen.access import grants
from ckanext.govopen.messages import joined

from . import image, listing, messages, rules
from . import model as m

PAGE_MAX = 100


def _user(context):
    return grants.acting_user(context)


def _row(showcase_id) -> dict:
    row = model.Session.execute(sa.select(m.showcase).where(m.showcase.c.id == str(showcase_id or ""))).first()
    if row is None:
        raise tk.ObjectNotFound(joined(messages.message("not_found")))
    return m.as_dict(row)


def may_review(context, package_ids) -> bool:
    """A sysadmin, or an editor/admin of a department owning one of ``package_ids``."""
    user = _user(context)
    if user is None:
        return False
    if user.sysadmin:
        return True
    return any(authz.has_user_permission_for_group_or_org(org, user.name, "update_dataset")
               for org in listing.owner_orgs(package_ids))


def _insider(context, row, package_ids) -> bool:
    user = _user(context)
    return user is not None and (user.id == row["submitter_id"] or may_review(context, package_ids))


def _may_see_dataset(context, package_id) -> bool:
    try:
        tk.check_access("package_show", dict(context, ignore_auth=False), {"id": package_id})
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return False
    return True


def _datasets(context, package_ids, insider) -> list:
    """The datasets the caller may see named: the publicly listed ones; an
    insider also the others they may see (marked ``public: False``)."""
    public = listing.public_ids(package_ids)
    out = []
    for package_id in package_ids:
        is_public = package_id in public
        if not is_public and not (insider and _may_see_dataset(context, package_id)):
            continue
        pkg = model.Package.get(package_id)
        if pkg is not None:
            out.append({"id": pkg.id, "name": pkg.name, "title": pkg.title or pkg.name,
                        "title_en": (pkg.extras or {}).get("title_en") or "", "public": is_public})
    return out


def _user_name(user_id):
    user = model.User.get(user_id) if user_id else None
    return user.display_name if user else None


def present(context, row, package_ids) -> dict:
    insider = _insider(context, row, package_ids)
    out = {key: row[key] for key in ("id", "title", "description", "link", "kind", "status", "created")}
    out["has_image"] = row["image_state"] == m.IMAGE_READY
    out["submitter"] = _user_name(row["submitter_id"])
    out["datasets"] = _datasets(context, package_ids, insider)
    if insider:
        user = _user(context)
        out.update(reason=row["reason"], decided=row["decided"], decided_by=_user_name(row["decided_by"]),
                   image_state=row["image_state"], image_error=image.failure(row),
                   mine=user.id == row["submitter_id"], may_review=may_review(context, package_ids))
    return out


def showcase_create(context, data_dict):
    """Submit an app, analysis, visualisation or news story that uses datasets.

    :param title: 2-120 characters
    :param description: 10-2000 characters (shown as plain text)
    :param link: where the work is (http:// or https://)
    :param kind: ``app``, ``analysis``, ``visualisation`` or ``news``
    :param datasets: the datasets used: ids or names (a list, or text separated
        by commas or spaces), 1-20, each one the submitter may see
    :param image_upload: an image file (PNG, JPEG, GIF, WebP; optional)
    :param image_url: or an image's http(s) link, fetched once by the site (optional)
    :returns: the item, ``status`` pending
    """
    tk.check_access("govopen_showcase_create", context, data_dict)
    user = _user(context)
    title = rules.text(data_dict, "title", rules.TITLE)
    description = rules.text(data_dict, "description", rules.DESCRIPTION)
    link = rules.link(data_dict, "link")
    kind = rules.kind(data_dict)
    package_ids = rules.datasets(context, data_dict, user)
    image_url = rules.link(data_dict, "image_url", required=False)
    upload = rules.uploaded(data_dict)
    if upload and image_url:
        rules.invalid("image", "two_images")
    data, media_type = rules.checked_image(upload) if upload else (None, None)
    _check_pending(user)
    showcase_id = m.new_id()
    model.Session.execute(m.showcase.insert().values(
        id=showcase_id, title=title, description=description, link=link, kind=kind,
        submitter_id=user.id, status=m.PENDING, image=data, image_type=media_type,
        image_source=image_url or None,
        image_state=m.IMAGE_READY if data else (m.IMAGE_PENDING if image_url else m.NO_IMAGE),
        created=m.now()))
    model.Session.execute(m.showcase_dataset.insert(), [
        {"showcase_id": showcase_id, "package_id": pid} for pid in package_ids])
    model.Session.commit()
    if image_url:
        image.requested(showcase_id)
    return present(context, _row(showcase_id), package_ids)


def _check_pending(user) -> None:
    limit = int(tk.config.get("govopen.showcase.max_pending"))
    if limit <= 0 or user.sysadmin:
        return
    waiting = model.Session.execute(sa.select(sa.func.count()).select_from(m.showcase).where(
        m.showcase.c.submitter_id == user.id, m.showcase.c.status == m.PENDING)).scalar() or 0
    if waiting >= limit:
        rules.invalid("rate_limit", "too_many_pending", max=limit)


def showcase_decide(context, data_dict):
    """Approve or reject an item.

    :param id: the item's id
    :param status: ``approved`` or ``rejected``
    :param reason: why (required to reject; up to 500 characters; the submitter reads it)
    :returns: the item as its reviewers see it
    """
    tk.check_access("govopen_showcase_decide", context, data_dict)
    row = _row(data_dict.get("id"))
    status = str(data_dict.get("status") or "").strip()
    if status not in (m.APPROVED, m.REJECTED):
        rules.invalid("status", "bad_status", value=status[:40])
    reason = rules.text(data_dict, "reason", (1, rules.REASON_MAX), required=False)
    if status == m.REJECTED and not reason:
        rules.invalid("reason", "reason_required")
    model.Session.execute(m.showcase.update().where(m.showcase.c.id == row["id"]).values(
        status=status, reason=reason or None, decided_by=_user(context).id, decided=m.now()))
    model.Session.commit()
    return present(context, _row(row["id"]), listing.datasets_of([row["id"]])[row["id"]])


@tk.side_effect_free
def showcase_show(context, data_dict):
    """One item (approved: anyone; pending or rejected: its submitter and reviewers).

    :param id: the item's id
    """
    tk.check_access("govopen_showcase_show", context, data_dict)
    row = _row(data_dict.get("id"))
    return present(context, row, listing.datasets_of([row["id"]])[row["id"]])


def _int(data_dict, key, default, high):
    try:
        value = int(data_dict.get(key, default))
    except (TypeError, ValueError):
        rules.invalid(key, "not_a_number", value=str(data_dict.get(key))[:20])
    return max(0, min(value, high))


@tk.side_effect_free
def showcase_list(context, data_dict):
    """Items, newest first: the approved ones (anyone), or ``mine`` (the
    caller's own, any status), or ``review`` (pending items the caller may decide).

    :param kind: only items of this type (optional)
    :param package_id: only items that use this dataset (optional; approved only)
    :param mine: true for the caller's own submissions
    :param review: true for the caller's review queue
    :param limit: up to 100 (default 24); :param offset:
    :returns: ``{"count", "results"}``
    """
    tk.check_access("govopen_showcase_list", context, data_dict)
    user = _user(context)
    query = sa.select(m.showcase)
    mine, review = tk.asbool(data_dict.get("mine")), tk.asbool(data_dict.get("review"))
    if mine or review:
        if user is None:
            raise tk.NotAuthorized(joined(messages.message("login_required")))
        if mine:
            query = query.where(m.showcase.c.submitter_id == user.id)
        else:
            query = query.where(m.showcase.c.status == m.PENDING)
    else:
        query = query.where(m.showcase.c.status == m.APPROVED)
    if data_dict.get("kind"):
        query = query.where(m.showcase.c.kind == rules.kind(data_dict))
    if data_dict.get("package_id") and not (mine or review):
        pkg = model.Package.get(str(data_dict["package_id"]))
        if pkg is None or not listing.is_public(pkg.id):
            return {"count": 0, "results": []}
        query = query.where(m.showcase.c.id.in_(listing.approved_for_package(pkg.id)))
    rows = [m.as_dict(r) for r in model.Session.execute(query.order_by(m.showcase.c.created.desc()))]
    used = listing.datasets_of([r["id"] for r in rows])
    if review:
        rows = [r for r in rows if may_review(context, used[r["id"]])]
    offset, limit = _int(data_dict, "offset", 0, 10 ** 6), _int(data_dict, "limit", 24, PAGE_MAX)
    return {"count": len(rows),
            "results": [present(context, r, used[r["id"]]) for r in rows[offset:offset + limit]]}


def image_of(context, showcase_id):
    """``(bytes, media type)`` of an item's image the caller may see, else NotFound."""
    tk.check_access("govopen_showcase_show", context, {"id": showcase_id})
    row = model.Session.execute(sa.select(m.showcase.c.image, m.showcase.c.image_type, m.showcase.c.image_state)
                                .where(m.showcase.c.id == showcase_id)).first()
    if row is None or row.image_state != m.IMAGE_READY or not row.image:
        raise tk.ObjectNotFound()
    return bytes(row.image), row.image_type


# --- auth -------------------------------------------------------------------------------

def showcase_create_auth(context, data_dict):
    """Any logged-in user (CKAN refuses anonymous callers before this runs)."""
    if _user(context) is None:
        return {"success": False, "msg": joined(messages.message("login_required"))}
    return {"success": True}


def showcase_decide_auth(context, data_dict):
    try:
        row = _row(data_dict.get("id"))
    except tk.ObjectNotFound:
        return {"success": False, "msg": joined(messages.message("not_reviewer"))}
    if may_review(context, listing.datasets_of([row["id"]])[row["id"]]):
        return {"success": True}
    return {"success": False, "msg": joined(messages.message("not_reviewer"))}


@tk.auth_allow_anonymous_access
def showcase_show_auth(context, data_dict):
    """Approved: anyone. Otherwise only its submitter and reviewers; for anyone
    else it does not exist (NotFound, the answer for an unknown id)."""
    row = _row(data_dict.get("id"))
    if row["status"] == m.APPROVED or _insider(context, row, listing.datasets_of([row["id"]])[row["id"]]):
        return {"success": True}
    raise tk.ObjectNotFound(joined(messages.message("not_found")))


@tk.auth_allow_anonymous_access
def showcase_list_auth(context, data_dict):
    return {"success": True}


_ACTIONS = {
    "govopen_showcase_create": (showcase_create, showcase_create_auth),
    "govopen_showcase_decide": (showcase_decide, showcase_decide_auth),
    "govopen_showcase_show": (showcase_show, showcase_show_auth),
    "govopen_showcase_list": (showcase_list, showcase_list_auth),
}


def actions() -> dict:
    return {name: pair[0] for name, pair in _ACTIONS.items()}


def auth_functions() -> dict:
    return {name: pair[1] for name, pair in _ACTIONS.items()}
