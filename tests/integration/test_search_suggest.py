"""Suggestions as you type (issue 16): ``/api/govopen/suggest`` answers with
the titles anyone may find and the departments, never a private dataset's
title: asked anonymously, by a logged-in outsider, and by the dataset's own
editor (one answer for all)."""
import json
from urllib.parse import quote

import pytest

import ckan.lib.search as search
import ckan.model as model
import ckan.tests.factories as factories
from ckan.tests.helpers import call_action

from ckanext.govopen.verdict import compute
from ckanext.govopen.verdict import model as vmodel

from tests.integration.api_auth import as_user

pytestmark = [pytest.mark.ckan_services, pytest.mark.usefixtures("with_plugins", "clean_all")]


def suggest(app, q, headers=None):
    response = app.get("/api/govopen/suggest?q=" + quote(q), headers=headers or {})
    assert response.status_code == 200
    return json.loads(response.get_data(as_text=True))["suggestions"]


def labels(items, kind="dataset"):
    return [s["label"] for s in items if s["kind"] == kind]


@pytest.fixture
def catalog(make_dataset):
    make_dataset(name="bus-lines", title="南京市公交线路信息")
    make_dataset(name="secret-bus", title="公交线路机密调度方案", private=True)


def test_a_part_of_a_title_suggests_it(app, catalog):
    assert labels(suggest(app, "公交")) == ["南京市公交线路信息"]
    assert labels(suggest(app, "线路信")) == ["南京市公交线路信息"]
    assert suggest(app, "公交")[0]["url"] == "/dataset/bus-lines"
    assert labels(suggest(app, "地铁")) == []


def test_a_private_title_is_never_suggested(app, catalog, editor):
    outsider = factories.UserWithToken()
    for headers in ({}, as_user(outsider)["headers"], as_user(editor)["headers"]):
        found = suggest(app, "机密", headers)
        assert labels(found) == []
        assert "公交线路机密调度方案" not in json.dumps(suggest(app, "公交", headers), ensure_ascii=False)


def test_what_the_verdict_keeps_from_the_public_is_never_suggested(app, make_dataset, editor):
    """A public dataset whose verdict became "none" (a policy change, a finding,
    before the department acts) keeps its title out of suggestions, for everyone;
    a conditionally open one is listed (its metadata is public) and suggested."""
    make_dataset(name="cond-bus", title="公交线路客流统计", open_type="conditional",
                 open_condition="实名申请后提供", legal_basis="《条例》")
    closed = make_dataset(name="closed-bus", title="公交线路调度内部", private=False)
    value = dict(compute.compute(call_action("package_show", id=closed["id"])), open_type="none")
    vmodel.save(model.Session, closed["id"], value)
    model.Session.commit()
    search.rebuild(closed["id"])
    outsider = factories.UserWithToken()
    for headers in ({}, as_user(outsider)["headers"], as_user(editor)["headers"]):
        assert labels(suggest(app, "公交线路", headers)) == ["公交线路客流统计"]
        assert labels(suggest(app, "调度内部", headers)) == []


def test_a_draft_is_never_suggested(app, make_dataset):
    make_dataset(name="draft-bus", title="公交线路草稿", state="draft")
    assert labels(suggest(app, "公交线路草稿")) == []


def test_traditional_characters_suggest_what_simplified_ones_do(app, catalog, make_dataset, department,
                                                               sysadmin):
    """A visitor from Hong Kong or Taiwan types 公交線路: the same titles and
    departments as 公交线路 (Solr folds title_ngram on both sides, so a title
    written in traditional characters is found by simplified ones too)."""
    make_dataset(name="kaohsiung-clinics", title="高雄市醫療機構名錄")
    assert labels(suggest(app, "公交線路")) == ["南京市公交线路信息"]
    assert labels(suggest(app, "線路資")) == []               # 资 is in no title
    assert labels(suggest(app, "医疗机构")) == ["高雄市醫療機構名錄"]
    assert labels(suggest(app, "醫療機構")) == ["高雄市醫療機構名錄"]
    call_action("organization_patch", {"user": sysadmin["name"]}, id=department["id"],
                title="南京市交通运输局")
    assert labels(suggest(app, "交通運輸局"), "department") == ["南京市交通运输局"]


def test_departments_are_suggested(app, catalog, department):
    assert department["title"] in labels(suggest(app, department["title"][:4]), "department")


def test_odd_input_gets_an_empty_answer_not_an_error(app, catalog):
    for q in ("", "a", 'title:* OR "', "公交)(*:*", "x" * 500, "公交 %_\\", "{!lucene}*:*"):
        assert isinstance(suggest(app, q), list)
    assert labels(suggest(app, "{!lucene}*:*")) == []
    # a NUL character: the input guard's answer, with its message, not a 500
    response = app.get("/api/govopen/suggest?q=%E5%85%AC%00")
    assert response.status_code == 409


def test_the_search_page_loads_the_dropdown_script(app, catalog):
    body = app.get("/dataset/").get_data(as_text=True)
    assert 'id="field-giant-search"' in body
    assert "_suggest.js" in body


def test_an_english_reader_sees_the_english_title(app, make_dataset):
    make_dataset(name="bus-en", title="南京市公交线路信息", title_en="Nanjing bus routes")
    make_dataset(name="bus-zh", title="苏州市公交站点")                     # no English title
    response = app.get("/en/api/govopen/suggest?q=" + quote("公交"))
    found = json.loads(response.get_data(as_text=True))["suggestions"]
    assert sorted(labels(found)) == ["Nanjing bus routes", "苏州市公交站点"]
    assert {s["url"] for s in found} == {"/en/dataset/bus-en", "/en/dataset/bus-zh"}
    assert sorted(labels(suggest(app, "公交"))) == ["南京市公交线路信息", "苏州市公交站点"]   # a Chinese reader


# --- the answer cache (suggest_cache): dropped the moment the index changes -----------

from ckanext.govopen.search_ui import suggest_cache  # noqa: E402


def test_an_answer_is_served_from_the_cache_until_the_index_changes(app, catalog):
    """The cache is read (an entry stored under the current generation is what
    the visitor gets) and dropped by any write of a search document."""
    real = labels(suggest(app, "公交"))
    assert real == ["南京市公交线路信息"]
    parts = ["zh", "/dataset/_", 'title_ngram:"公交"', "公交"]
    generation, found = suggest_cache.lookup(parts)
    assert labels(found) == real                           # the first answer was kept
    suggest_cache.store(parts, generation, [{"kind": "dataset", "label": "CACHED", "url": "/dataset/x"}])
    assert labels(suggest(app, "公交")) == ["CACHED"]       # and is what the next visitor gets
    assert labels(suggest(app, "  公交 ")) == ["CACHED"]    # same words, same answer
    search.rebuild(package_id=model.Package.get("bus-lines").id)
    assert labels(suggest(app, "公交")) == real


def test_a_dataset_made_private_leaves_the_suggestions_at_once(app, catalog, editor, sysadmin):
    assert labels(suggest(app, "公交")) == ["南京市公交线路信息"]
    assert labels(suggest(app, "公交")) == ["南京市公交线路信息"]          # cached
    call_action("package_patch", {"user": sysadmin["name"]}, id="bus-lines", private=True)
    for headers in ({}, as_user(editor)["headers"]):
        assert labels(suggest(app, "公交", headers)) == []
    call_action("package_patch", {"user": sysadmin["name"]}, id="bus-lines", private=False)
    assert labels(suggest(app, "公交")) == ["南京市公交线路信息"]


def test_a_withdrawn_dataset_leaves_the_suggestions_at_once(app, catalog, sysadmin):
    assert labels(suggest(app, "线路")) == ["南京市公交线路信息"]
    call_action("package_delete", {"user": sysadmin["name"]}, id="bus-lines")
    assert labels(suggest(app, "线路")) == []


def test_a_purged_dataset_leaves_the_suggestions_at_once(app, catalog):
    assert labels(suggest(app, "线路")) == ["南京市公交线路信息"]
    call_action("dataset_purge", id="bus-lines")
    assert labels(suggest(app, "线路")) == []


def test_a_downgraded_dataset_leaves_the_suggestions_at_once(app, catalog, monkeypatch):
    """The verdict refreshed to "none" (as after a finding; no write to the
    dataset): the refresh's reindex drops the cached answer."""
    from ckanext.govopen.verdict import hooks as vhooks
    assert labels(suggest(app, "线路")) == ["南京市公交线路信息"]
    real = compute.compute
    monkeypatch.setattr(compute, "compute", lambda dataset: dict(real(dataset), open_type="none"))
    vhooks.refresh(model.Package.get("bus-lines").id)
    assert labels(suggest(app, "线路")) == []


def test_a_new_dataset_appears_at_once(app, catalog, make_dataset):
    assert labels(suggest(app, "线路")) == ["南京市公交线路信息"]
    make_dataset(name="bus-stops", title="苏州市公交线路站点")
    assert sorted(labels(suggest(app, "线路"))) == ["南京市公交线路信息", "苏州市公交线路站点"]


def test_a_renamed_department_is_suggested_by_its_new_title_at_once(app, catalog, department, sysadmin):
    assert labels(suggest(app, "交通运输局"), "department") == []
    call_action("organization_patch", {"user": sysadmin["name"]}, id=department["id"], title="市交通运输局")
    assert labels(suggest(app, "交通运输局"), "department") == ["市交通运输局"]


def test_an_english_reader_gets_its_own_cached_answer(app, make_dataset):
    make_dataset(name="bus-en", title="南京市公交线路信息", title_en="Nanjing bus routes")
    assert labels(suggest(app, "公交")) == ["南京市公交线路信息"]
    found = json.loads(app.get("/en/api/govopen/suggest?q=" + quote("公交")).get_data(as_text=True))
    assert labels(found["suggestions"]) == ["Nanjing bus routes"]
    assert found["suggestions"][0]["url"] == "/en/dataset/bus-en"


def test_browsers_and_proxies_keep_no_answer(app, catalog):
    """Kept for 60 s by a browser or proxy (the header before the cache), a
    dataset made private stayed suggested there; the server's cache is dropped
    at once instead."""
    for path in ("/api/govopen/suggest?q=", "/en/api/govopen/suggest?q="):
        assert app.get(path + quote("公交")).headers["Cache-Control"] == "no-cache"


def test_a_browser_revalidating_an_unchanged_answer_gets_no_body_and_a_changed_one_in_full(
        app, catalog, sysadmin):
    """no-cache makes a browser ask again each time; its tag (If-None-Match)
    saves the body while the answer is the same, never once it changed."""
    first = app.get("/api/govopen/suggest?q=" + quote("公交"))
    tag = first.headers["ETag"]
    again = app.get("/api/govopen/suggest?q=" + quote("公交"), headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.get_data() == b""
    assert again.headers["Cache-Control"] == "no-cache"
    call_action("package_patch", {"user": sysadmin["name"]}, id="bus-lines", private=True)
    changed = app.get("/api/govopen/suggest?q=" + quote("公交"), headers={"If-None-Match": tag})
    assert changed.status_code == 200 and changed.headers["ETag"] != tag
    assert labels(json.loads(changed.get_data(as_text=True))["suggestions"]) == []


def test_departments_are_read_again_after_a_department_is_added(app, catalog, department, sysadmin):
    """The department list is kept per cache generation: a new department
    (a write of a department bumps the generation) is suggested at once."""
    from tests.integration.conftest import PROVIDER_CODES
    assert labels(suggest(app, "园林绿化局"), "department") == []
    factories.Organization(user=sysadmin, name="greening", title="市园林绿化局",
                           provider_code=next(PROVIDER_CODES), image_url="")
    assert labels(suggest(app, "园林绿化局"), "department") == ["市园林绿化局"]
