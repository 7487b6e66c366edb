"""CKAN validators for the national standard: thin wrappers over ``standard.rules``.

The checks themselves are CKAN-free (``ckanext.govopen.standard.rules``) so
that harvest reports, the CLI and these validators say the same thing; this
module only adapts them to navl (value in, ``Invalid`` out) and renders the
messages in the user's language. The names CKAN knows them by are declared
in ``logic/feature.py`` (``IValidators``).

Validators marked ``is_a_scheming_validator`` are called by ckanext-scheming
with ``(field, schema)`` first, so they can read the schema keys the standard
adds (``vocabulary``, ``required_if``, ``not_before``).
"""
import json

from ckan.plugins import toolkit as tk

from ckanext.govopen.common import current_lang
from ckanext.govopen.standard import elements, rules

missing = tk.missing
Invalid = tk.Invalid
StopOnError = tk.StopOnError


def _text(messages):
    lang = current_lang()
    return " ".join(m.render(lang) for m in messages)


def _fail(messages):
    if messages:
        raise Invalid(_text(messages))


def _scheming(fn):
    fn.is_a_scheming_validator = True
    return fn


def _empty(value):
    return value is missing or rules.is_empty(value)


# --- plain validators (value in, value out) ----------------------------------------


def govopen_resource_code(value):
    """Resource code matches the pattern declared in standards/codes/resource_code.yaml."""
    if _empty(value):
        return value
    value = str(value).strip()
    _fail(rules.check_resource_code(value))
    return value


def govopen_spatial_code(value):
    """A GB/T 2260 code listed in standards/codes/gb2260.yaml."""
    if _empty(value):
        return value
    value = str(value).strip()
    _fail(rules.check_spatial_code(value))
    return value


def govopen_not_classified(value):
    """Classified data is rejected outright."""
    if _empty(value):
        return value
    _fail(rules.check_not_classified(value))
    return value


def govopen_boolean(value):
    """true/false (also 是/否, yes/no, 1/0) -> bool; empty -> False. Also an output validator."""
    if _empty(value):
        return False
    _fail(rules.check_boolean(value, "value"))
    return rules.parse_boolean(value)


def govopen_email(value):
    if _empty(value):
        return value
    value = str(value).strip()
    _fail(rules.check_email(value, "contact_email"))
    return value


def govopen_license(value):
    """A licence from standards/vocabularies/licenses.yaml; empty -> the open default."""
    if _empty(value):
        return rules.default_license()
    value = str(value).strip()
    _fail(rules.check_license(value))
    return value


def govopen_credit_code(value):
    """A GB 32100 unified social credit code with a correct check character (upper-cased)."""
    if _empty(value):
        return value
    value = str(value).strip().upper()
    _fail(rules.check_credit_code(value))
    return value


def govopen_data_elements(value, context):
    """A list of {name, title, type, description} (or its JSON), stored as a JSON string."""
    if _empty(value):
        return value
    _fail(rules.check_data_elements(value))
    return json.dumps(elements.normalize(value), ensure_ascii=False)


# --- validators that need the whole record ---------------------------------------


def resource_code_query(code, own_id=None, model=None):
    """The (non-deleted) datasets other than ``own_id`` using ``code``: an index lookup
    (migration 0008_resource_code_index). ``model``: the context's, else CKAN's."""
    if model is None:
        from ckan import model
    q = model.Session.query(model.Package.id).filter(
        model.Package.extras["resource_code"].astext == code,
        model.Package.state != "deleted")
    return q.filter(model.Package.id != own_id) if own_id else q


def resource_code_taken(code, own_id=None, model=None) -> bool:
    """Another (non-deleted) dataset than ``own_id`` uses ``code``."""
    return resource_code_query(code, own_id, model).first() is not None


def govopen_unique_resource_code(key, data, errors, context):
    """No other (non-deleted) dataset uses this resource code."""
    value = data.get(key)
    if _empty(value):
        return
    own_id = data.get(key[:-1] + ("id",))
    if not own_id and context.get("package") is not None:
        own_id = context["package"].id
    msgs = rules.check_unique_resource_code(
        str(value), lambda code: resource_code_taken(code, own_id, context["model"]), key[-1])
    if msgs:
        errors[key].append(_text(msgs))


@_scheming
def govopen_vocab(field, schema):
    """The value is a code of the vocabulary named by the field's ``vocabulary`` key."""
    vocabulary = field["vocabulary"]

    def validator(value):
        if _empty(value):
            return value
        value = str(value).strip()
        _fail(rules.check_vocab(value, vocabulary, field["field_name"]))
        return value
    return validator


@_scheming
def govopen_iso_date(field, schema):
    """An ISO date, stored as YYYY-MM-DD; not before the field named by ``not_before``."""
    other = field.get("not_before")

    def validator(key, data, errors, context):
        value = data.get(key)
        if _empty(value):
            return
        msgs = rules.check_iso_date(value, field["field_name"])
        if not msgs:
            data[key] = rules.parse_date(value).isoformat()
            if other:
                msgs = rules.check_date_order(data[key], data.get(key[:-1] + (other,)),
                                              field["field_name"], other)
        if msgs:
            errors[key].append(_text(msgs))
            raise StopOnError
    return validator


@_scheming
def govopen_required(field, schema):
    """Like ``not_empty``, but the message names the field (and, for coded
    fields, the allowed values) in the user's language instead of "Missing value"."""
    vocabulary = field.get("vocabulary")

    def validator(key, data, errors, context):
        value = data.get(key)
        if not _empty(value):
            return
        errors[key].append(_text(rules.check_required(None, field["field_name"], vocabulary)))
        raise StopOnError
    return validator


@_scheming
def govopen_required_if(field, schema):
    """Required when another field has (``equals``) or lacks (``not_equals``) a value.

    Behaves like ``ignore_missing`` when not required.
    """
    rule = field["required_if"]

    def validator(key, data, errors, context):
        value = data.get(key)
        other = data.get(key[:-1] + (rule["field"],))
        if other is missing:
            other = None
        msgs = rules.check_required_if(None if value is missing else value,
                                       field["field_name"], rule, other)
        if msgs:
            errors[key].append(_text(msgs))
            raise StopOnError
        if value is missing or value is None:
            data.pop(key, None)
            raise StopOnError
    return validator
