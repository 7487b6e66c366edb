"""Search as a visitor does it: a query typed into the search box of the
dataset page, in Chinese (no spaces between words) and in English, finds the
datasets that match and not the others."""
import pytest

from tests.browser.conftest import BROWSER_TEST

pytestmark = BROWSER_TEST


@pytest.fixture
def catalog(make_dataset):
    return {
        "bus": make_dataset(name="bus-routes", title="北京市公交线路数据",
                            title_en="Beijing bus routes",
                            notes="全市公共交通线路与站点。", notes_en="Bus lines and stops."),
        "air": make_dataset(name="air-quality", title="空气质量监测日报",
                            title_en="Daily air quality monitoring",
                            notes="各监测站的空气质量指数。", notes_en="Air quality index by station."),
        "school": make_dataset(name="school-list", title="中小学校名录",
                               title_en="Primary and secondary schools",
                               notes="学校名称、地址与学段。", notes_en="School names and addresses."),
    }


def search_from_box(page, query):
    """Type ``query`` into the dataset search box and submit it like a visitor."""
    page.goto("/dataset/")
    box = page.locator("#dataset-search-form input[name=q]")
    box.fill(query)
    box.press("Enter")
    page.wait_for_url(lambda url: "q=" in url)
    page.wait_for_load_state("load")
    return page


def result_names(page):
    """Dataset names (URL slugs) of the result list, in order."""
    hrefs = page.locator(".dataset-list .dataset-heading a").evaluate_all(
        "els => els.map(e => e.getAttribute('href'))")
    return [h.rstrip("/").rsplit("/", 1)[-1] for h in hrefs]


def test_chinese_query_finds_the_matching_dataset(catalog, browser_page, screenshot):
    page = search_from_box(browser_page(1280), "公交")
    assert "q=" in page.url
    assert result_names(page) == ["bus-routes"]
    screenshot(page, "search-zh")


def test_chinese_query_inside_a_longer_title(catalog, browser_page):
    page = search_from_box(browser_page(1280), "空气质量")
    assert result_names(page) == ["air-quality"]


def test_english_query_finds_the_matching_dataset(catalog, browser_page, screenshot):
    page = search_from_box(browser_page(1280, locale="en-US"), "schools")
    assert result_names(page) == ["school-list"]
    screenshot(page, "search-en")


def test_query_without_match_lists_nothing(catalog, browser_page):
    page = search_from_box(browser_page(375), "地铁换乘")
    assert result_names(page) == []
