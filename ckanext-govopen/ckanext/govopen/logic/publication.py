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
from ckan.lib.navl.dictization_functions import unflatten

from ckanext.govopen import gate
from ckanext.govopen.logic.validators import _lang

#: A context key for writes that must not be refused by the gate because they
#: only make a dataset *less* visible (e.g. a check job taking a dataset down).
NOT_PUBLIC = "govopen_making_private"


def _dataset_from_flat(data) -> dict:
    """The package dict of a navl flattened ``data`` (tuple keys)."""
    flat = {k: v for k, v in data.items()
            if isinstance(k, tuple) and k and k[0] not in ("__junk", "__extras")}
    return unflatten(flat)


def govopen_publication_gate(key, data, errors, context):
    """Refuse a write that would leave a blocked dataset public."""
    dataset = _dataset_from_flat(data)
    if not gate.wants_public(dataset):
        return
    if "id" not in dataset and context.get("package") is not None:
        dataset["id"] = context["package"].id
    found = gate.blockers(dataset)
    if found:
        lang = _lang()
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
    lang = _lang()
    return {"id": dataset["id"], "may_be_public": not found,
            "blockers": [b.as_dict(lang) for b in found]}


def publication_blockers_auth(context, data_dict):
    """Those who may edit the dataset (its department, sysadmins) may ask."""
    try:
        tk.check_access("package_update", context, {"id": data_dict.get("id")})
    except tk.NotAuthorized:
        return {"success": False, "msg": tk._("Only the dataset's department may see what blocks it.")}
    return {"success": True}
