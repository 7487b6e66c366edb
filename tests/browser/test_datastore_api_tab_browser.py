"""The API tab of a loaded table (issue 15) as a developer uses it: the
JavaScript example, copied from the page, runs in the browser against the live
server and returns the table's rows (1280 px); the tab at 1280 and 375 px, zh
and en (screenshots); the grid's own words in Chinese on a zh page."""
import pytest

from tests.browser.conftest import BROWSER_TEST, no_horizontal_overflow
from tests.browser.test_datastore_grid_browser import table  # noqa: F401  (fixture)

pytestmark = BROWSER_TEST

#: the example, as a developer pastes it into an async function, with console.log caught
RUN_EXAMPLE = """async (code) => {
  const logged = [];
  const log = console.log;
  console.log = (...args) => logged.push(args);
  try { await (new Function('return (async () => {' + code + '})()'))(); }
  finally { console.log = log; }
  return logged;
}"""


def open_api_tab(page):
    tab = page.locator("details.govopen-datastore-api")
    tab.locator("summary").click()
    page.locator("pre.govopen-api-example[data-lang=javascript]").wait_for()
    return tab


def test_the_javascript_example_returns_the_rows(table, browser_page, live_url):
    ds, res, view = table
    page = browser_page(1280)
    page.goto(f"/dataset/{ds['name']}/resource/{res['id']}")
    open_api_tab(page)
    code = page.locator("pre.govopen-api-example[data-lang=javascript] code").inner_text()
    assert res["id"] in code and live_url.rstrip("/") in code
    logged = page.evaluate(RUN_EXAMPLE, code)
    assert len(logged) == 1
    total, records = logged[0]
    assert total == 25
    assert [r["编号"] for r in records] == [1, 2, 3, 4, 5]
    assert [r["站点"] for r in records] == ["西直门1号", "东直门2号", "建国门3号", "复兴门4号", "朝阳门5号"]


@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_api_tab_at_each_width_and_language(table, browser_page, screenshot, width, lang):
    ds, res, view = table
    page = browser_page(width, locale="zh-CN" if lang == "zh" else "en-US")
    prefix = "" if lang == "zh" else "/en"
    page.goto(f"{prefix}/dataset/{ds['name']}/resource/{res['id']}")
    tab = open_api_tab(page)
    summary = tab.locator("summary").inner_text()
    assert ("查询" in summary) if lang == "zh" else ("query this table row by row" in summary)
    assert tab.locator("pre.govopen-api-example").count() == 4
    tab.scroll_into_view_if_needed()
    no_horizontal_overflow(page)
    screenshot(page, f"api-tab-{lang}")
    if lang == "zh" and width == 1280:
        # the grid's frame: CKAN's DataTables words in Chinese (datastore/grid_words.py)
        grid = page.frame_locator(f"iframe[src*='/view/{view['id']}']")
        grid.locator("#dtprv tbody tr td").first.wait_for()
        # waited for, not counted at once: DataTables draws its buttons after the first
        # rows (the full run, under load, counted 0 right after the first cell)
        grid.locator("text=排序").first.wait_for()
        grid.locator("[title='自适应列宽']").first.wait_for()   # DataTables may draw the header twice
        assert page.locator("a.btn", has_text="全屏").count() >= 1
