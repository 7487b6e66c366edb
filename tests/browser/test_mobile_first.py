"""Mobile first (issue 17): on a phone (375 x 800) a dataset's and a
resource's title, open-type badge and download button are in the first
screen (the top 600 px), before the sidebar; at 1280 px the sidebar stays
beside the content and the title and download stay near the top. Neither
width scrolls sideways. Screenshots of both pages at both widths are saved.

Before (fb9ba9c) at 375 px: CKAN's small-screen layout stacks the wrapper
``column-reverse``, so the sidebar (followers, department, licence) came
first and the dataset's title started far down; the resource page's title
and download (``pre_primary``) came last.
"""
import pytest

from tests.browser.conftest import BROWSER_TEST, no_horizontal_overflow
from tests.browser.test_mobile import PAGES, catalog  # noqa: F401  (fixture)

pytestmark = BROWSER_TEST

FIRST_SCREEN = 600

#: what must be in the first screen, per page (CSS selectors)
LEAD = {
    "dataset": {
        "title": "[data-govopen-lead] h1",
        "badge": "[data-govopen-lead] [data-badge-kind='open_type']",
        "download": "[data-govopen-lead] a.govopen-download",
    },
    "resource": {
        "title": "section.module-resource h1",
        "badge": "section.module-resource [data-badge-kind='open_type']",
        "download": "section.module-resource .actions a.resource-url-analytics.btn",
    },
}
#: the block that holds them
LEAD_BLOCK = {"dataset": "[data-govopen-lead]", "resource": "section.module-resource"}


def _box(page, selector, what):
    locator = page.locator(selector)
    assert locator.count() >= 1, f"{page.url}: no {what} ({selector})"
    first = locator.first
    assert first.is_visible(), f"{page.url}: the {what} is not visible"
    return first.bounding_box()


def _open(browser_page, url, width):
    page = browser_page(width, 800)
    response = page.goto(url)
    assert response.status == 200, f"{url}: HTTP {response.status}"
    page.wait_for_load_state("networkidle")
    return page


@pytest.mark.parametrize("name", ["dataset", "resource"])
def test_title_badge_and_download_in_the_first_screen(name, catalog, browser_page, screenshot):  # noqa: F811
    url = PAGES[name].format(dataset=catalog["name"], resource=catalog["resource_id"])
    boxes = {}
    for width in (375, 1280):
        page = _open(browser_page, url, width)
        no_horizontal_overflow(page)
        screenshot(page, name + "-lead")
        boxes[width] = {what: _box(page, selector, what) for what, selector in LEAD[name].items()}
        for what, box in boxes[width].items():
            bottom = box["y"] + box["height"]
            assert bottom <= FIRST_SCREEN, (
                f"{url} at {width}px: the {what} ends {bottom:.0f}px down, below the first"
                f" {FIRST_SCREEN}px")
            assert box["x"] >= 0 and box["x"] + box["width"] <= width + 1, (
                f"{url} at {width}px: the {what} sticks out sideways ({box})")
        # The way to the file is a real link to it, not to another page.
        href = page.locator(LEAD[name]["download"]).first.get_attribute("href")
        assert "/download/" in href, f"{url}: the download button points at {href}"
        sidebar = page.locator("aside.secondary").first.bounding_box()
        lead = page.locator(LEAD_BLOCK[name]).first.bounding_box()
        if width == 375:
            # Content first, sidebar after it.
            assert lead["y"] < sidebar["y"], f"{url} at 375px: the sidebar comes before the title"
        else:
            # Unchanged at 1280: the sidebar beside the main column, on the left.
            primary = page.locator("div.primary").first.bounding_box()
            assert sidebar["x"] + sidebar["width"] <= primary["x"] + 1, (
                f"{url} at 1280px: the sidebar is not beside the content ({sidebar}, {primary})")
