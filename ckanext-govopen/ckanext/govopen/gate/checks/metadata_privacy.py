"""Personal information in the metadata: a public dataset's metadata may hold none.

Metadata is public whenever the dataset is (a conditionally open dataset
lists it too), and the gate runs on every write that leaves a dataset
public, so an ID number put into ``notes`` by a later edit is refused like
one present at creation. Every free-text field of the dataset and of its
resources is scanned by the file scanner's detectors
(:func:`ckanext.govopen.scan.metadata.scan_metadata`); the fields not
scanned are those the standard's schema gives a closed list of values
(vocabulary, choices, dates, booleans). Fields the schema marks
``contact: true`` publish the department's contact, where e-mail and
mobile numbers are expected.

Messages name the field (and the resource) with masked values only. A
reviewer may approve a false positive (an order number shaped like an ID
number): ``govopen_review_approve`` kind ``metadata_pii`` covers exactly the
values found when they approved, by keyed digest; any other value holds the
dataset again.
"""
from __future__ import annotations

import json

import sqlalchemy as sa

from ckanext.govopen.gate import Blocker, messages
from ckanext.govopen.gate.core import N_

NAME = "metadata_privacy"
#: its name in words (a msgid, translated where it is shown: ``gate.core.label``)
LABEL = N_("Personal information in metadata")
KIND = "metadata_pii"
_CLOSED_VALIDATORS = ("govopen_iso_date", "govopen_boolean", "govopen_vocab", "govopen_license",
                      "govopen_spatial_code", "boolean_validator", "isodate")


def _closed(field: dict) -> bool:
    validators = str(field.get("validators") or "").split()
    return bool(field.get("vocabulary") or field.get("choices") or field.get("choices_helper")
                or field.get("preset") in ("select", "dataset_organization")
                or any(v in _CLOSED_VALIDATORS for v in validators))


def schema_rules() -> dict:
    """What the standard's schema says about each field: closed lists, contact fields, labels."""
    from ckanext.govopen.standard import loader

    schema = loader.schema("dataset")
    dataset_fields = schema.get("dataset_fields") or []
    resource_fields = schema.get("resource_fields") or []
    return {
        "closed": {f["field_name"] for f in dataset_fields if _closed(f)},
        "resource_closed": {f["field_name"] for f in resource_fields if _closed(f)},
        "contact": {f["field_name"] for f in dataset_fields if f.get("contact")},
        "labels": {f["field_name"]: f.get("label") for f in dataset_fields},
        "resource_labels": {f["field_name"]: f.get("label") for f in resource_fields},
    }


def _key() -> str:
    import ckan.plugins.toolkit as tk
    return tk.config.get("SECRET_KEY") or tk.config.get("beaker.session.secret") or ""


def with_views(dataset: dict, skip_view: str = None) -> dict:
    """``dataset`` with each stored resource's views (title, description, settings) as
    ``resources[i].views``: they are shown on the public resource page too. ``skip_view``:
    a view being replaced."""
    ids = [r["id"] for r in dataset.get("resources") or []
           if isinstance(r, dict) and r.get("id") and "views" not in r]
    if not ids:
        return dataset
    import ckan.model as model

    views: dict = {}
    for view in model.Session.query(model.ResourceView).filter(model.ResourceView.resource_id.in_(ids)) \
            .order_by(model.ResourceView.order):
        if view.id == skip_view:
            continue
        views.setdefault(view.resource_id, []).append(view_text(view.title, view.description, view.config))
    resources = [dict(r, views=views[r["id"]]) if isinstance(r, dict) and r.get("id") in views else r
                 for r in dataset.get("resources") or []]
    return dict(dataset, resources=resources)


def view_text(title, description, config) -> dict:
    """What a resource view shows of its own: title, description and its settings' values."""
    return {**(config if isinstance(config, dict) else {}), "title": title, "description": description}


def findings(dataset: dict) -> list:
    """The personal values in ``dataset``'s metadata and its resources' views (masked, with keyed digests)."""
    from ckanext.govopen.scan.metadata import scan_metadata

    rules = schema_rules()
    return scan_metadata(with_views(dataset), rules["closed"], rules["resource_closed"], rules["contact"],
                         key=_key())


def _identity(finding) -> str:
    return f"{finding.name}:{finding.entity}:{finding.digest}"


def identities(found: list) -> list:
    """What a reviewer approves: field (without positions), kind and keyed digest of each value.

    The digest is keyed with the site's ``SECRET_KEY``: the approval names the value without
    storing it, and a new key (a rotated secret) holds the dataset for review again."""
    return sorted({_identity(f) for f in found})


def approval_subject(found: list) -> dict:
    return {KIND: identities(found)}


def _approved(dataset_id: str) -> set:
    """Every value a reviewer approved for this dataset (approvals add up)."""
    import ckan.model as model

    from ckanext.govopen.classification import model as cmodel
    rows = model.Session.execute(sa.select(cmodel.approval.c.subject).where(
        cmodel.approval.c.dataset_id == dataset_id, cmodel.approval.c.kind == KIND))
    out = set()
    for (subject,) in rows:
        out.update((json.loads(subject) or {}).get(KIND) or [])
    return out


def _label(labels: dict, path: str, lang: str) -> str:
    from ckanext.govopen.standard import loader
    top = path.split(".")[0].split("[")[0]
    return loader.text(labels[top], lang) if labels.get(top) else ""


def _where(finding, dataset: dict, rules: dict, lang: str) -> str:
    """The field (and resource) of a finding, in words; anything a user typed is redacted."""
    from ckanext.govopen.scan.metadata import redact

    path = redact(finding.field)
    zh = lang == "zh"
    if finding.resource_index is None:
        label = _label(rules["labels"], path, lang)
        if zh:
            return f"字段“{label}”（{path}）" if label else f"字段“{path}”"
        return f"field '{label}' ({path})" if label else f"field '{path}'"
    resources = dataset.get("resources") or []
    res = resources[finding.resource_index] if finding.resource_index < len(resources) else None
    number = finding.resource_index + 1
    name = redact(res.get("name") or "") if isinstance(res, dict) else ""
    field = path.split(".", 1)[1] if "." in path else path
    label = _label(rules["resource_labels"], field, lang)
    if zh:
        entity = f"第 {number} 个资源“{name}”" if name else f"第 {number} 个资源"
        return f"{entity}的字段“{label}”（{field}）" if label else f"{entity}的字段“{field}”"
    entity = f"resource {number} '{name}'" if name else f"resource {number}"
    return f"{entity}, field '{label}' ({field})" if label else f"{entity}, field '{field}'"


def check(dataset: dict):
    from ckanext.govopen.scan.metadata import redact

    found = findings(dataset)
    if not found:
        return
    if dataset.get("id"):
        approved = _approved(dataset["id"])
        found = [f for f in found if _identity(f) not in approved]
        if not found:
            return
    rules = schema_rules()
    by_field: dict = {}
    for f in found:
        by_field.setdefault(f.field, []).append(f)
    resources = dataset.get("resources") or []
    for path, items in by_field.items():
        where_zh, where_en = _where(items[0], dataset, rules, "zh"), _where(items[0], dataset, rules, "en")
        what_zh = "、".join(f"{f.label_zh}（{f.masked}）" for f in items[:3])
        what_en = ", ".join(f"{f.label_en} ({f.masked})" for f in items[:3])
        more = len(items) - 3
        if more > 0:
            what_zh += f" 等 {len(items)} 处"
            what_en += f" and {more} more"
        index = items[0].resource_index
        res = resources[index] if index is not None and index < len(resources) else None
        yield Blocker(NAME, "metadata_pii_found", messages.METADATA_PII_FOUND(
            where={"zh": where_zh, "en": where_en}, what={"zh": what_zh, "en": what_en}),
            resource_id=res.get("id") if isinstance(res, dict) else None,
            details={"field": redact(path), "findings": [
                {"entity": f.entity, "masked": f.masked} for f in items]})
