"""A harvest job's page as the department's data officer sees it on a phone:
the govopen report's counts equal the job's, every error row names its source
record (long record ids such as CDC's URLs wrap or scroll inside the table,
never the page), in Chinese by default; a finished job says 已完成 / Finished
and does not reload itself."""
from ckan.tests import factories

from ckanext.govopen.harvest import job

from tests.browser.conftest import BROWSER_TEST, PASSWORD, no_horizontal_overflow
from tests.integration.test_harvest_datajson import Catalog, entry, make_source, server  # noqa: F401

pytestmark = BROWSER_TEST

LONG_ID = "https://data.cdc.gov/api/views/" + "x" * 60 + "/rows-without-any-break-in-them"


def test_the_job_report_fits_a_phone_and_shows_the_jobs_counts(
        tmp_path, department, server, browser_page, login, screenshot):  # noqa: F811
    catalog = Catalog(3)
    catalog.datasets.append(entry(LONG_ID, description=""))        # no abstract: the standard refuses it
    source, _ = make_source(tmp_path, department, server.add("/data.json", catalog))
    report = job.run(source, import_workers=1).as_dict()
    assert (report["created"], report["errored"]) == (3, 1)

    admin = factories.Sysadmin(password=PASSWORD)
    page = browser_page(375)
    login(page, admin)
    page.goto("/harvest/%s/job/%s" % (source["name"], report["job_id"]))
    section = page.locator("#govopen-harvest-report")
    assert section.get_attribute("data-status") == "finished"
    assert "采集报告" in section.inner_text()
    for key in ("read", "created", "updated", "unchanged", "withdrawn", "blocked", "errored"):
        assert section.locator('[data-count="%s"]' % key).inner_text() == str(report[key])
    row = section.locator("table.govopen-harvest-errors tbody tr")
    assert row.count() == 1 and LONG_ID in row.inner_text()
    assert section.locator('[data-gate="classification"]').is_visible()
    no_horizontal_overflow(page)
    screenshot(page, "harvest-job-report")

    # A finished job says so, in words, and stops reloading itself (issue 17:
    # finished jobs kept saying 运行中 and reloaded every 5 s).
    heading = section.locator("h2 small").inner_text().strip()
    assert heading == "已完成", heading
    text = page.evaluate("document.body.innerText")
    assert "运行中" not in text and "Running" not in text
    assert page.locator("meta[http-equiv=refresh]").count() == 0
    # the same in English, at 1280 px
    wide = browser_page(1280)
    login(wide, admin)
    wide.goto("/en/harvest/%s/job/%s" % (source["name"], report["job_id"]))
    report_en = wide.locator("#govopen-harvest-report")
    assert report_en.get_attribute("data-status") == "finished"
    assert report_en.locator("h2 small").inner_text().strip() == "Finished"
    assert "Running" not in wide.evaluate("document.body.innerText")
    no_horizontal_overflow(wide)
    screenshot(wide, "harvest-job-report-en")
