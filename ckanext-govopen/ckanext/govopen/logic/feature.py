"""The standard inside CKAN: its validators, the publication gate's actions,
resource views, quality, the cut of over-long index values, the checks every
action gets (existence hiding, required parameters) and the command line."""
from ckanext.govopen import portal_import
from ckanext.govopen.feature import Feature, Hook
from ckanext.govopen.logic import (existence, index_limits, input_guard, publication, quality,
                                   required_params, resource_views, validators, vocabulary_helpers)

FEATURE = Feature(
    "standard",
    actions={
        "govopen_publication_blockers": publication.publication_blockers,
    },
    chained_actions={
        "package_update": publication.package_update,
        "package_create_default_resource_views": resource_views.package_create_default_resource_views,
        "resource_view_create": resource_views.resource_view_create,
        "resource_view_update": resource_views.resource_view_update,
    },
    auth={
        "govopen_publication_blockers": publication.publication_blockers_auth,
    },
    chained_auth={
        "package_update": publication.package_update_auth,
        "package_create_default_resource_views": resource_views.package_create_default_resource_views_auth,
        "resource_view_create": resource_views.resource_view_text_auth,
        "resource_view_update": resource_views.resource_view_text_auth,
        "package_show": existence.package_show_auth,
    },
    validators={
        "govopen_resource_code": validators.govopen_resource_code,
        "govopen_unique_resource_code": validators.govopen_unique_resource_code,
        "govopen_vocab": validators.govopen_vocab,
        "govopen_iso_date": validators.govopen_iso_date,
        "govopen_spatial_code": validators.govopen_spatial_code,
        "govopen_required": validators.govopen_required,
        "govopen_required_if": validators.govopen_required_if,
        "govopen_not_classified": validators.govopen_not_classified,
        "govopen_data_elements": validators.govopen_data_elements,
        "govopen_boolean": validators.govopen_boolean,
        "govopen_email": validators.govopen_email,
        "govopen_license": validators.govopen_license,
        "govopen_credit_code": validators.govopen_credit_code,
        "govopen_input_guard": input_guard.govopen_input_guard,
        "govopen_publication_gate": publication.govopen_publication_gate,
    },
    helpers={
        "govopen_choices": vocabulary_helpers.govopen_choices,
        "govopen_text": vocabulary_helpers.govopen_text,
        "govopen_vocab_label": vocabulary_helpers.govopen_vocab_label,
        "govopen_field_label": vocabulary_helpers.govopen_field_label,
    },
    commands=(portal_import.standard,),
    index_hooks=(
        Hook(quality.index_quality, 20),
        # last: cuts over-long one-term values the hooks before added
        Hook(index_limits.index_fields, 90),
    ),
    show_hooks=(Hook(quality.show_quality, 20),),
    # over every feature's actions: one answer for missing and not-for-you, then
    # the required parameters checked (a chained action of its own where none is)
    action_wrappers=(existence.wrap, required_params.wrap),
)
