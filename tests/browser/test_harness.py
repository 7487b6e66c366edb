"""The harness itself: the server sees what each test creates and nothing a
previous test left, login works, and a missing browser fails the run."""
import pytest

import ckan.tests.factories as factories

from tests.browser.conftest import BROWSER_TEST, PASSWORD, launch_chromium

pytestmark = BROWSER_TEST


def test_server_sees_the_data_this_test_made(make_dataset, browser_page):
    make_dataset(name="harness-first", title="测试数据集甲")
    page = browser_page(1280)
    response = page.goto("/dataset/harness-first")
    assert response.status == 200
    assert "测试数据集甲" in page.locator("h1").first.inner_text()


def test_server_sees_no_data_of_the_previous_test(make_dataset, browser_page):
    """clean_all dropped the tables between the tests; the server reconnects."""
    make_dataset(name="harness-second", title="测试数据集乙")
    page = browser_page(1280)
    assert page.goto("/dataset/harness-first").status == 404
    assert page.goto("/dataset/harness-second").status == 200


def test_login(clean_all, browser_page, login):
    user = factories.User(password=PASSWORD, fullname="浏览器测试用户")
    page = login(browser_page(375), user)
    page.goto("/")
    assert page.locator(".account.authed").count() == 1


def test_missing_chromium_fails_instead_of_skipping():
    with pytest.raises(pytest.fail.Exception, match="chromium"):
        launch_chromium("/nonexistent/chromium")
