"""The province-wide figures on the open-data dashboard as a visitor sees them
(zh and en, 1280 and 375 px): the rows by city catalog and by department across
cities equal the API's; no city dataset is named; the page does not scroll
sideways on a phone. Same province as tests/integration/test_federation_dashboard.py.
"""
import ckan.tests.helpers as helpers
import pytest

from tests.browser.conftest import BROWSER_TEST, no_horizontal_overflow
from tests.integration.test_federation import no_content_checks, server  # noqa: F401  (fixtures)
from tests.integration.test_federation_dashboard import CITY_NAMES, province  # noqa: F401  (fixture)

pytestmark = BROWSER_TEST


def shown(page, row):
    return row.locator("[data-figure]").evaluate_all(
        "els => Object.fromEntries(els.map(e => [e.dataset.figure, e.textContent.trim()]))")


@pytest.mark.parametrize("prefix,heading", [("", "全省汇总"), ("/en", "Province-wide figures")], ids=["zh", "en"])
def test_province_figures_by_city_and_department_at_1280_and_375(province, browser_page, screenshot,
                                                                  prefix, heading):
    fed = helpers.call_action("govopen_open_data_figures", {"user": "", "ignore_auth": False})["federation"]
    for width in (1280, 375):
        page = browser_page(width)
        page.goto(prefix + "/dashboard/open-data")
        assert page.locator("#govopen-federation").inner_text() == heading
        rows = page.locator("#govopen-by-catalog tbody tr")
        assert rows.count() == len(fed["catalogs"])
        for i, want in enumerate(fed["catalogs"]):
            assert rows.nth(i).get_attribute("data-catalog") == want["catalog"]["key"]
            got = shown(page, rows.nth(i))
            for key in ("catalogued", "public", "open", "conditional", "recent"):
                assert got[key] == str(want[key]), (i, key)
        rows = page.locator("#govopen-by-city-department tbody tr")
        assert rows.count() == len(fed["departments"]) == 2
        for i, want in enumerate(fed["departments"]):
            got = shown(page, rows.nth(i))
            assert (got["catalog"], got["catalogued"]) == (want["department"]["catalog"]["title"],
                                                           str(want["catalogued"]))
            assert rows.nth(i).locator("th a").get_attribute("href") == want["department"]["url"]
        text = page.content()
        for name in CITY_NAMES:
            assert name not in text, name
        no_horizontal_overflow(page)
        page.locator("#govopen-federation").scroll_into_view_if_needed()
        screenshot(page, "province-figures-%s" % ("en" if prefix else "zh"))
