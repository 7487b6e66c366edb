"""The standard's dataset rules: a valid record passes, each broken rule is
reported on its field with a message a person can act on, in zh and en."""
import json
import re

import pytest

from ckanext.govopen.standard import elements, loader, rules
from ckanext.govopen.standard.messages import Message


def valid_dataset(**changes):
    ds = {
        "title": "上海市建筑施工企业资质信息",
        "title_en": "Licensed construction enterprises in Shanghai",
        "notes": "包含企业名称、资质等级、有效期。",
        "owner_org": "sh-housing",
        "resource_code": "301002-000123",
        "theme": "urban_housing",
        "tags": ["建筑", "企业"],
        "data_elements": [
            {"name": "企业名称", "title": "企业名称", "type": "string", "description": "营业执照上的名称"},
            {"name": "资质等级", "title": "资质等级", "type": "string", "description": ""},
            {"name": "有效期至", "title": "有效期至", "type": "date", "description": ""},
        ],
        "share_type": "unconditional",
        "open_type": "unconditional",
        "security_level": "general",
        "personal_info": "none",
        "commercial_secret": False,
        "classified": False,
        "update_frequency": "monthly",
        "issued": "2020-01-02",
        "modified": "2023-04-06",
        "spatial_code": "310000",
        "temporal_start": "2019-01-01",
        "temporal_end": "2022-12-31",
        "contact_name": "数据开放科",
        "contact_email": "sjkf@shanghai.gov.cn",
        "license_id": "cc-by",
        "language": "zh",
    }
    for k, v in changes.items():
        if v is DROP:
            ds.pop(k, None)
        else:
            ds[k] = v
    return ds


DROP = object()


def ids(problems, field):
    return [m.id for m in problems.get(field, [])]


def test_a_complete_dataset_is_valid():
    assert rules.validate_dataset(valid_dataset()) == {}


def test_a_minimal_dataset_is_valid():
    minimal = {k: valid_dataset()[k] for k in (
        "title", "notes", "owner_org", "resource_code", "theme", "share_type", "open_type",
        "security_level", "personal_info", "update_frequency", "issued")}
    assert rules.validate_dataset(minimal) == {}


REQUIRED = ["title", "notes", "owner_org", "resource_code", "theme", "share_type", "open_type",
            "security_level", "personal_info", "update_frequency", "issued"]


@pytest.mark.parametrize("field", REQUIRED)
@pytest.mark.parametrize("empty", [DROP, None, "", "   "])
def test_required_fields(field, empty):
    problems = rules.validate_dataset(valid_dataset(**{field: empty}))
    coded = (loader.schema_field(field) or {}).get("vocabulary")
    assert ids(problems, field) == ["required_choice" if coded else "required"]
    assert list(problems) == [field]


@pytest.mark.parametrize("field,vocab", [
    ("theme", "theme"), ("share_type", "share_type"), ("open_type", "open_type"),
    ("security_level", "security_level"), ("personal_info", "personal_info"),
    ("update_frequency", "update_frequency"), ("language", "language"),
])
def test_coded_fields_take_only_vocabulary_values(field, vocab):
    for code in loader.codes(vocab):
        ds = valid_dataset(**{field: code})
        if field == "open_type" and code != "unconditional":
            ds.update(open_condition="实名注册并签署协议", legal_basis="《上海市公共数据开放暂行办法》")
        if field == "share_type" and code == "conditional":
            ds["share_condition"] = "仅用于行政审批"
        assert rules.validate_dataset(ds) == {}, code
    problems = rules.validate_dataset(valid_dataset(**{field: "有条件开放"}))
    assert ids(problems, field) == ["not_in_vocabulary"]
    msg = problems[field][0]
    assert msg.params["vocabulary"] == vocab
    # the message names the allowed values and their labels
    first = loader.codes(vocab)[0]
    assert first in msg.render("en") and loader.label(vocab, first, "zh") in msg.render("zh")


@pytest.mark.parametrize("code,ok", [
    ("301002-000123", True), ("A-1", True), ("0123456789ABCDEF-123456789", True),
    ("SH17-042577997", True),
    ("301002000123", False), ("301002-", False), ("-000123", False), ("301002-00012a", False),
    ("abc-123", False), ("0123456789ABCDEFG-1", False), ("1-1234567890", False), ("301002 - 000123", False),
    ("301002—000123", False),
])
def test_resource_code_pattern(code, ok):
    problems = rules.validate_dataset(valid_dataset(resource_code=code))
    assert (problems == {}) is ok, problems
    if not ok:
        assert ids(problems, "resource_code") == ["resource_code_pattern"]
        assert "301002-000123" in problems["resource_code"][0].render("zh")


def test_resource_code_pattern_comes_from_the_standard(tmp_path, monkeypatch):
    import shutil
    shutil.copytree(loader.standards_dir(), tmp_path / "std")
    p = tmp_path / "std" / "codes" / "resource_code.yaml"
    p.write_text(p.read_text(encoding="utf-8").replace(
        "pattern: '^[0-9A-Z]{1,16}-[0-9]{1,9}$'", "pattern: '^[0-9]{6}-[0-9]{6}$'"), encoding="utf-8")
    monkeypatch.setenv(loader.ENV, str(tmp_path / "std"))
    loader.clear_cache()
    try:
        assert rules.validate_dataset(valid_dataset(resource_code="301002-000123")) == {}
        assert ids(rules.validate_dataset(valid_dataset(resource_code="A-1")), "resource_code") == [
            "resource_code_pattern"]
    finally:
        monkeypatch.delenv(loader.ENV)
        loader.clear_cache()


def test_resource_code_must_be_unique_in_the_catalog():
    taken = {"301002-000123"}
    problems = rules.validate_dataset(valid_dataset(), exists=taken.__contains__)
    assert ids(problems, "resource_code") == ["resource_code_taken"]
    assert rules.validate_dataset(valid_dataset(resource_code="301002-000124"), exists=taken.__contains__) == {}


@pytest.mark.parametrize("share_type,condition,ok", [
    ("conditional", None, False), ("conditional", "", False), ("conditional", "仅用于行政审批", True),
    ("unconditional", None, True), ("none", None, True),
])
def test_share_condition_required_when_sharing_is_conditional(share_type, condition, ok):
    ds = valid_dataset(share_type=share_type)
    if condition is not None:
        ds["share_condition"] = condition
    problems = rules.validate_dataset(ds)
    assert (problems == {}) is ok
    if not ok:
        assert ids(problems, "share_condition") == ["required_if"]
        m = problems["share_condition"][0]
        assert m.render("zh") == "共享属性为“有条件共享”时，必须填写共享条件。"
        assert m.render("en") == "Sharing condition is required when Share type is “Shared conditionally”."


@pytest.mark.parametrize("open_type,condition,basis,expected", [
    ("unconditional", None, None, {}),
    ("conditional", "实名申请", "《条例》第十条", {}),
    ("conditional", None, "《条例》第十条", {"open_condition": ["required_if"]}),
    ("conditional", "实名申请", None, {"legal_basis": ["required_unless"]}),
    ("conditional", None, None, {"open_condition": ["required_if"], "legal_basis": ["required_unless"]}),
    ("none", None, None, {"legal_basis": ["required_unless"]}),
    ("none", None, "《数据安全法》", {}),
])
def test_open_condition_and_legal_basis(open_type, condition, basis, expected):
    ds = valid_dataset(open_type=open_type)
    if condition:
        ds["open_condition"] = condition
    if basis:
        ds["legal_basis"] = basis
    problems = rules.validate_dataset(ds)
    assert {f: [m.id for m in ms] for f, ms in problems.items()} == expected


def test_legal_basis_message_is_clear():
    m = rules.validate_dataset(valid_dataset(open_type="none"))["legal_basis"][0]
    assert m.render("zh") == "开放属性不是“无条件开放”时，必须填写依据。"
    assert m.render("en") == "Legal basis is required unless Open type is “Unconditionally open”."


@pytest.mark.parametrize("value", [True, "true", "True", "1", "yes", "是", 1])
def test_classified_data_is_rejected(value):
    problems = rules.validate_dataset(valid_dataset(classified=value))
    assert ids(problems, "classified") == ["classified"]
    assert "涉密数据不得进入本目录" in problems["classified"][0].render("zh_Hans_CN")
    assert "Classified data never enters this catalog" in problems["classified"][0].render("en")


@pytest.mark.parametrize("value", [False, "false", "否", "0", DROP, None, ""])
def test_not_classified_passes(value):
    assert rules.validate_dataset(valid_dataset(classified=value)) == {}


@pytest.mark.parametrize("field", ["commercial_secret", "classified"])
def test_booleans_must_be_yes_or_no(field):
    problems = rules.validate_dataset(valid_dataset(**{field: "maybe"}))
    assert ids(problems, field) == ["invalid_boolean"]
    assert rules.validate_dataset(valid_dataset(commercial_secret=True)) == {}


@pytest.mark.parametrize("field", ["issued", "modified", "temporal_start", "temporal_end"])
@pytest.mark.parametrize("bad", ["2023/04/06", "2023-4-6", "06-04-2023", "2023-02-30", "yesterday", "2023-13-01"])
def test_dates_must_be_iso(field, bad):
    ds = valid_dataset(**{field: bad})
    problems = rules.validate_dataset(ds)
    assert ids(problems, field) == ["invalid_date"]
    assert "YYYY-MM-DD" in problems[field][0].render("en")


@pytest.mark.parametrize("good", ["2023-04-06", "2023-04-06T10:20:30", "2023-04-06T10:20:30+08:00"])
def test_iso_dates_and_datetimes_pass(good):
    assert rules.validate_dataset(valid_dataset(modified=good, issued="2023-04-06")) == {}


def test_dates_accept_python_dates():
    import datetime
    assert rules.validate_dataset(valid_dataset(issued=datetime.date(2020, 1, 2),
                                                modified=datetime.datetime(2021, 1, 1, 8))) == {}


def test_modified_not_before_issued():
    problems = rules.validate_dataset(valid_dataset(issued="2023-05-01", modified="2023-04-06"))
    assert ids(problems, "modified") == ["date_order"]
    assert problems["modified"][0].render("zh") == "更新日期（2023-04-06）不能早于发布日期（2023-05-01）。"
    assert rules.validate_dataset(valid_dataset(issued="2023-04-06", modified="2023-04-06")) == {}


def test_temporal_end_not_before_start():
    problems = rules.validate_dataset(valid_dataset(temporal_start="2022-01-01", temporal_end="2021-12-31"))
    assert ids(problems, "temporal_end") == ["date_order"]
    assert "Time coverage to (2021-12-31) cannot be earlier than Time coverage from (2022-01-01)" in \
        problems["temporal_end"][0].render("en")
    # only one end given: nothing to compare
    assert rules.validate_dataset(valid_dataset(temporal_start=DROP, temporal_end="2021-12-31")) == {}


@pytest.mark.parametrize("email,ok", [
    ("sjkf@shanghai.gov.cn", True), ("a.b+c@example.org", True),
    ("sjkf@", False), ("0571-88383388", False), ("a@b", False), ("a b@example.org", False),
    ("数据@example.org", False),
])
def test_contact_email(email, ok):
    problems = rules.validate_dataset(valid_dataset(contact_email=email))
    assert (problems == {}) is ok
    if not ok:
        assert ids(problems, "contact_email") == ["invalid_email"]


@pytest.mark.parametrize("code,ok", [("110000", True), ("310000", True), ("520181", True),
                                      ("999999", False), ("11000", False), ("北京", False)])
def test_spatial_code(code, ok):
    problems = rules.validate_dataset(valid_dataset(spatial_code=code))
    assert (problems == {}) is ok
    if not ok:
        assert ids(problems, "spatial_code") == ["invalid_spatial_code"]


def test_license_from_the_list_with_an_open_default():
    for code in loader.codes("licenses"):
        assert rules.validate_dataset(valid_dataset(license_id=code)) == {}
    assert rules.validate_dataset(valid_dataset(license_id=DROP)) == {}
    assert loader.entry("licenses", rules.default_license())["open"]
    problems = rules.validate_dataset(valid_dataset(license_id="CC-BY-NC"))
    assert ids(problems, "license_id") == ["invalid_license"]
    assert "cc-by" in problems["license_id"][0].render("en")


# --- data elements -------------------------------------------------------------------------

def test_data_elements_accept_json_text_and_chinese_headers():
    els = valid_dataset()["data_elements"]
    assert rules.validate_dataset(valid_dataset(data_elements=json.dumps(els, ensure_ascii=False))) == {}
    schema = elements.to_table_schema(els)
    assert [f["name"] for f in schema["fields"]] == ["企业名称", "资质等级", "有效期至"]
    assert schema["fields"][2]["type"] == "date"
    # header names are kept exactly (spaces included)
    assert elements.normalize([{"name": " 年度 "}]) == [
        {"name": " 年度 ", "title": "", "type": "string", "description": ""}]


@pytest.mark.parametrize("value,expected", [
    ("not json", ["data_elements_invalid_json"]),
    ({"name": "a"}, ["data_elements_not_list"]),
    ('{"name": "a"}', ["data_elements_not_list"]),
    (["企业名称"], ["data_elements_item_not_object"]),
    ([{"title": "无名"}], ["data_elements_name_missing"]),
    ([{"name": "  "}], ["data_elements_name_missing"]),
    ([{"name": "a"}, {"name": "a"}], ["data_elements_name_duplicate"]),
    ([{"name": "a", "type": "varchar"}], ["data_elements_type_invalid"]),
    ([{"name": "a", "unit": "元"}], ["data_elements_unknown_key"]),
    ([{"name": "a", "title": 3}], ["data_elements_text_invalid"]),
])
def test_bad_data_elements(value, expected):
    problems = rules.validate_dataset(valid_dataset(data_elements=value))
    assert ids(problems, "data_elements") == expected
    for m in problems["data_elements"]:
        assert "{" not in m.render("zh") and "{" not in m.render("en") or m.id == "data_elements_invalid_json"


def test_every_table_schema_type_is_accepted():
    for t in loader.codes("field_type"):
        assert rules.validate_dataset(valid_dataset(data_elements=[{"name": "x", "type": t}])) == {}


# --- organizations ---------------------------------------------------------------------------

def test_organization_provider_code():
    assert rules.validate_organization({"provider_code": "914403001922038216"}) == {}
    assert ids(rules.validate_organization({}), "provider_code") == ["required"]
    assert ids(rules.validate_organization({"provider_code": "914403001922038217"}), "provider_code") == [
        "credit_code_checksum"]
    assert ids(rules.validate_organization({"provider_code": "9144030019220382"}), "provider_code") == [
        "credit_code_format"]
    # lower case input is accepted (normalized by the validator)
    assert rules.validate_organization({"provider_code": "91440300708461136t"}) == {}
    assert ids(rules.validate_organization({"provider_code": "914403001922038216",
                                            "contact_email": "x@"}), "contact_email") == ["invalid_email"]


# --- CKAN shapes and messages ---------------------------------------------------------------------

def test_ckan_package_dicts_with_extras_and_organization_are_understood():
    ds = valid_dataset()
    pkg = {k: ds[k] for k in ("title", "notes", "license_id")}
    pkg["organization"] = {"name": "sh-housing", "title": "上海市住房和城乡建设管理委员会"}
    pkg["extras"] = [{"key": k, "value": v if isinstance(v, str) else json.dumps(v, ensure_ascii=False)}
                     for k, v in ds.items() if k not in pkg and k not in ("owner_org", "tags")]
    assert rules.validate_dataset(pkg) == {}


def test_every_message_renders_without_leftover_placeholders():
    samples = {
        "required": dict(field="title"),
        "required_choice": dict(field="theme", vocabulary="theme"),
        "required_if": dict(field="open_condition", other_field="open_type", other_value="conditional",
                            other_vocabulary="open_type"),
        "required_unless": dict(field="legal_basis", other_field="open_type", other_value="unconditional",
                                other_vocabulary="open_type"),
        "not_in_vocabulary": dict(field="theme", value="x", vocabulary="theme"),
        "not_text": dict(field="title"),
        "resource_code_pattern": dict(field="resource_code", value="x", example="301002-000123"),
        "resource_code_taken": dict(field="resource_code", value="x"),
        "classified": dict(field="classified"),
        "invalid_boolean": dict(field="classified", value="x"),
        "invalid_date": dict(field="issued", value="x"),
        "date_order": dict(field="modified", value="2020-01-01", other_field="issued", other_value="2021-01-01"),
        "invalid_email": dict(field="contact_email", value="x"),
        "invalid_spatial_code": dict(field="spatial_code", value="x"),
        "invalid_license": dict(field="license_id", value="x", vocabulary="licenses"),
        "data_elements_invalid_json": dict(field="data_elements", error="Expecting value"),
        "data_elements_not_list": dict(field="data_elements"),
        "data_elements_item_not_object": dict(field="data_elements", index=1),
        "data_elements_unknown_key": dict(field="data_elements", index=1, key="unit"),
        "data_elements_name_missing": dict(field="data_elements", index=1),
        "data_elements_name_duplicate": dict(field="data_elements", name="a"),
        "data_elements_type_invalid": dict(field="data_elements", index=1, name="a", value="x",
                                           vocabulary="field_type"),
        "data_elements_text_invalid": dict(field="data_elements", index=1, key="title"),
        "credit_code_format": dict(field="provider_code", value="x"),
        "credit_code_checksum": dict(field="provider_code", value="x"),
        "unmapped_value": dict(field="theme", source="数据领域", value="x"),
        "duplicate_record": dict(field="resource_code", first=1, value="x"),
        "department_not_registered": dict(field="owner_org", value="上海市统计局"),
    }
    assert set(samples) == set(loader.messages())
    for mid, params in samples.items():
        m = Message(mid, **params)
        for lang in ("zh", "en", "zh_Hans_CN"):
            text = m.render(lang)
            assert not re.search(r"{\w+}", text), (mid, lang, text)
        assert re.search(r"[\u4e00-\u9fff]", m.render("zh")), mid
        d = m.as_dict()
        assert d["zh"] and d["en"] and d["id"] == mid


def test_unknown_message_ids_are_a_programming_error():
    with pytest.raises(KeyError):
        Message("no-such-message")
