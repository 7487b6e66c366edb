"""Template helpers that feed the standard's vocabularies to ckanext-scheming.

``govopen_choices`` is the ``choices_helper`` of every coded field in
``standards/schemas/*.yaml``: it reads the field's ``vocabulary`` key and
returns choices whose labels are language dicts, so scheming shows them in
the user's language. ``all_helpers()`` is what ``ITemplateHelpers`` returns.
"""
from ckanext.govopen.standard import loader


def govopen_choices(field):
    """Scheming choices ``[{"value", "label": {en, zh_Hans, zh_Hans_CN}}]`` for the field's vocabulary."""
    return loader.choices(field["vocabulary"])


def govopen_vocab_label(vocabulary, code, lang=None):
    """The label of a code in the current (or given) language, for display templates."""
    if lang is None:
        try:
            from ckan.plugins import toolkit as tk
            lang = tk.h.lang()
        except Exception:
            lang = "en"
    return loader.label(vocabulary, code, lang)


def govopen_field_label(field_name, lang=None, schema="dataset"):
    if lang is None:
        try:
            from ckan.plugins import toolkit as tk
            lang = tk.h.lang()
        except Exception:
            lang = "en"
    return loader.field_label(field_name, lang, schema)


def all_helpers():
    """name -> helper, for ``ITemplateHelpers.get_helpers``."""
    return {
        "govopen_choices": govopen_choices,
        "govopen_vocab_label": govopen_vocab_label,
        "govopen_field_label": govopen_field_label,
    }
