"""CSRF protection cannot be switched off by anyone (issue 14, class 5).

CKAN 2.12 exempts a request without a session cookie (API token, anonymous)
from CSRF by adding its view to flask-wtf's process-wide exemption set; that
used to last until restart, so one token POST to a form's URL let a
cross-site form act in a logged-in officer's name ever after. Here an
attacker with a token (and then an anonymous visitor) posts to the access
request decision form; the officer's browser (a real session cookie, no CSRF
token: what a cross-site form sends) must still be refused with CKAN's 400
CSRF answer, and the request stays pending. Token clients keep working."""
import re

import pytest

import ckan.tests.factories as factories
import ckan.tests.helpers as helpers

from tests.integration.api_auth import as_user, ctx

pytestmark = [pytest.mark.ckan_services, pytest.mark.usefixtures("with_plugins", "clean_all")]

FILE = "http://files.example.gov.cn/restricted/csrf-beds-c5x.csv"
PURPOSE = "用于医院床位分布研究（学术用途）。"
PASSWORD = "Correct-horse-5battery"


def log_in(app, user):
    """A browser's login through the real form: ``app`` then holds the session cookie."""
    page = app.get("/user/login").get_data(as_text=True)
    token = re.search(r'name="_csrf_token"\s+value="([^"]+)"', page).group(1)
    res = app.post("/user/login", data={"login": user["name"], "password": PASSWORD, "_csrf_token": token},
                   follow_redirects=False)
    assert res.status_code == 302 and "/user/login" not in res.headers["Location"]
    assert app.get("/dashboard/datasets", follow_redirects=False).status_code == 200


@pytest.fixture(autouse=True)
def no_gate_checks(monkeypatch):
    from ckanext.govopen.gate import core
    monkeypatch.setattr(core, "_checks", [])


@pytest.fixture
def pending(make_dataset, department):
    editor, applicant = factories.User(password=PASSWORD), factories.User()
    helpers.call_action("organization_member_create", id=department["id"],
                        username=editor["name"], role="editor")
    d = make_dataset(open_type="conditional", open_condition="实名申请后提供",
                     legal_basis="《中华人民共和国数据安全法》第二十一条", theme="health",
                     resources=[{"name": "beds", "url": FILE, "format": "CSV"}])
    req = helpers.call_action("govopen_access_request_create", ctx(applicant),
                              package_id=d["id"], purpose=PURPOSE)
    return {"editor": editor, "applicant": applicant, "request": req,
            "url": f"/govopen/access-requests/{req['id']}/decide"}


def status_of(request_id, user):
    [row] = [r for r in helpers.call_action("govopen_access_request_list", ctx(user))
             if r["id"] == request_id]
    return row["status"]


def test_csrf_is_really_on_in_this_configuration(app):
    assert app.flask_app.config["WTF_CSRF_ENABLED"] is True


def test_a_token_post_leaves_the_officers_cookie_posts_protected(app, pending):
    url, editor = pending["url"], pending["editor"]
    # the attacker: a token of their own, and then no credentials at all
    outsider = factories.User()
    attacker = app.test_client(use_cookies=False)
    attacker.post(url, data={"decision": "approved", "reason": "攻击者的请求。"}, **as_user(outsider))
    attacker.post(url, data={"decision": "approved", "reason": "匿名的请求。"})
    assert status_of(pending["request"]["id"], editor) == "pending"

    # the officer's browser: a session cookie, no CSRF token (a cross-site form)
    log_in(app, editor)
    res = app.post(url, data={"decision": "approved", "reason": "跨站伪造的批准。"}, follow_redirects=False)
    assert res.status_code == 400, res.status_code
    assert "CSRF" in res.get_data(as_text=True)
    assert status_of(pending["request"]["id"], editor) == "pending"

    # the same officer's own page still works (its form carries the token)...
    page = app.get("/govopen/access-requests").get_data(as_text=True)
    assert "_csrf_token" in page
    # ...and a token client is still exempt and decides
    res = app.test_client(use_cookies=False).post(
        url, data={"decision": "approved", "reason": "用途符合开放条件。"}, follow_redirects=False,
        **as_user(editor))
    assert res.status_code == 302, res.status_code
    assert status_of(pending["request"]["id"], editor) == "approved"


def test_a_token_post_to_the_dataset_form_leaves_its_cookie_posts_protected(app, pending, make_dataset):
    d = make_dataset()
    url = f"/dataset/edit/{d['name']}"
    app.test_client(use_cookies=False).post(url, data={"title": "x"}, **as_user(factories.User()))
    log_in(app, pending["editor"])
    res = app.post(url, data={"title": "被跨站修改的标题", "name": d["name"]}, follow_redirects=False)
    assert res.status_code == 400, res.status_code
    assert helpers.call_action("package_show", id=d["id"])["title"] == d["title"]
