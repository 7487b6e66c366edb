"""The govopen plugin: glue only.

Each interface hands off to a module that owns the concept (the standard's
validators, the CLI, the templates); nothing here decides policy.
"""
from __future__ import annotations

import ckan.plugins as plugins
import ckan.plugins.toolkit as tk

from ckanext.govopen import cli
from ckanext.govopen.standard import loader as standard_loader


@tk.blanket.config_declarations
class GovopenPlugin(plugins.SingletonPlugin):
    plugins.implements(plugins.IConfigurer)
    plugins.implements(plugins.IConfigurable)
    plugins.implements(plugins.IValidators)
    plugins.implements(plugins.ITemplateHelpers)
    plugins.implements(plugins.IClick)
    plugins.implements(plugins.IBlueprint)
    plugins.implements(plugins.IActions)
    plugins.implements(plugins.IAuthFunctions)
    plugins.implements(plugins.IResourceController, inherit=True)

    # IConfigurer
    def update_config(self, config):
        tk.add_template_directory(config, "templates")

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

    # IBlueprint
    def get_blueprint(self):
        from ckanext.govopen.dcat.blueprint import datajson
        return [datajson]

    # IClick
    def get_commands(self):
        return cli.get_commands()
