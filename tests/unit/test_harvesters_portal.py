"""Chinese portal listings through the standard's crosswalks (reused, not
duplicated): the five real listings, read from disk and over HTTP."""
import json
import os

import pytest

from ckanext.govopen.standard import crosswalk
from govopen_harvesters import config, pipeline
from govopen_harvesters.record import HarvestError, Record
from govopen_harvesters.report import summarize

from tests.conftest import REALDATA
from tests.local_server import LocalServer
from tests.unit.harvest_roots import load_local

LISTINGS = os.path.join(REALDATA, "china", "portal-catalogs")


def cfg(portal, **kw):
    base = {"name": "%s-portal" % portal, "type": "portal_listing", "portal": portal,
            "path": os.path.join(LISTINGS, crosswalk.portal(portal)["listing"])}
    base.update(kw)
    if base.get("path"):
        return load_local(base)
    return config.load({k: v for k, v in base.items() if v is not None})


def records(items):
    return [i for i in items if isinstance(i, Record)]


@pytest.mark.parametrize("portal", crosswalk.portal_names())
def test_real_listing(portal):
    c = cfg(portal)
    with open(os.path.join(LISTINGS, crosswalk.portal(portal)["listing"]), encoding="utf-8") as f:
        raws = json.load(f)
    summary, items = summarize(c)
    print("\n" + summary.text())
    assert summary.complete and summary.read == len(raws)
    identities = {crosswalk.identity(crosswalk.portal(portal), r) for r in raws}
    # every distinct record is mapped once; every repeat is reported as a duplicate
    assert summary.mapped == len(identities)
    dups = [e for e in items if isinstance(e, HarvestError)]
    assert all(e.code == "record_duplicate" for e in dups)
    assert len(dups) == len(raws) - len(identities)
    got = records(items)
    # owner_org stays the providing department the listing names; classification is conservative
    assert all(r.dataset["owner_org"] for r in got)
    assert all(r.dataset["open_type"] == "none" for r in got)
    assert any(r.source.get("declared_classification", {}).get("open_type") == "unconditional" for r in got)
    assert summary.valid >= 0.8 * summary.mapped


def test_listing_over_http_with_a_department():
    c = cfg("guilin")
    with LocalServer() as srv:
        url = srv.add_file("/guilin.json", os.path.join(LISTINGS, crosswalk.portal("guilin")["listing"]),
                           "application/json")
        got = records(pipeline.harvest(cfg("guilin", path=None, url=url, department="guilin-data"),
                                           allow=["127.0.0.1/32"]))   # the caller's allow-list
    assert len(got) == 150
    assert all(r.dataset["owner_org"] == "guilin-data" and r.source["department"] for r in got)


def test_unknown_portal_is_a_clear_error(tmp_path):
    p = tmp_path / "x.json"
    p.write_text("[]", encoding="utf-8")
    (e,) = list(pipeline.harvest(load_local({"name": "x", "type": "portal_listing", "portal": "atlantis",
                                             "path": str(p)})))
    assert e.fatal and "atlantis" in e.message["en"] and "shanghai" in e.message["en"]


def test_bad_records_in_a_listing(tmp_path):
    good = {"数据集名称": "公交线路", "摘要": "线路", "数据提供方": "上海市交通委员会", "数据领域": "交通出行",
            "开放属性": "无条件开放", "更新频度": "每年", "首次发布日期": "2020-01-01", "数据格式": "csv"}
    bad = dict(good, 数据集名称="XX公交")
    body = json.dumps([good, 42, bad], ensure_ascii=False).encode("utf-8").replace("XX".encode(), b"\xff\xfe")
    p = tmp_path / "l.json"
    p.write_bytes(body)
    items = list(pipeline.harvest(load_local({"name": "l", "type": "portal_listing", "portal": "shanghai",
                                              "path": str(p)})))
    assert [type(i).__name__ for i in items] == ["HarvestError", "HarvestError", "HarvestError", "Record"]
    assert [i.code for i in items[:3]] == ["source_bad_encoding", "record_not_object", "record_bad_encoding"]
    assert items[3].dataset["title"] == "公交线路"
