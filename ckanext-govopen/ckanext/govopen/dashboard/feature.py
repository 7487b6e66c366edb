"""The department open-data dashboard: its figures action and pages."""
from ckanext.govopen.dashboard import actions, views
from ckanext.govopen.feature import Feature, Hook

FEATURE = Feature(
    "dashboard",
    actions={"govopen_open_data_figures": actions.open_data_figures},
    auth={"govopen_open_data_figures": actions.open_data_figures_auth},
    blueprints=(Hook(views.get_blueprint, 90),),
)
