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


@pytest.mark.parametrize("width,locale", SIZES)
def test_traditional_characters_find_mark_and_suggest(catalog, browser_page, screenshot, width, locale):
    """A visitor typing traditional characters (公交線路) is served the simplified
    title: found, its words marked, and suggested while typing."""
    page = browser_page(width, locale=locale)
    page.goto("/dataset/?q=公交線路" if locale == "zh-CN" else "/en/dataset/?q=公交線路")
    assert page.locator(".dataset-list .dataset-heading").all_inner_texts() == ["南京市公交线路信息"]
    marks = page.locator(".dataset-list mark").all_inner_texts()
    assert marks and set(marks) <= {"公交线路", "线路"}
    box = page.locator("#field-giant-search")
    box.fill("")
    box.click()
    box.press_sequentially("公交線", delay=50)
    options = page.locator("#govopen-suggest li[data-kind=dataset]")
    options.first.wait_for(state="visible")
    assert options.all_inner_texts() == ["南京市公交线路信息"]
    no_horizontal_overflow(page)
    screenshot(page, "traditional-" + locale)


@pytest.mark.parametrize("width,locale", SIZES)
def test_did_you_mean_for_a_query_that_finds_nothing(catalog, browser_page, screenshot, width, locale):
    zh = locale == "zh-CN"
    page = browser_page(width, locale=locale)
    # 公叉: one character off 公交 and not a sound-alike (公胶 is now found by the search itself)
    page.goto("/dataset/?q=公叉" if zh else "/en/dataset/?q=bus%20rootes")
    offer = page.locator(".govopen-did-you-mean")
    assert offer.is_visible()
    assert offer.inner_text().startswith("您是不是要找" if zh else "Did you mean")
    link = offer.locator("a")
    assert link.inner_text() == ("公交" if zh else "bus routes")
    assert page.locator(".govopen-no-results a.btn").is_visible()    # the data request stays offered
    box = offer.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width
    no_horizontal_overflow(page)
    screenshot(page, "did-you-mean-" + locale)
    with page.expect_navigation():
        link.click()
    assert page.locator(".dataset-list .dataset-item").all_inner_texts()[0].find("南京市公交线路信息") >= 0
    assert page.locator(".dataset-list .dataset-item").count() == 1      # never the private one
    assert page.locator(".govopen-did-you-mean").count() == 0


@pytest.fixture
def meaning_catalog(make_dataset):
    make_dataset(name="day-care", title="社区老人托管服务点", notes="各社区老人托管服务点的地址和电话。")
    make_dataset(name="care-homes", title="养老机构名录", notes="全市养老机构的名称、地址和床位数。")
    make_dataset(name="bus-lines", title="南京市公交线路信息", notes="公交线路的走向和站点。")


@pytest.mark.parametrize("width,locale", SIZES)
def test_a_result_found_by_meaning_says_so(meaning_catalog, browser_page, screenshot, width, locale):
    """老人托管 is in one title; 养老机构名录 holds none of its words and is listed
    after it for its meaning, marked as such (search_meaning)."""
    zh = locale == "zh-CN"
    page = browser_page(width, locale=locale)
    page.goto(("" if zh else "/en") + "/dataset/?q=老人托管")
    items = page.locator(".dataset-list .dataset-item")
    items.first.wait_for(state="visible")
    texts = items.all_inner_texts()
    assert "社区老人托管服务点" in texts[0] and any("养老机构名录" in t for t in texts[1:])
    assert not any("南京市公交线路信息" in t for t in texts)
    first, meant = items.nth(0), items.filter(has_text="养老机构名录")
    assert first.locator("mark").count() >= 1 and first.locator('[data-fact="meaning"]').count() == 0
    badge = meant.locator('[data-fact="meaning"]')
    assert badge.inner_text().strip() == ("含义相关" if zh else "Related in meaning")
    assert meant.locator("mark").count() == 0
    no_horizontal_overflow(page)
    screenshot(page, "by-meaning-" + locale)


@pytest.fixture
def question_catalog(make_dataset):
    make_dataset(name="festival", title="清明节烈士扫墓活动安排", notes="各陵园清明节烈士扫墓的时间。")
    make_dataset(name="martyrs", title="烈士纪念设施名录", notes="全市烈士纪念设施的名称和地址。")
    make_dataset(name="secret-martyrs", title="烈士褒扬对象信息", private=True)


@pytest.mark.parametrize("width,locale", SIZES)
def test_a_question_s_short_page_is_filled_after_its_own_answer(question_catalog, browser_page, screenshot,
                                                                width, locale):
    """清明节想去给烈士扫墓: its words (two of three) find one title; the page is filled
    with a title one of its words matches, after it, its word marked (search_ui/fill.py),
    never the held one."""
    zh = locale == "zh-CN"
    page = browser_page(width, locale=locale)
    page.goto(("" if zh else "/en") + "/dataset/?q=清明节想去给烈士扫墓")
    items = page.locator(".dataset-list .dataset-item")
    items.first.wait_for(state="visible")
    texts = items.all_inner_texts()
    assert "清明节烈士扫墓活动安排" in texts[0] and any("烈士纪念设施名录" in t for t in texts[1:])
    assert not any("烈士褒扬对象信息" in t for t in texts)
    filled = items.filter(has_text="烈士纪念设施名录")
    assert filled.locator("mark").count() >= 1 and filled.locator('[data-fact="meaning"]').count() == 0
    no_horizontal_overflow(page)
    screenshot(page, "filled-question-" + locale)
