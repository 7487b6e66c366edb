"""The developers' page and the OpenAPI document."""
from ckanext.govopen.apidocs import views
from ckanext.govopen.feature import Feature, Hook

FEATURE = Feature("apidocs", blueprints=(Hook(views.get_blueprint, 10),))
