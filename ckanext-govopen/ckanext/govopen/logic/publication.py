"""Where CKAN meets the publication gate: the validator every dataset write
runs, and the action that tells an owner what blocks publication.

``govopen_publication_gate`` is the standard schema's ``after_validators``
(standards/schemas/dataset.yaml), so it runs on package_create and
package_update, which every other write path calls. When the write would
leave the dataset public and the gate has reasons, each reason becomes a
message on ``private``; CKAN then raises ``ValidationError`` before anything
is stored.
"""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.govopen import gate
from ckanext.govopen.common import current_lang, dataset_from_flat


#: Context key: the full ``resources`` list a package_update was called with
#: (None when the caller left the resources as they are).
PASSED_RESOURCES = "govopen_passed_resources"


@tk.chained_action
def package_update(original, context, data_dict):
    """Remember which resources the dataset will have, for the gate.

    CKAN 2.12's package_update validates only the *changed* resources, so the
    gate (a validator) cannot tell an unchanged resource from a removed one;
    the list the caller passed (package_patch, resource_create/delete all pass
    the full list) says which stay.
    """
    context[PASSED_RESOURCES] = (list(data_dict["resources"])
                                 if isinstance(data_dict.get("resources"), list) else None)
    return original(context, data_dict)


def package_update_auth(next_auth, context, data_dict):
    return next_auth(context, data_dict)


package_update_auth = tk.chained_auth_function(package_update_auth)


def _stored(res) -> dict:
    return dict(res.extras or {}, id=res.id, name=res.name, url=res.url,
                url_type=res.url_type, format=res.format, created=res.created,
                last_modified=res.last_modified, state=res.state)


def _resources_after_write(validated, package, passed):
    """The resources the dataset will have after this write.

    ``validated`` holds only the changed (and new) resources; the ones kept
    unchanged are those the caller passed (``passed``), or all stored ones
    when the caller passed no list.
    """
    validated = list(validated or [])
    changed = {r["id"]: r for r in validated if r.get("id")}
    stored = {res.id: res for res in package.resources}
    kept = [r.get("id") for r in passed] if passed is not None else list(stored)
    merged = [changed.pop(rid, None) or _stored(stored[rid])
              for rid in kept if rid in changed or rid in stored]
    return merged + [r for r in validated if not r.get("id") or r["id"] in changed]


def govopen_publication_gate(key, data, errors, context):
    """Refuse a write that would leave a blocked dataset public."""
    dataset = dataset_from_flat(data)
    if not gate.wants_public(dataset):
        return
    if "id" not in dataset and context.get("package") is not None:
        dataset["id"] = context["package"].id
    if context.get("package") is not None:
        dataset["resources"] = _resources_after_write(
            dataset.get("resources"), context["package"], context.get(PASSED_RESOURCES))
    found = gate.blockers(dataset)
    if found:
        lang = current_lang()
        errors.setdefault(("private",), [])
        errors[("private",)].extend(b.text(lang) for b in found)


def publication_blockers(context, data_dict):
    """What blocks publication of a dataset, as the gate sees it now.

    :param id: the dataset's id or name
    :returns: ``{"may_be_public": bool, "blockers": [{gate, code, message, ...}]}``
    """
    tk.check_access("govopen_publication_blockers", context, data_dict)
    dataset = tk.get_action("package_show")(
        dict(context, ignore_auth=True), {"id": tk.get_or_bust(data_dict, "id")})
    found = gate.blockers(dict(dataset, private=False))
    lang = current_lang()
    return {"id": dataset["id"], "may_be_public": not found,
            "blockers": [b.as_dict(lang) for b in found]}


def publication_blockers_auth(context, data_dict):
    """Those who may edit the dataset (its department, sysadmins) may ask."""
    try:
        tk.check_access("package_update", context, {"id": data_dict.get("id")})
    except tk.NotAuthorized:
        return {"success": False, "msg": tk._("Only the dataset's department may see what blocks it.")}
    return {"success": True}
