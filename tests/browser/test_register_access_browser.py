"""Registration -> access request -> approval -> download, end to end in the
browser (issue 17): a visitor on a phone finds a conditionally-open dataset,
registers from its page (terms of use accepted; the captcha needs no outside
service), confirms the address from the mail sent to it, asks for access,
the department's officer approves on the access-requests page, and the
visitor downloads the file, byte for byte.

Before (7cbc870) ``/user/register`` answered 403 and the dataset page only
offered "log in", so a member of the public could not ask at all.

The site sends mail (to the harness's SMTP sink, ``mail_sink``), so the new
account is pending until the visitor opens the link mailed to it, confirms,
and logs in (portal/confirm.py); before 1ab9d5a the account was active and
logged in at once, without a mail.
"""
import io
import re
from urllib.parse import urlsplit

import pytest
from werkzeug.datastructures import FileStorage

import ckan.model as model
import ckan.tests.factories as factories
import ckan.tests.helpers as helpers

from tests.browser.conftest import BROWSER_TEST, PASSWORD, no_horizontal_overflow
from tests.smtp_sink import SmtpSink

pytestmark = BROWSER_TEST

CSV = "站点编号,站点名称,车位数\n1,人民广场,40\n2,火车站北广场,32\n".encode("utf-8")
CONDITIONAL = dict(open_type="conditional", open_condition="实名申请后提供",
                   legal_basis="《中华人民共和国数据安全法》第二十一条", theme="transport")
VISITOR = "zhang-san-reader"


@pytest.fixture
def conditional(sysadmin, make_dataset, ckan_config, monkeypatch):
    """A published conditionally-open dataset with an uploaded CSV."""
    monkeypatch.setitem(ckan_config, "govopen.jobs.inline", "true")
    dataset = make_dataset(name="bike-stations", title="公共自行车站点", private=True, **CONDITIONAL)
    ctx = {"user": sysadmin["name"], "ignore_auth": False}
    helpers.call_action(
        "resource_create", ctx, package_id=dataset["id"], name="站点表", format="CSV", url="stations.csv",
        upload=FileStorage(io.BytesIO(CSV), filename="stations.csv", content_type="text/csv"))
    return helpers.call_action("package_patch", ctx, id=dataset["id"], private=False)


@pytest.fixture
def officer(department):
    user = factories.User(password=PASSWORD)
    helpers.call_action("organization_member_create", id=department["id"], username=user["name"],
                        role="admin")
    return user


def _submit(page, selector):
    with page.expect_navigation():
        page.locator(selector).click()
    page.wait_for_load_state("load")


def test_register_request_approve_download(conditional, officer, browser_page, login, screenshot, mail_sink):
    visitor = browser_page(375, 800)
    visitor.goto(f"/dataset/{conditional['name']}")
    section = visitor.locator("#govopen-access-request")
    assert section.is_visible()
    assert visitor.locator("[data-govopen-lead] a.govopen-download").count() == 0  # no file yet
    screenshot(visitor, "dataset-anonymous")
    section.locator("a.govopen-register").click()
    visitor.wait_for_load_state("load")
    assert "/user/register" in visitor.url
    no_horizontal_overflow(visitor)

    visitor.fill("#field-username", VISITOR)
    visitor.fill("#field-fullname", "张三")
    visitor.fill("#field-email", "zhang.san@example.cn")
    visitor.fill("#field-password", PASSWORD)
    visitor.fill("#field-confirm-password", PASSWORD)
    # The terms box is required in the form; without it (the browser's check
    # taken away, as a script would post) the server refuses, nothing stored.
    visitor.evaluate("document.getElementById('field-terms').removeAttribute('required')")
    _submit(visitor, "#user-register-form button[name=save]")
    assert visitor.locator(".govopen-terms .error-block").inner_text().strip()
    assert model.User.by_name(VISITOR) is None
    screenshot(visitor, "register-without-terms")

    visitor.fill("#field-password", PASSWORD)
    visitor.fill("#field-confirm-password", PASSWORD)
    visitor.check("#field-terms")
    screenshot(visitor, "register")
    _submit(visitor, "#user-register-form button[name=save]")
    # pending until the e-mail is confirmed: not logged in, told to read the mail
    model.Session.expire_all()
    assert model.User.by_name(VISITOR).state == "pending"
    assert "zhang.san@example.cn" in visitor.locator(".govopen-confirm-sent").inner_text()
    screenshot(visitor, "registered")
    [mail] = [m for m in mail_sink.messages if "zhang.san@example.cn" in m["To"]]
    link = re.search(r"https?://\S+/user/confirm/\S+", SmtpSink.text(mail)).group(0)
    visitor.goto(urlsplit(link).path)
    no_horizontal_overflow(visitor)
    screenshot(visitor, "confirm")
    _submit(visitor, "button[name=confirm]")
    model.Session.expire_all()
    assert model.User.by_name(VISITOR).state == "active"
    login(visitor, {"name": VISITOR})

    # Back to the dataset, now signed in: the request form.
    visitor.goto(f"/dataset/{conditional['name']}")
    visitor.fill("#govopen-purpose", "开发出行应用，显示附近站点的可用车位。")
    _submit(visitor, ".govopen-access-form button[type=submit]")
    assert visitor.locator(".govopen-my-request").count() == 1
    assert visitor.locator("[data-govopen-lead] a.govopen-download").count() == 0
    no_horizontal_overflow(visitor)
    screenshot(visitor, "requested")

    desk = browser_page(1280, 900)
    login(desk, officer)
    desk.goto("/govopen/access-requests")
    request = desk.locator(".govopen-request")
    assert request.count() == 1 and VISITOR in request.inner_text()
    no_horizontal_overflow(desk)
    screenshot(desk, "to-decide")
    request.locator("input[name=reason]").fill("用途符合开放条件。")
    _submit(desk, ".govopen-request button[value=approved]")
    screenshot(desk, "decided")

    visitor.goto(f"/dataset/{conditional['name']}")
    download = visitor.locator("[data-govopen-lead] a.govopen-download").first
    assert download.is_visible()
    assert download.bounding_box()["y"] + download.bounding_box()["height"] <= 800  # first screen
    no_horizontal_overflow(visitor)
    screenshot(visitor, "approved")
    # the button's link, fetched with the visitor's session (cookies): the file itself
    href = download.get_attribute("href")
    assert "/download/" in href
    # (the stored URL names the site_url of the process that created the
    # resource, this pytest process's; its path is the file on any server)
    href = urlsplit(href).path
    got = visitor.request.get(href)
    assert got.status == 200 and got.body() == CSV
    assert "attachment" in got.headers.get("content-disposition", "")
    # and not for someone else: an anonymous visitor is refused the same link
    stranger = browser_page(375, 800)
    assert stranger.request.get(href).status == 403
