"""Bad input gets a clear zh/en 4xx, never a 500 (issue 14, class 8).

Through the Action API (a data officer's client) and the dataset form: JSON
nested thousands deep, an unpaired surrogate, a NUL, a 100,000-character
title, a 40,000-character value of a one-term index field, and ``private``
values that are not booleans. Each answer is a 4xx with a message saying
what and where in Chinese (default) and English (``/en``); the next request
is answered normally; nothing stored changes."""
import json

import pytest

import ckan.tests.factories as factories
import ckan.tests.helpers as helpers
from ckan.logic import NotFound

from tests.integration.conftest import standard_fields

pytestmark = [pytest.mark.ckan_services, pytest.mark.usefixtures("with_plugins", "clean_all")]


@pytest.fixture(autouse=True)
def no_gate_checks(monkeypatch):
    from ckanext.govopen.gate import core
    monkeypatch.setattr(core, "_checks", [])


@pytest.fixture
def token(sysadmin):
    return factories.APIToken(user=sysadmin["name"])["token"]


@pytest.fixture
def stored(make_dataset):
    return make_dataset(name="bad-input-target", title="公交线路", notes="线路表。", private=True)


def post(app, token, action, body, lang="zh", raw=False):
    prefix = "/en" if lang == "en" else ""
    kwargs = {"data": body, "content_type": "application/json"} if raw else {"json": body}
    return app.post(f"{prefix}/api/3/action/{action}", headers={"Authorization": token}, **kwargs)


def healthy(app):
    res = app.get("/api/3/action/status_show")
    assert res.status_code == 200 and res.json["success"]


def show(name):
    return helpers.call_action("package_show", id=name)


def new_dataset(department, **overrides):
    data = dict(name="bad-input-new", title="建筑施工企业资质信息", notes="企业资质。",
                owner_org=department["id"], private=True)
    data.update(standard_fields())
    data.update(overrides)
    return data


def refused(res, field, zh, en_res, en):
    assert res.status_code in (400, 409), (res.status_code, res.get_data(as_text=True)[:500])
    assert res.status_code != 500
    error, en_error = res.json["error"], en_res.json["error"]
    text = json.dumps(error[field] if field else error, ensure_ascii=False)
    en_text = json.dumps(en_error[field] if field else en_error, ensure_ascii=False)
    assert zh in text, text
    assert en in en_text, en_text


def test_json_nested_thousands_deep_is_refused(app, token, department, stored):
    before = show(stored["id"])
    deep = "[" * 5000 + "]" * 5000
    for action, body in (("package_create", json.dumps(new_dataset(department))[:-1] + ', "extras": ' + deep + "}"),
                         ("package_patch", '{"id": "%s", "notes": %s}' % (stored["id"], deep))):
        res, en = (post(app, token, action, body, lang, raw=True) for lang in ("zh", "en"))
        assert res.status_code == 400 and en.status_code == 400
        refused(res, None, "嵌套", en, "nested")
        healthy(app)
    with pytest.raises(NotFound):
        show("bad-input-new")
    assert show(stored["id"]) == before


@pytest.mark.parametrize("value,zh,en", [
    ("公交\ud800线路", "代理项", "surrogate"),
    ("公交\x00线路", "空字符", "NUL"),
])
def test_unstorable_text_is_refused_on_its_field(app, token, department, stored, value, zh, en):
    before = show(stored["id"])
    for field in ("notes", "title"):
        res, en_res = (post(app, token, "package_patch", {"id": stored["id"], field: value}, lang)
                       for lang in ("zh", "en"))
        assert res.status_code == 409
        refused(res, field, zh, en_res, en)
        healthy(app)
    res, en_res = (post(app, token, "package_create", new_dataset(department, notes=value), lang)
                   for lang in ("zh", "en"))
    refused(res, "notes", zh, en_res, en)
    res = post(app, token, "package_patch", {"id": stored["id"], "resources": [{"name": value, "url": "http://x.cn/a.csv"}]})
    assert res.status_code == 409, res.get_data(as_text=True)[:300]
    assert any(key.startswith("resources") for key in res.json["error"]), res.json["error"]
    with pytest.raises(NotFound):
        show("bad-input-new")
    assert show(stored["id"]) == before


def test_a_100000_character_title_is_refused_and_long_one_term_values_are_stored(app, token, department, stored):
    before = show(stored["id"])
    res, en = (post(app, token, "package_patch", {"id": stored["id"], "title": "长" * 100_000}, lang)
               for lang in ("zh", "en"))
    assert res.status_code == 409
    refused(res, "title", "不能超过 1000 个字符", en, "at most 1000 characters")
    healthy(app)
    assert show(stored["id"]) == before
    # a field the index keeps as one term: accepted whole, searchable, no 500
    long_condition = "条" * 40_000
    res = post(app, token, "package_patch", {"id": stored["id"], "title_en": "Bus lines",
                                             "notes_en": "x" * 40_000, "contact_name": long_condition})
    assert res.status_code == 200, res.get_data(as_text=True)[:500]
    after = show(stored["id"])
    assert after["notes_en"] == "x" * 40_000 and after["contact_name"] == long_condition
    found = helpers.call_action("package_search", q="name:bad-input-target", include_private=True)
    assert found["count"] == 1


@pytest.mark.parametrize("value", [{"x": 1}, " true", "null", [], "maybe", 2, ""])
def test_private_must_be_a_clear_boolean(app, token, department, stored, value):
    before = show(stored["id"])
    res, en = (post(app, token, "package_patch", {"id": stored["id"], "private": value}, lang)
               for lang in ("zh", "en"))
    assert res.status_code == 409, res.get_data(as_text=True)[:300]
    refused(res, "private", "必须是布尔值", en, "must be a boolean")
    after = show(stored["id"])
    assert after == before and after["private"] is True
    res = post(app, token, "package_create", new_dataset(department, private=value))
    assert res.status_code == 409
    with pytest.raises(NotFound):
        show("bad-input-new")
    healthy(app)


def test_clear_booleans_still_work(app, token, stored):
    for value, expected in (("false", False), (True, True), ("False", False), (1, True)):
        res = post(app, token, "package_patch", {"id": stored["id"], "private": value})
        assert res.status_code == 200, res.get_data(as_text=True)[:300]
        assert show(stored["id"])["private"] is expected


def test_the_dataset_form_refuses_the_same_input(app, token, stored):
    name = stored["name"]
    before = show(stored["id"])
    form = {k: v for k, v in before.items() if isinstance(v, str)}
    form.update({"private": "True", "save": ""})
    headers = {"Authorization": token}
    res = app.post(f"/dataset/edit/{name}", data=dict(form, notes="线路\x00表"), headers=headers)
    assert res.status_code == 400 and "空字符" in res.get_data(as_text=True)
    res = app.post(f"/en/dataset/edit/{name}", data=dict(form, notes="线路\x00表"), headers=headers)
    assert res.status_code == 400 and "NUL" in res.get_data(as_text=True)
    # (a 100,000-character Chinese title is over the server's form size: 413)
    res = app.post(f"/dataset/edit/{name}", data=dict(form, title="x" * 100_000), headers=headers)
    assert res.status_code == 200 and "不能超过 1000 个字符" in res.get_data(as_text=True)
    res = app.post(f"/dataset/edit/{name}", data=dict(form, private=" true"), headers=headers)
    assert res.status_code == 200 and "必须是布尔值" in res.get_data(as_text=True)
    healthy(app)
    assert show(stored["id"]) == before
