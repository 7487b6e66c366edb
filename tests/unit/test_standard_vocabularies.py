"""The standard's YAML data is complete and consistent: every vocabulary and
code list is bilingual, codes are unique, the schemas point at vocabularies
that exist, and their labels work in CKAN's zh_Hans_CN locale."""
import re

import pytest

from ckanext.govopen.standard import codes, loader

VOCABS = loader.vocabulary_names()

EU_DATA_THEMES = {"AGRI", "ECON", "EDUC", "ENER", "ENVI", "GOVE", "HEAL", "INTR",
                  "JUST", "REGI", "SOCI", "TECH", "TRAN", "OP_DATPRO"}


def test_the_standard_has_the_contract_vocabularies():
    for name in ("open_type", "share_type", "security_level", "personal_info",
                 "update_frequency", "theme", "licenses", "language", "gb2260"):
        assert name in VOCABS


@pytest.mark.parametrize("name", VOCABS)
def test_every_vocabulary_value_has_a_code_and_zh_and_en_labels(name):
    vocab = loader.vocabulary(name)
    assert vocab["label"]["zh"] and vocab["label"]["en"]
    values = vocab["values"]
    assert values, name
    seen = set()
    for v in values:
        code = str(v["code"])
        assert code and code not in seen, (name, code)
        seen.add(code)
        assert isinstance(v.get("zh"), str) and v["zh"].strip(), (name, code)
        assert isinstance(v.get("en"), str) and v["en"].strip(), (name, code)
        desc = v.get("description")
        if desc is not None:
            assert desc.get("zh") and desc.get("en"), (name, code)
    if vocab.get("default") is not None:
        assert str(vocab["default"]) in seen


@pytest.mark.parametrize("name,codes_", [
    ("open_type", ["unconditional", "conditional", "none"]),
    ("share_type", ["unconditional", "conditional", "none"]),
    ("security_level", ["general", "important", "core"]),
    ("personal_info", ["none", "personal", "sensitive", "deidentified", "anonymized"]),
    ("update_frequency", ["realtime", "daily", "weekly", "monthly", "quarterly",
                          "semiannual", "annual", "irregular", "never"]),
])
def test_contract_values_are_exactly_the_published_ones(name, codes_):
    assert loader.codes(name) == codes_


def test_theme_classes_carry_a_number_and_valid_eu_themes():
    numbers = set()
    for code, e in loader.entries("theme").items():
        assert re.match(r"^[0-9]{2}$", e["number"]), code
        assert e["number"] not in numbers
        numbers.add(e["number"])
        assert isinstance(e["eu_theme"], list)
        assert set(e["eu_theme"]) <= EU_DATA_THEMES, code
        assert e["eu_theme"] or code == "other", code
    assert len(loader.codes("theme")) >= 20
    for zh in ("经济建设", "财税金融", "交通运输", "教育文化", "医疗卫生", "社会保障", "资源环境",
               "公共安全", "城建住房", "农业农村", "科技创新", "信用服务", "机构团体", "社会救助",
               "劳动就业", "生活服务", "气象服务", "地理空间", "法律服务", "文化休闲", "安全生产"):
        assert zh in {e["zh"] for e in loader.entries("theme").values()}, zh


def test_licences_have_an_open_default():
    default = loader.default("licenses")
    assert loader.entry("licenses", default)["open"] is True
    marked = [c for c, e in loader.entries("licenses").items() if e.get("default")]
    assert marked == [default]
    ckan = loader.ckan_licenses()
    assert {lic["id"] for lic in ckan} == set(loader.codes("licenses"))
    assert all(lic["title"] and "url" in lic for lic in ckan)


def test_gb2260_has_every_province_and_the_listing_regions():
    entries = loader.entries("gb2260")
    provinces = [c for c, e in entries.items() if e["level"] == "province"]
    assert len(provinces) == 34
    for code, e in entries.items():
        assert re.match(loader.vocabulary("gb2260")["pattern"], code), code
        if e["level"] == "province":
            assert code.endswith("0000") and "parent" not in e
        else:
            assert e["parent"] in entries, code
            assert codes.within(code, e["parent"])
    for code, zh in (("110000", "北京市"), ("310000", "上海市"), ("520100", "贵阳市"),
                     ("330000", "浙江省"), ("320000", "江苏省"), ("450300", "桂林市"),
                     ("520181", "清镇市"), ("310105", "长宁区")):
        assert entries[code]["zh"] == zh


def test_messages_exist_in_both_languages_with_the_same_placeholders():
    fields = re.compile(r"{(\w+)}")
    for mid, texts in loader.messages().items():
        assert texts["zh"].strip() and texts["en"].strip(), mid
        assert set(fields.findall(texts["zh"])) == set(fields.findall(texts["en"])), mid


# --- schemas -------------------------------------------------------------------------

SCHEMAS = ("dataset", "organization")


def _labelled(schema):
    s = loader.schema(schema)
    for f in loader.schema_fields(schema) + s.get("resource_fields", []):
        for key in ("label", "help_text", "form_placeholder"):
            yield f["field_name"], key, f.get(key)
        for c in f.get("choices") or []:
            yield f["field_name"], "choice", c["label"]


@pytest.mark.parametrize("schema", SCHEMAS)
def test_schema_texts_are_bilingual_and_work_in_the_zh_Hans_CN_locale(schema):
    for field, key, value in _labelled(schema):
        if key == "label":
            assert isinstance(value, dict), (field, key)
        if isinstance(value, dict):
            assert set(value) == {"en", "zh_Hans", "zh_Hans_CN"}, (field, key)
            assert value["zh_Hans"] == value["zh_Hans_CN"], (field, key)
            assert value["en"].strip() and value["zh_Hans"].strip(), (field, key)


@pytest.mark.parametrize("schema", SCHEMAS)
def test_schema_vocabularies_and_conditions_point_at_real_things(schema):
    names = {f["field_name"] for f in loader.schema_fields(schema)}
    for f in loader.schema_fields(schema):
        if "vocabulary" in f:
            assert f["vocabulary"] in VOCABS, f["field_name"]
            assert f.get("choices_helper") == "govopen_choices"
        if "govopen_vocab" in (f.get("validators") or ""):
            assert "vocabulary" in f, f["field_name"]
        if "required_if" in f:
            rule = f["required_if"]
            assert rule["field"] in names
            assert ("equals" in rule) != ("not_equals" in rule)
            value = rule.get("equals", rule.get("not_equals"))
            assert loader.is_member(loader.schema_field(rule["field"], schema)["vocabulary"], value)
            assert "govopen_required_if" in f["validators"]
        if "not_before" in f:
            assert f["not_before"] in names
            assert "govopen_iso_date" in f["validators"]


def test_the_dataset_schema_has_every_contract_field():
    s = loader.schema("dataset")
    assert s["scheming_version"] == 2 and s["dataset_type"] == "dataset"
    names = [f["field_name"] for f in s["dataset_fields"]]
    for name in ("title", "title_en", "notes", "notes_en", "owner_org", "resource_code", "theme",
                 "tag_string", "data_elements", "share_type", "share_condition", "open_type",
                 "open_condition", "security_level", "personal_info", "commercial_secret",
                 "classified", "legal_basis", "update_frequency", "issued", "modified",
                 "spatial_code", "temporal_start", "temporal_end", "contact_name",
                 "contact_email", "license_id", "language"):
        assert name in names, name
    assert len(names) == len(set(names))
    required = {f["field_name"] for f in s["dataset_fields"] if f.get("required")}
    assert required == {"title", "notes", "owner_org", "resource_code", "theme", "share_type",
                        "open_type", "security_level", "personal_info", "update_frequency", "issued"}
    org = loader.schema("organization")
    assert org["organization_type"] == "organization"
    assert "govopen_credit_code" in loader.schema_field("provider_code", "organization")["validators"]


def test_field_labels_resolve_in_both_languages():
    assert loader.field_label("resource_code", "zh") == "信息资源代码"
    assert loader.field_label("resource_code", "zh_Hans_CN") == "信息资源代码"
    assert loader.field_label("resource_code", "en") == "Resource code"
    assert loader.field_label("provider_code", "zh") == "统一社会信用代码"


def test_choices_give_scheming_language_dicts():
    ch = loader.choices("open_type")
    assert ch[0] == {"value": "unconditional",
                     "label": {"en": "Unconditionally open", "zh_Hans": "无条件开放",
                               "zh_Hans_CN": "无条件开放"}}
    assert loader.choices("open_type", "zh_Hans_CN")[1] == {"value": "conditional", "label": "有条件开放"}


def test_standards_dir_can_be_overridden(tmp_path, monkeypatch):
    (tmp_path / "vocabularies").mkdir()
    (tmp_path / "vocabularies" / "open_type.yaml").write_text(
        "name: open_type\nlabel: {zh: 开放属性, en: Open type}\n"
        "values:\n  - {code: unconditional, zh: 无条件开放, en: Open}\n", encoding="utf-8")
    monkeypatch.setenv(loader.ENV, str(tmp_path))
    loader.clear_cache()
    try:
        assert loader.codes("open_type") == ["unconditional"]
    finally:
        monkeypatch.delenv(loader.ENV)
        loader.clear_cache()
    assert len(loader.codes("open_type")) == 3


def _text_dicts(node, path=()):
    if isinstance(node, dict):
        if {"en", "zh", "zh_Hans"} & set(node):
            yield path, node
        for k, v in node.items():
            yield from _text_dicts(v, path + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _text_dicts(v, path + (i,))


def test_no_yaml_text_was_split_by_an_unquoted_comma():
    """``{en: a, b}`` silently parses as ``{en: a, b: None}``: catch it everywhere."""
    import glob
    import os
    import yaml
    nullable = {"url", "eu", "media_type"}
    for fn in glob.glob(os.path.join(str(loader.standards_dir()), "**", "*.yaml"), recursive=True):
        with open(fn, encoding="utf-8") as f:
            doc = yaml.safe_load(f)
        for path, d in _text_dicts(doc):
            bad = [k for k, v in d.items() if v is None and k not in nullable]
            assert not bad, (fn, path, bad)
