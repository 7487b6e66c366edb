"""Public self-registration (issue 17): anyone may open an account on the web
(``ckan.auth.create_user_via_web = true`` in config/ckan-base.ini), after
accepting the terms of use, within the rate limit (ratelimit.py), past the
captcha alternative (captcha.py), and, where the site sends mail, confirming
the e-mail address before the account can log in (confirm.py).

The registration form (``templates/user/new_user_form.html``) has a required
``terms`` checkbox; this chained ``user_create`` refuses a self-registration
without it, with a form error in the reader's language and nothing stored
(and likewise a registration over the rate limit or failing the captcha). A
sysadmin creating an account for someone, and code that creates users
(``ignore_auth``: the CLI, the test factories), are not self-registrations.
"""
from __future__ import annotations

import ckan.authz as authz
import ckan.plugins.toolkit as tk

from ckanext.govopen.messages import N_, render

from . import captcha, confirm, messages, ratelimit

#: the form's checkbox
TERMS = "terms"
#: CKAN's error summary names a field by ``_(key.capitalize())``: its words
N_("Terms")
#: the key of the errors that concern the whole form (rate limit, captcha)
FORM = "registration"
N_("Registration")


def _self_registration(context) -> bool:
    return not context.get("ignore_auth") and not authz.is_sysadmin(context.get("user"))


@tk.chained_action
def user_create(up, context, data_dict):
    data_dict = data_dict if data_dict is not None else {}
    # read, not taken out yet: a refused form shows the box as it was ticked
    accepted = tk.asbool(data_dict.get(TERMS) or False)
    if not _self_registration(context):
        for key in (TERMS, captcha.STAMP, captcha.HONEYPOT):
            data_dict.pop(key, None)
        return up(context, data_dict)
    wait = ratelimit.over_limit(context)
    if wait is not None:
        raise tk.ValidationError({FORM: [render(messages.message("too_many", minutes=wait))]})
    robot = captcha.refusal(data_dict)
    if robot is not None:
        raise tk.ValidationError({FORM: [render(messages.message(robot))]})
    if not accepted:
        raise tk.ValidationError({TERMS: [render(messages.message("terms_required"))]})
    data_dict.pop(TERMS, None)
    if confirm.required():
        return confirm.register(up, context, data_dict)
    return up(context, data_dict)


def govopen_terms_url() -> str:
    """The configured terms of use page (``govopen.portal.terms_url``), or ''."""
    return (tk.config.get("govopen.portal.terms_url") or "").strip()
