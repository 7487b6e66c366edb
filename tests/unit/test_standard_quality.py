"""The metadata quality score: deterministic, 0..100, and adding metadata never lowers it."""
import copy
import json
import random

import pytest

from ckanext.govopen.standard import loader, quality

from .test_standard_rules import valid_dataset


def full_dataset():
    ds = valid_dataset(url="https://data.example.gov.cn/ds/1")
    ds["resources"] = [
        {"name": "数据 (CSV)", "url": "https://data.example.gov.cn/ds/1.csv", "format": "CSV",
         "mimetype": "text/csv", "size": 20480},
        {"name": "接口", "url": "https://data.example.gov.cn/api/1", "format": "API"},
    ]
    return ds


def test_every_indicator_in_the_yaml_is_implemented_and_vice_versa():
    named = {i for d in loader.quality()["dimensions"].values() for i in d["indicators"]}
    assert named == set(quality.INDICATORS)
    assert set(loader.quality()["dimensions"]) == {
        "findability", "accessibility", "interoperability", "reusability", "contextuality"}
    for d in loader.quality()["dimensions"].values():
        assert d["label"]["zh"] and d["label"]["en"]
        for ind in d["indicators"].values():
            assert int(ind["points"]) > 0 and ind["label"]["zh"] and ind["label"]["en"]


def test_a_complete_dataset_scores_100_and_an_empty_one_0():
    full = quality.score(full_dataset())
    assert full["score"] == 100.0 and full["rating"] == "excellent"
    assert full["earned"] == full["max"]
    empty = quality.score({})
    assert empty["score"] == 0.0 and empty["rating"] == "bad"
    for dim in empty["dimensions"].values():
        assert dim["earned"] == 0 and not any(i["passed"] for i in dim["indicators"].values())


def test_the_breakdown_adds_up():
    r = quality.score(valid_dataset())
    assert r["earned"] == sum(d["earned"] for d in r["dimensions"].values())
    assert r["max"] == sum(d["max"] for d in r["dimensions"].values())
    for d in r["dimensions"].values():
        assert d["earned"] == sum(i["points"] for i in d["indicators"].values() if i["passed"])
        assert 0 <= d["score"] <= 100
    assert r["score"] == round(100.0 * r["earned"] / r["max"], 1)
    # no distributions: the accessibility dimension earns nothing
    assert r["dimensions"]["accessibility"]["earned"] == 0


def test_deterministic_and_independent_of_key_order():
    ds = full_dataset()
    del ds["resources"][0]["size"]
    first = quality.score(ds)
    shuffled = dict(sorted(ds.items(), reverse=True))
    assert quality.score(shuffled) == first
    assert quality.score(json.loads(json.dumps(ds, ensure_ascii=False))) == first
    assert quality.score(copy.deepcopy(ds)) == first


def test_ratings_follow_the_bands():
    assert quality.rating(100) == "excellent"
    assert quality.rating(86.7) == "excellent"
    assert quality.rating(60) == "good"
    assert quality.rating(30) == "sufficient"
    assert quality.rating(0) == "bad"


@pytest.mark.parametrize("seed", range(25))
def test_adding_fields_never_lowers_the_score(seed):
    rng = random.Random(seed)
    full = full_dataset()
    if seed % 2:
        full.update(open_type="conditional", open_condition="实名申请", legal_basis="《条例》")
    fields = list(full)
    rng.shuffle(fields)
    ds, last = {}, quality.score({})["score"]
    for f in fields:
        ds[f] = copy.deepcopy(full[f])
        now = quality.score(ds)["score"]
        assert 0 <= now <= 100
        assert now >= last, (f, last, now, sorted(ds))
        last = now
    assert last == 100.0


def test_adding_resources_or_resource_fields_never_lowers_the_score():
    ds = valid_dataset()
    last = quality.score(ds)["score"]
    steps = [
        {"url": "https://x.gov.cn/page"},
        {"url": "https://x.gov.cn/page", "format": "HTML"},
        {"url": "https://x.gov.cn/a.pdf", "format": "PDF"},
        {"url": "https://x.gov.cn/a.xls", "format": "XLS", "size": 100},
        {"url": "https://x.gov.cn/a.csv", "format": "CSV", "mimetype": "text/csv"},
        {"format": "未知格式"},
    ]
    ds["resources"] = []
    for res in steps:
        ds["resources"].append(res)
        now = quality.score(ds)["score"]
        assert now >= last
        last = now


def test_invalid_values_earn_nothing_but_cost_nothing_else():
    good = quality.score(valid_dataset())
    bad = quality.score(valid_dataset(theme="交通", contact_email="x@"))
    assert not bad["dimensions"]["findability"]["indicators"]["theme"]["passed"]
    assert not bad["dimensions"]["interoperability"]["indicators"]["standard_compliance"]["passed"]
    assert bad["dimensions"]["reusability"]["indicators"]["contact_point"]["passed"]  # the name still counts
    assert bad["score"] < good["score"]


def test_scores_of_harvested_records_are_in_range():
    from ckanext.govopen.standard import crosswalk as cw
    raw = {"标题": "桂林市农专年报", "来源部门": "桂林市市场监督管理局", "重点领域": "市场监管",
           "发布时间": "2021-11-26", "更新时间": "2023-03-04", "开放条件": "无条件开放",
           "数据量": "44,270", "所属行业": "", "更新频率": "每年", "部门电话": "暂无",
           "部门邮箱": "暂无", "标签": "年报", "描述": "年报信息",
           "详情页网址": "https://gl.data.gxzf.gov.cn/gl/catalog/a78e", "数据格式": "['xls', 'json', 'csv']"}
    r = quality.score(cw.map_record("guilin", raw).record)
    assert 50 < r["score"] < 100
    assert r["dimensions"]["interoperability"]["indicators"]["standard_compliance"]["passed"]


def test_the_shown_score_rates_the_open_type_the_public_gets(monkeypatch):
    """``logic.quality`` scores the dataset's verdict, not only its declaration: a dataset
    declared unconditional that the verdict keeps closed (personal information found)
    no longer passes "rights" without a legal basis or an opening condition."""
    from ckanext.govopen.logic import quality as shown
    from ckanext.govopen.verdict import read

    ds = dict(valid_dataset(), id="d1", open_type="unconditional")
    ds.pop("legal_basis", None)
    ds.pop("open_condition", None)
    monkeypatch.setattr(read, "open_type", lambda dataset: "unconditional")
    rights = lambda: shown.breakdown(ds)["dimensions"]["contextuality"]["indicators"]["rights"]["passed"]  # noqa: E731
    assert rights() is True
    monkeypatch.setattr(read, "open_type", lambda dataset: "none")
    assert rights() is False
    # whether an open type was declared at all is still the declaration's
    assert shown.breakdown(ds)["dimensions"]["reusability"]["indicators"]["access_rights"]["passed"] is True
