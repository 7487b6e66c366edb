"""The schema YAML works in ckanext-scheming 3.1 with the govopen validators.

No CKAN services: scheming's own preset expansion and validator-string parser
build the navl schema from ``standards/schemas/*.yaml``, CKAN's navl runs it,
and the validators come from ``ckanext.govopen.logic.validators``. Validators
that need the database (slug, organization, uniqueness) are replaced.
"""
import json
import os

import pytest

pytest.importorskip("ckanext.scheming")

import ckan.logic  # noqa: E402
import ckanext.scheming  # noqa: E402
import ckanext.scheming.plugins as scheming_plugins  # noqa: E402
import ckanext.scheming.validation as scheming_validation  # noqa: E402
from ckan.lib.navl.dictization_functions import missing, validate  # noqa: E402
from ckan.plugins import toolkit as tk  # noqa: E402

from ckanext.govopen import feature, plugin  # noqa: E402
from ckanext.govopen.logic import validators  # noqa: E402
from ckanext.govopen.standard import loader  # noqa: E402

from tests.conftest import REPO  # noqa: E402

from .test_standard_rules import valid_dataset  # noqa: E402

PRESETS = os.path.join(os.path.dirname(ckanext.scheming.__file__), "presets.json")
TAKEN = {"301002-999999"}


def _fake_unique(key, data, errors, context):
    if data.get(key) in TAKEN:
        errors[key].append("taken")


def _noop(key, data, errors, context):
    pass


@pytest.fixture
def registry(monkeypatch):
    """CKAN's validator registry with scheming's and govopen's validators (DB ones stubbed)."""
    tk.get_validator("not_empty")  # build CKAN's cache first
    cache = ckan.logic._validators_cache
    for name, fn in scheming_validation.all_validators.items():
        monkeypatch.setitem(cache, name, fn)
    for name, fn in feature.validators(plugin.FEATURES).items():
        monkeypatch.setitem(cache, name, fn)
    monkeypatch.setitem(cache, "govopen_unique_resource_code", _fake_unique)
    for db_bound in ("owner_org_validator", "package_name_validator", "group_name_validator"):
        monkeypatch.setitem(cache, db_bound, _noop)
    monkeypatch.setattr(validators, "current_lang", lambda: "zh")
    return cache


def expanded(name):
    """The schema after scheming's preset expansion (what the plugin does on load)."""
    with open(PRESETS, encoding="utf-8") as f:
        presets = {p["preset_name"]: p["values"] for p in json.load(f)["presets"]}
    monkey = scheming_plugins._SchemingMixin
    old = getattr(monkey, "_presets", None)
    monkey._presets = presets
    try:
        return scheming_plugins._expand_schemas({name: loader.schema(name)})[name]
    finally:
        monkey._presets = old


def navl_schema(name="dataset"):
    s = expanded(name)
    fields = s.get("dataset_fields") or s["fields"]
    return {f["field_name"]: scheming_plugins._field_validators(f, s, False) for f in fields}


def run(data, name="dataset"):
    data = dict(data)
    data.setdefault("name", "a-dataset")
    return validate(data, navl_schema(name), {"model": None, "session": None})


def _configured(option):
    """The value of ``option`` in ``config/ckan-base.ini`` (what the site runs)."""
    import configparser
    ini = configparser.ConfigParser(interpolation=None, strict=False)
    ini.read(os.path.join(REPO, "config", "ckan-base.ini"), encoding="utf-8")
    return ini["app:main"][option]


def test_scheming_loads_the_configured_schemas():
    s = scheming_plugins._load_schema(_configured("scheming.dataset_schemas"))
    assert s["dataset_type"] == "dataset"
    assert s == loader.load("schemas/dataset.yaml")
    o = scheming_plugins._load_schema(_configured("scheming.organization_schemas"))
    assert o["organization_type"] == "organization"


def test_every_preset_and_validator_name_resolves(registry):
    for name in ("dataset", "organization"):
        s = expanded(name)
        for f in (s.get("dataset_fields") or s["fields"]) + s.get("resource_fields", []):
            for key in ("validators", "output_validators"):
                if f.get(key):
                    scheming_validation.validators_from_string(f[key], f, s)
            if f.get("choices_helper"):
                helpers = feature.helpers(plugin.FEATURES)
                assert f["choices_helper"] in helpers
                choices = helpers[f["choices_helper"]](f)
                assert choices and all({"value", "label"} <= set(c) for c in choices)


def test_the_valid_dataset_passes_and_is_normalized(registry):
    data = valid_dataset(commercial_secret="否", classified="false", license_id="",
                         modified="2023-04-06T08:00:00")
    data.pop("tags")
    out, errors = run(data)
    assert not any(errors.values()), errors
    assert out["commercial_secret"] is False and out["classified"] is False
    assert out["license_id"] == "cc-by"                        # the open default
    assert out["modified"] == "2023-04-06"
    stored = json.loads(out["data_elements"])                  # stored as JSON text
    assert stored[0]["name"] == "企业名称"


def test_defaults_fill_in(registry):
    data = valid_dataset()
    for k in ("commercial_secret", "classified", "language", "license_id"):
        data.pop(k)
    out, errors = run(data)
    assert not any(errors.values()), errors
    assert out["classified"] is False and out["language"] == "zh" and out["license_id"] == "cc-by"


@pytest.mark.parametrize("changes,field,fragment", [
    (dict(title=""), "title", "请填写信息资源名称。"),
    (dict(theme=""), "theme", "请填写主题分类。可选值：economy（经济建设）"),
    (dict(issued=None), "issued", "请填写发布日期。"),
    (dict(theme="交通"), "theme", "不是有效的主题分类"),
    (dict(open_type="conditional", legal_basis="《条例》"), "open_condition", "开放属性为“有条件开放”时，必须填写开放条件"),
    (dict(open_type="none"), "legal_basis", "必须填写依据"),
    (dict(share_type="conditional"), "share_condition", "必须填写共享条件"),
    (dict(classified=True), "classified", "涉密数据不得进入本目录"),
    (dict(classified="是"), "classified", "涉密数据不得进入本目录"),
    (dict(commercial_secret="maybe"), "commercial_secret", "不是“是/否”值"),
    (dict(issued="2023/01/01"), "issued", "YYYY-MM-DD"),
    (dict(issued="2024-01-01"), "modified", "不能早于发布日期"),
    (dict(temporal_end="2018-01-01"), "temporal_end", "不能早于时间范围起"),
    (dict(resource_code="301002_000123"), "resource_code", "格式不正确"),
    (dict(resource_code="301002-999999"), "resource_code", "taken"),
    (dict(spatial_code="999999"), "spatial_code", "行政区划代码"),
    (dict(contact_email="sjkf"), "contact_email", "电子邮箱"),
    (dict(license_id="proprietary"), "license_id", "许可协议"),
    (dict(data_elements=[{"name": "a", "type": "text"}]), "data_elements", "数据类型“text”无效"),
    (dict(data_elements="[{"), "data_elements", "不是有效的 JSON"),
])
def test_each_rule_reaches_the_form_field(registry, changes, field, fragment):
    data = valid_dataset(**changes)
    data.pop("tags")
    _, errors = run(data)
    assert any(fragment in e for e in errors.get(field, [])), errors
    others = {k: v for k, v in errors.items() if v and k != field}
    assert not others, others


def test_conditional_fields_with_values_pass(registry):
    data = valid_dataset(open_type="conditional", open_condition="实名申请", legal_basis="《条例》",
                         share_type="conditional", share_condition="仅用于审批")
    data.pop("tags")
    out, errors = run(data)
    assert not any(errors.values()), errors
    assert out["open_condition"] == "实名申请"


def test_messages_follow_the_user_language(registry, monkeypatch):
    monkeypatch.setattr(validators, "current_lang", lambda: "en")
    data = valid_dataset(classified=True)
    data.pop("tags")
    _, errors = run(data)
    assert errors["classified"] == [
        "Classified data never enters this catalog: classified information resources cannot be registered here."]


def test_output_validators_turn_stored_text_back_into_values(registry):
    s = expanded("dataset")
    by_name = {f["field_name"]: f for f in s["dataset_fields"]}
    to_bool = scheming_validation.validators_from_string(by_name["classified"]["output_validators"],
                                                         by_name["classified"], s)[0]
    assert to_bool("False") is False and to_bool("True") is True
    load = scheming_validation.validators_from_string(by_name["data_elements"]["output_validators"],
                                                      by_name["data_elements"], s)[0]
    assert load('[{"name": "企业名称"}]', {}) == [{"name": "企业名称"}]


def test_organization_schema(registry):
    out, errors = run({"name": "sh-stats", "title": "上海市统计局", "provider_code": "91440300708461136t"},
                      "organization")
    assert not any(errors.values()), errors
    assert out["provider_code"] == "91440300708461136T"
    _, errors = run({"name": "sh-stats", "provider_code": "91440300708461136A"}, "organization")
    assert "校验位不正确" in errors["provider_code"][0]
    _, errors = run({"name": "sh-stats"}, "organization")
    assert errors["provider_code"] == ["请填写统一社会信用代码。"]


def test_validators_without_request_use_the_site_language(monkeypatch):
    monkeypatch.setitem(tk.config, "ckan.locale_default", "zh_Hans_CN")
    with pytest.raises(tk.Invalid) as e:
        validators.govopen_not_classified("true")
    assert "涉密" in e.value.error
    monkeypatch.setitem(tk.config, "ckan.locale_default", "en")
    with pytest.raises(tk.Invalid) as e:
        validators.govopen_spatial_code("999999")
    assert "administrative division" in e.value.error


def test_plain_validators_pass_empty_values_through():
    assert validators.govopen_resource_code("") == ""
    assert validators.govopen_spatial_code(missing) is missing
    assert validators.govopen_boolean("") is False
    assert validators.govopen_license(None) == "cc-by"
    assert validators.govopen_email(" a@b.cn ") == "a@b.cn"


def test_unique_resource_code_queries_the_package_extras(monkeypatch):
    """The uniqueness check is one JSONB lookup on package.extras, excluding the dataset itself."""
    import types

    import sqlalchemy
    from sqlalchemy.dialects import postgresql

    import ckan.model

    seen = []

    class Query:
        def __init__(self, stmt):
            self.stmt = stmt

        def filter(self, *conds):
            return Query(self.stmt.where(*conds))

        def first(self):
            compiled = self.stmt.compile(dialect=postgresql.dialect(), compile_kwargs={"literal_binds": True})
            seen.append(str(compiled))
            return ("other-id",) if "'301002-000123'" in str(compiled) else None

    fake_model = types.SimpleNamespace(
        Package=ckan.model.Package,
        Session=types.SimpleNamespace(query=lambda *e: Query(sqlalchemy.select(*e))))
    monkeypatch.setattr(validators, "current_lang", lambda: "en")
    key = ("resource_code",)
    errors = {key: []}
    validators.govopen_unique_resource_code(key, {key: "301002-000123", ("id",): "my-id"}, errors,
                                            {"model": fake_model})
    assert errors[key] == ["Resource code “301002-000123” is already used by another dataset in the "
                           "catalog; each resource code can be registered only once."]
    sql = seen[-1]
    assert "package.extras ->> 'resource_code'" in sql
    assert "package.state != 'deleted'" in sql and "package.id != 'my-id'" in sql
    errors = {key: []}
    validators.govopen_unique_resource_code(key, {key: "301002-000124"}, errors, {"model": fake_model})
    assert errors[key] == []
