"""The dataset page and participation as a visitor on a phone: badges that
explain themselves on tap, the preview of a real table scrolling in its own
box, rating and feedback, and a data request answered by the department.

Assertions use the pages' structure (classes, data attributes), not their
wording, so they hold in Chinese and English."""
import io

import pytest
from werkzeug.datastructures import FileStorage

import ckan.tests.factories as factories
import ckan.tests.helpers as helpers

from tests.browser.conftest import BROWSER_TEST, PASSWORD, no_horizontal_overflow
from tests.integration.conftest import standard_fields
from tests.integration.test_dataset_page import MONEY, first_rows
from tests.integration.test_participation import empty_participation_tables  # noqa: F401  (autouse)

pytestmark = BROWSER_TEST

CONTACT = "li.si@example.cn"


def _ctx(user):
    return {"user": user["name"], "ignore_auth": False}


@pytest.fixture
def table_dataset(sysadmin, department, ckan_config, monkeypatch):
    """A public dataset with the real GB18030 table, validated in this process."""
    monkeypatch.setitem(ckan_config, "govopen.jobs.inline", "true")
    with open(MONEY, "rb") as f:
        data = f.read()
    ds = helpers.call_action("package_create", _ctx(sysadmin), name="money-supply", title="货币供应量",
                             notes="月度货币供应量", owner_org=department["id"], private=True,
                             **standard_fields(theme="economy"))
    helpers.call_action("resource_create", _ctx(sysadmin), package_id=ds["id"], name="月度数据",
                        format="CSV", url="money.csv",
                        upload=FileStorage(io.BytesIO(data), filename="money.csv", content_type="text/csv"))
    helpers.call_action("package_patch", _ctx(sysadmin), id=ds["id"], private=False)
    return ds


def test_badges_preview_rating_and_feedback_at_375(table_dataset, browser_page, screenshot):
    page = browser_page(375, 800)
    page.goto(f"/dataset/{table_dataset['name']}")
    kinds = page.locator(".govopen-badge").evaluate_all("els => els.map(e => e.dataset.badgeKind)")
    assert kinds == ["open_type", "security_level", "scan", "validation", "quality"]
    # an explanation is hidden until the badge is tapped, then shown
    explanation = page.locator(".govopen-badge-open_type .govopen-badge-explanation")
    assert not explanation.is_visible()
    page.locator(".govopen-badge-open_type summary").click()
    assert explanation.is_visible() and explanation.inner_text().strip()
    assert page.locator(".govopen-badge-open_type summary").get_attribute("title")

    # the preview: the file's first rows, in a box that scrolls on its own
    cells = page.locator(".govopen-preview-table tbody tr").first.locator("td").all_inner_texts()
    assert cells == first_rows(1)[0]
    box = page.locator(".govopen-preview-scroll").first
    assert box.evaluate("e => getComputedStyle(e).overflowX") == "auto"
    assert box.evaluate("e => e.getBoundingClientRect().right") <= 375
    no_horizontal_overflow(page)
    screenshot(page, "dataset")

    # the star choices read "4 ★", not "4 ★:" (CKAN's label:after colon)
    star = ".govopen-star-choice"
    page.locator(star).first.wait_for()
    assert page.evaluate(f"getComputedStyle(document.querySelector('{star}'), '::after').content") \
        in ("none", "normal")

    # rate 4 stars, then leave feedback, as an anonymous visitor
    page.locator(".govopen-rating-form input[name=score][value='4']").check()
    page.locator(".govopen-rating-form button[type=submit]").click()
    page.wait_for_load_state("load")
    rating = page.locator(".govopen-rating")
    assert rating.get_attribute("data-rating-count") == "1"
    assert rating.get_attribute("data-rating-average") == "4.0"
    page.fill("#govopen-feedback-text", "<b>希望</b>增加分省数据")
    page.fill("#govopen-feedback-name", "访客甲")
    page.locator(".govopen-feedback-form button[type=submit]").click()
    page.wait_for_load_state("load")
    item = page.locator(".govopen-feedback-item .govopen-feedback-text").first
    assert item.inner_text() == "<b>希望</b>增加分省数据"   # shown as typed, not as markup
    assert page.locator(".govopen-feedback-item b").count() == 0
    no_horizontal_overflow(page)
    screenshot(page, "feedback")


def sign_in(page, user):
    """Log in through CKAN's login form (its form has an empty action, so
    submit it from the password field)."""
    page.goto("/user/login")
    page.fill("#field-login", user["name"])
    page.fill("#field-password", PASSWORD)
    page.press("#field-password", "Enter")
    page.wait_for_load_state("load")
    page.goto("/dashboard/data-requests")
    assert "/user/login" not in page.url, f"login as {user['name']} failed"


def test_data_request_asked_anonymously_answered_by_the_department(
        department, browser_page, screenshot):
    admin = factories.User(password=PASSWORD)
    helpers.call_action("organization_member_create", id=department["id"], username=admin["name"], role="admin")

    visitor = browser_page(375, 800)
    visitor.goto("/data-request")
    visitor.locator("a[href$='/data-request/new']").first.click()
    visitor.wait_for_load_state("load")
    visitor.fill("#dr-title", "全市公共自行车站点")
    visitor.fill("#dr-description", "希望开放公共自行车站点位置与车位数，用于出行应用。")
    visitor.select_option("#dr-org", department["id"])
    visitor.fill("#dr-contact", CONTACT)
    no_horizontal_overflow(visitor)
    visitor.locator(".govopen-data-request-form button[type=submit]").click()
    visitor.wait_for_load_state("load")
    request_url = visitor.url
    assert "/data-request/" in request_url
    assert visitor.locator(".govopen-data-request").get_attribute("data-request-status") == "open"
    assert CONTACT not in visitor.content()
    screenshot(visitor, "request")

    officer = browser_page(375, 800)
    sign_in(officer, admin)
    officer.goto("/dashboard/data-requests")
    no_horizontal_overflow(officer)
    link = officer.locator(".govopen-department-requests a").first
    assert link.inner_text() == "全市公共自行车站点"
    link.click()
    officer.wait_for_load_state("load")
    assert CONTACT in officer.locator(".govopen-data-request-contact").inner_text()
    officer.fill("#dr-answer", "已列入下季度开放计划。")
    officer.locator(".govopen-data-request-answer-form button[type=submit]").click()
    officer.wait_for_load_state("load")

    visitor.goto("/data-request")
    listed = visitor.locator(".govopen-data-request-item")
    assert listed.count() == 1 and listed.get_attribute("data-request-id") in request_url
    no_horizontal_overflow(visitor)
    visitor.goto(request_url)
    assert visitor.locator(".govopen-data-request").get_attribute("data-request-status") == "answered"
    assert "已列入下季度开放计划。" in visitor.locator(".govopen-data-request-answer").inner_text()
    assert CONTACT not in visitor.content()
    no_horizontal_overflow(visitor)
    screenshot(visitor, "answered")
