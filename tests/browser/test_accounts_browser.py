"""Self-registration with e-mail confirmation in the browser (issue 17), in zh
and en at 1280 and 375 px: the form (terms, the hidden honeypot), the
"check your mail" notice, the mail read from the harness's SMTP sink in the
reader's language, the confirmation page and its button, the login that
follows; a broken link's page. No horizontal overflow; screenshots saved.

Before 1ab9d5a there was no confirmation: the account was active and logged
in on submit, and no mail was sent (``mail_sink`` stayed empty)."""
import re
from urllib.parse import urlsplit

import pytest

import ckan.model as model

from tests.browser.conftest import BROWSER_TEST, PASSWORD, no_horizontal_overflow
from tests.smtp_sink import SmtpSink

pytestmark = BROWSER_TEST

WORDS = {
    "zh": {"subject": "请确认您在", "sent": "我们已向", "confirmed": "已确认", "invalid": "此确认链接无效",
           "button": "确认我的账户"},
    "en": {"subject": "Confirm your account at", "sent": "we sent an e-mail to", "confirmed": "is confirmed",
           "invalid": "This confirmation link is not valid", "button": "Confirm my account"},
}


def _submit(page, selector):
    with page.expect_navigation():
        page.locator(selector).click()
    page.wait_for_load_state("load")


def _state(name):
    model.Session.expire_all()
    user = model.User.by_name(name)
    return user.state if user else None


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("width", [1280, 375])
def test_register_confirm_log_in(lang, width, browser_page, screenshot, mail_sink, login):
    prefix = "" if lang == "zh" else "/en"
    words = WORDS[lang]
    name = f"reader-{lang}-{width}"
    address = f"{name}@example.cn"
    page = browser_page(width, 800)
    assert page.goto(prefix + "/user/register").status == 200
    no_horizontal_overflow(page)
    # the honeypot is in the form but not where a person sees or tabs to it
    trap = page.locator("#field-govopen-website")
    assert trap.count() == 1 and trap.get_attribute("tabindex") == "-1"
    box = trap.bounding_box()
    assert box is None or box["x"] + box["width"] <= 0
    assert page.locator(".govopen-confirm-note").is_visible()
    page.fill("#field-username", name)
    page.fill("#field-fullname", "李四")
    page.fill("#field-email", address)
    page.fill("#field-password", PASSWORD)
    page.fill("#field-confirm-password", PASSWORD)
    page.check("#field-terms")
    screenshot(page, f"register-{lang}")
    _submit(page, "#user-register-form button[name=save]")

    assert _state(name) == "pending"
    notice = page.locator(".govopen-confirm-sent").inner_text()
    assert words["sent"] in notice and address in notice
    assert page.locator(".flash-messages .alert-danger, .alert-error").count() == 0   # not "not authorised"
    no_horizontal_overflow(page)
    screenshot(page, f"registered-{lang}")
    page.goto(prefix + "/dashboard/datasets")            # not logged in: the login form
    assert "/user/login" in page.url

    [mail] = [m for m in mail_sink.messages if address in m["To"]]
    assert mail["Subject"].startswith(words["subject"])
    link = re.search(r"https?://\S+/user/confirm/\S+", SmtpSink.text(mail)).group(0)
    path = urlsplit(link).path
    assert path.startswith(prefix + "/user/confirm/")    # the link keeps the reader's language
    page.goto(path)
    button = page.locator("button[name=confirm]")
    assert button.inner_text().strip() == words["button"]
    no_horizontal_overflow(page)
    screenshot(page, f"confirm-{lang}")
    _submit(page, "button[name=confirm]")
    assert _state(name) == "active"
    page.locator(".flash-messages .alert").first.wait_for()
    assert words["confirmed"] in page.locator(".flash-messages .alert").first.inner_text()
    no_horizontal_overflow(page)
    screenshot(page, f"confirmed-{lang}")
    login(page, {"name": name})

    # the link a second time, and a broken one
    broken = browser_page(width, 800)
    assert broken.goto(path[:-3] + "xyz").status == 400
    assert words["invalid"] in broken.locator(".govopen-confirm-problem").inner_text()
    no_horizontal_overflow(broken)
    screenshot(broken, f"broken-link-{lang}")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_refused_registration_says_why(lang, browser_page, screenshot):
    """A form whose signed stamp was altered (as a script would post it): the
    form again, with the reason in the reader's language; nothing stored."""
    prefix = "" if lang == "zh" else "/en"
    name = f"altered-{lang}"
    page = browser_page(375, 800)
    page.goto(prefix + "/user/register")
    page.fill("#field-username", name)
    page.fill("#field-email", f"{name}@example.cn")
    page.fill("#field-password", PASSWORD)
    page.fill("#field-confirm-password", PASSWORD)
    page.check("#field-terms")
    page.evaluate("document.querySelector('input[name=govopen_stamp]').value = '1.forged'")
    _submit(page, "#user-register-form button[name=save]")
    summary = page.locator(".error-explanation")
    summary.wait_for()
    expected = {"zh": "注册表单已过期或被改动", "en": "has expired or was altered"}[lang]
    assert expected in summary.inner_text()
    assert _state(name) is None
    assert page.locator("#field-terms").is_checked()         # what was filled in stays
    no_horizontal_overflow(page)
    screenshot(page, f"refused-{lang}")


PLACEHOLDER = {"zh": "张三", "en": "Joe Bloggs"}


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("width", [1280, 375])
def test_register_form_words(lang, width, browser_page, screenshot):
    """The example name is Chinese in the Chinese form (CKAN's catalog gives "Joe
    Bloggs"), and the terms checkbox's sentence has no colon after it (CKAN's
    ``label:after``). Failed before: "Joe Bloggs" and "：" in zh, ":" in en."""
    prefix = "" if lang == "zh" else "/en"
    page = browser_page(width, 800)
    assert page.goto(prefix + "/user/register").status == 200
    fullname = page.locator("#field-fullname")
    fullname.wait_for()
    assert fullname.get_attribute("placeholder") == PLACEHOLDER[lang]
    after = page.evaluate("getComputedStyle(document.querySelector('.govopen-terms label'), '::after').content")
    assert after in ("none", "normal"), after
    # a field's label keeps CKAN's colon: only the terms sentence lost it
    assert page.evaluate("getComputedStyle(document.querySelector('label[for=field-email]'), '::after').content") \
        == '":"'
    no_horizontal_overflow(page)
    screenshot(page, f"register-form-{lang}")
