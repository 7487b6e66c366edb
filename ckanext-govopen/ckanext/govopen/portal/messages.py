"""The texts of the portal's accounts, declared once (``ckanext.govopen.messages``;
the Chinese is in the zh_Hans_CN catalog)."""
from __future__ import annotations

from ckanext.govopen.messages import N_, declare

MESSAGES = {
    "terms_required": declare("portal.terms_required", N_(
        "Please accept the terms of use to create an account.")),
    # registration.py: the captcha alternative and the rate limit
    "form_stale": declare("portal.form_stale", N_(
        "The registration form has expired or was altered. Please fill it in again.")),
    "form_too_fast": declare("portal.form_too_fast", N_(
        "The form was sent too quickly. Please check your details and send it again.")),
    "form_bot": declare("portal.form_bot", N_(
        "The registration could not be accepted. Please fill in the form again.")),
    "too_many": declare("portal.too_many_registrations", N_(
        "Too many registrations from your network. Please try again in {minutes} minutes.")),
    # confirm.py: e-mail confirmation
    "mail_failed": declare("portal.mail_failed", N_(
        "The confirmation e-mail could not be sent, so no account was created. "
        "Please check the address or try again later.")),
    "mail_sent": declare("portal.mail_sent", N_(
        "Almost done: we sent an e-mail to {email}. Open the link in it within {hours} hours "
        "to confirm your account, then log in.")),
    "mail_subject": declare("portal.mail_subject", N_(
        "Confirm your account at {site}")),
    "mail_body": declare("portal.mail_body", N_(
        "Hello {name},\n\n"
        "The account \"{user}\" was registered at {site} with this e-mail address.\n"
        "To confirm it, open this link within {hours} hours:\n\n{link}\n\n"
        "If you did not register, ignore this e-mail: the account stays inactive.")),
    "link_invalid": declare("portal.link_invalid", N_(
        "This confirmation link is not valid. Check that you opened the whole link from the e-mail.")),
    "link_expired": declare("portal.link_expired", N_(
        "This confirmation link has expired. Use \"Forgot your password?\" on the login page "
        "to receive a new link to the same address.")),
    "link_used": declare("portal.link_used", N_(
        "This account is already confirmed. Please log in.")),
    "not_confirmed": declare("portal.not_confirmed", N_(
        "This account is not confirmed yet: open the link we e-mailed to {email}. "
        "If it has expired, use \"Forgot your password?\" to receive a new one.")),
    "confirmed": declare("portal.confirmed", N_(
        "Your account {user} is confirmed. Log in with your user name and password.")),
}


def message(key, **params):
    return MESSAGES[key](**params)
