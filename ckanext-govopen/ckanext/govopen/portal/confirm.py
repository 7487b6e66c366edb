"""E-mail confirmation of self-registered accounts (issue 17).

Where the site can send mail (``smtp.mail_from`` set: CKAN's ``smtp.server``
defaults to ``localhost``, so the sender address is what says a deployment
configured mail) and ``govopen.portal.confirm_email`` is on, a
self-registered account is created in CKAN's ``pending`` state, which CKAN's
login refuses (``User.is_active``; flask-login does not log in an inactive
user, so the registration form does not either), and a link is mailed to the
address given. The account becomes ``active`` when the link is opened and
confirmed (a GET shows the page, the button POSTs: a mail scanner fetching
the link confirms nothing). Without mail, registration is as before.

The link carries ``<user id>.<issued>.<mac>``. The MAC, keyed by the site's
secret, covers the id, the time and a fingerprint of the account as it was
when the link was made (its e-mail, password hash and state): the link
confirms that account only, only while it is pending with that address and
password (used once: once active it no longer matches; a deleted account is
not revived), and only for ``govopen.portal.confirm_hours`` hours. An expired
link: CKAN's "forgot your password" mails a reset link to the same address,
and CKAN activates a pending account when it is used.

If the mail cannot be sent, nothing is stored and the form says so.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import time
from typing import Optional, Tuple

from flask import Blueprint, has_request_context, session

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.lib import mailer

from ckanext.govopen.messages import render

from . import messages
from .site import govopen_site_title

log = logging.getLogger(__name__)

blueprint = Blueprint("govopen_accounts", __name__)

#: the session key of the address a confirmation link was just mailed to
SENT = "govopen_confirm_sent"


def required() -> bool:
    """Self-registered accounts confirm their e-mail: mail configured and not turned off."""
    return (tk.asbool(tk.config.get("govopen.portal.confirm_email"))
            and bool(str(tk.config.get("smtp.mail_from") or "").strip()))


def hours() -> int:
    try:
        return max(1, int(tk.config.get("govopen.portal.confirm_hours") or 0))
    except (TypeError, ValueError):
        return 1


# --- the token ---------------------------------------------------------------

def _key() -> bytes:
    secret = str(tk.config.get("SECRET_KEY") or "")
    return hmac.new(secret.encode(), b"govopen.portal.confirm", hashlib.sha256).digest()


def _mac(user_id: str, issued: int, email: str, password: str, state: str) -> str:
    text = "\n".join((user_id, str(issued), email or "", password or "", state or ""))
    digest = hmac.new(_key(), text.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def make_token(user, now: Optional[float] = None) -> str:
    """The link's token for the pending ``user`` (a ``model.User``), issued ``now``."""
    issued = int(time.time() if now is None else now)
    return "%s.%d.%s" % (user.id, issued, _mac(user.id, issued, user.email, user.password, user.state))


def check(token: str, now: Optional[float] = None) -> Tuple[str, Optional[model.User]]:
    """``(outcome, user)``: ``"ok"`` (pending, may be activated), ``"used"`` (the
    account the link was made for is already active), ``"expired"`` or ``"invalid"``."""
    parts = str(token or "").split(".")
    if len(parts) != 3 or not parts[1].isdigit() or len(parts[1]) > 12 or len(parts[0]) > 100:
        return "invalid", None
    user_id, issued, mac = parts[0], int(parts[1]), parts[2]
    user = model.Session.get(model.User, user_id) if user_id else None
    if user is None:
        return "invalid", None

    def matches(state):
        return hmac.compare_digest(mac.encode(), _mac(user.id, issued, user.email, user.password, state).encode())

    if user.state == model.State.PENDING and matches(model.State.PENDING):
        age = (time.time() if now is None else now) - issued
        if age > hours() * 3600 or age < -60:
            return "expired", user
        return "ok", user
    if user.state == model.State.ACTIVE and matches(model.State.PENDING):
        return "used", user
    return "invalid", None


# --- registration (called by accounts.user_create) --------------------------

def mail(user) -> None:
    """Mail the confirmation link to the pending ``user``, in the reader's language.
    Raises ``mailer.MailerException``."""
    link = tk.url_for("govopen_accounts.confirm", token=make_token(user), _external=True)
    site = govopen_site_title()
    subject = render(messages.message("mail_subject", site=site))
    body = render(messages.message("mail_body", name=user.fullname or user.name, user=user.name,
                                   site=site, hours=hours(), link=link))
    mailer.mail_recipient(user.fullname or user.name, user.email, subject, body)


def register(up, context, data_dict) -> dict:
    """CKAN's ``user_create`` with the new account pending and its link mailed, all
    in one transaction: committed only once the mail is sent."""
    from ckan.logic import guard_against_duplicated_email

    deferred = context.get("defer_commit")
    context["defer_commit"] = True
    try:
        user_dict = up(context, data_dict)
    finally:
        context["defer_commit"] = deferred
    user = model.Session.get(model.User, user_dict["id"])
    user.set_pending()
    model.Session.flush()
    try:
        mail(user)
    except mailer.MailerException:
        log.exception("registration of %s: the confirmation e-mail was not sent", user.name)
        model.Session.rollback()
        raise tk.ValidationError({"email": [render(messages.message("mail_failed"))]})
    if not deferred:
        with guard_against_duplicated_email(user.email):
            model.repo.commit()
    user_dict["state"] = model.State.PENDING
    if has_request_context():
        session[SENT] = user.email
    return user_dict


# --- the pages ---------------------------------------------------------------

@blueprint.before_app_request
def _after_registration():
    """CKAN's registration form sends the new account to ``user.me``, which for
    someone not logged in is a "not authorised" error: a pending account goes to
    the "check your mail" page instead."""
    if (tk.request.endpoint == "user.me" and session.get(SENT)
            and not tk.current_user.is_authenticated):
        return tk.redirect_to("govopen_accounts.sent")
    return None


@blueprint.before_app_request
def _pending_login():
    """CKAN answers a pending account's login with "bad user name or password";
    given the right password, also say the address is not confirmed yet (only
    then: who does not know the password learns nothing about the account).
    A post without the form's fields is refused as a failed login, not a 500."""
    if tk.request.endpoint != "user.login" or tk.request.method != "POST":
        return None
    if "login" not in tk.request.form or "password" not in tk.request.form:
        # CKAN's login answers a post without these fields with a 500 (User.by_email(None))
        tk.h.flash_error(tk._("Login failed. Bad username or password."))
        return tk.redirect_to("user.login")
    login = str(tk.request.form.get("login") or "").strip()
    password = str(tk.request.form.get("password") or "")
    if not login or not password:
        return None
    user = model.User.by_name(login) or model.User.by_email(login)
    if user is not None and user.state == model.State.PENDING and user.validate_password(password):
        tk.h.flash_notice(render(messages.message("not_confirmed", email=user.email)))
    return None


@blueprint.route("/user/_registered")
def sent():
    email = session.get(SENT)
    if not email:
        return tk.redirect_to("user.login")
    return tk.render("govopen/portal/sent.html", {
        "notice": render(messages.message("mail_sent", email=email, hours=hours()))})


@blueprint.route("/user/confirm/<token>", methods=["GET", "POST"])
def confirm(token):
    outcome, user = check(token)
    if outcome == "ok" and tk.request.method == "POST":
        session.pop(SENT, None)
        user.activate()
        model.repo.commit()
        log.info("account %s confirmed its e-mail", user.name)
        tk.h.flash_success(render(messages.message("confirmed", user=user.name)))
        return tk.redirect_to("user.login")
    if outcome == "used":
        tk.h.flash_notice(render(messages.message("link_used")))
        return tk.redirect_to("user.login")
    problem = None if outcome == "ok" else render(messages.message("link_" + outcome))
    body = tk.render("govopen/portal/confirm.html", {
        "token": token, "problem": problem, "account": user.name if outcome == "ok" else None})
    return body, (200 if outcome == "ok" else 400)


def get_blueprint():
    return blueprint
