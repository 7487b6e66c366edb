"""Template helpers that feed the standard's vocabularies to ckanext-scheming.

``govopen_choices`` is the ``choices_helper`` of every coded field in
``standards/schemas/*.yaml``: it reads the field's ``vocabulary`` key and
returns choices whose labels are language dicts, so scheming shows them in
the user's language. ``all_helpers()`` is what ``ITemplateHelpers`` returns.
"""
from ckanext.govopen.common import current_lang, pick
from ckanext.govopen.dataset_page.quality import govopen_quality_view
from ckanext.govopen.participation.helpers import all_helpers as participation_helpers
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
    """One side of a ``{"zh": ..., "en": ...}`` message: the reader's language."""
    return pick(message)


def all_helpers():
    """name -> helper, for ``ITemplateHelpers.get_helpers``."""
    return {
        "govopen_choices": govopen_choices,
        "govopen_text": govopen_text,
        "govopen_vocab_label": govopen_vocab_label,
        "govopen_field_label": govopen_field_label,
        "govopen_quality_view": govopen_quality_view,
        "govopen_validation_report": _validation_report,
        "govopen_scan_view": _scan_view,
        "govopen_access_view": _access_view,
        "govopen_harvest_job_report": _harvest_job_report,
        "govopen_gate_label": _gate_label,
        **participation_helpers(),
    }


def _gate_label(name):
    from ckanext.govopen.gate import core as gate_core
    return gate_core.label(name)


def _validation_report(resource_id):
    from ckanext.govopen.validation.helpers import govopen_validation_report
    return govopen_validation_report(resource_id)


def _scan_view(resource_id):
    from ckanext.govopen.privacy.helpers import govopen_scan_view
    return govopen_scan_view(resource_id)


def _harvest_job_report(job_id):
    from ckanext.govopen.harvest.job_report import govopen_harvest_job_report
    return govopen_harvest_job_report(job_id)


def _access_view(pkg_dict):
    from ckanext.govopen.access.views import govopen_access_view
    return govopen_access_view(pkg_dict)
