"""The home page (issue 17): search first; key figures; browse by the
standard's themes and by department with counts that agree with the search
page; the newest datasets; the site's name from configuration in the reader's
language; no CKAN placeholder image, welcome text or tag cloud. At 1280 and
375 px, zh and en, without horizontal overflow; screenshots saved.

Before (fb9ba9c): CKAN's stock home page ("欢迎來到CKAN", a 420x220
placeholder, popular tags including internal ones, no themes or figures)."""
import re

import pytest

from ckan.tests import factories
import ckan.tests.helpers as helpers

from tests.browser.conftest import BROWSER_TEST, no_horizontal_overflow
from tests.integration.conftest import PROVIDER_CODES

pytestmark = BROWSER_TEST

SITE_TITLE = {"zh": "政府数据开放平台 govopen", "en": "govopen open government data portal"}


@pytest.fixture
def catalog(make_dataset, sysadmin):
    transport = factories.Organization(user=sysadmin, title="北京市交通委员会", provider_code=next(PROVIDER_CODES))
    health = factories.Organization(user=sysadmin, title="北京市卫生健康委员会", provider_code=next(PROVIDER_CODES))
    made = [
        make_dataset(name="bus-stops", title="公交站点", owner_org=transport["id"], theme="transport",
                     tags=[{"name": "internal-only-tag"}]),
        make_dataset(name="metro-lines", title="地铁线路", owner_org=transport["id"], theme="transport"),
        make_dataset(name="hospitals", title="医疗机构名录", owner_org=health["id"], theme="health"),
    ]
    # ratings: metro-lines 5 and 4 (4.5), bus-stops 3; hospitals none
    for package, score, user in (("metro-lines", 5, "a"), ("metro-lines", 4, "b"), ("bus-stops", 3, "a")):
        rater = factories.User(name=f"rater-{user}-{package}")
        helpers.call_action("govopen_rating_create", {"user": rater["name"], "ignore_auth": False},
                            package_id=package, score=score)
    return {"datasets": made, "transport": transport, "health": health}


def _number(text):
    return int(re.sub(r"[^0-9]", "", text))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_home_page(lang, catalog, browser_page, screenshot):
    prefix = "" if lang == "zh" else "/en"
    for width in (1280, 375):
        page = browser_page(width, 800)
        assert page.goto(prefix + "/").status == 200
        page.wait_for_load_state("networkidle")
        no_horizontal_overflow(page)
        screenshot(page, f"home-{lang}")
        text = page.evaluate("document.body.innerText")
        for stock in ("CKAN", "欢迎", "Welcome", "420 x 220", "internal-only-tag", "Popular tags"):
            assert stock not in page.locator("[role=main]").inner_text(), f"{lang} {width}: {stock!r} on the home page"
        assert page.locator("[role=main] img").count() == 0, "an image (placeholder, logo) on the home page"
        # The site's name from configuration, in the reader's language.
        assert page.locator("h1").first.inner_text().strip() == SITE_TITLE[lang]
        # Search first: the search box is in the first screen.
        box = page.locator("#govopen-home-q").bounding_box()
        assert box and box["y"] + box["height"] <= 600, f"{width}px: the search box is at {box}"
        # Key figures agree with the search page.
        figures = page.locator(".govopen-home-figures li")
        assert _number(figures.nth(0).inner_text()) == 3
        assert _number(figures.nth(1).inner_text()) == 2
        # Themes: every theme of the standard, with its count.
        transport = page.locator(".govopen-home-themes [data-theme='transport']")
        assert _number(transport.locator(".badge").inner_text()) == 2
        assert ("交通运输" if lang == "zh" else "Transport") in transport.inner_text()
        assert _number(page.locator(".govopen-home-themes [data-theme='health'] .badge").inner_text()) == 1
        assert page.locator(".govopen-home-themes li").count() >= 26
        # Departments with their counts.
        departments = page.locator(".govopen-home-departments li")
        assert departments.count() == 2
        assert "北京市交通委员会" in departments.nth(0).inner_text()
        assert _number(departments.nth(0).locator(".badge").inner_text()) == 2
        # The newest datasets, newest first.
        newest = page.locator(".govopen-home-newest li")
        assert newest.count() == 3
        assert "医疗机构名录" in newest.nth(0).inner_text()
        # The best-rated public datasets, best first, with their averages.
        rated = page.locator(".govopen-home-rated li")
        assert rated.count() == 2
        assert "地铁线路" in rated.nth(0).inner_text() and "4.5" in rated.nth(0).inner_text()
        assert "公交站点" in rated.nth(1).inner_text() and "3.0" in rated.nth(1).inner_text()
        assert text  # the page has text at all
    # The theme link leads to the search page with the same count.
    page.locator(".govopen-home-themes [data-theme='transport'] a").click()
    page.wait_for_load_state("networkidle")
    assert "theme=transport" in page.url
    assert page.locator(".dataset-item").count() == 2
