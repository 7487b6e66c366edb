"""A govopen catalog read by another (``profile: govopen``), CKAN-free: what
crosses, with which fields, what a conditional dataset keeps of its files,
an incremental run's listing, and a config that names an unknown profile."""
import pytest

from govopen_harvesters import config, federation, pipeline
from govopen_harvesters.record import Listing, Record

from tests.local_server import LocalServer
from tests.unit.test_harvesters_ckan_api import FakeCKAN, cfg

ELEMENTS = [{"name": "stop_id", "title": "站点编号", "type": "string"}]


def city_pkg(i, open_type="unconditional", verdict=None, **kw):
    p = {"id": "city-%02d" % i, "name": "city-ds-%d" % i, "title": "城市数据 %d" % i, "notes": "说明 %d" % i,
         "metadata_created": "2024-01-01T00:00:00", "metadata_modified": "2024-02-0%dT00:00:00" % (i % 9 + 1),
         "private": False, "state": "active", "resource_code": "301002-%06d" % (100 + i), "theme": "transport",
         "share_type": "unconditional", "open_type": open_type, "security_level": "general",
         "personal_info": "none", "update_frequency": "monthly", "issued": "2024-04-01",
         "spatial_code": "110000", "license_id": "cc-by", "data_elements": ELEMENTS,
         "legal_basis": "《政府信息公开条例》", "quasi_identifiers": ["age"], "contact_name": "数据科",
         "contact_email": "data@city.gov.cn", "tags": [{"name": "公交"}],
         "organization": {"name": "city-transport", "title": "市交通局"},
         "govopen_verdict": {"open_type": verdict or open_type, "reasons": []},
         "quality_score": 87.5,
         "resources": [{"name": "stops.csv", "url": "https://files.city.gov.cn/%d.csv" % i, "format": "CSV",
                        "validation_status": "success"}]}
    if open_type == "conditional":
        p["open_condition"] = "实名申请"
    p.update(kw)
    return p


def records(items):
    return [i for i in items if isinstance(i, Record)]


def harvest(packages, **kw):
    with LocalServer() as srv:
        fake = FakeCKAN(packages)
        srv.add("/api/3/action/package_search", fake)
        items = list(pipeline.harvest(cfg(srv.base, profile="govopen", department="province-dept", **kw)))
    return items, fake


def test_only_what_the_city_opens_crosses_with_every_field():
    packages = [city_pkg(1), city_pkg(2, "conditional"), city_pkg(3, "none"),
                city_pkg(4, private=True), city_pkg(5, state="draft"), city_pkg(6, harvest_withdrawn=True),
                city_pkg(7, verdict="none"), city_pkg(8, verdict="conditional")]
    items, fake = harvest(packages)
    got = {r.source_id: r for r in records(items)}
    assert sorted(got) == ["city-01", "city-02", "city-08"]
    assert all(c["fq"] == "effective_open_type:(unconditional OR conditional)" for c in fake.calls)
    one = got["city-01"]
    for field in ("resource_code", "theme", "open_type", "legal_basis", "security_level", "personal_info",
                  "data_elements", "quasi_identifiers", "update_frequency", "issued", "spatial_code"):
        assert one.dataset[field] == packages[0][field], field
    assert one.dataset["owner_org"] == "province-dept" and one.dataset["tags"] == ["公交"]
    assert [r.url for r in one.resources] == ["https://files.city.gov.cn/1.csv"]
    prov = one.source["federation"]
    assert prov["department"] == "city-transport" and prov["dataset_url"].endswith("/dataset/city-ds-1")
    assert prov["validation"] == {"stops.csv": "success"} and prov["quality_score"] == 87.5
    # conditional by declaration or by the city's verdict: conditional here, and no file location
    for rid in ("city-02", "city-08"):
        assert got[rid].dataset["open_type"] == "conditional"
        assert got[rid].dataset["open_condition"]
        assert [r.url for r in got[rid].resources] == [""]
        assert [r.name for r in got[rid].resources] == ["stops.csv"]
    assert all(r.valid for r in got.values()), [r.problems for r in got.values()]


def test_an_incremental_listing_asks_for_what_crosses_only():
    with LocalServer() as srv:
        fake = FakeCKAN([city_pkg(1), city_pkg(2)])
        srv.add("/api/3/action/package_search", fake)
        items = list(pipeline.harvest(cfg(srv.base, profile="govopen"), {"since": "2024-01-01T00:00:00"}))
    assert [i for i in items if isinstance(i, Listing)]
    listing_calls = [c for c in fake.calls if c.get("fl")]
    assert listing_calls and all("effective_open_type:(unconditional OR conditional)" in c["fq"]
                                 for c in listing_calls)


def test_a_config_fq_is_kept_and_the_filter_added_once():
    loaded = cfg("https://city.example.gov.cn", profile="govopen", fq="organization:transport")
    assert loaded["fq"] == "(organization:transport) AND effective_open_type:(unconditional OR conditional)"
    again = config.load(loaded)
    assert again["fq"] == loaded["fq"] and again["trust_source_classification"] is True


@pytest.mark.parametrize("kind, profile", [("ckan_api", "ckan"), ("datajson", "govopen")])
def test_an_unknown_profile_is_refused_in_both_languages(kind, profile):
    with pytest.raises(config.ConfigError) as e:
        config.load({"name": "x", "type": kind, "url": "https://city.example.gov.cn/data.json",
                     "profile": profile})
    assert "profile" in e.value.message["en"] and "配置档" in e.value.message["zh"]


def test_the_copied_fields_are_the_schemas():
    fields = federation.standard_fields()
    for f in ("resource_code", "open_type", "open_condition", "legal_basis", "security_level", "personal_info",
              "data_elements", "share_type", "commercial_secret", "classified"):
        assert f in fields
    assert "owner_org" not in fields and "name" not in fields
