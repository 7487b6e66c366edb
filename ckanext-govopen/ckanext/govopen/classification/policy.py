"""The classification policy (config/policy.yaml) applied to one dataset; no CKAN imports.

``evaluate(dataset, findings).effective`` is the most restrictive of the
declared ``open_type`` and every cap of the policy that applies; the
``Evaluation`` also names the caps and their reasons (zh/en), for messages.

``findings`` are the stored scan results of the dataset's resources, one dict
per resource (see :func:`ckanext.govopen.privacy.status.findings_for`)::

    {"resource_id": ..., "status": "done"|"failed"|"not_applicable"|"pending",
     "has_pii": bool, "entities": [...], "approved": bool,
     "kanon": {"satisfied": bool, "k": int, "quasi_identifiers": [...], ...} | None}

With ``findings=None`` (not known), an anonymized dataset is *not* taken to
pass k-anonymity (that needs proof) and no personal information is taken
to be found (that needs a finding).
"""
from __future__ import annotations

import json
import os
import threading
from dataclasses import dataclass, field as dc_field
from pathlib import Path
from typing import Iterable, Optional

import yaml

#: config/policy.yaml of the source checkout (ckanext-govopen/ckanext/govopen/classification/ -> repo).
DEFAULT_PATH = Path(__file__).resolve().parents[4] / "config" / "policy.yaml"
CONFIG_KEY = "govopen.policy.file"
OPEN_TYPES = ("unconditional", "conditional", "none")

_TRUE = {"true", "1", "yes", "y", "on", "是", "t"}
_FALSE = {"false", "0", "no", "n", "off", "否", "f", ""}


class PolicyError(ValueError):
    """The policy file is missing or malformed; says which file and what is wrong."""


@dataclass(frozen=True)
class Cap:
    """One rule of the policy that applied to a dataset."""
    id: str
    cap: str
    reason: dict
    field: Optional[str] = None
    value: object = None
    test: Optional[str] = None
    details: dict = dc_field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class Evaluation:
    declared: str
    effective: str
    caps: tuple = ()


# --- the policy file ------------------------------------------------------------

_lock = threading.Lock()
_cache: dict = {}


def configured_path() -> Path:
    """The deployment's policy file: ``govopen.policy.file`` when running in CKAN, else the default."""
    path = os.environ.get("GOVOPEN_POLICY_FILE")
    if not path:
        try:  # optional: this module must work without CKAN
            from ckan.common import config
            path = config.get(CONFIG_KEY)
        except Exception:  # noqa: BLE001 - no CKAN, or no app context
            path = None
    return Path(path) if path else DEFAULT_PATH


def load(path=None) -> dict:
    """The policy as a dict, parsed and checked once per file version (mtime)."""
    path = Path(path) if path else configured_path()
    try:
        mtime = path.stat().st_mtime
    except OSError as e:
        raise PolicyError(f"classification policy {path}: cannot read it ({e.strerror})") from e
    with _lock:
        hit = _cache.get(str(path))
        if hit and hit[0] == mtime:
            return hit[1]
        with open(path, encoding="utf-8") as f:
            try:
                policy = yaml.safe_load(f) or {}
            except yaml.YAMLError as e:
                raise PolicyError(f"classification policy {path}: not valid YAML ({e})") from e
        _check(policy, path)
        _cache[str(path)] = (mtime, policy)
        return policy


def _check(policy, path):
    if not isinstance(policy, dict) or not isinstance(policy.get("caps"), list):
        raise PolicyError(f"classification policy {path}: needs a 'caps' list")
    for i, rule in enumerate(policy["caps"], start=1):
        where = f"classification policy {path}, caps item {i}"
        if not isinstance(rule, dict) or not rule.get("id"):
            raise PolicyError(f"{where}: needs an 'id'")
        if rule.get("cap") not in OPEN_TYPES:
            raise PolicyError(f"{where} ({rule['id']}): 'cap' must be one of {', '.join(OPEN_TYPES)}")
        if not isinstance(rule.get("when", {}), dict):
            raise PolicyError(f"{where} ({rule['id']}): 'when' must map field names to value lists")
        if rule.get("test") and rule["test"] not in TESTS:
            raise PolicyError(f"{where} ({rule['id']}): unknown test '{rule['test']}' "
                              f"(known: {', '.join(sorted(TESTS))})")
        reason = rule.get("reason") or {}
        if not (reason.get("zh") and reason.get("en")):
            raise PolicyError(f"{where} ({rule['id']}): 'reason' needs zh and en texts")


# --- values ---------------------------------------------------------------------

def norm(value):
    """A yes/no value as the policy writes it (true/false); other text stripped, lower-case."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    low = str(value).strip().lower()
    if low in _TRUE:
        return "true"
    if low in _FALSE and low:
        return "false"
    return low


def normalized(name, value):
    """A field's value as the policy compares it: yes/no fields as true/false, codes lower-case."""
    if isinstance(value, bool) or name in ("commercial_secret", "classified"):
        v = norm(value)
        return "false" if v == "" else v
    return "" if value is None else str(value).strip().lower()


def rank(open_type) -> int:
    """0 unconditional .. 2 none; anything unknown counts as none (fail closed)."""
    try:
        return OPEN_TYPES.index(str(open_type).strip().lower())
    except ValueError:
        return len(OPEN_TYPES) - 1


def quasi_identifiers(dataset: dict, policy=None) -> list:
    """The dataset's declared quasi-identifier columns (list, JSON text or comma-separated text)."""
    policy = policy or load()
    value = dataset.get((policy.get("kanon") or {}).get("field", "quasi_identifiers"))
    if value in (None, ""):
        return []
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            try:
                value = json.loads(text)
            except ValueError:
                value = text.strip("[]").split(",")
        else:
            value = text.replace("，", ",").split(",")
    return [str(v).strip() for v in value if str(v).strip()]


# --- tests named by rules -------------------------------------------------------

def _k_anonymity_not_passed(dataset, findings, policy):
    if findings is None:
        return True, {}
    qis = quasi_identifiers(dataset, policy)
    k = int((policy.get("kanon") or {}).get("k", 5))
    if not qis:
        return True, {"quasi_identifiers": []}
    failing = []
    for f in findings:
        if f.get("status") == "not_applicable" or f.get("kanon_applicable") is False:
            continue
        result = f.get("kanon") or {}
        ok = (f.get("status") == "done" and result.get("satisfied")
              and list(result.get("quasi_identifiers") or []) == qis and int(result.get("k") or 0) >= k)
        if not ok:
            failing.append({"resource_id": f.get("resource_id"),
                            "min_class_size": result.get("min_class_size"),
                            "offending_classes": result.get("offending_classes")})
    return bool(failing), {"quasi_identifiers": qis, "k": k, "failing": failing}


def _unapproved_pii_found(dataset, findings, policy):
    if not findings:
        return False, {}
    found = [f for f in findings if f.get("has_pii") and not f.get("approved")]
    return bool(found), {"resources": [f.get("resource_id") for f in found],
                         "entities": sorted({e for f in found for e in f.get("entities") or []})}


TESTS = {
    "k_anonymity_not_passed": _k_anonymity_not_passed,
    "unapproved_pii_found": _unapproved_pii_found,
}


# --- evaluation -----------------------------------------------------------------

def _applies(rule, dataset):
    for name, values in (rule.get("when") or {}).items():
        allowed = {normalized(name, v) for v in (values if isinstance(values, list) else [values])}
        if normalized(name, dataset.get(name)) not in allowed:
            return False, (None, None)
    name = next(iter(rule.get("when") or {}), None)
    return True, (name, dataset.get(name) if name else None)


def _shown(field_name, value, lang):
    """A value as a data officer knows it: the vocabulary label (重要数据), else the code."""
    code = normalized(field_name, value) if field_name else ""
    try:
        from ckanext.govopen.standard import loader
        if code and field_name in loader.vocabulary_names() and loader.is_member(field_name, code):
            return loader.label(field_name, code, lang)
    except Exception:  # noqa: BLE001 - no standards folder: the code is still clear
        pass
    return code


def _reason(rule, field_name, value, policy):
    k = (policy.get("kanon") or {}).get("k", 5)
    return {lang: str(text).format(value=_shown(field_name, value, lang), k=k)
            for lang, text in rule["reason"].items()}


def evaluate(dataset: dict, findings: Optional[Iterable[dict]] = None, policy=None) -> Evaluation:
    """The declared and effective open type and every cap that applied, with reasons."""
    policy = policy or load()
    findings = list(findings) if findings is not None else None
    declared = str(dataset.get("open_type") or "none").strip().lower()
    if declared not in OPEN_TYPES:
        declared = "none"
    effective = declared
    caps = []
    for rule in policy["caps"]:
        applies, (field_name, value) = _applies(rule, dataset)
        if not applies:
            continue
        details = {}
        if rule.get("test"):
            hit, details = TESTS[rule["test"]](dataset, findings, policy)
            if not hit:
                continue
        caps.append(Cap(rule["id"], rule["cap"], _reason(rule, field_name, value, policy), field_name, value,
                        rule.get("test"), details))
        if rank(rule["cap"]) > rank(effective):
            effective = rule["cap"]
    return Evaluation(declared, effective, tuple(caps))


def found_pii_contradicts(dataset: dict, policy=None) -> bool:
    """Would personal information found in the data contradict the dataset's declaration?"""
    policy = policy or load()
    return any(rule.get("test") == "unapproved_pii_found" and _applies(rule, dataset)[0]
               for rule in policy["caps"])


# --- downgrades and audited changes ---------------------------------------------

def downgrades(before: dict, after: dict, policy=None) -> list:
    """``[(field, old, new)]`` where ``after`` is less restrictive than ``before``."""
    policy = policy or load()
    out = []
    for name, order in (policy.get("downgrade_order") or {}).items():
        order = [normalized(name, v) for v in order]
        old, new = normalized(name, before.get(name)), normalized(name, after.get(name))
        if old in order and new in order and order.index(new) < order.index(old):
            out.append((name, before.get(name), after.get(name)))
    return out


def audited_changes(before: dict, after: dict, policy=None) -> dict:
    """``{field: [old, new]}`` for every audited field that changed."""
    policy = policy or load()
    out = {}
    for name in policy.get("audited_fields") or []:
        old, new = _comparable(name, before.get(name)), _comparable(name, after.get(name))
        if old != new:
            out[name] = [before.get(name), after.get(name)]
    return out


def _comparable(name, value):
    if name == "quasi_identifiers":
        return quasi_identifiers({name: value}) if value not in (None, "") else []
    if name in ("commercial_secret", "classified"):
        return normalized(name, value)
    return "" if value is None else str(value).strip()


# --- security markings ----------------------------------------------------------

def markings_to_review(dataset: dict, policy=None) -> list:
    """The security markings in the dataset's texts and file names that hold publication.

    ``[{"field", "term", "level", "strength"}]``, in field order.
    """
    from ckanext.govopen.scan.markings import scan_markings

    policy = policy or load()
    conf = policy.get("markings") or {}
    hold = set(conf.get("hold") or ["strong", "weak"])
    texts = []
    for name in conf.get("fields") or ["title", "notes"]:
        texts.append((name, dataset.get(name)))
    for i, res in enumerate(dataset.get("resources") or []):
        for name in conf.get("resource_fields") or ["name", "url"]:
            value = res.get(name)
            if name == "url" and value:
                value = str(value).rstrip("/").rsplit("/", 1)[-1]   # the file name, not the host
            texts.append((f"resources[{i}].{name}", value))
    found = []
    for name, text in texts:
        if not text:
            continue
        for m in scan_markings(str(text), name):
            if m.strength in hold:
                found.append({"field": name, "term": m.term, "level": m.level, "strength": m.strength})
    return found
