"""The govopen plugin: glue only.

Each interface hands off to a module that owns the concept (the standard's
validators, the CLI, the templates); nothing here decides policy.
"""
from __future__ import annotations

import ckan.plugins as plugins
import ckan.plugins.toolkit as tk

from ckanext.govopen import cli
from ckanext.govopen.standard import loader as standard_loader


class GovopenPlugin(plugins.SingletonPlugin):
    plugins.implements(plugins.IConfigurer)
    plugins.implements(plugins.IValidators)
    plugins.implements(plugins.ITemplateHelpers)
    plugins.implements(plugins.IClick)

    # IConfigurer
    def update_config(self, config):
        tk.add_template_directory(config, "templates")
        # The standard's schemas are data (govopen_standards); scheming reads
        # them from these keys, so point it there unless a deployment chose
        # other schemas. govopen is listed before scheming in ckan.plugins.
        for key, name in (("scheming.dataset_schemas", "dataset"),
                          ("scheming.organization_schemas", "organization")):
            if not config.get(key):
                config[key] = standard_loader.scheming_url(name)

    # IValidators
    def get_validators(self):
        from ckanext.govopen.logic import validators
        return validators.all_validators()

    # ITemplateHelpers
    def get_helpers(self):
        from ckanext.govopen.logic import scheming_helpers
        return scheming_helpers.all_helpers()

    # IClick
    def get_commands(self):
        return cli.get_commands()
