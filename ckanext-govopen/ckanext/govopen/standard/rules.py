"""The standard's dataset checks, as plain functions.

Every write (web form, API, harvest) must pass the same checks, so they live
here once: the CKAN validators wrap the field-level functions, and
``validate_dataset`` applies all of them to a whole record the way the schema
declares them (``standards/schemas/dataset.yaml``: ``required``,
``vocabulary``, ``required_if``, ``not_before`` and the ``govopen_*``
validator names). A check returns a list of ``Message`` (empty: valid); the
caller renders them in the reader's language.
"""
import datetime
import re

from . import codes, elements, loader
from .messages import Message

# --- values -----------------------------------------------------------------


def is_empty(value):
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, (list, tuple, dict)):
        return len(value) == 0
    return False


_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$")


def parse_date(value):
    """A ``datetime.date`` for an ISO date (or date-time) value, else None."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if not isinstance(value, str) or not _DATE_RE.match(value.strip()):
        return None
    try:
        return datetime.date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


_TRUE = {"true", "1", "yes", "y", "on", "是", "t"}
_FALSE = {"false", "0", "no", "n", "off", "否", "f"}


def parse_boolean(value):
    """True / False for the usual spellings (incl. 是/否), None when it is not a yes/no."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        v = value.strip().lower()
        if v in _TRUE:
            return True
        if v in _FALSE:
            return False
    return None


_EMAIL_RE = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                       r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$")


def is_email(value):
    return isinstance(value, str) and len(value) <= 254 and bool(_EMAIL_RE.match(value.strip()))


# --- field-level checks -------------------------------------------------------


def check_required(value, field, vocabulary=None):
    """A required field is empty: say which, and for a coded field what it may be."""
    if not is_empty(value):
        return []
    if vocabulary:
        return [Message("required_choice", field=field, vocabulary=vocabulary)]
    return [Message("required", field=field)]


def check_vocab(value, vocabulary, field):
    """The value must be a code of ``vocabulary`` (empty values are left to ``required``)."""
    if is_empty(value):
        return []
    if isinstance(value, (list, tuple)):
        return [m for v in value for m in check_vocab(v, vocabulary, field)]
    if loader.is_member(vocabulary, str(value).strip()):
        return []
    return [Message("not_in_vocabulary", field=field, value=str(value), vocabulary=vocabulary)]


def resource_code_pattern():
    return re.compile(loader.resource_code_rule()["pattern"])


def check_resource_code(value, field="resource_code"):
    if is_empty(value):
        return []
    if isinstance(value, str) and resource_code_pattern().match(value.strip()):
        return []
    return [Message("resource_code_pattern", field=field, value=str(value),
                    example=loader.resource_code_rule().get("example", ""))]


def check_unique_resource_code(value, exists, field="resource_code"):
    """``exists(code)`` tells whether another dataset already uses the code."""
    if is_empty(value) or exists is None:
        return []
    return [Message("resource_code_taken", field=field, value=value.strip())] if exists(value.strip()) else []


def check_iso_date(value, field):
    if is_empty(value) or parse_date(value) is not None:
        return []
    return [Message("invalid_date", field=field, value=str(value))]


def check_date_order(value, other_value, field, other_field):
    """``value`` (a date) may not be earlier than ``other_value``; unparsable dates are left to check_iso_date."""
    a, b = parse_date(value), parse_date(other_value)
    if a is None or b is None or a >= b:
        return []
    return [Message("date_order", field=field, value=a.isoformat(),
                    other_field=other_field, other_value=b.isoformat())]


def check_required_if(value, field, rule, other_value):
    """Conditional requirement.

    ``rule`` is ``{field: F, equals: V}`` (required when F is V) or
    ``{field: F, not_equals: V}`` (required when F is given and is not V).
    """
    if not is_empty(value):
        return []
    other = rule["field"]
    other_value = None if is_empty(other_value) else str(other_value).strip()
    other_field_def = loader.schema_field(other) or {}
    vocab = other_field_def.get("vocabulary")
    if "equals" in rule and other_value == rule["equals"]:
        return [Message("required_if", field=field, other_field=other,
                        other_value=rule["equals"], other_vocabulary=vocab)]
    if "not_equals" in rule and other_value is not None and other_value != rule["not_equals"]:
        return [Message("required_unless", field=field, other_field=other,
                        other_value=rule["not_equals"], other_vocabulary=vocab)]
    return []


def check_boolean(value, field):
    if is_empty(value) or parse_boolean(value) is not None:
        return []
    return [Message("invalid_boolean", field=field, value=str(value))]


def check_not_classified(value, field="classified"):
    """Classified data never enters the catalog."""
    return [Message("classified", field=field)] if parse_boolean(value) is True else []


def check_email(value, field):
    if is_empty(value) or is_email(value):
        return []
    return [Message("invalid_email", field=field, value=str(value))]


def check_spatial_code(value, field="spatial_code"):
    if is_empty(value) or codes.is_division(str(value).strip()):
        return []
    return [Message("invalid_spatial_code", field=field, value=str(value))]


def check_license(value, field="license_id"):
    """Empty is fine (the open default applies); anything else must be a listed licence."""
    if is_empty(value) or loader.is_member("licenses", str(value).strip()):
        return []
    return [Message("invalid_license", field=field, value=str(value), vocabulary="licenses")]


def default_license():
    return loader.default("licenses")


def check_credit_code(value, field="provider_code"):
    if is_empty(value):
        return []
    code = str(value).strip().upper()
    if not codes.credit_code_well_formed(code):
        return [Message("credit_code_format", field=field, value=str(value))]
    if not codes.is_credit_code(code):
        return [Message("credit_code_checksum", field=field, value=str(value))]
    return []


def check_data_elements(value, field="data_elements"):
    return elements.check(value)


# --- whole records ------------------------------------------------------------

# validator name in the schema -> how to apply it to (value, field def, record, exists)
_CHECKS = {
    "govopen_vocab": lambda v, f, rec, ex: check_vocab(v, f["vocabulary"], f["field_name"]),
    "govopen_resource_code": lambda v, f, rec, ex: check_resource_code(v, f["field_name"]),
    "govopen_unique_resource_code": lambda v, f, rec, ex: check_unique_resource_code(v, ex, f["field_name"]),
    "govopen_iso_date": lambda v, f, rec, ex: check_iso_date(v, f["field_name"]) or (
        check_date_order(v, get(rec, f["not_before"]), f["field_name"], f["not_before"])
        if f.get("not_before") else []),
    "govopen_spatial_code": lambda v, f, rec, ex: check_spatial_code(v, f["field_name"]),
    "govopen_not_classified": lambda v, f, rec, ex: check_not_classified(v, f["field_name"]),
    "govopen_boolean": lambda v, f, rec, ex: check_boolean(v, f["field_name"]),
    "govopen_email": lambda v, f, rec, ex: check_email(v, f["field_name"]),
    "govopen_license": lambda v, f, rec, ex: check_license(v, f["field_name"]),
    "govopen_credit_code": lambda v, f, rec, ex: check_credit_code(v, f["field_name"]),
    "govopen_data_elements": lambda v, f, rec, ex: check_data_elements(v, f["field_name"]),
}

#: Fields CKAN itself checks (slug, tags): not the standard's business here.
_SKIP = {"name", "tag_string", "image_url", "url", "version"}


def get(record, field):
    """A field's value from a standard record or a CKAN package/org dict (incl. ``extras``)."""
    if field in record:
        return record[field]
    if field == "owner_org" and isinstance(record.get("organization"), dict):
        return record["organization"].get("name") or record["organization"].get("id")
    for extra in record.get("extras") or []:
        if isinstance(extra, dict) and extra.get("key") == field:
            return extra.get("value")
    return None


def is_required(field_def):
    tokens = (field_def.get("validators") or "").split()
    return bool(field_def.get("required")) or "not_empty" in tokens or "govopen_required" in tokens


def validate(record, schema="dataset", exists=None):
    """All problems of a record against schema ``schema``: ``{field: [Message, ...]}``.

    ``exists(resource_code) -> bool`` enables the uniqueness check (the caller
    knows the catalog; without it uniqueness is not checked).
    """
    problems = {}
    for f in loader.schema_fields(schema):
        if f["field_name"] in _SKIP:
            continue
        found = field_problems(record, f, exists)
        if found:
            problems[f["field_name"]] = found
    return problems


def field_problems(record, f, exists=None):
    """The problems of one field (definition ``f``) of a record: ``[Message, ...]``."""
    name = f["field_name"]
    value = get(record, name)
    found = []
    if is_empty(value):
        if is_required(f):
            found = check_required(value, name, f.get("vocabulary"))
        elif f.get("required_if"):
            rule = f["required_if"]
            found = check_required_if(value, name, rule, get(record, rule["field"]))
    else:
        for token in (f.get("validators") or "").split():
            check = _CHECKS.get(token)
            if check:
                found.extend(check(value, f, record, exists))
    return found


def validate_dataset(dataset, exists=None):
    """``{field: [Message]}`` for a dataset (standard record or CKAN package dict)."""
    return validate(dataset, "dataset", exists)


def validate_organization(org):
    return validate(org, "organization")


def flatten(problems):
    """``[(field, Message)]`` in schema order, for reports."""
    return [(field, m) for field, msgs in problems.items() for m in msgs]
