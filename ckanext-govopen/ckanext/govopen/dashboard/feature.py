"""The department open-data dashboard: its figures action and pages, the facts
kept between requests (refreshed after the content checks and the verdict, and
after an approval) and their command."""
from ckanext.govopen.dashboard import actions, cli, hooks, views
from ckanext.govopen.feature import Feature, Hook

FEATURE = Feature(
    "dashboard",
    actions={"govopen_open_data_figures": actions.open_data_figures},
    auth={"govopen_open_data_figures": actions.open_data_figures_auth},
    blueprints=(Hook(views.get_blueprint, 90),),
    commands=(cli.dashboard,),
    # after the verdict's refresh (20): the gates and the verdict of the checked content
    resource_jobs=(Hook(hooks.refresh_for_resource, 30),),
    action_wrappers=(hooks.wrap_approvals,),
)
