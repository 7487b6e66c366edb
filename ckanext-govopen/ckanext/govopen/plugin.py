"""The govopen plugin: glue only.

Each feature declares its parts (actions, auth functions, helpers,
validators, blueprints, commands, ordered hooks and jobs) in one ``Feature``
(``feature.py``); ``FEATURES`` lists them and each interface below folds over
the list. A new action, helper or hook is one entry in its feature's
declaration; a new feature is one line in ``FEATURES``. Nothing here decides
policy.
"""
from __future__ import annotations

import os

import ckan.plugins as plugins
import ckan.plugins.toolkit as tk
from ckan.lib.plugins import DefaultTranslation

from ckanext.govopen import cli, content_job, events, facets, feature, search_query
from ckanext.govopen.access.feature import FEATURE as ACCESS
from ckanext.govopen.apidocs.feature import FEATURE as APIDOCS
from ckanext.govopen.classification.feature import FEATURE as CLASSIFICATION
from ckanext.govopen.dashboard.feature import FEATURE as DASHBOARD
from ckanext.govopen.dataset_page.feature import FEATURE as DATASET_PAGE
from ckanext.govopen.datastore.feature import FEATURE as DATASTORE
from ckanext.govopen.dcat.feature import FEATURE as DCAT
from ckanext.govopen.gate.feature import FEATURE as GATE
from ckanext.govopen.harvest import registries as harvest_registries
from ckanext.govopen.harvest import source_actions as harvest_sources
from ckanext.govopen.harvest.feature import FEATURE as HARVEST
from ckanext.govopen.logic.feature import FEATURE as STANDARD
from ckanext.govopen.participation.feature import FEATURE as PARTICIPATION
from ckanext.govopen.portal.feature import FEATURE as PORTAL
from ckanext.govopen.privacy.feature import FEATURE as PRIVACY
from ckanext.govopen.search_meaning.feature import FEATURE as SEARCH_MEANING
from ckanext.govopen.search_ui.feature import FEATURE as SEARCH_UI
from ckanext.govopen.searchindex.feature import FEATURE as SEARCHINDEX
from ckanext.govopen.showcase.feature import FEATURE as SHOWCASE
from ckanext.govopen.standard import loader as standard_loader
from ckanext.govopen.uses.feature import FEATURE as USES
from ckanext.govopen.validation.feature import FEATURE as VALIDATION
from ckanext.govopen.verdict.feature import FEATURE as VERDICT
from ckanext.govopen.web.feature import FEATURE as WEB

# before CKAN builds its action and auth registries: ckanext-harvest's apart
harvest_registries.keep_apart()

#: Every feature of the extension. The order of hooks is each hook's own
#: ``order`` (see feature.py), not this list's; the action wrappers of
#: STANDARD apply to every feature's actions.
FEATURES: list = [
    STANDARD,
    GATE,
    VERDICT,
    content_job.FEATURE,
    PRIVACY,
    VALIDATION,
    DATASTORE,
    USES,
    CLASSIFICATION,
    ACCESS,
    DATASET_PAGE,
    PARTICIPATION,
    DASHBOARD,
    HARVEST,
    DCAT,
    APIDOCS,
    facets.FEATURE,
    SEARCH_UI,
    SEARCH_MEANING,
    WEB,
    PORTAL,
    SEARCHINDEX,
    SHOWCASE,
]

# what runs later, outside these interfaces (resource jobs, the API docs), reads the same list
feature.install(FEATURES)


def run(kind: str, *args) -> list:
    """Run the hooks of ``kind`` of every feature, in their order."""
    return [hook(*args) for hook in feature.ordered(FEATURES, kind)]


@tk.blanket.config_declarations
class GovopenPlugin(plugins.SingletonPlugin, DefaultTranslation):
    plugins.implements(plugins.IConfigurer)
    plugins.implements(plugins.IConfigurable)
    plugins.implements(plugins.IValidators)
    plugins.implements(plugins.ITemplateHelpers)
    plugins.implements(plugins.IClick)
    plugins.implements(plugins.IBlueprint)
    plugins.implements(plugins.IActions)
    plugins.implements(plugins.IAuthFunctions)
    plugins.implements(plugins.IResourceController, inherit=True)
    plugins.implements(plugins.IPackageController, inherit=True)
    plugins.implements(plugins.IFacets, inherit=True)
    plugins.implements(plugins.IMiddleware, inherit=True)
    # ITranslation: the catalogs in i18n/ (DefaultTranslation finds them)
    plugins.implements(plugins.ITranslation)

    # IFacets: the search page's facets live in facets.py
    def dataset_facets(self, facets_dict, package_type):
        return facets.dataset_facets(facets_dict, package_type)

    def organization_facets(self, facets_dict, organization_type, package_type):
        return facets.organization_facets(facets_dict, organization_type, package_type)

    def group_facets(self, facets_dict, group_type, package_type):
        return facets.group_facets(facets_dict, group_type, package_type)

    # IConfigurer
    def update_config(self, config):
        tk.add_template_directory(config, "templates")
        # templates that replace another plugin's: CKAN puts the templates of a
        # plugin listed earlier (``activity``) before ours, so these go in the
        # deployer's ``extra_template_paths``, after the deployer's own
        first = os.path.join(os.path.dirname(__file__), "templates_first")
        extra = [path for path in (config.get("extra_template_paths") or "").split(",") if path]
        if first not in extra:
            config["extra_template_paths"] = ",".join(extra + [first])
        tk.add_resource("assets", "govopen")

    # IConfigurable
    def configure(self, config):
        # The licence register is the standard's licence vocabulary, so the
        # licence a dataset shows (title, URL, is-open) is the one validated.
        if not config.get("licenses_group_url"):
            standard_loader.install_license_register()

    # IValidators
    def get_validators(self):
        return feature.validators(FEATURES)

    # ITemplateHelpers
    def get_helpers(self):
        return feature.helpers(FEATURES)

    # IActions
    def get_actions(self):
        return feature.actions(FEATURES)

    # IAuthFunctions
    def get_auth_functions(self):
        return feature.auth_functions(FEATURES)

    # IResourceController: content may have changed -> the resource jobs
    def after_resource_create(self, context, resource):
        events.resource_changed(resource["id"])

    def after_resource_update(self, context, resource):
        events.resource_changed(resource["id"])

    # IPackageController: the features' hooks
    def before_dataset_index(self, pkg_dict):
        for extra in run("index_hooks", pkg_dict):
            pkg_dict.update(extra or {})
        return pkg_dict

    # a harvest source is checked here, before ckanext-harvest (later in ckan.plugins) stores it
    def create(self, entity):
        harvest_sources.check_entity(entity)

    def edit(self, entity):
        harvest_sources.check_entity(entity)

    def after_dataset_create(self, context, pkg_dict):
        run("after_write_hooks", dict(context, **{feature.CREATED: True}), pkg_dict)

    def after_dataset_update(self, context, pkg_dict):
        run("after_write_hooks", context, pkg_dict)

    def after_dataset_show(self, context, pkg_dict):
        run("show_hooks", context, pkg_dict)
        return pkg_dict

    def before_dataset_search(self, search_params):
        return search_query.before_search(search_params)

    def after_dataset_search(self, search_results, search_params):
        run("search_hooks", search_results, search_params)
        return search_results

    # IMiddleware: the Flask app's guards, in their order, before any view runs
    def make_middleware(self, app, config):
        for install in feature.ordered(FEATURES, "middleware"):
            app = install(app)
        return app

    # IBlueprint
    def get_blueprint(self):
        return feature.blueprints(FEATURES)

    # IClick
    def get_commands(self):
        return cli.get_commands(feature.commands(FEATURES))
