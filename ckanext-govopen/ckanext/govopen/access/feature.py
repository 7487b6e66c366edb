"""Conditionally-open access: its actions, the hiding of file locations, its pages."""
from ckanext.govopen.access import downloads, hiding, locations, request_actions, streams, views
from ckanext.govopen.feature import Feature, Hook

# the chained reads change what is returned, not who may call them
_HIDING = {
    "package_search": hiding.package_search,
    "resource_view_show": hiding.resource_view_show,
    "resource_view_list": hiding.resource_view_list,
    "resource_search": hiding.resource_search,
    "current_package_list_with_resources": hiding.current_package_list_with_resources,
}

FEATURE = Feature(
    "access",
    actions={
        "govopen_access_request_create": request_actions.access_request_create,
        "govopen_access_request_decide": request_actions.access_request_decide,
        "govopen_access_request_list": request_actions.access_request_list,
    },
    # streams: the activity ones only when the activity plugin is loaded (asked when composed)
    chained_actions=lambda: {**_HIDING, **streams.chained_actions()},
    auth={
        "govopen_access_request_create": request_actions.access_request_create_auth,
        "govopen_access_request_decide": request_actions.access_request_decide_auth,
        "govopen_access_request_list": request_actions.access_request_list_auth,
    },
    chained_auth=lambda: {**{name: hiding.unchanged_auth for name in _HIDING},
                          **streams.chained_auth_functions()},
    helpers={"govopen_access_view": views.govopen_access_view},
    blueprints=(
        Hook(downloads.get_blueprint, 30),
        Hook(locations.get_blueprint, 40),
        Hook(views.get_blueprint, 60),
    ),
    index_hooks=(Hook(hiding.index_fields, 30),),
    show_hooks=(
        Hook(hiding.strip_shown, 40),
        Hook(locations.show_locations, 50),
    ),
)
