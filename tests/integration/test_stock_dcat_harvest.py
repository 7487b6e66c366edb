"""A stock CKAN 2.12 harvesting govopen with ckanext-dcat's own DCAT RDF harvester.

govopen is served on a port of this machine (the test app, through a real HTTP
server); a stock CKAN (stock schema and plugins: ``harvest dcat
dcat_rdf_harvester``, no govopen, no scheming; its own database and Solr
site_id, ``bench/federation/stock.sh``) harvests ``/catalog.ttl`` page by page
(two datasets a page) with ckanext-harvest's own gather/fetch/import stages
(``bench/federation/stock_harvest.py``, in a second process). It creates every
public dataset, the conditional one as govopen's public catalog lists it (no
file location: its access URL is the dataset's page on govopen), and none of
the private, draft, not-open, withdrawn or deleted ones.
"""
import json
import os
import subprocess
import sys
import threading
import uuid

import pytest
from werkzeug.serving import make_server

import ckan.tests.helpers as helpers

from tests.conftest import REPO
from tests.integration.api_auth import ctx

pytestmark = [pytest.mark.ckan_services, pytest.mark.usefixtures("with_plugins", "clean_all")]

FILES = "https://files.gov-a.example.gov.cn/"
CONDITIONAL = dict(open_type="conditional", open_condition="实名申请后提供",
                   legal_basis="《中华人民共和国数据安全法》第二十一条")


@pytest.fixture(autouse=True)
def no_content_checks(monkeypatch):
    """The files' URLs cannot be fetched here: the gate's content checks are off
    (the classification check and the verdict still decide)."""
    from ckanext.govopen.gate import core
    monkeypatch.setattr(core, "_checks", [c for c in core.all_checks() if c[0] == "classification"])


@pytest.fixture
def served(app, ckan_config, monkeypatch):
    """govopen on a port of this machine; its site URL (and so its page links) is that address."""
    srv = make_server("127.0.0.1", 0, app.app, threaded=False)
    url = "http://127.0.0.1:%d" % srv.server_port
    monkeypatch.setitem(ckan_config, "ckan.site_url", url)
    monkeypatch.setitem(ckan_config, "ckanext.dcat.datasets_per_page", "2")
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield url
    srv.shutdown()
    thread.join()


def stock_harvest(url):
    env = dict(os.environ)
    done = subprocess.run(["bash", os.path.join(REPO, "bench", "federation", "stock.sh")], env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    ini = done.stdout.strip().splitlines()[-1]
    done = subprocess.run([sys.executable, os.path.join(REPO, "bench", "federation", "stock_harvest.py"),
                           "--ini", ini, "--url", url + "/catalog.ttl"],
                          env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_stock_ckan_with_ckanext_dcat_harvests_exactly_what_govopen_opens(served, make_dataset, sysadmin):
    tag = uuid.uuid4().hex[:6]

    def make(kind, **fields):
        title = "%s %s %s" % (tag, kind, "数据")
        return make_dataset(title=title, notes="%s 的说明。" % kind,
                            resources=[{"name": "%s.csv" % kind, "url": FILES + "%s-%s.csv" % (tag, kind),
                                        "format": "CSV"}], **fields)

    public = [make("public-%d" % i) for i in range(4)]
    conditional = make("conditional", **CONDITIONAL)
    hidden = [make("private", private=True), make("draft", state="draft"),
              make("not-open", private=True, open_type="none", legal_basis=CONDITIONAL["legal_basis"])]
    withdrawn = make("withdrawn")          # withdrawn as govopen withdraws: made private
    helpers.call_action("package_patch", ctx(sysadmin), id=withdrawn["id"], private=True)
    deleted = make("deleted")
    helpers.call_action("package_delete", ctx(sysadmin), id=deleted["id"])
    hidden += [withdrawn, deleted]

    out = stock_harvest(served)
    run = out["runs"][0]
    assert run["gather_errors"] == []
    created = {d["title"]: d for d in out["datasets"]}
    # every public dataset and the conditional one (govopen's public catalog lists it), nothing else
    assert sorted(created) == sorted(d["title"] for d in public + [conditional])
    assert run["report_status"] == {"added": 5}
    assert all(d["state"] == "active" and not d["private"] for d in created.values())
    # the stock side kept govopen's identifiers (its resource codes)
    assert sorted(d["identifier"] for d in created.values()) == sorted(
        d["resource_code"] for d in public + [conditional])
    # file locations: a public dataset's file crosses; the conditional one's never does,
    # its only URL is the dataset's page on govopen (where access is requested)
    for d in public:
        assert FILES + "%s-%s.csv" % (tag, d["resources"][0]["name"][:-4]) in created[d["title"]]["urls"]
    cond = created[conditional["title"]]
    assert not any(u.startswith(FILES) for u in cond["urls"])
    assert cond["urls"] == [served + "/dataset/" + conditional["name"]]
    for d in hidden:
        assert d["title"] not in created
