"""Public self-registration (issue 17): anyone may open an account on the web
(``ckan.auth.create_user_via_web = true`` in config/ckan-base.ini), after
accepting the terms of use.

The registration form (``templates/user/new_user_form.html``) has a required
``terms`` checkbox; this chained ``user_create`` refuses a self-registration
without it, with a form error in the reader's language and nothing stored. A
sysadmin creating an account for someone, and code that creates users
(``ignore_auth``: the CLI, the test factories), are not self-registrations.
"""
from __future__ import annotations

import ckan.authz as authz
import ckan.plugins.toolkit as tk

from ckanext.govopen.messages import N_, render

from . import messages

#: the form's checkbox
TERMS = "terms"
#: CKAN's error summary names a field by ``_(key.capitalize())``: its words
N_("Terms")


def _self_registration(context) -> bool:
    return not context.get("ignore_auth") and not authz.is_sysadmin(context.get("user"))


@tk.chained_action
def user_create(up, context, data_dict):
    accepted = tk.asbool((data_dict or {}).pop(TERMS, False) or False)
    if _self_registration(context) and not accepted:
        raise tk.ValidationError({TERMS: [render(messages.message("terms_required"))]})
    return up(context, data_dict)


def govopen_terms_url() -> str:
    """The configured terms of use page (``govopen.portal.terms_url``), or ''."""
    return (tk.config.get("govopen.portal.terms_url") or "").strip()
