"""The national standard enforced on real writes through the Action API.

Every rule of standards/schemas/*.yaml is exercised over HTTP, the way a data
officer's client or a harvester calls CKAN: the answer is a ValidationError
whose error dict has exactly one message for the offending field (and none
for the others), in Chinese by default and in English under ``/en/``. A
refused write stores nothing: a failed create leaves no dataset, a failed
update or patch leaves the stored dataset as it was.
"""
import pytest

import ckan.tests.factories as factories
import ckan.tests.helpers as helpers
from ckan.logic import NotFound, ValidationError

from tests.integration.conftest import standard_fields

pytestmark = [pytest.mark.ckan_services, pytest.mark.usefixtures("with_plugins", "clean_all")]

TAKEN_CODE = "301002-777777"


@pytest.fixture
def token(sysadmin):
    return factories.APIToken(user=sysadmin["name"])["token"]


def call(app, token, action, lang, data):
    """POST an action as the sysadmin; ``(success, result or error dict)``."""
    prefix = "/en" if lang == "en" else ""
    res = app.post(f"{prefix}/api/3/action/{action}", json=data,
                   headers={"Authorization": token}, status=None)
    body = res.json
    if body["success"]:
        assert res.status_code == 200
        return True, body["result"]
    assert res.status_code == 409, body
    return False, body["error"]


def dataset(department, **overrides):
    data = dict(name="rule-check", title="建筑施工企业资质信息", notes="企业资质。",
                owner_org=department["id"], private=True)
    data.update(standard_fields())
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not DROP}


DROP = object()

# (case id, field with the error, overrides, zh fragment, en fragment)
RULES = [
    ("title-required", "title", dict(title=""), "请填写信息资源名称", "Resource name is required"),
    ("notes-required", "notes", dict(notes=DROP), "请填写摘要", "Abstract is required"),
    ("code-required", "resource_code", dict(resource_code=""), "请填写信息资源代码",
     "Resource code is required"),
    ("code-pattern", "resource_code", dict(resource_code="301002_000123"), "格式不正确", "is malformed"),
    ("code-lowercase", "resource_code", dict(resource_code="ab-1"), "格式不正确", "is malformed"),
    ("code-taken", "resource_code", dict(resource_code=TAKEN_CODE), "已被目录中的另一个数据集使用",
     "already used by another dataset"),
    ("theme-required", "theme", dict(theme=DROP), "请填写主题分类。可选值：", "Theme is required. Allowed values:"),
    ("theme-vocabulary", "theme", dict(theme="交通"), "不是有效的主题分类", "is not a valid Theme"),
    ("share-type-vocabulary", "share_type", dict(share_type="open"), "不是有效的共享属性",
     "is not a valid Share type"),
    ("share-condition", "share_condition", dict(share_type="conditional"), "必须填写共享条件",
     "Sharing condition is required when Share type"),
    ("open-type-required", "open_type", dict(open_type=""), "请填写开放属性", "Open type is required"),
    ("open-condition", "open_condition", dict(open_type="conditional", legal_basis="《条例》"),
     "必须填写开放条件", "Opening condition is required when Open type"),
    ("legal-basis", "legal_basis", dict(open_type="none"), "必须填写依据",
     "Legal basis is required unless Open type"),
    ("security-level", "security_level", dict(security_level="secret"), "不是有效的数据分级",
     "is not a valid Security level"),
    ("personal-info", "personal_info", dict(personal_info="yes"), "不是有效的个人信息",
     "is not a valid Personal information"),
    ("personal-info-required", "personal_info", dict(personal_info=DROP), "请填写个人信息",
     "Personal information is required"),
    ("classified", "classified", dict(classified=True), "涉密数据不得进入本目录",
     "Classified data never enters this catalog"),
    ("classified-word", "classified", dict(classified="是"), "涉密数据不得进入本目录",
     "Classified data never enters this catalog"),
    ("commercial-secret", "commercial_secret", dict(commercial_secret="maybe"), "不是“是/否”值",
     "is not a yes/no value"),
    ("frequency", "update_frequency", dict(update_frequency="hourly"), "不是有效的更新周期",
     "is not a valid Update frequency"),
    ("issued-required", "issued", dict(issued=DROP), "请填写发布日期", "Issued is required"),
    ("issued-format", "issued", dict(issued="2024/04/01"), "不是有效日期", "is not a valid date"),
    ("modified-before-issued", "modified", dict(modified="2024-03-01"), "不能早于发布日期",
     "cannot be earlier than Issued"),
    ("temporal-order", "temporal_end", dict(temporal_start="2020-01-01", temporal_end="2019-12-31"),
     "不能早于时间范围起", "cannot be earlier than Time coverage from"),
    ("spatial-code", "spatial_code", dict(spatial_code="999999"), "不是已收录的行政区划代码",
     "is not a known administrative division code"),
    ("contact-email", "contact_email", dict(contact_email="sjkf at shanghai"), "不是有效的电子邮箱地址",
     "is not a valid e-mail address"),
    ("license", "license_id", dict(license_id="proprietary"), "不在本平台的许可协议列表中",
     "is not one of this platform's licences"),
    ("language", "language", dict(language="fr"), "不是有效的语种", "is not a valid Language"),
    ("data-elements-type", "data_elements", dict(data_elements=[{"name": "企业名称", "type": "text"}]),
     "数据类型“text”无效", "has an invalid type “text”"),
    ("data-elements-json", "data_elements", dict(data_elements="[{"), "不是有效的 JSON", "are not valid JSON"),
    ("data-elements-duplicate", "data_elements",
     dict(data_elements=[{"name": "企业名称"}, {"name": "企业名称"}]), "出现了不止一次", "appears more than once"),
    ("data-elements-unknown-key", "data_elements", dict(data_elements=[{"name": "a", "unit": "元"}]),
     "未知属性“unit”", "unknown key “unit”"),
]


@pytest.mark.parametrize("case,field,overrides,zh,en", RULES, ids=[r[0] for r in RULES])
def test_each_rule_gives_one_message_on_its_field_in_the_users_language(
        app, token, department, make_dataset, case, field, overrides, zh, en):
    make_dataset(name="holder", resource_code=TAKEN_CODE)
    for lang, expected, other in (("zh", zh, en), ("en", en, zh)):
        ok, error = call(app, token, "package_create", lang, dataset(department, **overrides))
        assert not ok, "the invalid dataset was accepted"
        assert error["__type"] == "Validation Error"
        assert len(error[field]) == 1, error[field]
        assert expected in error[field][0], error[field]
        assert other not in error[field][0]
        others = {k: v for k, v in error.items() if k not in (field, "__type", "message")}
        assert not others, others
        with pytest.raises(NotFound):
            helpers.call_action("package_show", id="rule-check")


def test_a_valid_dataset_is_stored_with_normalised_values(app, token, department):
    ok, out = call(app, token, "package_create", "zh", dataset(
        department, resource_code="301002-000123", classified="否", commercial_secret="no",
        issued="2024-04-01T08:00:00", license_id="", language=DROP,
        open_type="conditional", open_condition="实名注册后申请", legal_basis="《数据安全法》",
        share_type="conditional", share_condition="仅限审批使用",
        data_elements='[{"name": "企业名称", "title": "Enterprise", "type": "string"}]'))
    assert ok, out
    stored = helpers.call_action("package_show", id=out["id"])
    assert stored["classified"] is False and stored["commercial_secret"] is False
    assert stored["issued"] == "2024-04-01"
    assert stored["license_id"] == "cc-by" and stored["language"] == "zh"
    assert stored["data_elements"][0]["name"] == "企业名称"
    assert stored["open_condition"] == "实名注册后申请"


def test_unconditionally_open_data_needs_no_legal_basis(app, token, department):
    ok, out = call(app, token, "package_create", "en", dataset(department, open_type="unconditional"))
    assert ok, out
    assert "legal_basis" not in out or not out["legal_basis"]


def test_a_dataset_may_keep_its_own_resource_code_and_a_deleted_ones_code_is_free(
        app, token, department, make_dataset):
    own = make_dataset(name="own", resource_code=TAKEN_CODE)
    ok, out = call(app, token, "package_patch", "zh", {"id": own["id"], "title": "改名",
                                                        "resource_code": TAKEN_CODE})
    assert ok, out
    assert call(app, token, "package_delete", "zh", {"id": own["id"]})[0]
    ok, out = call(app, token, "package_create", "zh", dataset(department, resource_code=TAKEN_CODE))
    assert ok, out


def test_several_broken_fields_each_get_their_own_message(app, token, department):
    ok, error = call(app, token, "package_create", "en", dataset(
        department, theme="交通", issued="yesterday", spatial_code="1", classified=True))
    assert not ok
    assert {k for k in error if k not in ("__type", "message")} == {"theme", "issued", "spatial_code",
                                                                     "classified"}
    assert all(len(error[k]) == 1 for k in ("theme", "issued", "spatial_code", "classified"))


@pytest.mark.parametrize("action", ["package_update", "package_patch"])
def test_a_refused_update_leaves_the_stored_dataset_unchanged(app, token, make_dataset, action):
    before = make_dataset(name="kept", title="原标题", theme="transport", contact_email="a@b.gov.cn", private=True,
                          resources=[{"name": "r", "url": "http://example.gov.cn/a.csv", "format": "CSV"}])
    change = dict(before) if action == "package_update" else {"id": before["id"]}
    change.update(title="新标题", theme="not-a-theme", contact_email="x@y.gov.cn")
    ok, error = call(app, token, action, "zh", change)
    assert not ok and list(k for k in error if k not in ("__type", "message")) == ["theme"]
    after = helpers.call_action("package_show", id=before["id"])
    for key in ("title", "theme", "contact_email", "metadata_modified"):
        assert after[key] == before[key], key
    assert [r["url"] for r in after["resources"]] == ["http://example.gov.cn/a.csv"]


def test_a_refused_patch_after_a_resource_write_keeps_dataset_and_resources(app, token, make_dataset):
    ds = make_dataset(name="with-res", private=True)
    ok, out = call(app, token, "resource_create", "zh",
                   {"package_id": ds["id"], "name": "新资源", "url": "http://example.gov.cn/b.csv",
                    "format": "CSV"})
    assert ok, out
    ok, error = call(app, token, "package_patch", "en", {"id": ds["id"], "issued": "2024-13-40"})
    assert not ok and "issued" in error
    after = helpers.call_action("package_show", id=ds["id"])
    assert after["issued"] == ds["issued"]
    assert [r["name"] for r in after["resources"]] == ["新资源"]


# --- departments: provider_code (GB 32100) -----------------------------------------

VALID_CODE = "91440300708461136T"


@pytest.mark.parametrize("code,zh,en", [
    ("91440300708461136A", "校验位不正确", "fails its check character"),
    ("9144030070846113", "格式不正确", "is malformed"),
    ("91440300708461136I", "格式不正确", "is malformed"),
    ("", "请填写统一社会信用代码", "Unified social credit code is required"),
])
def test_organization_create_checks_the_provider_code(app, token, code, zh, en):
    for lang, expected in (("zh", zh), ("en", en)):
        ok, error = call(app, token, "organization_create", lang,
                         {"name": "sh-stats", "title": "上海市统计局", "provider_code": code})
        assert not ok
        assert len(error["provider_code"]) == 1
        assert expected in error["provider_code"][0]
        with pytest.raises(NotFound):
            helpers.call_action("organization_show", id="sh-stats")


def test_organization_create_accepts_a_valid_code_and_upper_cases_it(app, token):
    ok, out = call(app, token, "organization_create", "zh",
                   {"name": "sh-stats", "title": "上海市统计局", "provider_code": VALID_CODE.lower()})
    assert ok, out
    assert helpers.call_action("organization_show", id="sh-stats")["provider_code"] == VALID_CODE


@pytest.mark.parametrize("action", ["organization_update", "organization_patch"])
def test_organization_update_with_a_bad_code_keeps_the_stored_one(app, token, department, action):
    change = {"id": department["id"], "title": "改名", "provider_code": "91440300708461136A"}
    if action == "organization_update":
        change["name"] = department["name"]
    ok, error = call(app, token, action, "en", change)
    assert not ok and "check character" in error["provider_code"][0]
    after = helpers.call_action("organization_show", id=department["id"])
    assert after["provider_code"] == department["provider_code"]
    assert after["title"] == department["title"]
    ok, out = call(app, token, action, "en", dict(change, provider_code=VALID_CODE))
    assert ok, out
    assert helpers.call_action("organization_show", id=department["id"])["provider_code"] == VALID_CODE


def test_the_resource_code_check_is_an_index_lookup_not_a_table_scan(app):
    """Every create/update asks whether the code is taken; migration 0008 indexes
    ``extras->>'resource_code'`` so that stays one lookup as the catalog grows."""
    import ckan.model as model
    import sqlalchemy as sa

    from ckanext.govopen.logic.validators import resource_code_query

    query = resource_code_query(TAKEN_CODE)             # the validator's own query
    sql = str(query.statement.compile(dialect=model.meta.engine.dialect, compile_kwargs={"literal_binds": True}))
    with model.meta.engine.connect() as conn:
        conn.execute(sa.text("SET enable_seqscan = off"))      # tiny test tables: make the choice visible
        plan = "\n".join(r[0] for r in conn.execute(sa.text("EXPLAIN " + sql)))
    assert "idx_govopen_package_resource_code" in plan, plan
