"""The DCAT exports: /data.json (the RDF profile is ckanext-dcat's, by entry point)."""
from ckanext.govopen.dcat import blueprint
from ckanext.govopen.feature import Feature, Hook

FEATURE = Feature("dcat", blueprints=(Hook(blueprint.get_blueprint, 20),))
