"""The header's language toggle: Chinese by default, English after a click
on "EN", Chinese again after "中文"; govopen's own strings follow."""
from tests.browser.conftest import BROWSER_TEST

pytestmark = BROWSER_TEST


def developers_link(page):
    return page.locator("#main-navigation-toggle a[href$='/api-docs']")


def test_switch_to_english_and_back(make_dataset, browser_page, screenshot):
    make_dataset(name="bus-routes", title="北京市公交线路数据")
    page = browser_page(1280)
    page.goto("/dataset/")
    assert page.locator("html").get_attribute("lang").startswith("zh")
    assert developers_link(page).inner_text().strip() == "开发者"
    assert page.locator(".govopen-lang-toggle a.active").inner_text() == "中文"

    with page.expect_navigation():
        page.locator(".govopen-lang-toggle a", has_text="EN").click()
    assert "/en/dataset" in page.url
    assert page.locator("html").get_attribute("lang") == "en"
    assert developers_link(page).inner_text().strip() == "Developers"
    assert page.locator(".govopen-lang-toggle a.active").inner_text() == "EN"
    screenshot(page, "search-en")

    with page.expect_navigation():
        page.locator(".govopen-lang-toggle a", has_text="中文").click()
    assert "/en/" not in page.url
    assert developers_link(page).inner_text().strip() == "开发者"


def test_api_page_in_both_languages(browser_page):
    page = browser_page(375)
    page.goto("/api-docs")
    zh = page.locator("h1").first.inner_text()
    page.goto("/en/api-docs")
    en = page.locator("h1").first.inner_text()
    assert en == "API for developers"
    assert zh != en and zh == "开发者接口"
