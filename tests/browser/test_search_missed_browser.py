"""The sysadmin's page of searches that found nothing (issue 16), in zh and en at
1280 and 375 px: a tab of the sysadmin's area leads to it; what a visitor typed
is listed with its count and a link that searches it again; the page does not
scroll sideways; screenshots saved."""
import uuid

import pytest

import ckan.tests.factories as factories

from tests.browser.conftest import BROWSER_TEST, PASSWORD, no_horizontal_overflow

pytestmark = BROWSER_TEST

SIZES = [(1280, "zh-CN"), (375, "zh-CN"), (1280, "en-US"), (375, "en-US")]


@pytest.mark.parametrize("width,locale", SIZES)
def test_the_page_lists_what_found_nothing(browser_page, login, screenshot, width, locale):
    # a long query, as people type a whole question, new each run (letters only: five
    # digits in a row would be kept masked, as a telephone number's are)
    tag = "zqb" + "".join(c for c in uuid.uuid4().hex + uuid.uuid4().hex if c.isalpha())[:8]
    word = tag + " 我想找一下我们村里去年修的那条灌溉水渠的验收记录"
    visitor = browser_page(width, locale=locale)
    visitor.goto("/dataset/?q=" + word)
    assert visitor.locator(".govopen-no-results").count() == 1
    admin = factories.Sysadmin(password=PASSWORD)
    page = browser_page(width, locale=locale)
    login(page, admin)
    prefix = "" if locale == "zh-CN" else "/en"
    # found from the sysadmin's area (Sysadmin settings), not only by its address
    assert page.goto(prefix + "/ckan-admin").status == 200
    tab = page.locator('a[href$="/govopen/search-missed"]')
    assert tab.inner_text().strip() == ("无结果的搜索" if locale == "zh-CN" else "Searches that found nothing")
    with page.expect_navigation():
        tab.click()
    assert page.locator("h1").inner_text() == ("无结果的搜索" if locale == "zh-CN" else "Searches that found nothing")
    # its own tab is the one marked current
    assert page.locator('.active a[href$="/govopen/search-missed"], a.active[href$="/govopen/search-missed"]').count() >= 1
    assert page.goto(prefix + "/govopen/search-missed?weeks=1").status == 200
    assert page.locator("h1").inner_text() == ("无结果的搜索" if locale == "zh-CN" else "Searches that found nothing")
    row = page.locator("table.govopen-missed tbody tr", has_text=tag)
    assert row.count() == 1
    assert row.locator("td.govopen-missed-times").inner_text().strip() == "1"
    # the week's searches and the share that found nothing, above the list
    share = page.locator(".govopen-missed-share").inner_text()
    assert ("次无结果" if locale == "zh-CN" else "found nothing:") in share and "%" in share
    no_horizontal_overflow(page)
    screenshot(page, "search-missed-" + locale)
    with page.expect_navigation():
        row.locator("a").click()
    assert "/dataset/" in page.url and page.locator(".govopen-no-results").count() == 1
    # a sysadmin trying it again is not a visitor missing it again
    page.goto(prefix + "/govopen/search-missed?weeks=1")
    assert row.locator("td.govopen-missed-times").inner_text().strip() == "1"
