"""Every govopen action by name (``IActions``): one line each; the code
lives in the module of its concept. Each has an auth function of the same
name in ``logic/auth.py``."""


def all_actions():
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
    from . import existence, required_params
    return required_params.wrap(existence.wrap({
        "govopen_publication_blockers": publication.publication_blockers,
        "package_update": publication.package_update,
        "govopen_scan_show": privacy_actions.scan_show,
        "govopen_scan": privacy_actions.scan,
        "govopen_validation_show": validation_actions.validation_show,
        "govopen_validate": validation_actions.validate,
        "govopen_datapackage": datapackage.datapackage,
        "govopen_audit_list": classification_actions.audit_list,
        "govopen_review_approve": classification_actions.review_approve,
        "govopen_access_request_create": access_requests.access_request_create,
        "govopen_access_request_decide": access_requests.access_request_decide,
        "govopen_access_request_list": access_requests.access_request_list,
        "govopen_open_data_figures": dashboard_actions.open_data_figures,
        "govopen_harvest_job_report": harvest_job_report.job_report,
        "package_search": access_hiding.package_search,
        "resource_view_show": access_hiding.resource_view_show,
        "resource_view_list": access_hiding.resource_view_list,
        "resource_search": access_hiding.resource_search,
        "current_package_list_with_resources": access_hiding.current_package_list_with_resources,
        "package_create_default_resource_views": resource_views.package_create_default_resource_views,
        "resource_view_create": resource_views.resource_view_create,
        "resource_view_update": resource_views.resource_view_update,
        **access_streams.chained_actions(),
        **participation.actions(),
        **harvest_sources.chained_actions(),
        **harvest_registries.chained_actions(),
        **datastore_actions.actions(),
    }))
