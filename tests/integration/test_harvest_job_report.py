"""The govopen report of a harvest job, on ckanext-harvest's job page and as an
action: counts, blocked per gate, every error with the source record's id, in
the reader's language; progress while the job runs; only the source's
department (and sysadmins) may see it."""
import pytest

import ckan.plugins.toolkit as tk
from ckan.tests import factories, helpers

from ckanext.govopen.harvest import job

from tests.integration.test_harvest_datajson import Catalog, entry, make_source, server  # noqa: F401
from tests.integration.api_auth import as_user, token

pytestmark = [pytest.mark.ckan_services, pytest.mark.usefixtures("with_plugins", "clean_all")]


@pytest.fixture
def finished(tmp_path, department, server):
    catalog = Catalog(3)
    catalog.datasets.append(entry("ds-bad", description=""))            # the standard requires an abstract
    url = server.add("/data.json", catalog)
    source, _ = make_source(tmp_path, department, url)
    return source, job.run(source).as_dict()


def test_the_job_page_shows_every_count_and_error_to_the_department(app, sysadmin, finished):
    source, rep = finished
    assert (rep["created"], rep["errored"]) == (3, 1)
    url = "/harvest/%s/job/%s" % (source["name"], rep["job_id"])
    page = app.get(url, **as_user(sysadmin)).body
    assert 'data-status="finished"' in page
    for key in ("read", "created", "updated", "unchanged", "withdrawn", "blocked", "errored"):
        assert 'data-count="%s">%d<' % (key, rep[key]) in page
    assert 'data-gate="classification"' in page
    # ckanext-harvest's own badges say the same (they counted harvest objects: "0 added")
    import re
    for diff, key in (("added", "created"), ("updated", "updated"), ("error", "errored")):
        badge = re.search(r'data-diff="%s">\s*(\d+)' % diff, page)
        assert badge and int(badge.group(1)) == rep[key], (diff, badge and badge.group(0))
    (error,) = rep["errors"]
    assert error["record_id"] == "ds-bad" and "<code>ds-bad</code>" in page
    assert error["zh"] in page and "采集报告" in page                      # the default language is zh
    english = app.get("/en" + url, **as_user(sysadmin)).body
    assert "Harvest report" in english and error["en"] in english


def test_the_report_action_matches_the_job_and_is_refused_to_outsiders(app, sysadmin, finished):
    source, rep = finished
    got = helpers.call_action("govopen_harvest_job_report", context={"user": sysadmin["name"]},
                              id=rep["job_id"])
    assert {k: got[k] for k in ("created", "errored", "blocked", "read", "blocked_by_gate")} == \
        {k: rep[k] for k in ("created", "errored", "blocked", "read", "blocked_by_gate")}
    assert got["status"] == "finished" and got["finished"]

    outsider = factories.User()
    for user in (None, outsider):
        with pytest.raises(tk.NotAuthorized):
            helpers.call_action("govopen_harvest_job_report",
                                context={"user": user["name"] if user else "", "ignore_auth": False},
                                id=rep["job_id"])
        api = app.get("/api/3/action/govopen_harvest_job_report?id=%s" % rep["job_id"], status=403,
                      **as_user(user))
        assert "ds-bad" not in api.body
        page = app.get("/harvest/%s/job/%s" % (source["name"], rep["job_id"]), **as_user(user),
                       expect_errors=True)
        assert page.status_code in (302, 403, 404) and "ds-bad" not in page.body


def test_a_running_job_shows_how_far_it_got(tmp_path, department, server, sysadmin, monkeypatch):
    monkeypatch.setattr(job, "PROGRESS_SECONDS", 0)
    url = server.add("/data.json", Catalog(5))
    source, _ = make_source(tmp_path, department, url)
    seen = []

    def progress(n):
        from ckanext.govopen.harvest import model as hmodel
        import ckan.model as model
        row = hmodel.last_report(model.Session, source["id"])
        seen.append(helpers.call_action("govopen_harvest_job_report", context={"user": sysadmin["name"]},
                                        id=row["job_id"]))

    job.run(source, progress=progress, import_workers=1)
    assert [s["status"] for s in seen] == ["running"] * 5
    assert [(s["read"], s["created"]) for s in seen] == [(1, 1), (2, 2), (3, 3), (4, 4), (5, 5)]
    assert helpers.call_action("govopen_harvest_job_report", context={"user": sysadmin["name"]},
                               id=seen[0]["job_id"])["status"] == "finished"


def _source_count(body):
    import re
    found = re.search(r"<dt>\s*(?:数据集|Datasets)\s*</dt>\s*<dd>\s*(\d+)\s*</dd>", body)
    assert found, "no dataset count on the source page"
    return int(found.group(1))


def test_the_source_page_counts_the_datasets_its_reader_may_see(app, sysadmin, finished):
    source, rep = finished
    mine = helpers.call_action("package_search", context={"user": sysadmin["name"]},
                               fq='+harvest_source_id:"%s"' % source["id"], include_private=True, rows=10)
    public = [d for d in mine["results"] if not d["private"]]
    assert mine["count"] == rep["created"] == 3
    # the department (here a sysadmin) reads 3, held ones included, and sees them listed;
    # before, govopen's datasets were not indexed under their source at all (no
    # HarvestObject rows): "数据集 0" above an empty list
    body = app.get("/harvest/%s" % source["name"], **as_user(sysadmin)).body
    assert _source_count(body) == 3
    for dataset in mine["results"]:
        assert 'href="/dataset/%s"' % dataset["name"] in body
    # an anonymous visitor: the public ones only
    assert _source_count(app.get("/harvest/%s" % source["name"]).body) == len(public)


def test_the_sources_list_counts_the_source_s_public_datasets(app, sysadmin, finished):
    """The sources list ("数据集: N") read ckanext-harvest's count of its HarvestObject
    rows, which a govopen job never writes: always 0. It counts the source's public
    datasets (public only: the status is also in the source's search document), and the
    job re-indexes the source so the list shows its last run."""
    import re
    import ckan.model as model
    source, rep = finished
    mine = helpers.call_action("package_search", context={"user": sysadmin["name"]},
                               fq='+harvest_source_id:"%s"' % source["id"], include_private=True, rows=10)
    assert mine["count"] == 3 and all(d["private"] for d in mine["results"])     # all held
    # held datasets are counted for nobody in the status, not even for a sysadmin asking
    # (it is also written into the source's search document, which anyone reads)
    status = helpers.call_action("harvest_source_show_status", context={"user": sysadmin["name"]}, id=source["id"])
    assert status["total_datasets"] == 0
    # one of them published (as publish.py does once its checks allow; here straight in the table)
    model.Session.execute(model.package_table.update().where(model.package_table.c.id == mine["results"][0]["id"])
                          .values(private=False))
    model.Session.commit()
    from ckan.lib.search import rebuild
    rebuild(mine["results"][0]["id"])                          # and indexed so, as package_patch would
    status = helpers.call_action("harvest_source_show_status", context={"user": sysadmin["name"]}, id=source["id"])
    assert status["total_datasets"] == 1
    job.run(source)                                            # the next run: the list shows it
    for user in (sysadmin, None):
        body = app.get("/harvest", **as_user(user)).body
        found = re.search(r"(?:数据集|Datasets)\s*:\s*(\d+)", body)
        assert found and int(found.group(1)) == 1, found and found.group(0)
