"""Every govopen auth function by name (``IAuthFunctions``): one per action
in ``logic/actions.py`` (a unit test checks that none is missing)."""


def all_auth_functions():
    from . import publication, resource_views
    from ckanext.govopen.classification import actions as classification_actions
    from ckanext.govopen.privacy import actions as privacy_actions
    from ckanext.govopen.validation import actions as validation_actions, datapackage
    from ckanext.govopen.access import hiding as access_hiding, request_actions as access_requests
    from ckanext.govopen.access import streams as access_streams
    from ckanext.govopen.dashboard import actions as dashboard_actions
    from ckanext.govopen.participation import actions as participation
    from ckanext.govopen.harvest import job_report as harvest_job_report, source_actions as harvest_sources
    from ckanext.govopen.harvest import registries as harvest_registries
    from ckanext.govopen.datastore import actions as datastore_actions
    return {
        "govopen_publication_blockers": publication.publication_blockers_auth,
        "package_update": publication.package_update_auth,
        "govopen_scan_show": privacy_actions.scan_auth,
        "govopen_scan": privacy_actions.scan_auth,
        "govopen_validation_show": validation_actions.validation_show_auth,
        "govopen_validate": validation_actions.validate_auth,
        "govopen_datapackage": datapackage.datapackage_auth,
        "govopen_audit_list": classification_actions.audit_list_auth,
        "govopen_review_approve": classification_actions.review_approve_auth,
        "govopen_access_request_create": access_requests.access_request_create_auth,
        "govopen_access_request_decide": access_requests.access_request_decide_auth,
        "govopen_access_request_list": access_requests.access_request_list_auth,
        "govopen_open_data_figures": dashboard_actions.open_data_figures_auth,
        "govopen_harvest_job_report": harvest_job_report.job_report_auth,
        "package_search": access_hiding.unchanged_auth,
        "resource_view_show": access_hiding.unchanged_auth,
        "resource_view_list": access_hiding.unchanged_auth,
        "resource_search": access_hiding.unchanged_auth,
        "current_package_list_with_resources": access_hiding.unchanged_auth,
        "package_create_default_resource_views": resource_views.package_create_default_resource_views_auth,
        "resource_view_create": resource_views.resource_view_text_auth,
        "resource_view_update": resource_views.resource_view_text_auth,
        "package_show": access_hiding.package_show_auth,
        **access_streams.chained_auth_functions(),
        **participation.auth_functions(),
        **harvest_sources.chained_auth_functions(),
        **harvest_registries.auth_functions(),
        **datastore_actions.auth_functions(),
    }
