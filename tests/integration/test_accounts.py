"""Self-registration (issue 17): e-mail confirmation where the site sends mail,
a rate limit per client address and a captcha that needs no outside service.

Everything goes through the real registration form of the CKAN test app
(``/user/register``: CSRF token, the form's signed stamp) and CKAN's real
mailer, which talks SMTP to a local sink (``tests/smtp_sink.py``) on
127.0.0.1; the tests read the mail, open its link and log in.

Before this change (3e7622e) a self-registered account was active and logged
in at once, no mail was sent, any number of accounts could be opened from one
address and a script could post the form without ever rendering it:
``test_register_confirm_then_log_in``, ``test_no_login_before_confirming``,
``test_rate_limit_per_client_address`` and the captcha tests failed there.
"""
import re
import time
from urllib.parse import urlsplit

import pytest

import ckan.model as model
import ckan.tests.factories as factories
import ckan.tests.helpers as helpers

from tests.smtp_sink import SmtpSink, send_ckan_mail_to

pytestmark = [pytest.mark.ckan_services, pytest.mark.usefixtures("with_plugins", "clean_all")]

PASSWORD = "Correct-horse-42"
LINK = re.compile(r"https?://\S+/user/confirm/\S+")


@pytest.fixture
def sink(ckan_config, monkeypatch):
    """Mail configured: CKAN's mailer sends to a local SMTP sink."""
    with SmtpSink() as sink:
        send_ckan_mail_to(sink, ckan_config, monkeypatch)
        yield sink


@pytest.fixture
def quick_form(ckan_config, monkeypatch):
    """The captcha's minimum fill time off (tests post at once); each test its own
    window of the rate limit (a fresh client address)."""
    monkeypatch.setitem(ckan_config, "govopen.portal.register_min_seconds", 0)
    monkeypatch.setitem(ckan_config, "govopen.portal.register_limit", 0)


def _field(page: str, name: str) -> str:
    found = re.search(r'name="%s"[^>]*value="([^"]*)"' % re.escape(name), page)
    return found.group(1) if found else ""


def _form(app, lang=""):
    page = app.get(lang + "/user/register").body
    return {"_csrf_token": _field(page, "_csrf_token"), "govopen_stamp": _field(page, "govopen_stamp")}


def register(app, name, email=None, lang="", **extra):
    data = _form(app, lang)
    data.update({"name": name, "fullname": "张三", "email": email or f"{name}@example.cn",
                 "password1": PASSWORD, "password2": PASSWORD, "terms": "yes", "save": ""})
    data.update(extra)
    return app.post(lang + "/user/register", data=data, follow_redirects=True)


def log_in(app, name, password=PASSWORD) -> bool:
    """Log in through the form; whether the session is then someone's."""
    page = app.get("/user/login").body
    app.post("/user/login", data={"login": name, "password": password,
                                  "_csrf_token": _field(page, "_csrf_token")}, follow_redirects=True)
    me = app.get("/dashboard/datasets", follow_redirects=False)
    return me.status_code == 200


def log_out(app):
    app.get("/user/_logout", follow_redirects=True)


def state(name):
    model.Session.expire_all()
    user = model.User.by_name(name)
    return user.state if user else None


def the_link(sink, to):
    found = [m for m, rcpt in zip(sink.messages, sink.recipients) if to in rcpt]
    assert len(found) == 1, (to, sink.recipients)
    link = LINK.search(SmtpSink.text(found[0])).group(0)
    return found[0], urlsplit(link).path


def _csrf(app, path):
    return _field(app.get(path).body, "_csrf_token")


# --- the whole path -------------------------------------------------------------------------

def test_register_confirm_then_log_in(app, sink, quick_form):
    page = register(app, "li-si", lang="/en")
    # not logged in; told to read the mail
    assert "we sent an e-mail to li-si@example.cn" in page.body
    assert "/user/_registered" in page.request.path and "Unauthorized" not in page.body
    assert state("li-si") == "pending"
    mail, path = the_link(sink, "li-si@example.cn")
    assert mail["Subject"].startswith("Confirm your account at")
    assert "li-si" in SmtpSink.text(mail) and "72 hours" in SmtpSink.text(mail)
    assert not log_in(app, "li-si")

    # opening the link shows a button; it does not confirm by itself (mail scanners fetch links)
    shown = app.get(path)
    assert shown.status_code == 200 and "li-si" in shown.body
    assert state("li-si") == "pending"
    done = app.post(path, data={"_csrf_token": _field(shown.body, "_csrf_token")}, follow_redirects=False)
    assert done.status_code == 302 and "/user/login" in done.headers["Location"]
    assert state("li-si") == "active"
    assert "Your account li-si is confirmed" in app.get("/en/user/login").body
    assert log_in(app, "li-si")


def test_the_mail_is_in_the_readers_language(app, sink, quick_form):
    register(app, "wang-wu")                            # the site's default language: Chinese
    mail, _path = the_link(sink, "wang-wu@example.cn")
    assert mail["Subject"].startswith("请确认您在")
    assert "小时内打开以下链接" in SmtpSink.text(mail)


def test_without_mail_registration_is_as_before(app, quick_form, ckan_config, monkeypatch):
    monkeypatch.setitem(ckan_config, "smtp.mail_from", "")
    register(app, "zhao-liu")
    assert state("zhao-liu") == "active"
    assert app.get("/dashboard/datasets", follow_redirects=False).status_code == 200   # logged in at once


def test_confirmation_can_be_turned_off(app, sink, quick_form, ckan_config, monkeypatch):
    monkeypatch.setitem(ckan_config, "govopen.portal.confirm_email", False)
    register(app, "sun-qi")
    assert state("sun-qi") == "active" and sink.messages == []


def test_mail_server_down_stores_nothing(app, quick_form, ckan_config, monkeypatch):
    with SmtpSink() as gone:
        address = gone.address
    monkeypatch.setitem(ckan_config, "smtp.server", address)       # nobody listens there now
    monkeypatch.setitem(ckan_config, "smtp.mail_from", "opendata@example.gov.cn")
    page = register(app, "zhou-ba", lang="/en")
    assert page.status_code == 200
    assert "could not be sent, so no account was created" in page.body
    assert state("zhou-ba") is None


# --- attacks on the link ---------------------------------------------------------------------

def _login_page(app, name, password):
    page = app.get("/en/user/login").body
    return app.post("/en/user/login", data={"login": name, "password": password,
                                            "_csrf_token": _field(page, "_csrf_token")}, follow_redirects=True).body


def test_no_login_before_confirming(app, sink, quick_form):
    register(app, "early-bird")
    assert state("early-bird") == "pending"
    assert not log_in(app, "early-bird")
    # told why, with the right password only (who lacks it learns nothing of the account)
    assert "not confirmed yet: open the link we e-mailed to early-bird@example.cn" in _login_page(
        app, "early-bird", PASSWORD)
    assert "not confirmed" not in _login_page(app, "early-bird", "wrong-password-1")
    assert "not confirmed" not in _login_page(app, "early-bird@example.cn", "wrong-password-1")
    # nor by the API: a pending account cannot make itself a token (no session), and
    # an API token made for it by someone else does not act for it
    pending = model.User.by_name("early-bird")
    token = helpers.call_action("api_token_create", {"ignore_auth": True, "user": pending.name},
                                user=pending.name, name="x")["token"]
    me = app.get("/api/action/api_token_list?user_id=early-bird", headers={"Authorization": token})
    assert me.status_code == 403


def test_a_login_post_without_its_fields_is_a_failed_login_not_a_500(app):
    # before: AttributeError in CKAN's User.by_email(None), HTTP 500
    for data in ({}, {"login": "someone"}, {"password": "x"}):
        page = app.post("/en/user/login", data=data, follow_redirects=True)
        assert page.status_code == 200 and "Login failed" in page.body


def test_forged_tampered_and_foreign_links_fail(app, sink, quick_form):
    register(app, "victim-one")
    register(app, "attacker-one")
    _mail, path = the_link(sink, "attacker-one@example.cn")
    victim = model.User.by_name("victim-one")
    user_id, issued, mac = path.rsplit("/", 1)[1].split(".")
    tries = [
        f"{victim.id}.{issued}.{mac}",                     # my signature on someone else's account
        f"{user_id}.{int(issued) + 3600}.{mac}",           # a later time
        f"{user_id}.{issued}.{'A' * len(mac)}",            # a made-up signature
        f"{victim.id}.{issued}",                           # no signature
        "not-a-token", "..", f"{victim.name}.{issued}.{mac}",
    ]
    for token in tries:
        page = app.get(f"/user/confirm/{token}")
        assert page.status_code == 400, token
        post = app.post(f"/user/confirm/{token}", data={"_csrf_token": _csrf(app, "/user/login")})
        assert post.status_code == 400, token
    assert state("victim-one") == "pending"
    assert "This confirmation link is not valid" in app.get(f"/en/user/confirm/{tries[0]}").body
    assert "此确认链接无效" in app.get(f"/user/confirm/{tries[0]}").body


def test_expired_link_fails(app, sink, quick_form):
    from ckanext.govopen.portal import confirm
    register(app, "slow-reader")
    user = model.User.by_name("slow-reader")
    old = confirm.make_token(user, now=time.time() - confirm.hours() * 3600 - 10)
    page = app.get(f"/en/user/confirm/{old}")
    assert page.status_code == 400 and "has expired" in page.body
    app.post(f"/user/confirm/{old}", data={"_csrf_token": _csrf(app, "/user/login")}, status=400)
    assert state("slow-reader") == "pending"


def test_a_link_works_once(app, sink, quick_form):
    register(app, "once-only")
    _mail, path = the_link(sink, "once-only@example.cn")
    app.post(path, data={"_csrf_token": _csrf(app, path)})
    assert state("once-only") == "active"
    # a sysadmin blocks the account; the old link does not bring it back
    helpers.call_action("user_delete", {"ignore_auth": True}, id="once-only")
    assert state("once-only") == "deleted"
    again = app.post(path, data={"_csrf_token": _csrf(app, "/user/login")})
    assert again.status_code == 400
    assert state("once-only") == "deleted"


def test_used_link_says_so_and_changes_nothing(app, sink, quick_form):
    register(app, "twice-clicker")
    _mail, path = the_link(sink, "twice-clicker@example.cn")
    app.post(path, data={"_csrf_token": _csrf(app, path)})
    again = app.get("/en" + path, follow_redirects=True)
    assert "already confirmed" in again.body
    assert state("twice-clicker") == "active"


def test_a_changed_address_voids_the_link(app, sink, quick_form):
    register(app, "typo-address")
    _mail, path = the_link(sink, "typo-address@example.cn")
    user = model.User.by_name("typo-address")
    user.email = "other@example.cn"
    model.repo.commit()
    assert app.get(path).status_code == 400


def test_a_logged_in_outsider_cannot_confirm_or_register_past_the_checks(app, sink, quick_form):
    register(app, "target-user")
    outsider = factories.User(password=PASSWORD)
    assert log_in(app, outsider["name"])
    target = model.User.by_name("target-user")
    # not by the page without the link, not by the API
    forged = f"{target.id}.{int(time.time())}.xyz"
    app.post(f"/user/confirm/{forged}", data={"_csrf_token": _csrf(app, "/dashboard/datasets")}, status=400)
    with pytest.raises(Exception):
        helpers.call_action("user_patch", {"user": outsider["name"], "ignore_auth": False},
                            id=target.id, state="active")
    assert state("target-user") == "pending"
    # the form is not offered to someone logged in (CKAN), and posting it without
    # the form's stamp is refused (CKAN would create the account)
    register(app, "second-account")
    assert state("second-account") is None


def test_an_anonymous_visitor_cannot_activate_by_the_api(app, sink, quick_form):
    register(app, "api-target")
    target = model.User.by_name("api-target")
    app.post("/api/action/user_patch", json={"id": target.id, "state": "active"}, status=403)
    assert state("api-target") == "pending"


def test_sysadmins_and_code_create_active_accounts(app, sink, sysadmin):
    made = helpers.call_action("user_create", {"user": sysadmin["name"], "ignore_auth": False},
                               name="made-by-admin", email="admin-made@example.cn", password=PASSWORD)
    assert made["state"] == "active" and sink.messages == []


# --- the captcha alternative -----------------------------------------------------------------

def test_a_script_posting_without_the_form_is_refused(app, quick_form):
    data = {"_csrf_token": _csrf(app, "/user/register"), "name": "bot-one", "email": "bot@example.cn",
            "password1": PASSWORD, "password2": PASSWORD, "terms": "yes", "save": ""}
    page = app.post("/en/user/register", data=data)
    assert page.status_code == 200 and "has expired or was altered" in page.body
    assert state("bot-one") is None
    # an altered stamp (made older to pass the minimum time) is refused the same way
    stamp = _form(app)["govopen_stamp"]
    issued, sig = stamp.split(".")
    page = app.post("/user/register", data=dict(data, govopen_stamp=f"{int(issued) - 60}.{sig}"))
    assert "注册表单已过期或被改动" in page.body and state("bot-one") is None


def test_the_honeypot_is_refused(app, quick_form):
    page = register(app, "bot-two", lang="/en", govopen_website="http://spam.example")
    assert "could not be accepted" in page.body and state("bot-two") is None


def test_a_form_sent_too_fast_is_refused(app, ckan_config, monkeypatch):
    from ckanext.govopen.portal import captcha
    monkeypatch.setitem(ckan_config, "govopen.portal.register_min_seconds", 3600)
    monkeypatch.setitem(ckan_config, "govopen.portal.register_limit", 0)
    page = register(app, "bot-three", lang="/en")
    assert page.status_code == 200 and "sent too quickly" in page.body
    assert state("bot-three") is None
    # a stamp from long enough ago (signed as the form would have) is accepted
    monkeypatch.setitem(ckan_config, "govopen.portal.register_min_seconds", 5)
    register(app, "human-three", govopen_stamp=captcha.stamp(now=time.time() - 30))
    assert state("human-three") == "active"


def test_a_stamp_older_than_a_day_is_refused(app, quick_form):
    from ckanext.govopen.portal import captcha
    page = register(app, "bot-four", lang="/en", govopen_stamp=captcha.stamp(now=time.time() - captcha.MAX_AGE - 5))
    assert "has expired or was altered" in page.body and state("bot-four") is None


# --- the rate limit --------------------------------------------------------------------------

def test_rate_limit_per_client_address(app, ckan_config, monkeypatch):
    monkeypatch.setitem(ckan_config, "govopen.portal.register_min_seconds", 0)
    monkeypatch.setitem(ckan_config, "govopen.portal.register_limit", 2)
    monkeypatch.setitem(ckan_config, "govopen.portal.register_window", 3600)
    address = "198.51.100.%d" % (int(time.time()) % 250 + 1)
    environ = {"REMOTE_ADDR": address}
    _clear(address)
    for name in ("rate-one", "rate-two"):
        _form_post(app, name, environ)
        assert state(name) == "active"
        log_out(app)
    page = _form_post(app, "rate-three", environ, lang="/en")
    assert page.status_code == 200 and "Too many registrations from your network" in page.body
    assert state("rate-three") is None
    page = _form_post(app, "rate-three", environ)
    assert "来自您所在网络的注册过多" in page.body and state("rate-three") is None
    # another address is not held up
    _form_post(app, "rate-other", {"REMOTE_ADDR": "203.0.113.9"})
    _clear("203.0.113.9")
    assert state("rate-other") == "active"
    _clear(address)


def _form_post(app, name, environ, lang=""):
    page = app.get(lang + "/user/register", environ_base=environ).body
    data = {"_csrf_token": _field(page, "_csrf_token"), "govopen_stamp": _field(page, "govopen_stamp"),
            "name": name, "email": f"{name}@example.cn", "password1": PASSWORD, "password2": PASSWORD,
            "terms": "yes", "save": ""}
    return app.post(lang + "/user/register", data=data, environ_base=environ, follow_redirects=True)


def _clear(address):
    from ckan.lib.redis import connect_to_redis
    redis = connect_to_redis()
    for key in redis.scan_iter(match="govopen:*:register:%s:*" % address):
        redis.delete(key)
