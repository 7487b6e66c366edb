"""The search page as a visitor sees it (issue 16), in zh and en at 1280 and
375 px: the matched terms are marked in the results, and typing into the
search box offers public titles (keyboard: Down, Enter opens it)."""
import pytest

from tests.browser.conftest import BROWSER_TEST, no_horizontal_overflow

pytestmark = BROWSER_TEST

SIZES = [(1280, "zh-CN"), (375, "zh-CN"), (1280, "en-US"), (375, "en-US")]


@pytest.fixture
def catalog(make_dataset):
    make_dataset(name="bus-lines", title="南京市公交线路信息",
                 notes="南京市公交线路的走向、站点和首末班时间。")
    make_dataset(name="secret-bus", title="公交线路机密调度方案", private=True)


@pytest.mark.parametrize("width,locale", SIZES)
def test_matched_terms_are_marked(catalog, browser_page, screenshot, width, locale):
    page = browser_page(width, locale=locale)
    page.goto("/dataset/?q=公交线路" if locale == "zh-CN" else "/en/dataset/?q=bus%20routes")
    assert page.locator("html").get_attribute("lang") == ("zh-Hans-CN" if locale == "zh-CN" else "en")
    marks = page.locator(".dataset-list mark").all_inner_texts()
    assert marks and set(marks) <= {"公交线路", "线路"}
    assert page.locator('.govopen-result-facts [data-fact="open_type"]').count() == 1
    no_horizontal_overflow(page)
    screenshot(page, "highlight-" + locale)


@pytest.mark.parametrize("width,locale", SIZES)
def test_suggestions_as_you_type(catalog, browser_page, screenshot, width, locale):
    page = browser_page(width, locale=locale)
    page.goto("/dataset/" if locale == "zh-CN" else "/en/dataset/")
    box = page.locator("#field-giant-search")
    box.click()
    box.press_sequentially("公交", delay=50)
    options = page.locator("#govopen-suggest li[data-kind=dataset]")
    options.first.wait_for(state="visible")
    assert options.all_inner_texts() == ["南京市公交线路信息"]          # never the private one
    dropdown = page.locator("#govopen-suggest").bounding_box()
    assert dropdown["x"] >= 0 and dropdown["x"] + dropdown["width"] <= width
    no_horizontal_overflow(page)
    screenshot(page, "suggest-" + locale)
    box.press("ArrowDown")
    with page.expect_navigation():
        box.press("Enter")
    assert page.url.rstrip("/").endswith("/dataset/bus-lines")
    assert page.locator("h1").first.inner_text().strip().endswith("南京市公交线路信息")
