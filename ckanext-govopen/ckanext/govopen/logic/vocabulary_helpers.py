"""Template helpers that read the standard's vocabularies and field labels.

``govopen_choices`` is the ``choices_helper`` of every coded field in
``standards/schemas/*.yaml``: it reads the field's ``vocabulary`` key and
returns choices whose labels are language dicts, so ckanext-scheming shows
them in the user's language. Registered (``ITemplateHelpers``) by
``logic/feature.py``; every other feature declares its own helpers.
"""
from ckanext.govopen.common import current_lang
from ckanext.govopen.messages import render
from ckanext.govopen.standard import loader


def govopen_choices(field):
    """Scheming choices ``[{"value", "label": {en, zh_Hans, zh_Hans_CN}}]`` for the field's vocabulary."""
    return loader.choices(field["vocabulary"])


def govopen_vocab_label(vocabulary, code, lang=None):
    """The label of a code in the current (or given) language, for display templates."""
    if lang is None:
        lang = current_lang()
    return loader.label(vocabulary, code, lang)


def govopen_field_label(field_name, lang=None, schema="dataset"):
    if lang is None:
        lang = current_lang()
    return loader.field_label(field_name, lang, schema)


def govopen_text(message):
    """A message (code + parameters, or a ``{"zh": ..., "en": ...}`` pair) in the
    reader's language (``messages.render``)."""
    return render(message)
