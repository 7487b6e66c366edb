"""Frictionless validation: its content check, its actions, statuses shown and indexed, the data package, the CLI."""
from ckanext.govopen.feature import Feature, Hook
from ckanext.govopen.validation import actions, cli, datapackage, helpers, jobs

FEATURE = Feature(
    "validation",
    actions={
        "govopen_validation_show": actions.validation_show,
        "govopen_validate": actions.validate,
        "govopen_datapackage": datapackage.datapackage,
    },
    auth={
        "govopen_validation_show": actions.validation_show_auth,
        "govopen_validate": actions.validate_auth,
        "govopen_datapackage": datapackage.datapackage_auth,
    },
    helpers={"govopen_validation_report": helpers.govopen_validation_report},
    blueprints=(Hook(datapackage.get_blueprint, 50),),
    commands=(cli.validate,),
    index_hooks=(Hook(actions.index_fields, 40),),
    show_hooks=(Hook(actions.show_statuses, 30),),
    content_checks={"validation": Hook(jobs.validate_check, 20)},
)
