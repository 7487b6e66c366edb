"""Search parameters cannot fetch what the dataset pages hide (issue 14, class 6).

An anonymous visitor asks ``package_search`` for stored fields under another
name (``vdd:validated_data_dict``), through transformers (``[json]``), globs,
functions, facets and sorts on location fields, other query parsers and
response writers. Each must be refused with a 409 naming the parameter, in
zh (default) and en (``/en``), and no answer may carry the conditionally-open
dataset's file URL. The search page answers 400, not 500, for a refused sort.
"""
import json
from urllib.parse import quote

import pytest

pytestmark = [pytest.mark.ckan_services, pytest.mark.usefixtures("with_plugins", "clean_all")]

COND_URL = "http://files.example.gov.cn/restricted/fields-secret-f6q.csv"


@pytest.fixture(autouse=True)
def no_gate_checks(monkeypatch):
    from ckanext.govopen.gate import core
    monkeypatch.setattr(core, "_checks", [])


@pytest.fixture
def conditional(make_dataset):
    return make_dataset(name="fields-conditional", title="Patients f6q",
                        open_type="conditional", open_condition="实名申请后提供",
                        legal_basis="《中华人民共和国数据安全法》第二十一条", theme="health",
                        resources=[{"name": "beds", "url": COND_URL, "format": "CSV"}])


REFUSED = [
    ("fl", "name,vdd:validated_data_dict"),
    ("fl", "dd:data_dict"),
    ("fl", "name,[json]"),
    ("fl", "validated_data_dict"),
    ("fl", "data_dict"),
    ("fl", "*"),
    ("fl", "res_url"),
    ("fl", "u:res_url"),
    ("fl", "name,x:concat(res_url)"),
    ("facet.field", '["res_url"]'),
    ("facet.field", '["urls"]'),
    ("facet.field", '["{!key=x}res_url"]'),
    ("sort", "strdist(res_url,'http://files.example.gov.cn/restricted/',edit) desc"),
    ("sort", "res_url asc"),
    ("qf", "res_url^10"),
    ("bf", "termfreq(res_url,'x')"),
    ("defType", "xmlparser"),
    ("wt", "csv"),
]


def test_anonymous_search_parameters_that_could_reach_a_hidden_location_are_refused(app, conditional):
    wrong = []
    for param, value in REFUSED:
        query = f"q=*:*&{quote(param)}={quote(value)}"
        for prefix, words in (("", "参数"), ("/en", param)):
            res = app.get(f"{prefix}/api/3/action/package_search?{query}")
            body = res.get_data(as_text=True)
            if COND_URL in body or "fields-secret-f6q" in body:
                wrong.append((param, value, "LEAK", body[:300]))
            if res.status_code != 409:
                wrong.append((param, value, res.status_code, body[:300]))
                continue
            error = res.json["error"]
            message = (error.get(param) or [""])[0]
            if error["__type"] != "Validation Error" or words not in message:
                wrong.append((param, value, "message", error))
        # POST bodies are checked the same way
        data = {"q": "*:*", param: json.loads(value) if value.startswith("[") else value}
        res = app.post("/api/3/action/package_search", json=data)
        if res.status_code != 409 or COND_URL in res.get_data(as_text=True):
            wrong.append((param, value, "POST", res.status_code))
    assert wrong == [], "\n".join(map(repr, wrong))


def test_listed_fields_still_answer(app, conditional):
    res = app.get("/api/3/action/package_search?q=*:*&fl=id,name,title,metadata_modified")
    assert res.status_code == 200
    [row] = res.json["result"]["results"]
    assert row["name"] == "fields-conditional" and row["title"] == "Patients f6q"
    assert COND_URL not in res.get_data(as_text=True)
    res = app.get("/api/3/action/package_search?q=*:*&facet.field=" + quote('["organization","res_format"]')
                  + "&sort=" + quote("metadata_modified desc"))
    assert res.status_code == 200 and res.json["result"]["count"] == 1


def test_local_params_in_q_and_fq_are_refused(app, conditional):
    for param in ("q", "fq"):
        for value in ("{!join from=id to=id}*:*", "_query_:\"{!lucene}res_url:*\"",
                      "*:* AND {!frange l=0}strdist(res_url,'x',edit)"):
            res = app.get(f"/api/3/action/package_search?{param}={quote(value)}")
            assert res.status_code in (400, 409), (param, value, res.status_code)
            assert COND_URL not in res.get_data(as_text=True)


def test_the_search_page_answers_400_for_a_refused_sort(app, conditional):
    res = app.get("/dataset/?sort=" + quote("strdist(res_url,'x',edit) desc"))
    assert res.status_code == 400, res.status_code
    assert COND_URL not in res.get_data(as_text=True)
    assert app.get("/dataset/?sort=" + quote("metadata_modified desc")).status_code == 200


def test_no_legacy_search_route_and_autocomplete_shows_no_location(app, conditional):
    for path in ("/api/2/search/dataset?q=*:*&fl=validated_data_dict", "/api/search/dataset?q=*:*"):
        res = app.get(path)
        assert res.status_code == 404, (path, res.status_code)
    res = app.get("/api/2/util/dataset/autocomplete?incomplete=Patients")
    assert res.status_code == 200 and "fields-conditional" in res.get_data(as_text=True)
    assert COND_URL not in res.get_data(as_text=True)
