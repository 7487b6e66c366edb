"""Crosswalks: the five real Chinese portal listings map into the standard, and
the DCAT-AP 3 / DCAT-US 1.1 maps cover every vocabulary value.

The listings are real crawls (../shared/realdata/china/portal-catalogs/): the
tests print what was read, mapped and rejected and why, and assert properties
of the result, never the counts themselves.
"""
import os
import re

import pytest

from ckanext.govopen.standard import crosswalk as cw
from ckanext.govopen.standard import dcat, loader, rules

from tests.conftest import REALDATA

LISTINGS = os.path.join(REALDATA, "china", "portal-catalogs")
PORTALS = cw.portal_names()


#: Least share of distinct source records that must map to valid records.
#: Every portal publishes some records whose classification it does not state
#: (conditionally open without a legal basis, no open type, no theme); those are
#: rejected by design, so the bar is "a substantial share", not "almost all".
MIN_VALID_SHARE = 0.3


def _listing(cfg):
    return cw.read_listing(os.path.join(LISTINGS, cfg["listing"]))


_cache = {}


def mapped(name):
    if name not in _cache:
        cfg = cw.portal(name)
        raws = _listing(cfg)
        _cache[name] = (cfg, raws, cw.map_listing(cfg, raws))
    return _cache[name]


def test_there_is_one_crosswalk_per_listing():
    assert set(PORTALS) == {"shanghai", "guiyang", "zhejiang", "jiangsu", "guilin"}
    listings = [cw.portal(p)["listing"] for p in PORTALS]
    assert len(set(listings)) == 5
    if os.path.isdir(LISTINGS):
        for name in listings:
            assert os.path.isfile(os.path.join(LISTINGS, name)), name


# --- the crosswalk files themselves ------------------------------------------------

def _specs(cfg):
    for field, spec in cfg["fields"].items():
        for src in spec.get("sources", [spec]):
            yield field, src


@pytest.mark.parametrize("name", PORTALS)
def test_crosswalk_targets_are_standard_fields(name):
    cfg = cw.portal(name)
    fields = {f["field_name"] for f in loader.schema_fields("dataset")} | {"tags"}
    assert set(cfg["fields"]) <= fields
    assert set(cfg.get("defaults") or {}) <= fields
    assert re.match(r"^[0-9A-Z]{1,14}$", cfg["resource_code_prefix"])
    assert cfg["notes"]["zh"] and cfg["notes"]["en"]
    # the defaults themselves satisfy the standard
    for field, value in (cfg.get("defaults") or {}).items():
        assert not rules.validate_dataset({field: value}).get(field), (field, value)


@pytest.mark.parametrize("name", PORTALS)
def test_crosswalk_source_fields_exist_in_the_listing(name):
    cfg = cw.portal(name)
    keys = set()
    for raw in _listing(cfg):
        keys.update(raw)
    used = set(cfg.get("identity") or [])
    for _, spec in _specs(cfg):
        for k in ("from", "infer_from"):
            v = spec.get(k)
            used.update([v] if isinstance(v, str) else v or [])
    used.add(cfg["resources"]["formats_from"])
    if cfg.get("sequence"):
        used.add(cfg["sequence"]["from"])
    assert used <= keys, used - keys


def _all_maps():
    """(where, target vocabulary, {word: code}) for every value map anywhere."""
    for name in loader.shared_value_map_names():
        m = loader.shared_value_map(name)
        yield "value_maps/%s" % name, m["target"], m["values"]
    for p in PORTALS:
        for name, m in (cw.portal(p).get("value_maps") or {}).items():
            yield "%s:%s" % (p, name), m["target"], m["values"]


@pytest.mark.parametrize("where,target,values", list(_all_maps()), ids=lambda x: x if isinstance(x, str) else "")
def test_every_crosswalk_value_maps_into_a_vocabulary(where, target, values):
    assert target in loader.vocabulary_names(), where
    for word, code in values.items():
        assert code is None or loader.is_member(target, code), (where, word, code)


def test_every_map_a_crosswalk_names_exists():
    for p in PORTALS:
        cfg = cw.portal(p)
        names = [spec["map"] for _, spec in _specs(cfg) if spec.get("map")]
        names.append(cfg["resources"]["map"])
        for n in names:
            target, table = cw.value_map(cfg, n)
            assert table and target in loader.vocabulary_names(), (p, n)


# --- the real listings ---------------------------------------------------------------

@pytest.mark.parametrize("name", PORTALS)
def test_listing_maps_through_its_crosswalk(name):
    cfg, raws, results = mapped(name)
    s = cw.summarize(results, top=6)
    distinct = s["read"] - s["duplicates"]
    print("\n%s (%s): read %d, mapped %d, rejected %d (of which duplicates %d)" % (
        name, cfg["listing"], s["read"], s["mapped"], s["rejected"], s["duplicates"]))
    for reason, count in s["top_reasons"]:
        print("    %5d  %s" % (count, reason))
    assert s["read"] == len(raws) > 0
    assert s["mapped"] + s["rejected"] == s["read"]
    assert s["mapped"] >= MIN_VALID_SHARE * distinct, s
    # every rejection says why, in both languages
    for m in results:
        if not m.ok:
            assert m.reasons()
            for _, msg in m.problems:
                assert msg.render("zh") and msg.render("en")


@pytest.mark.parametrize("name", PORTALS)
def test_mapped_records_are_valid_standard_records(name):
    cfg, raws, results = mapped(name)
    good = [m.record for m in results if m.ok]
    codes_ = [r["resource_code"] for r in good]
    assert len(codes_) == len(set(codes_))                      # unique within the catalog
    for r in good:
        assert rules.validate_dataset(r) == {}
        assert rules.validate_dataset(r, exists=lambda c: False) == {}
        for field in ("theme", "open_type", "update_frequency", "share_type", "security_level",
                      "personal_info", "language", "license_id"):
            vocab = loader.schema_field(field)["vocabulary"]
            assert loader.is_member(vocab, r[field]), (field, r[field])
        assert loader.entry("gb2260", r["spatial_code"])
        assert codes_within(r["spatial_code"], cfg["fields"]["spatial_code"]["within"])
        assert r["title"] == r["title"].strip()
        for res in r["resources"]:
            assert set(res) >= {"name", "format", "url"}
        for t in r.get("tags", []):
            assert 2 <= len(t) <= 100 and not re.search(r"[^\w \-.]", t)


def codes_within(code, region):
    from ckanext.govopen.standard import codes
    return codes.within(code, region)


@pytest.mark.parametrize("name", PORTALS)
def test_mapping_is_deterministic(name):
    cfg, raws, results = mapped(name)
    again = cw.map_listing(cfg, raws[:200])
    assert [m.record for m in again] == [m.record for m in results[:200]]


def test_rejections_name_what_the_source_must_fix():
    # Jiangsu publishes 依申请开放 datasets without a legal basis: those are
    # conditionally open records and are rejected for that reason.
    cfg, raws, results = mapped("jiangsu")
    on_application = [m for m in results if m.source.get("开放类型") == "依申请开放"]
    assert on_application
    for m in on_application:
        assert m.record["open_type"] == "conditional"
        assert m.record["open_condition"] == "依申请开放"
        assert "legal_basis: required_unless" in m.reasons()
    # Shanghai's crawl repeats pages: repeats are reported as duplicates.
    _, raws, results = mapped("shanghai")
    dups = [m for m in results if any(p.id == "duplicate_record" for _, p in m.problems)]
    identities = {cw.identity(cw.portal("shanghai"), r) for r in raws}
    assert len(dups) == len(raws) - len(identities)


def test_single_record_mapping_details():
    raw = {"标题": "桂林市农专年报", "来源部门": "桂林市市场监督管理局", "重点领域": "其他",
           "发布时间": "2021-11-26", "更新时间": "2023-03-04", "开放条件": "无条件开放",
           "数据量": "44,270", "所属行业": "卫生和社会工作", "更新频率": "每年", "部门电话": "暂无",
           "部门邮箱": "暂无", "标签": "", "描述": "年报信息",
           "详情页网址": "https://gl.data.gxzf.gov.cn/gl/catalog/a78e", "数据格式": "['xls', 'json', 'csv']"}
    m = cw.map_record("guilin", raw).validate()
    assert m.ok, m.problems
    r = m.record
    assert r["theme"] == "health"                 # 其他 is weak: the industry decides
    assert r["spatial_code"] == "450300" and r["open_type"] == "unconditional"
    assert [x["format"] for x in r["resources"]] == ["XLS", "JSON", "CSV"]
    assert "contact_email" not in r               # 暂无 is a placeholder
    assert re.match(r"^GL09-[0-9]{9}$", r["resource_code"])
    # unknown words reject the record and say which word
    raw2 = dict(raw, 更新频率="每两年")
    m2 = cw.map_record("guilin", raw2).validate()
    assert not m2.ok and "update_frequency: unmapped '每两年'" in m2.reasons()
    assert "每两年" in m2.problems[0][1].render("zh")


def test_zhejiang_frequency_suffix_and_condition_text():
    raw = {"标题": "t", "摘要": "s", "标签": "种、观测点、市场", "更新周期": "不定期(更新说明:暂无新业务数据产生)",
           "资源格式": "数据库-mysql", "数源单位": "省农业农村厅", "联系方式": "0571-88383388",
           "数据领域": "生态环境,气象服务", "行业分类": "暂无", "开放条件": "提出申请",
           "更新日期": "2023-06-02", "发布日期": "2019-01-29", "数据量": "1",
           "详情页网址": "https://data.zjzwfw.gov.cn/jdop_front/detail/data.do?iid=4208"}
    m = cw.map_record("zhejiang", raw)
    r = m.record
    assert r["update_frequency"] == "irregular"
    assert r["open_type"] == "conditional" and r["open_condition"] == "提出申请"
    assert r["theme"] == "environment"
    assert r["tags"] == ["观测点", "市场"]          # one-character tags are not CKAN tags
    assert "contact_email" not in r
    assert r["resource_code"] == "ZJ13-000004208"  # the portal's own id as the sequence
    assert r["resources"][0]["format"] == "DB"
    assert r["spatial_code"] == "330000"


# --- DCAT crosswalks ---------------------------------------------------------------------

@pytest.mark.parametrize("fn,vocab", [
    (dcat.access_rights_uri, "open_type"), (dcat.frequency_uri, "update_frequency"),
    (dcat.language_uri, "language"), (dcat.access_level, "open_type"),
])
def test_dcat_maps_cover_every_vocabulary_value(fn, vocab):
    for code in loader.codes(vocab):
        assert fn(code), (fn.__name__, code)


def test_dcat_ap_values():
    eu = "http://publications.europa.eu/resource/authority/"
    assert dcat.access_rights_uri("unconditional") == eu + "access-right/PUBLIC"
    assert dcat.access_rights_uri("conditional") == eu + "access-right/RESTRICTED"
    assert dcat.access_rights_uri("none") == eu + "access-right/NON_PUBLIC"
    assert dcat.frequency_uri("irregular") == eu + "frequency/IRREG"
    assert dcat.frequency_uri("semiannual") == eu + "frequency/ANNUAL_2"
    assert dcat.theme_uris("transport") == [eu + "data-theme/TRAN"]
    assert dcat.theme_uris("other") == []
    for code in loader.codes("theme"):
        for uri in dcat.theme_uris(code):
            assert uri.startswith(eu + "data-theme/")
    assert dcat.file_type_uri("csv") == eu + "file-type/CSV"
    assert dcat.file_type_uri("API") is None
    assert dcat.license_uri(None) == "https://creativecommons.org/licenses/by/4.0/"


def test_dcat_us_values():
    assert [dcat.access_level(c) for c in ("unconditional", "conditional", "none")] == [
        "public", "restricted public", "non-public"]
    pattern = re.compile(r"^R/P(?:\d+Y)?(?:\d+M)?(?:\d+W)?(?:\d+D)?(?:T(?:\d+H)?(?:\d+M)?(?:\d+S)?)?$")
    for code in loader.codes("update_frequency"):
        v = dcat.accrual_periodicity(code)
        assert v is None and code == "never" or v == "irregular" or pattern.match(v), (code, v)
    assert dcat.accrual_periodicity("quarterly") == "R/P3M"
    assert dcat.accrual_periodicity("annual") == "R/P1Y"


def _pod_validator():
    """GSA's non-federal POD v1.1 dataset schema (one validator for all tests:
    tests.unit.test_dcat_datajson)."""
    from .test_dcat_datajson import NON_FEDERAL, validator
    return validator(NON_FEDERAL, "dataset-non-federal.json")


def test_mapped_records_validate_against_the_pod_schema_through_data_json(no_stored_findings):
    """The records the portal crosswalks make, exported the way ``/data.json``
    exports them (``dcat.datajson``), are valid POD v1.1 (non-federal)."""
    from ckanext.govopen.dcat import datajson
    from .test_standard_rules import valid_dataset
    site = "https://data.example.gov.cn"
    validator = _pod_validator()
    full = valid_dataset(open_type="conditional", open_condition="实名申请", legal_basis="《条例》",
                         url="https://data.example.gov.cn/ds/1", name="ds-1")
    full["organization"] = {"title": "上海市住房和城乡建设管理委员会"}
    full["resources"] = [{"url": "https://data.example.gov.cn/ds/1.csv", "format": "CSV", "name": "CSV"},
                         {"url": "https://data.example.gov.cn/api/1", "format": "API", "name": "API"}]
    out = datajson.dataset(full, site)
    # the validator does bite: a broken object fails
    broken = dict(out, accessLevel="open", contactPoint={"fn": "x", "hasEmail": "x@y"})
    broken["distribution"] = [{"downloadURL": "https://x.cn/a.csv"}]
    assert len(list(validator.iter_errors(broken))) >= 3
    errors = sorted(validator.iter_errors(out), key=str)
    assert not errors, [e.message for e in errors]
    assert out["accessLevel"] == "restricted public" and "实名申请" in out["rights"]
    assert out["temporal"] == "2019-01-01/2022-12-31"
    # conditional: the distributions point at the dataset's page, never at the file
    assert [d.get("accessURL") for d in out["distribution"]] == [site + "/dataset/ds-1"] * 2
    assert not any("downloadURL" in d for d in out["distribution"])
    opened = datajson.dataset(dict(full, open_type="unconditional", open_condition=None, legal_basis=None), site)
    assert opened["distribution"][0]["mediaType"] == "text/csv"
    assert opened["distribution"][0]["downloadURL"] == "https://data.example.gov.cn/ds/1.csv"
    assert "downloadURL" not in opened["distribution"][1] and opened["distribution"][1]["accessURL"]
    for name in PORTALS:
        for m in [m for m in mapped(name)[2] if m.ok][:50]:
            errors = list(validator.iter_errors(datajson.dataset(m.record, site)))
            assert not errors, (name, [e.message for e in errors])


def test_hash_collisions_within_a_batch_get_distinct_codes(monkeypatch):
    real = cw._hash_sequence
    monkeypatch.setattr(cw, "_hash_sequence", lambda text, digits, salt="": 7 if not salt else real(text, digits, salt))
    base = {"标题": "a", "来源部门": "桂林市教育局", "重点领域": "教育文化", "发布时间": "2021-01-01",
            "更新时间": "2021-01-01", "开放条件": "无条件开放", "更新频率": "每年", "描述": "d",
            "数据格式": "['csv']"}
    raws = [dict(base, 详情页网址="https://x/1"), dict(base, 详情页网址="https://x/2"), dict(base, 详情页网址="https://x/1")]
    results = cw.map_listing("guilin", raws)
    assert results[0].record["resource_code"] == "GL08-000000007"
    assert results[1].record["resource_code"] != results[0].record["resource_code"]
    assert results[0].ok and results[1].ok
    assert [p.id for _, p in results[2].problems] == ["duplicate_record"]
