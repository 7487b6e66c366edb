"""Restricted file locations live here, never in CKAN's resource rows.

When a dataset's verdict is anything but unconditionally open, each linked
resource's real location (its ``url`` and every other location field, see
``policy.is_location_key``) is moved into ``govopen_resource_location`` and
CKAN's row keeps only the site's guarded route for that file::

    /dataset/<dataset id>/resource/<resource id>/file/<tag>[.<extension>]

``tag`` is an HMAC of the real location under the site's secret: it changes
when the location changes (so stored scan and validation results, keyed by
the resource's marker, are for the content they checked) and tells nothing
about the location. Every surface built from CKAN's rows (the API, the search
index and its stored dicts, activity, DCAT, feeds, any action added later)
therefore holds the route only: nothing needs stripping. The route answers
with a redirect to the real location for callers with file access
(``grants.has_file_access``, the one rule) and 403 for everyone else;
``show_locations`` (a show hook) gives the real locations back to those
callers' own package_show.

An uploaded file's name is treated the same way: CKAN's row keeps
``<tag>[.<extension>]`` (the tag of the name) and the name moves here. The
file itself is CKAN's upload, found by resource id and served by CKAN's
download route, which ``downloads`` guards; the name only ever named it.
"""
from __future__ import annotations

import hmac
import json
from urllib.parse import quote

import sqlalchemy as sa
from flask import Blueprint
from sqlalchemy.dialects.postgresql import insert

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.govopen import rows
from ckanext.govopen.access import grants, messages, policy
from ckanext.govopen.access.location_store import (
    _UPLOAD_RE, _save, _tag, _upload_name, is_route, is_stand_in, location, route, stand_in, stored)
from ckanext.govopen.messages import render

PATH = "/dataset/<package_id>/resource/<resource_id>/file/<tag>"


def _is_link(res) -> bool:
    return not res.url_type and bool(str(res.url or "").strip())


def _is_upload(res) -> bool:
    return res.url_type == "upload" and bool(str(res.url or "").strip())


def _upload_in_place(res, kept) -> bool:
    """CKAN's row holds the stand-in of the upload's name kept here."""
    previous = kept.get(res.id) or {}
    return bool(previous.get("url")) and _upload_name(res.url) == stand_in(previous["url"])


def _link_extras(res) -> dict:
    """The link's location fields other than ``url`` that hold something."""
    return {k: v for k, v in dict(res.extras or {}).items()
            if policy.is_location_key(k) and isinstance(v, str) and v.strip()}


def _link_in_place(res) -> bool:
    """CKAN's row holds the resource's route and no other location."""
    return is_route(str(res.url).strip(), res.id) and not _link_extras(res)


def _relocate_upload(res, package_id, kept) -> bool:
    if _upload_in_place(res, kept):
        return False                                  # the stand-in of the name we keep
    name = _upload_name(res.url)
    previous = kept.get(res.id) or {}
    kept[res.id] = {**previous, "url": name}
    _save(res.id, package_id, kept[res.id])
    res.url = stand_in(name)
    return True


def _relocate_link(res, package_id, kept) -> bool:
    if _link_in_place(res):
        return False
    url = str(res.url).strip()
    extras = dict(res.extras or {})
    found = _link_extras(res)
    previous = kept.get(res.id) or {}
    found["url"] = previous.get("url", "") if is_route(url, res.id) else url
    kept[res.id] = {**previous, **found}
    res.url = route(package_id, res.id, found["url"])
    for key in found:
        if key != "url":
            extras[key] = ""
    res.extras = extras
    return True


VIEW_KEY = "view:{view}:{field}"


def _relocate_views(package_id, resource_ids, kept) -> int:
    """A view's own locations (an image view's ``image_url``, a web page view's
    ``page_url``): kept here under ``view:<view id>:<field>``, the view's
    settings hold the resource's route with the tag of that location."""
    if not resource_ids:
        return 0
    moved = 0
    views = model.Session.query(model.ResourceView).filter(
        model.ResourceView.resource_id.in_(list(resource_ids))).all()
    for view in views:
        config = dict(view.config or {})
        found = {}
        for key, value in _view_locations(view).items():
            found[VIEW_KEY.format(view=view.id, field=key)] = value
            config[key] = route(package_id, view.resource_id, value)
        if found:
            kept[view.resource_id] = {**(kept.get(view.resource_id) or {}), **found}
            _save(view.resource_id, package_id, kept[view.resource_id])
            view.config = config
            moved += 1
    return moved


def _view_locations(view) -> dict:
    """``{field: location}`` of a view's settings that are locations, not routes."""
    return {key: value.strip() for key, value in dict(view.config or {}).items()
            if policy.is_location_key(key) and isinstance(value, str) and value.strip()
            and not is_route(value, view.resource_id)}


def _save_many(package_id, by_resource: dict):
    """Several resources' kept locations in one statement."""
    if not by_resource:
        return
    now = rows.now()
    stmt = insert(location).values([
        {"resource_id": rid, "package_id": package_id, "updated": now,
         "locations": json.dumps(found, ensure_ascii=False, sort_keys=True)}
        for rid, found in by_resource.items()])
    model.Session.execute(stmt.on_conflict_do_update(
        index_elements=[location.c.resource_id],
        set_={"locations": stmt.excluded.locations, "updated": now}))


def relocate(package, views: bool = True) -> int:
    """Move the locations of ``package``'s linked resources, the names of its
    uploads and the locations its views name (``model.Package``, restricted) out
    of CKAN's rows, in the current transaction; returns how many changed.
    ``views=False``: a dataset being created, which has no views yet."""
    links = [res for res in package.resources if _is_link(res)]
    uploads = [res for res in package.resources if _is_upload(res)]
    everyone = [res.id for res in package.resources]
    if not links and not uploads and not views:
        return 0
    kept = stored(everyone)                        # one query for the dataset, not one per resource
    moved = sum(_relocate_upload(res, package.id, kept) for res in uploads)
    linked = [res for res in links if _relocate_link(res, package.id, kept)]
    _save_many(package.id, {res.id: kept[res.id] for res in linked})   # one statement for the links
    moved += len(linked)
    if views:
        moved += _relocate_views(package.id, everyone, kept)
    if moved:
        model.Session.flush()   # CKAN dictizes (for the index, the activity) with SQL, not the ORM
    return moved


def put_back(package) -> int:
    """The inverse of ``relocate``, for a dataset whose verdict became unconditional:
    its locations go back into CKAN's rows (the public may have them now) and leave
    this table. Returns how many resources changed (in the current transaction)."""
    kept = stored(res.id for res in package.resources)
    if not kept:
        return 0
    views: dict = {}                       # one query for the views of every resource kept here
    for view in model.Session.query(model.ResourceView).filter(model.ResourceView.resource_id.in_(list(kept))):
        views.setdefault(view.resource_id, []).append(view)
    changed = 0
    for res in package.resources:
        found = kept.get(res.id)
        if not found:
            continue
        name = found.get("url") or ""
        if res.url_type == "upload" and name and _upload_name(res.url) == stand_in(name):
            res.url = name
        elif not res.url_type and is_route(res.url, res.id):
            res.url = name
            extras = dict(res.extras or {})
            extras.update({k: v for k, v in found.items() if k != "url" and not k.startswith("view:")})
            res.extras = extras
        for view in views.get(res.id, ()):
            prefix = VIEW_KEY.format(view=view.id, field="")
            config = dict(view.config or {})
            for key, value in found.items():
                field = key[len(prefix):]
                if key.startswith(prefix) and is_route(config.get(field), res.id):
                    config[field] = value
            view.config = config
        changed += 1
    if changed:
        model.Session.execute(sa.delete(location).where(location.c.resource_id.in_(list(kept))))
        model.Session.flush()
    return changed


def _scrub_copy(package_id, res: dict) -> bool:
    """One resource of an older copy of the dataset: its locations become what
    CKAN's row holds now (a route, a stand-in name); returns whether it changed."""
    url = str(res.get("url") or "").strip()
    changed = False
    if res.get("url_type") == "upload":
        name = _upload_name(url)
        if name and not _UPLOAD_RE.fullmatch(name):
            res["url"] = url[: len(url) - len(name)] + stand_in(name)
            changed = True
    elif url and not is_route(url, res.get("id")):
        res["url"] = route(package_id, res.get("id") or "", url)
        changed = True
    for key, value in list(res.items()):
        if key != "url" and policy.is_location_key(key) and isinstance(value, str) and value.strip():
            res[key] = ""
            changed = True
    return changed


def _copy_in_place(package_id, copy) -> bool:
    """An older copy of the dataset (an activity's) holds no location ``_scrub_copy`` would move."""
    if not isinstance(copy, dict):
        return True
    resources = json.loads(json.dumps(copy.get("resources") or []))
    return not any([_scrub_copy(package_id, r) for r in resources if isinstance(r, dict)])


def out_of_place(restricted_ids, open_ids) -> set:
    """Which of these datasets ``relocate``, ``scrub_activities`` (``restricted_ids``:
    their verdict is not unconditional) or ``put_back`` (``open_ids``) would change:
    read in a few queries, by the same rules, nothing written. The check of an
    upgrade (``ckan govopen verdict refresh --all --stale``): the others are where
    their verdict puts them."""
    found: set = set()
    restricted_ids, open_ids = list(restricted_ids), list(open_ids)
    if restricted_ids:
        resources = model.Session.query(model.Resource).filter(
            model.Resource.package_id.in_(restricted_ids), model.Resource.state == "active").all()
        kept = stored(res.id for res in resources)
        owner = {res.id: res.package_id for res in resources}
        for res in resources:
            if (_is_upload(res) and not _upload_in_place(res, kept)) or (_is_link(res) and not _link_in_place(res)):
                found.add(res.package_id)
        if owner:
            for view in model.Session.query(model.ResourceView).filter(
                    model.ResourceView.resource_id.in_(list(owner))):
                if _view_locations(view):
                    found.add(owner[view.resource_id])
        found |= _activities_out_of_place(set(restricted_ids) - found)
    if open_ids:
        resources = model.Session.query(model.Resource.id, model.Resource.package_id).filter(
            model.Resource.package_id.in_(open_ids), model.Resource.state == "active").all()
        kept = stored(rid for rid, _ in resources)
        found |= {package_id for rid, package_id in resources if rid in kept}
    return found


def _activities_out_of_place(package_ids: set) -> set:
    try:
        from ckanext.activity.model import Activity
    except ImportError:                     # the activity plugin is not installed
        return set()
    if not package_ids:
        return set()
    found = set()
    for object_id, data in model.Session.query(Activity.object_id, Activity.data).filter(
            Activity.object_id.in_(list(package_ids))):
        data = data if isinstance(data, dict) else {}
        if object_id not in found and not _copy_in_place(object_id, data.get("package")):
            found.add(object_id)
    return found


def scrub_activities(package_id: str) -> int:
    """The dataset's activity stream keeps whole older copies of it (history pages,
    activity_show, diffs, feeds): in each, the locations and upload names become
    stand-ins too, so what left CKAN's row is not kept there either. Returns how
    many activities changed (in the current transaction)."""
    try:
        from ckanext.activity.model import Activity
    except ImportError:                     # the activity plugin is not installed
        return 0
    changed = 0
    for act in model.Session.query(Activity).filter(Activity.object_id == package_id):
        data = act.data if isinstance(act.data, dict) else {}
        copy = data.get("package")
        if not isinstance(copy, dict):
            continue
        copy = json.loads(json.dumps(copy))
        dirty = [_scrub_copy(package_id, r) for r in copy.get("resources") or [] if isinstance(r, dict)]
        if any(dirty):
            act.data = dict(data, package=copy)
            changed += 1
    if changed:
        model.Session.flush()
    return changed


# --- the dataset dict -------------------------------------------------------------

def _routed(pkg_dict) -> list:
    return [r for r in pkg_dict.get("resources") or []
            if isinstance(r, dict) and (is_route(r.get("url"), r.get("id")) or is_stand_in(r))]


def _for_a_user(context) -> bool:
    # not an internal read (its dict may be indexed, stored in activity or written back)
    return not (context.get("ignore_auth") or context.get("for_update")) and bool(context.get("user"))


def show_locations(context, pkg_dict):
    """Show hook: a caller with file access gets the real locations."""
    if _for_a_user(context) and _routed(pkg_dict) and grants.has_file_access(context, pkg_dict):
        restore([pkg_dict])


def show_search_locations(context, results):
    """The same for full dataset dicts in search results (one query for the page)."""
    if not _for_a_user(context):
        return
    restore([d for d in results if isinstance(d, dict) and "resources" in d and _routed(d)
             and grants.has_file_access(context, d)])


def restore(datasets):
    resources = [r for d in datasets for r in _routed(d)]
    found = stored(r["id"] for r in resources)
    for res in resources:
        kept = found.get(res["id"]) or {}
        if res.get("url_type") == "upload":
            name = kept.get("url")
            if name and _upload_name(res["url"]) == stand_in(name):
                # CKAN's download URL for the upload, with its real name
                res["url"] = res["url"][: len(res["url"]) - len(_upload_name(res["url"]))] + quote(name)
            continue
        res.update({k: v for k, v in kept.items() if not k.startswith("view:")})


def restore_view(view: dict, kept_by_resource=None) -> dict:
    """A resource view as its reader with file access sees it: its own locations back.
    ``kept_by_resource``: ``stored(...)`` of its resource, when the caller read it already."""
    if not isinstance(view, dict) or not view.get("id") or not view.get("resource_id"):
        return view
    prefix = VIEW_KEY.format(view=view["id"], field="")
    if kept_by_resource is None:
        kept_by_resource = stored([view["resource_id"]])
    kept = kept_by_resource.get(view["resource_id"]) or {}
    for key, value in kept.items():
        if key.startswith(prefix) and is_route(view.get(key[len(prefix):]), view["resource_id"]):
            view[key[len(prefix):]] = value
    return view


# --- the route ----------------------------------------------------------------------

files = Blueprint("govopen_access_files", __name__)


def _target(resource, tag):
    """The kept location of ``resource`` whose tag is ``tag`` (its link, another
    location field, a view's), or None; an upload's name is never a target."""
    kept = stored([resource.id]).get(resource.id) or {}
    for key, value in kept.items():
        if key == "url" and resource.url_type == "upload":
            continue
        if isinstance(value, str) and value and hmac.compare_digest(_tag(value), tag):
            return value
    return None


@files.route(PATH)
def file(package_id, resource_id, tag):
    resource = model.Resource.get(resource_id)
    package = model.Package.get(package_id)
    if resource is None or package is None or resource.package_id != package.id or resource.state != "active":
        return tk.abort(404, render(messages.message("file_not_found")))
    try:
        dataset = tk.get_action("package_show")(
            {"user": tk.current_user.name, "auth_user_obj": tk.current_user}, {"id": resource.package_id})
    except (tk.ObjectNotFound, tk.NotAuthorized):
        return tk.abort(404, render(messages.message("file_not_found")))
    context = {"user": tk.current_user.name, "auth_user_obj": tk.current_user}
    target = _target(resource, tag.split(".", 1)[0])
    if not target:
        return tk.abort(404, render(messages.message("file_not_found")))
    if not grants.has_file_access(context, dataset):
        return tk.abort(403, render(messages.message("download_refused")))
    return tk.redirect_to(target)


def get_blueprint():
    return files
