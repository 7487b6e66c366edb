"""A harvest job's search-index batches: nothing written is left out of search.

The documents go to Solr in batches after each dataset's own transaction
commits (``harvest/search_batch.py``). These tests stop Solr from receiving
them (a real unreachable Solr URL, not a mock) and check that the datasets
are kept, the job says so in zh and en, and the next run indexes them
without writing them again; and that a document that waited while somebody
else changed its dataset is not sent stale.
"""
import pytest

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.lib import search

from ckanext.govopen.harvest import job, search_batch
from ckanext.govopen.harvest import model as hmodel
from ckanext.govopen.harvest.importer import site_context

from tests.integration.test_harvest_datajson import Catalog, harvested, make_source, server  # noqa: F401

pytestmark = [pytest.mark.ckan_services, pytest.mark.usefixtures("with_plugins", "clean_all")]

SOLR_DOWN = "http://127.0.0.1:9/solr/unreachable"


def in_search(dataset_id) -> int:
    search.commit()
    return search.query_for(model.Package).run(
        {"q": "id:%s" % dataset_id, "fq": "+capacity:(public OR private)"}, permission_labels=None)["count"]


def pending(source):
    return hmodel.pending_index(model.Session, source["id"])


def test_a_job_whose_batches_solr_never_received_is_indexed_by_the_next_run(
        tmp_path, department, server, monkeypatch):  # noqa: F811
    url = server.add("/data.json", Catalog(5))
    source, _ = make_source(tmp_path, department, url)

    solr_url = tk.config["solr_url"]
    monkeypatch.setitem(tk.config, "solr_url", SOLR_DOWN)
    first = job.run(source, import_workers=1)
    report = first.as_dict()
    monkeypatch.setitem(tk.config, "solr_url", solr_url)         # Solr is back

    assert report["created"] == 5                                  # written and kept
    stored = harvested(source)
    assert len(stored) == 5
    waiting = [e for e in report["errors"] if e["code"] == "index_pending"]
    assert sorted(e["record_id"] for e in waiting) == sorted(stored)
    assert all("搜索索引" in e["zh"] and "search index" in e["en"] for e in waiting)
    assert sorted(r for r, _d in pending(source)) == sorted(stored)
    assert all(in_search(row["dataset_id"]) == 0 for row in stored.values())

    second = job.run(source, import_workers=1).as_dict()
    assert (second["unchanged"], second["created"], second["updated"], second["errored"]) == (5, 0, 0, 0)
    assert not [e for e in second["errors"] if e["code"] == "index_pending"]
    assert pending(source) == []
    assert all(in_search(row["dataset_id"]) == 1 for row in stored.values())


def test_every_written_dataset_is_in_search_and_none_left_pending(tmp_path, department, server):  # noqa: F811
    """More records than one batch, two workers: every batch reaches Solr."""
    monkey_size = search_batch.SIZE
    search_batch.SIZE = 3
    try:
        url = server.add("/data.json", Catalog(11))
        source, _ = make_source(tmp_path, department, url)
        report = job.run(source, import_workers=2).as_dict()
    finally:
        search_batch.SIZE = monkey_size
    assert report["created"] == 11 and not report["errors"]
    assert pending(source) == []
    assert all(in_search(row["dataset_id"]) == 1 for row in harvested(source).values())


def test_a_document_that_waited_while_its_dataset_changed_is_not_sent_stale(make_dataset):
    from ckan import logic

    dataset = make_dataset(title="Before the batch")
    both = logic.package_show_default_and_custom_schemas({"ignore_auth": True}, dataset["id"])
    batch = search_batch.Batch(source_id="no-such-source", size=100)
    batch.add("record-1", both)
    assert batch.waiting                                           # built, not sent

    tk.get_action("package_patch")(site_context(),
                                   {"id": dataset["id"], "title": "Changed meanwhile"})
    assert batch.flush() == []
    search.commit()
    hits = search.query_for(model.Package).run(
        {"q": "id:%s" % dataset["id"], "fl": "title", "fq": "+capacity:(public OR private)"},
        permission_labels=None)
    assert [r["title"] for r in hits["results"]] == ["Changed meanwhile"]


def test_a_document_solr_refuses_stays_pending_and_the_rest_of_its_batch_is_indexed(make_dataset):
    from ckan import logic

    good, bad = make_dataset(title="Good one"), make_dataset(title="Refused one")
    search.clear_all()
    batch = search_batch.Batch(source_id="no-such-source", size=100)
    for record_id, dataset in (("rec-good", good), ("rec-bad", bad)):
        batch.add(record_id, logic.package_show_default_and_custom_schemas({"ignore_auth": True}, dataset["id"]))
    for doc in batch.waiting[1][3]:
        doc["metadata_modified"] = "not a date"                   # Solr answers 400 for this one

    assert batch.flush() == ["rec-bad"]
    assert in_search(good["id"]) == 1 and in_search(bad["id"]) == 0
