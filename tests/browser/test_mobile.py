"""Every public page is usable on a phone: at 375 px wide nothing makes the
page scroll sideways (tables may scroll in their own box), and the header
(language toggle, menu button) is visible. Screenshots at 1280 and 375 px
of each page are saved as test artifacts."""
import io

import pytest
from werkzeug.datastructures import FileStorage

import ckan.tests.helpers as helpers

from tests.browser.conftest import BROWSER_TEST, no_horizontal_overflow

pytestmark = BROWSER_TEST

PAGES = {
    "home": "/",
    "search": "/dataset/?q=公交",
    "dataset": "/dataset/{dataset}",
    "resource": "/dataset/{dataset}/resource/{resource}",
    "organization": "/organization/{organization}",
    "api-docs": "/api-docs",
    "login": "/user/login",
}


#: A wide table: its preview must scroll in its own box, not the page.
WIDE_CSV = ("线路编号,线路名称,起点站,终点站,首班车时间,末班车时间,票价（元）,运营单位,途经站点\n"
            + "".join(f"{n},{n}路,北京西站公交场站{n},东直门外枢纽站{n},05:30,23:00,2,"
                      f"北京公共交通控股（集团）有限公司第{n}客运分公司,西站-公主坟-木樨地-复兴门-西单-天安门-王府井-东单\n"
                      for n in range(1, 30))).encode("utf-8")


@pytest.fixture
def catalog(sysadmin, make_dataset, ckan_config, monkeypatch):
    monkeypatch.setitem(ckan_config, "govopen.jobs.inline", "true")
    long_title = "北京市公共交通线路与站点基础信息数据集（含地面公交、轨道交通、郊区客运、定制公交等全部线路）"
    dataset = make_dataset(
        name="bus-routes", title=long_title, title_en="Beijing public transport lines and stops",
        notes="全市公共交通线路与站点。" * 20, private=True,
        tags=[{"name": "公共交通"}, {"name": "transportation-infrastructure-and-stops"}])
    ctx = {"user": sysadmin["name"], "ignore_auth": False}
    resource = helpers.call_action(
        "resource_create", ctx, package_id=dataset["id"], name="线路表", format="CSV", url="routes.csv",
        upload=FileStorage(io.BytesIO(WIDE_CSV), filename="routes.csv", content_type="text/csv"))
    dataset = helpers.call_action("package_patch", ctx, id=dataset["id"], private=False)
    dataset["resource_id"] = resource["id"]
    return dataset


@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_fits_375_and_1280(name, catalog, browser_page, screenshot):
    url = PAGES[name].format(dataset=catalog["name"], organization=catalog["organization"]["name"],
                             resource=catalog["resource_id"])
    for width in (1280, 375):
        page = browser_page(width, 800)
        response = page.goto(url)
        assert response.status == 200, f"{url}: HTTP {response.status}"
        page.wait_for_load_state("networkidle")  # scripts that change the layout have run
        assert page.locator(".govopen-lang-toggle").is_visible()
        no_horizontal_overflow(page)
        screenshot(page, name)
        if width == 375:
            # The collapsed main menu opens with its button and shows the links.
            page.locator(".navbar-toggler").click()
            nav = page.locator("#main-navigation-toggle")
            nav.wait_for(state="visible")
            assert nav.locator("a[href$='/api-docs']").is_visible()
            no_horizontal_overflow(page)
