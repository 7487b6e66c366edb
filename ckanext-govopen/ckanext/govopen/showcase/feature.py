"""The showcase (成果展示): submissions, review, gallery, image fetch job."""
from ckanext.govopen.feature import Feature, Hook
from ckanext.govopen.showcase import actions, helpers, views

FEATURE = Feature(
    "showcase",
    actions=actions.actions(),
    auth=actions.auth_functions(),
    helpers={
        "govopen_showcases_for": helpers.govopen_showcases_for,
        "govopen_showcase_kind": helpers.govopen_showcase_kind,
        "govopen_showcase_status": helpers.govopen_showcase_status,
        "govopen_showcase_kinds": helpers.govopen_showcase_kinds,
        "govopen_showcase_message": helpers.govopen_showcase_message,
    },
    blueprints=(Hook(views.get_blueprint, 87),),
)
