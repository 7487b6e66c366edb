"""Public participation: ratings, feedback, data requests (actions, helpers, pages)."""
from ckanext.govopen.feature import Feature, Hook
from ckanext.govopen.participation import actions, helpers, views

FEATURE = Feature(
    "participation",
    actions=actions.actions(),
    auth=actions.auth_functions(),
    helpers={
        "govopen_participation_view": helpers.govopen_participation_view,
        "govopen_department_open_requests": helpers.govopen_department_open_requests,
        "govopen_unassigned_open_requests": helpers.govopen_unassigned_open_requests,
        "govopen_stars": helpers.govopen_stars,
    },
    blueprints=(Hook(views.get_blueprint, 80),),
)
