"""A dataset's search document, its stored verdict and the dataset agree, even
when the department writes the dataset while one of its jobs rebuilds the
document (issue 19: at a city, a just-published dataset's search document
stayed private while the dataset and its verdict said public).

CKAN indexes a write inside it, before its transaction commits. A job that
rebuilt the document meanwhile (validation after its report, the verdict
refresh) read the dataset as committed, i.e. still the old state, and sent
its document after the write's: search then said private for a published
dataset, and a restriction made during a verdict refresh came out "open",
its file locations put back. Here the department's write runs in another
thread (the web app is another process) and is held between its search
document and its commit until the job has either finished (the defect) or
waits for the dataset's row (the fix).
"""
import contextlib
import threading
import time

import pytest
import sqlalchemy as sa

import ckan.model as model
import ckan.tests.helpers as helpers

from ckanext.govopen import events
from ckanext.govopen.validation import jobs as validation_jobs
from ckanext.govopen.verdict import hooks as verdict_hooks

from tests.integration.api_auth import ctx
from tests.integration.conftest import standard_fields
from tests.integration.test_content_guard import upload, work

pytestmark = [pytest.mark.ckan_services, pytest.mark.usefixtures("with_plugins", "clean_all")]

TABLE = "站点编号,站点名称\n1,人民广场\n2,火车站\n".encode("utf-8")
CONDITIONAL = dict(open_type="conditional", open_condition="实名申请后提供",
                   legal_basis="《中华人民共和国数据安全法》第二十一条")


@pytest.fixture
def queue(monkeypatch):
    """The resource jobs, queued as the web app queues them (run by ``work``)."""
    queued = []
    monkeypatch.setattr(events.tk, "enqueue_job",
                        lambda fn, args=None, kwargs=None, **_: queued.append((fn, list(args or []), {})))
    return queued


def _someone_waits_for_a_lock() -> bool:
    with model.meta.engine.connect() as conn:
        return bool(conn.execute(sa.text(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND wait_event_type = 'Lock'")).scalar())


@contextlib.contextmanager
def write_in_flight(write):
    """``write`` in another thread, held after CKAN has indexed it and before it
    commits, until the body has finished or waits for a lock the write holds."""
    indexed, done, failed = threading.Event(), threading.Event(), []
    writer = []

    def hold(session):
        if threading.current_thread() is not writer[0]:
            return
        indexed.set()
        while not done.is_set() and not _someone_waits_for_a_lock():
            time.sleep(0.05)

    def run():
        try:
            write()
        except Exception as e:  # noqa: BLE001 - reported to the test
            failed.append(e)
            indexed.set()
        finally:
            model.Session.remove()
    writer.append(threading.Thread(target=run))
    sa.event.listen(model.Session, "before_commit", hold)   # after CKAN's: the document is sent
    try:
        writer[0].start()
        assert indexed.wait(120)
        assert not failed, failed
        yield
    finally:
        done.set()
        writer[0].join(120)
        sa.event.remove(model.Session, "before_commit", hold)
    assert not writer[0].is_alive() and not failed, failed


def anonymous_search(app, name):
    res = app.get("/api/3/action/package_search", query_string={"q": "name:%s" % name, "rows": 10})
    assert res.status_code == 200
    return res.json["result"]["results"]


def checked_dataset(sysadmin, department, queue, name):
    """A private dataset with a table its content jobs have scanned and validated."""
    ds = helpers.call_action("package_create", ctx(sysadmin), name=name, title="公交站点", notes="站点。",
                             owner_org=department["id"], private=True, **standard_fields())
    res = upload(sysadmin, ds, TABLE, "%s.csv" % name, "CSV")
    work(queue)
    return ds, res


def test_a_dataset_published_while_its_table_is_validated_is_found_public(app, sysadmin, department, queue):
    ds, res = checked_dataset(sysadmin, department, queue, "bus-stops")
    assert anonymous_search(app, "bus-stops") == []
    with write_in_flight(lambda: helpers.call_action("package_patch", ctx(sysadmin), id=ds["id"],
                                                     private=False)):
        # the department's validation (govopen_validate) reindexes the dataset
        validation_jobs.validate_resource(res["id"], force=True)

    shown = helpers.call_action("package_show", id=ds["id"])
    assert shown["private"] is False and shown["govopen_verdict"]["open_type"] == "unconditional"
    found = anonymous_search(app, "bus-stops")
    assert [p["id"] for p in found] == [ds["id"]]
    assert found[0]["govopen_verdict"] == shown["govopen_verdict"]


def test_a_restriction_made_while_the_verdict_is_refreshed_holds(app, sysadmin, department, queue):
    ds, res = checked_dataset(sysadmin, department, queue, "taxi-trips")
    helpers.call_action("package_patch", ctx(sysadmin), id=ds["id"], private=False)
    location = helpers.call_action("resource_show", id=res["id"])["url"]
    assert location and location in app.get("/api/3/action/package_show",
                                            query_string={"id": "taxi-trips"}).get_data(as_text=True)

    with write_in_flight(lambda: helpers.call_action("package_patch", ctx(sysadmin), id=ds["id"], **CONDITIONAL)):
        verdict_hooks.refresh(ds["id"])         # the resource job after a content check

    shown = app.get("/api/3/action/package_show", query_string={"id": "taxi-trips"})
    assert shown.json["result"]["open_type"] == "conditional"
    assert shown.json["result"]["govopen_verdict"]["open_type"] == "conditional"
    assert location not in shown.get_data(as_text=True)
    found = anonymous_search(app, "taxi-trips")
    assert [p["govopen_verdict"]["open_type"] for p in found] == ["conditional"]
    assert location not in app.get("/api/3/action/package_search",
                                   query_string={"q": "name:taxi-trips"}).get_data(as_text=True)
