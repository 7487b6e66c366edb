"""A harvest job's page as the department's data officer sees it on a phone:
the govopen report's counts equal the job's, every error row names its source
record (long record ids such as CDC's URLs wrap or scroll inside the table,
never the page), in Chinese by default; a finished job says 已完成 / Finished
and does not reload itself."""
import re

from ckan.tests import factories

from ckanext.govopen.harvest import job

from tests.browser.conftest import BROWSER_TEST, PASSWORD, no_horizontal_overflow
from tests.browser.test_untranslated import _words
from tests.integration.test_harvest_datajson import Catalog, entry, make_source, server  # noqa: F401

pytestmark = BROWSER_TEST

LONG_ID = "https://data.cdc.gov/api/views/" + "x" * 60 + "/rows-without-any-break-in-them"

#: ckanext-harvest's words on its source and job pages, which it has no Chinese
#: catalog for (i18n/stock.py): the job page at 375 px showed them in the Chinese UI
HARVEST_UI = ["Job Report", "Back to job list", "Error Summary", "Job Errors", "Error Report",
              "Only the 20 most frequent errors are shown", "No errors for this job",
              "There is no description for this harvest source", "Reharvest", "Clear",
              "View harvest source", "Jobs", "Started", "Harvest Jobs", "Last Harvest Job",
              "View full job report", "Not yet", "documents with errors", "added", "not modified"]


def english_left(page):
    """ckanext-harvest's English words on a Chinese page (the records' bilingual
    error messages are content: they hold none of these phrases)."""
    return _words(page.evaluate("document.body.innerText"), HARVEST_UI)


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
    # the whole page in Chinese, and the source's pages too (failed before: Job Report,
    # Error Summary, Reharvest ... in English)
    assert english_left(page) == []
    # its dates in Chinese too (moment had no locale for zh-Hans-CN: "December 5, 2026, 1:24 AM")
    dates = page.locator(".automatic-local-datetime")
    assert dates.count() >= 1
    for n in range(dates.count()):
        assert "年" in dates.nth(n).inner_text() and not re.search(r"[A-Z][a-z]+ \d", dates.nth(n).inner_text())
    # ckanext-harvest's details table spans the page (its columns were 15 and 85 PIXELS:
    # the table was ~115 px wide, its dates broken every few letters)
    details = page.locator("table:has(> colgroup > col[width='85'])").first
    assert details.bounding_box()["width"] > 250, details.bounding_box()
    for path in ("/harvest/%s" % source["name"], "/harvest/admin/%s" % source["name"]):
        page.goto(path)
        assert english_left(page) == [], path
        if "admin" not in path:
            # the source's three datasets listed and counted (held ones too, for its department):
            # "数据集 0" above an empty list before (harvest/source_datasets.py)
            assert page.locator("dd").filter(has_text=re.compile(r"^\s*3\s*$")).count() == 1
            assert page.locator(".dataset-list .dataset-item").count() == 3
        no_horizontal_overflow(page)
        screenshot(page, "harvest-source" + ("-admin" if "admin" in path else ""))
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
