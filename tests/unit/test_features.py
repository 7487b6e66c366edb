"""The features compose to exactly what the plugin registered before (31f3d7b),
hooks run in the order they ran then, and a new feature is one entry in the list.

The expected registries below were captured from main at 31f3d7b (its
``logic/actions.all_actions()``, ``logic/auth.all_auth_functions()``,
``logic/scheming_helpers.all_helpers()``, ``logic/validators.all_validators()``
and ``hooks.BLUEPRINTS``/``*_HOOKS``, ``events.RESOURCE_JOBS``), without the
activity plugin loaded (as in these unit tests): name -> the function's
``module:qualname`` (wrapped actions keep the name of their wrapper).
"""
import pytest

from ckanext.govopen import events, feature, plugin
from ckanext.govopen.feature import Feature, Hook


def _q(fn):
    return "%s:%s" % (fn.__module__, fn.__qualname__)


#: IActions at 31f3d7b, after ``existence.wrap`` and ``required_params.wrap``.
ACTIONS = {
    'InactiveSource': 'ckanext.govopen.harvest.source_actions:_not_an_action.<locals>.refused',
    'am_following_dataset': 'ckanext.govopen.logic.existence:_passthrough.<locals>.action',
    'current_package_list_with_resources': 'ckanext.govopen.access.hiding:current_package_list_with_resources',
    'dataset_follower_count': 'ckanext.govopen.logic.existence:_passthrough.<locals>.action',
    'dataset_follower_list': 'ckanext.govopen.logic.existence:_passthrough.<locals>.action',
    'dcat_dataset_show': 'ckanext.govopen.logic.existence:_passthrough.<locals>.action',
    'get_mail_extra_vars': 'ckanext.govopen.harvest.source_actions:_not_an_action.<locals>.refused',
    'govopen_access_request_create': 'ckanext.govopen.access.request_actions:access_request_create',
    'govopen_access_request_decide': 'ckanext.govopen.access.request_actions:access_request_decide',
    'govopen_access_request_list': 'ckanext.govopen.access.request_actions:access_request_list',
    'govopen_audit_list': 'ckanext.govopen.classification.actions:audit_list',
    'govopen_data_request_answer': 'ckanext.govopen.participation.data_requests:data_request_answer',
    'govopen_data_request_create': 'ckanext.govopen.participation.data_requests:data_request_create',
    'govopen_data_request_list': 'ckanext.govopen.participation.data_requests:data_request_list',
    'govopen_data_request_show': 'ckanext.govopen.participation.data_requests:data_request_show',
    'govopen_datapackage': 'ckanext.govopen.validation.datapackage:datapackage',
    'govopen_feedback_create': 'ckanext.govopen.participation.feedback:feedback_create',
    'govopen_feedback_list': 'ckanext.govopen.participation.feedback:feedback_list',
    'govopen_feedback_moderate': 'ckanext.govopen.participation.feedback:feedback_moderate',
    'govopen_harvest_job_report': 'ckanext.govopen.harvest.job_report:job_report',
    'govopen_open_data_figures': 'ckanext.govopen.dashboard.actions:open_data_figures',
    'govopen_publication_blockers': 'ckanext.govopen.logic.publication:publication_blockers',
    'govopen_rating_create': 'ckanext.govopen.participation.ratings:rating_create',
    'govopen_rating_show': 'ckanext.govopen.participation.ratings:rating_show',
    'govopen_review_approve': 'ckanext.govopen.classification.actions:review_approve',
    'govopen_scan': 'ckanext.govopen.privacy.actions:scan',
    'govopen_scan_show': 'ckanext.govopen.privacy.actions:scan_show',
    # after ac86a11: the showcase (issue 17)
    'govopen_showcase_create': 'ckanext.govopen.showcase.actions:showcase_create',
    'govopen_showcase_decide': 'ckanext.govopen.showcase.actions:showcase_decide',
    'govopen_showcase_list': 'ckanext.govopen.showcase.actions:showcase_list',
    'govopen_showcase_show': 'ckanext.govopen.showcase.actions:showcase_show',
    'govopen_validate': 'ckanext.govopen.validation.actions:validate',
    'govopen_validation_show': 'ckanext.govopen.validation.actions:validation_show',
    'group_member_create': 'ckanext.govopen.logic.required_params:_guarded.<locals>.action',
    'group_member_delete': 'ckanext.govopen.logic.required_params:_guarded.<locals>.action',
    'harvest_abort_failed_jobs': 'ckanext.govopen.harvest.registries:harvest_abort_failed_jobs',
    'harvest_jobs_run': 'ckanext.govopen.harvest.job_report:harvest_jobs_run',   # after 31f3d7b: a queued job's report finishes
    'harvest_job_show': 'ckanext.govopen.harvest.job_report:harvest_job_show',   # eighth session: its badges from the report
    'harvest_source_show_status': 'ckanext.govopen.harvest.source_datasets:harvest_source_show_status',  # and its count
    'harvest_job_create': 'ckanext.govopen.logic.required_params:_guarded.<locals>.action',
    'harvest_source_clear': 'ckanext.govopen.logic.required_params:_guarded.<locals>.action',
    'harvest_source_create': 'ckanext.govopen.harvest.source_actions:harvest_source_create',
    'harvest_source_delete': 'ckanext.govopen.logic.required_params:_guarded.<locals>.action',
    'harvest_source_index_clear': 'ckanext.govopen.logic.required_params:_guarded.<locals>.action',
    'harvest_source_job_history_clear': 'ckanext.govopen.logic.required_params:_guarded.<locals>.action',
    'harvest_source_patch': 'ckanext.govopen.harvest.source_actions:harvest_source_patch',
    'harvest_source_update': 'ckanext.govopen.harvest.source_actions:harvest_source_update',
    'member_list': 'ckanext.govopen.access.streams:member_list',
    'organization_member_create': 'ckanext.govopen.logic.required_params:_guarded.<locals>.action',
    'organization_member_delete': 'ckanext.govopen.logic.required_params:_guarded.<locals>.action',
    'package_activity_list': 'ckanext.govopen.logic.existence:_passthrough.<locals>.action',
    'package_collaborator_list': 'ckanext.govopen.logic.existence:_passthrough.<locals>.action',
    'package_create_default_resource_views': 'ckanext.govopen.logic.resource_views:package_create_default_resource_views',
    'package_relationships_list': 'ckanext.govopen.logic.existence:_passthrough.<locals>.action',
    'package_search': 'ckanext.govopen.access.hiding:package_search',
    'package_show': 'ckanext.govopen.logic.existence:_passthrough.<locals>.action',
    'package_update': 'ckanext.govopen.logic.publication:package_update',
    'prepare_error_mail': 'ckanext.govopen.harvest.source_actions:_not_an_action.<locals>.refused',
    'prepare_summary_mail': 'ckanext.govopen.harvest.source_actions:_not_an_action.<locals>.refused',
    'resource_search': 'ckanext.govopen.access.hiding:resource_search',
    'resource_show': 'ckanext.govopen.logic.existence:_passthrough.<locals>.action',
    'resource_view_create': 'ckanext.govopen.logic.resource_views:resource_view_create',
    'resource_view_list': 'ckanext.govopen.access.hiding:resource_view_list',
    'resource_view_show': 'ckanext.govopen.access.hiding:resource_view_show',
    'resource_view_update': 'ckanext.govopen.logic.required_params:_guarded.<locals>.action',
    'send_error_email': 'ckanext.govopen.harvest.source_actions:_not_an_action.<locals>.refused',
    'send_mail': 'ckanext.govopen.harvest.source_actions:_not_an_action.<locals>.refused',
    'send_summary_email': 'ckanext.govopen.harvest.source_actions:_not_an_action.<locals>.refused',
    'tag_show': 'ckanext.govopen.access.streams:tag_show',
    'task_status_update_many': 'ckanext.govopen.logic.required_params:_guarded.<locals>.action',
    'user_create': 'ckanext.govopen.portal.accounts:user_create',   # after 7cbc870: self-registration accepts the terms (issue 17)
    'user_invite': 'ckanext.govopen.logic.required_params:_guarded.<locals>.action',
}

#: IAuthFunctions at 31f3d7b; ``package_show`` moved from access/hiding.py
#: (it hides a dataset's existence, so it is logic/existence.py's).
AUTH = {
    'InactiveSource': 'ckanext.govopen.harvest.source_actions:_no_one',
    'current_package_list_with_resources': 'ckanext.govopen.access.hiding:unchanged_auth',
    'get_mail_extra_vars': 'ckanext.govopen.harvest.source_actions:_no_one',
    'govopen_access_request_create': 'ckanext.govopen.access.request_actions:access_request_create_auth',
    'govopen_access_request_decide': 'ckanext.govopen.access.request_actions:access_request_decide_auth',
    'govopen_access_request_list': 'ckanext.govopen.access.request_actions:access_request_list_auth',
    'govopen_audit_list': 'ckanext.govopen.classification.reviewers:auth_reviewers_only',
    'govopen_data_request_answer': 'ckanext.govopen.participation.data_requests:data_request_answer_auth',
    'govopen_data_request_create': 'ckanext.govopen.participation.data_requests:data_request_create_auth',
    'govopen_data_request_list': 'ckanext.govopen.participation.data_requests:data_request_list_auth',
    'govopen_data_request_show': 'ckanext.govopen.participation.data_requests:data_request_show_auth',
    'govopen_datapackage': 'ckanext.govopen.validation.datapackage:datapackage_auth',
    'govopen_feedback_create': 'ckanext.govopen.participation.feedback:feedback_create_auth',
    'govopen_feedback_list': 'ckanext.govopen.participation.feedback:feedback_list_auth',
    'govopen_feedback_moderate': 'ckanext.govopen.participation.feedback:feedback_moderate_auth',
    'govopen_harvest_job_report': 'ckanext.govopen.harvest.job_report:job_report_auth',
    'govopen_open_data_figures': 'ckanext.govopen.dashboard.actions:open_data_figures_auth',
    'govopen_publication_blockers': 'ckanext.govopen.logic.publication:publication_blockers_auth',
    'govopen_rating_create': 'ckanext.govopen.participation.ratings:rating_create_auth',
    'govopen_rating_show': 'ckanext.govopen.participation.ratings:rating_show_auth',
    'govopen_review_approve': 'ckanext.govopen.classification.reviewers:auth_reviewers_only',
    'govopen_scan': 'ckanext.govopen.privacy.actions:scan_auth',
    'govopen_scan_show': 'ckanext.govopen.privacy.actions:scan_auth',
    # after ac86a11: the showcase (issue 17)
    'govopen_showcase_create': 'ckanext.govopen.showcase.actions:showcase_create_auth',
    'govopen_showcase_decide': 'ckanext.govopen.showcase.actions:showcase_decide_auth',
    'govopen_showcase_list': 'ckanext.govopen.showcase.actions:showcase_list_auth',
    'govopen_showcase_show': 'ckanext.govopen.showcase.actions:showcase_show_auth',
    'govopen_validate': 'ckanext.govopen.validation.actions:validate_auth',
    'govopen_validation_show': 'ckanext.govopen.validation.actions:validation_show_auth',
    'harvest_abort_failed_jobs': 'ckanext.govopen.harvest.registries:_sysadmin_only',
    'harvest_job_abort': 'ckanext.govopen.harvest.registries:_sysadmin_only_chained',
    'harvest_job_create': 'ckanext.govopen.harvest.source_actions:_unchanged',
    'harvest_job_create_all': 'ckanext.govopen.harvest.registries:_sysadmin_only_chained',
    'harvest_jobs_run': 'ckanext.govopen.harvest.registries:_sysadmin_only_chained',
    'harvest_log_list': 'ckanext.govopen.harvest.registries:_sysadmin_only',
    'harvest_objects_import': 'ckanext.govopen.harvest.registries:_sysadmin_only_chained',
    'harvest_source_create': 'ckanext.govopen.harvest.source_actions:_unchanged',
    'harvest_source_patch': 'ckanext.govopen.harvest.source_actions:harvest_source_patch_auth',
    'harvest_source_update': 'ckanext.govopen.harvest.source_actions:_unchanged',
    'harvest_sources_clear': 'ckanext.govopen.harvest.registries:_sysadmin_only_chained',
    'harvest_sources_reindex': 'ckanext.govopen.harvest.registries:_sysadmin_only_chained',
    'member_list': 'ckanext.govopen.access.hiding:unchanged_auth',
    'package_collaborator_list': 'ckanext.govopen.access.streams:package_collaborator_list_auth',
    'package_create_default_resource_views': 'ckanext.govopen.logic.resource_views:package_create_default_resource_views_auth',
    'package_search': 'ckanext.govopen.access.hiding:unchanged_auth',
    'package_show': 'ckanext.govopen.logic.existence:package_show_auth',
    'package_update': 'ckanext.govopen.logic.publication:package_update_auth',
    'prepare_error_mail': 'ckanext.govopen.harvest.source_actions:_no_one',
    'prepare_summary_mail': 'ckanext.govopen.harvest.source_actions:_no_one',
    'resource_search': 'ckanext.govopen.access.hiding:unchanged_auth',
    'resource_view_create': 'ckanext.govopen.logic.resource_views:resource_view_text_auth',
    'resource_view_list': 'ckanext.govopen.access.hiding:unchanged_auth',
    'resource_view_show': 'ckanext.govopen.access.hiding:unchanged_auth',
    'resource_view_update': 'ckanext.govopen.logic.resource_views:resource_view_text_auth',
    'send_error_email': 'ckanext.govopen.harvest.source_actions:_no_one',
    'send_mail': 'ckanext.govopen.harvest.source_actions:_no_one',
    'send_summary_email': 'ckanext.govopen.harvest.source_actions:_no_one',
    'tag_show': 'ckanext.govopen.access.hiding:unchanged_auth',
}

#: IValidators at 31f3d7b.
#: Added after 31f3d7b by the Data API (issue 15): its status action, the datastore
#: plugin's reads following the verdict (404 for a hidden resource), its writes
#: sysadmins' only, and a missing resource_id a 409 (it was a 500).
_DS = "ckanext.govopen.datastore."
ACTIONS.update({
    "govopen_datastore_status": _DS + "actions:datastore_status",
    "datastore_search": _DS + "access:datastore_search",      # q in Chinese (fulltext.py)
    "datastore_info": _DS + "access:_passthrough.<locals>.action",
    "datastore_run_triggers": "ckanext.govopen.logic.required_params:_guarded.<locals>.action",
})
AUTH.update({
    "govopen_datastore_status": _DS + "actions:datastore_status_auth",
    "datastore_search": _DS + "access:rows_auth",
    "datastore_info": _DS + "access:rows_auth",
    "datastore_search_sql": _DS + "access:sql_auth",
    **{name: _DS + "access:write_auth" for name in (
        "datastore_create", "datastore_upsert", "datastore_delete", "datastore_records_delete",
        "datastore_change_permissions", "datastore_function_create", "datastore_function_delete",
        "datastore_run_triggers")},
})

VALIDATORS = {
    'govopen_boolean': 'ckanext.govopen.logic.validators:govopen_boolean',
    'govopen_classification_guard': 'ckanext.govopen.classification.guard:classification_guard',
    'govopen_credit_code': 'ckanext.govopen.logic.validators:govopen_credit_code',
    'govopen_data_elements': 'ckanext.govopen.logic.validators:govopen_data_elements',
    'govopen_email': 'ckanext.govopen.logic.validators:govopen_email',
    'govopen_input_guard': 'ckanext.govopen.logic.input_guard:govopen_input_guard',
    'govopen_iso_date': 'ckanext.govopen.logic.validators:govopen_iso_date',
    'govopen_license': 'ckanext.govopen.logic.validators:govopen_license',
    'govopen_not_classified': 'ckanext.govopen.logic.validators:govopen_not_classified',
    'govopen_publication_gate': 'ckanext.govopen.logic.publication:govopen_publication_gate',
    'govopen_required': 'ckanext.govopen.logic.validators:govopen_required',
    'govopen_required_if': 'ckanext.govopen.logic.validators:govopen_required_if',
    'govopen_resource_code': 'ckanext.govopen.logic.validators:govopen_resource_code',
    'govopen_spatial_code': 'ckanext.govopen.logic.validators:govopen_spatial_code',
    'govopen_unique_resource_code': 'ckanext.govopen.logic.validators:govopen_unique_resource_code',
    'govopen_vocab': 'ckanext.govopen.logic.validators:govopen_vocab',
}

#: ITemplateHelpers at 31f3d7b (names: the helpers were lazy wrappers in
#: logic/scheming_helpers.py then, the functions themselves now).
HELPERS = {
    'govopen_text',
    'govopen_gate_label',
    'govopen_vocab_label',
    'govopen_quality_view',
    'govopen_department_open_requests',
    'govopen_scan_view',
    'govopen_harvest_job_report',
    'govopen_source_type_text',      # after ac86a11: the harvest source form's types in the reader's language
    'package_count_for_source',      # eighth session: a source's datasets as its reader may see them
    'package_list_for_source',       # (chained onto ckanext-harvest's: harvest/source_datasets.py)
    'govopen_stars',
    'govopen_table_previews',
    'govopen_unassigned_open_requests',
    'govopen_field_label',
    'govopen_choices',
    'govopen_access_view',
    'govopen_participation_view',
    'govopen_dataset_badges',
    'govopen_validation_report',
    'govopen_validation_label',     # added by issue 20: the validation badge in the reader's language
    # after 31f3d7b: the site's name and texts from configuration (portal/)
    'govopen_site_title',
    'govopen_site_text',
    'govopen_site_links',
    'govopen_home',
    'dataset_display_name',     # chained onto CKAN's (portal/translated.py)
    'get_translated',
    'govopen_terms_url',             # after 7cbc870: the registration form's terms link (portal/accounts.py)
    'govopen_register_stamp',        # issue 17: the registration form's signed stamp (portal/captcha.py)
    'govopen_confirm_email',         # issue 17: e-mail confirmation on (portal/confirm.py)
    'user_image',                    # after ac86a11: chained, no picture from another host (portal/avatar.py)
    'markdown_extract',              # after e72f2ab: chained, long Chinese text shortened, not "..." (portal/extract.py)
    'govopen_datastore_panel',       # after 31f3d7b: the Data API on the resource page (issue 15)
    'govopen_search_results',        # added after 31f3d7b: the search page (issue 16)
    'govopen_did_you_mean',          # added after 7cbc870: "did you mean" (issue 16)
    'govopen_dataset_uses',          # after ac86a11: downloads and API calls of a dataset (issue 15, uses/)
    'govopen_most_used',             # after ac86a11: the "most used" ranking (issue 15, uses/)
    # after ac86a11: the showcase (issue 17)
    'govopen_showcases_for',
    'govopen_showcase_kind',
    'govopen_showcase_status',
    'govopen_showcase_kinds',
    'govopen_showcase_message',
}

#: IBlueprint at 31f3d7b, in order.
BLUEPRINTS = ["govopen_apidocs", "datajson", "govopen_access_downloads",
              "govopen_web_downloads",     # added after 31f3d7b: download names and charsets
              "govopen_access_files",
              "govopen_datapackage", "govopen_access",
              "govopen_datastore_limits",  # anonymous callers' caps and rate limits (issue 15)
              "govopen_datastore_xlsx",    # after 31f3d7b: /datastore/dump/<id>?format=xlsx (issue 15)
              "govopen_datastore_grid",    # after 31f3d7b: the grid's search box in Chinese (issue 15)
              "govopen_datastore_dump",    # every q in a dump, 400 not 500 (issue 15)
              "govopen_uses",              # after ac86a11: download and API-call counts (issue 15)
              "govopen_audit", "govopen_participation",
              "govopen_showcase",          # after ac86a11: the showcase (issue 17)
              "govopen_dashboard",
              "govopen_search_suggest",     # added after 31f3d7b: suggestions as you type (issue 16)
              "govopen_search_missed",      # the searches that found nothing, a sysadmin's page (issue 16)
              "govopen_accounts"]          # issue 17: the e-mail confirmation link (portal/confirm.py)

#: hooks.py's lists and events.RESOURCE_JOBS at 31f3d7b, in order.
ORDER = {
    "index_hooks": [
        "ckanext.govopen.verdict.hooks:index_fields",
        "ckanext.govopen.logic.quality:index_quality",
        "ckanext.govopen.access.hiding:index_fields",
        "ckanext.govopen.validation.actions:index_fields",
        "ckanext.govopen.uses.read:index_fields",      # after ac86a11: govopen_uses (issue 15)
        "ckanext.govopen.harvest.source_datasets:index_fields",   # eighth session: the source page's datasets
        "ckanext.govopen.search_meaning.index:index_fields",      # ninth session: the title's vector
        "ckanext.govopen.logic.index_limits:index_fields",
        "ckanext.govopen.search_ui.suggest_cache:touched",   # after 3e7622e: marks the session (issue 16)
    ],
    "show_hooks": [
        "ckanext.govopen.verdict.hooks:show_verdict",
        "ckanext.govopen.logic.quality:show_quality",
        "ckanext.govopen.validation.actions:show_statuses",
        "ckanext.govopen.access.hiding:strip_shown",
        "ckanext.govopen.access.locations:show_locations",
        "ckanext.govopen.harvest.show:show_harvest",
    ],
    "search_hooks": ["ckanext.govopen.facets:label_search",
                     # the search page's own search that found nothing, counted (issue 16)
                     "ckanext.govopen.search_ui.missed:note"],
    "after_write_hooks": [
        "ckanext.govopen.verdict.hooks:store_written",
        "ckanext.govopen.classification.guard:audit_write",
    ],
    "middleware": [
        "ckanext.govopen.web.csrf:install",
        "ckanext.govopen.web.request_guard:install",
        "ckanext.govopen.web.errors:install",
        "ckanext.govopen.search_ui.suggest:install",
    ],
    "resource_jobs": [
        "ckanext.govopen.content_job:check_resource",
        "ckanext.govopen.verdict.hooks:refresh_for_resource",
        # issue 17: the dashboard's kept facts, after the verdict of the checked content
        "ckanext.govopen.dashboard.hooks:refresh_for_resource",
        "ckanext.govopen.harvest.publish:publish_when_clear",
    ],
}


# --- the composed registries are today's ------------------------------------------------

def test_the_actions_are_those_of_31f3d7b_wrapped_as_then():
    found = feature.actions(plugin.FEATURES)
    assert {name: _q(fn) for name, fn in found.items()} == ACTIONS


def test_the_auth_functions_are_those_of_31f3d7b():
    found = feature.auth_functions(plugin.FEATURES)
    assert {name: _q(fn) for name, fn in found.items()} == AUTH


def test_the_validators_are_those_of_31f3d7b():
    found = feature.validators(plugin.FEATURES)
    assert {name: _q(fn) for name, fn in found.items()} == VALIDATORS


def test_the_helpers_are_those_of_31f3d7b_and_the_functions_themselves():
    found = feature.helpers(plugin.FEATURES)
    assert set(found) == HELPERS
    # no lazy stand-ins left: each is the function of its feature's module
    assert _q(found["govopen_validation_report"]) == "ckanext.govopen.validation.helpers:govopen_validation_report"
    assert _q(found["govopen_dataset_badges"]) == "ckanext.govopen.dataset_page.badges:govopen_dataset_badges"
    assert _q(found["govopen_gate_label"]) == "ckanext.govopen.gate.core:label"


def test_the_blueprints_are_those_of_31f3d7b_in_order():
    assert [bp.name for bp in feature.blueprints(plugin.FEATURES)] == BLUEPRINTS


@pytest.mark.parametrize("kind", sorted(ORDER))
def test_every_hook_runs_in_the_order_of_31f3d7b(kind):
    assert [_q(fn) for fn in feature.ordered(plugin.FEATURES, kind)] == ORDER[kind]


def test_the_order_is_the_hooks_own_not_the_list_of_features():
    shuffled = list(reversed(plugin.FEATURES))
    for kind in ORDER:
        assert [_q(fn) for fn in feature.ordered(shuffled, kind)] == ORDER[kind]
    assert [bp.name for bp in feature.blueprints(shuffled)] == BLUEPRINTS


def test_the_plugin_answers_with_the_composition():
    p = plugin.GovopenPlugin()
    assert {name: _q(fn) for name, fn in p.get_actions().items()} == ACTIONS
    assert {name: _q(fn) for name, fn in p.get_auth_functions().items()} == AUTH
    assert set(p.get_helpers()) == HELPERS
    assert set(p.get_validators()) == set(VALIDATORS)
    [group] = p.get_commands()
    assert group.name == "govopen"
    assert set(group.commands) == {"demo", "standard", "verdict", "scan", "validate", "harvest", "datastore",
                                   "search", "uses", "dashboard", "accounts", "search-missed"}


def test_the_resource_jobs_events_run_are_the_installed_features():
    assert feature.installed() == tuple(plugin.FEATURES)
    assert [_q(fn) for fn in events.resource_jobs()] == ORDER["resource_jobs"]


# --- a new feature is one entry in the list ---------------------------------------------

def _ping(context, data_dict):
    return "pong"


def _ping_auth(context, data_dict):
    return {"success": True}


def _shout(text):
    return text.upper()


def _mark_shown(context, pkg_dict):
    pkg_dict["fixture"] = True


FIXTURE = Feature(
    "fixture",
    actions={"govopen_fixture_ping": _ping},
    auth={"govopen_fixture_ping": _ping_auth},
    helpers={"govopen_fixture_shout": _shout},
    # after the validation statuses, before the access hook strips locations
    show_hooks=(Hook(_mark_shown, 35),),
)


def test_a_feature_added_to_the_list_appears_in_every_registry(monkeypatch):
    monkeypatch.setattr(plugin, "FEATURES", plugin.FEATURES + [FIXTURE])
    p = plugin.GovopenPlugin()
    actions = p.get_actions()
    assert actions["govopen_fixture_ping"] is _ping
    assert set(actions) == set(ACTIONS) | {"govopen_fixture_ping"}
    assert p.get_auth_functions()["govopen_fixture_ping"] is _ping_auth
    assert p.get_helpers()["govopen_fixture_shout"] is _shout
    shown = [_q(fn) for fn in feature.ordered(plugin.FEATURES, "show_hooks")]
    assert shown == ORDER["show_hooks"][:3] + [_q(_mark_shown)] + ORDER["show_hooks"][3:]
    # the plugin's own run goes through the same list
    monkeypatch.setattr(plugin, "FEATURES", [FIXTURE])
    pkg = {"id": "x"}
    assert p.after_dataset_show({}, pkg) is pkg and pkg["fixture"] is True


def test_the_wrappers_apply_to_a_new_feature_action_too():
    """``existence.wrap`` and ``required_params.wrap`` run over the composed dict, so a
    new feature's action named in their lists gets the check like any other."""
    import ckan.plugins.toolkit as tk
    calls = []

    def member_create(original, context, data_dict):
        calls.append(data_dict)
        return "created"

    found = feature.actions(plugin.FEATURES + [
        Feature("fixture", chained_actions={"organization_member_create": member_create})])
    guarded = found["organization_member_create"]
    assert guarded is not member_create
    with pytest.raises(tk.ValidationError):
        guarded(None, {}, {"id": "org"})                       # no username, no role
    assert calls == []
    assert guarded(None, {}, {"id": "org", "username": "u", "role": "member"}) == "created"
    assert calls == [{"id": "org", "username": "u", "role": "member"}]


# --- the composition refuses what a dict or a list would hide ---------------------------

def test_one_name_in_two_features_is_refused():
    twice = Feature("twice", chained_actions={"package_update": _ping})
    with pytest.raises(ValueError, match="package_update.*standard.*twice"):
        feature.actions(plugin.FEATURES + [twice])
    helper = Feature("helper", helpers={"govopen_text": _shout})
    with pytest.raises(ValueError, match="govopen_text"):
        feature.helpers(plugin.FEATURES + [helper])


def test_one_order_number_for_two_hooks_is_refused():
    clash = Feature("clash", show_hooks=(Hook(_mark_shown, 10),))     # the verdict's
    with pytest.raises(ValueError, match="show_hooks.*10.*show_verdict"):
        feature.ordered(plugin.FEATURES + [clash], "show_hooks")


def test_a_hook_without_its_order_is_refused():
    bare = Feature("bare", show_hooks=(_mark_shown,))
    with pytest.raises(TypeError, match="Hook"):
        feature.ordered([bare], "show_hooks")


def test_a_feature_declares_only_real_references():
    """No ``"module:function"`` strings left in any feature's declaration."""
    for f in plugin.FEATURES:
        for kind in ("actions", "chained_actions", "auth", "chained_auth", "helpers", "validators"):
            value = getattr(f, kind)
            for name, fn in (value() if callable(value) else value).items():
                assert callable(fn), (f.name, kind, name)
        for kind in feature.HOOK_KINDS:
            assert all(callable(h.fn) for h in getattr(f, kind)), (f.name, kind)
        assert all(callable(c) for c in f.commands + f.action_wrappers)


def test_the_content_pipeline_runs_the_declared_checks_scan_first():
    from ckanext.govopen.privacy import jobs as privacy_jobs
    from ckanext.govopen.validation import jobs as validation_jobs
    from ckanext.govopen.datastore import load as datastore_load
    assert feature.content_checks(plugin.FEATURES) == [
        ("scan", privacy_jobs.scan_check), ("validation", validation_jobs.validate_check),
        ("datastore", datastore_load.load_check)]
    assert feature.content_checks(reversed(plugin.FEATURES)) == feature.content_checks(plugin.FEATURES)
    twice = Feature("twice", content_checks={"scan": Hook(len, 99)})
    with pytest.raises(ValueError):
        feature.content_checks(list(plugin.FEATURES) + [twice])
