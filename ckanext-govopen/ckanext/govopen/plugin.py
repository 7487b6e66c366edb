"""The govopen plugin: glue only.

Each interface hands off to a module that owns the concept (the standard's
validators, the CLI, the templates); nothing here decides policy.
"""
from __future__ import annotations

import ckan.plugins as plugins
import ckan.plugins.toolkit as tk
from ckan.lib.plugins import DefaultTranslation

from ckanext.govopen import cli
from ckanext.govopen.harvest import registries as harvest_registries
from ckanext.govopen.standard import loader as standard_loader

# before CKAN builds its action and auth registries: ckanext-harvest's apart
harvest_registries.keep_apart()


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
        from ckanext.govopen import facets
        return facets.dataset_facets(facets_dict, package_type)

    def organization_facets(self, facets_dict, organization_type, package_type):
        from ckanext.govopen import facets
        return facets.organization_facets(facets_dict, organization_type, package_type)

    def group_facets(self, facets_dict, group_type, package_type):
        from ckanext.govopen import facets
        return facets.group_facets(facets_dict, group_type, package_type)

    # IConfigurer
    def update_config(self, config):
        tk.add_template_directory(config, "templates")
        tk.add_resource("assets", "govopen")

    # IConfigurable
    def configure(self, config):
        # The licence register is the standard's licence vocabulary, so the
        # licence a dataset shows (title, URL, is-open) is the one validated.
        if not config.get("licenses_group_url"):
            standard_loader.install_license_register()

    # IValidators
    def get_validators(self):
        from ckanext.govopen.logic import validators
        return validators.all_validators()

    # ITemplateHelpers
    def get_helpers(self):
        from ckanext.govopen.logic import scheming_helpers
        return scheming_helpers.all_helpers()

    # IActions
    def get_actions(self):
        from ckanext.govopen.logic import actions
        return actions.all_actions()

    # IAuthFunctions
    def get_auth_functions(self):
        from ckanext.govopen.logic import auth
        return auth.all_auth_functions()

    # IResourceController: content may have changed -> scans, validation
    def after_resource_create(self, context, resource):
        from ckanext.govopen import events
        events.resource_changed(resource["id"])

    def after_resource_update(self, context, resource):
        from ckanext.govopen import events
        events.resource_changed(resource["id"])

    # IPackageController: extension points in hooks.py
    def before_dataset_index(self, pkg_dict):
        from ckanext.govopen import hooks
        for extra in hooks.run(hooks.INDEX_HOOKS, pkg_dict):
            pkg_dict.update(extra or {})
        return pkg_dict

    # a harvest source is checked here, before ckanext-harvest (later in ckan.plugins) stores it
    def create(self, entity):
        from ckanext.govopen.harvest import source_actions
        source_actions.check_entity(entity)

    def edit(self, entity):
        from ckanext.govopen.harvest import source_actions
        source_actions.check_entity(entity)

    def after_dataset_create(self, context, pkg_dict):
        from ckanext.govopen import hooks
        hooks.run(hooks.AFTER_WRITE_HOOKS, dict(context, **{hooks.CREATED: True}), pkg_dict)

    def after_dataset_update(self, context, pkg_dict):
        from ckanext.govopen import hooks
        hooks.run(hooks.AFTER_WRITE_HOOKS, context, pkg_dict)

    def after_dataset_show(self, context, pkg_dict):
        from ckanext.govopen import hooks
        hooks.run(hooks.SHOW_HOOKS, context, pkg_dict)
        return pkg_dict

    def before_dataset_search(self, search_params):
        from ckanext.govopen import search_query
        return search_query.before_search(search_params)

    def after_dataset_search(self, search_results, search_params):
        from ckanext.govopen import hooks
        hooks.run(hooks.SEARCH_HOOKS, search_results, search_params)
        return search_results

    # IMiddleware: the Flask app's guards (CSRF exemptions, request input) in hooks.py
    def make_middleware(self, app, config):
        from ckanext.govopen import hooks
        for install in hooks.MIDDLEWARE:
            app = hooks.load(install)(app)
        return app

    # IBlueprint
    def get_blueprint(self):
        from ckanext.govopen import hooks
        found = []
        for made in hooks.run(hooks.BLUEPRINTS):
            found.extend(made if isinstance(made, (list, tuple)) else [made])
        return found

    # IClick
    def get_commands(self):
        return cli.get_commands()
