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
