"""The foundation: CKAN with our plugins, on real PostgreSQL, Solr and Redis."""
import pytest

import ckan.model as model
from ckan.tests import helpers

pytestmark = [pytest.mark.ckan_services, pytest.mark.usefixtures("with_plugins", "clean_all")]


def anonymous(action, **data):
    return helpers.call_action(action, context={"user": "", "ignore_auth": False}, **data)


def search(q, **kw):
    return helpers.call_action("package_search", q=q, **kw)


def test_status_show_lists_the_platform_plugins():
    extensions = helpers.call_action("status_show")["extensions"]
    for plugin in ("govopen", "scheming_datasets", "scheming_organizations",
                   "harvest", "dcat", "activity"):
        assert plugin in extensions


def test_database_is_postgresql_and_search_is_solr(make_dataset):
    assert model.Session.get_bind().dialect.name == "postgresql"
    ds = make_dataset(title="Road works register")
    result = search("name:" + ds["name"])
    assert result["count"] == 1
    assert result["results"][0]["id"] == ds["id"]


def test_dataset_created_through_the_api_is_found_by_package_search(make_dataset, department):
    ds = make_dataset(title="Bicycle lanes", notes="Where the bicycle lanes are.")
    result = search("bicycle")
    assert [r["id"] for r in result["results"]] == [ds["id"]]
    assert result["results"][0]["organization"]["name"] == department["name"]


@pytest.mark.parametrize("q", ["客流量", "公共交通", "北京", "交通客流", "客流"])
def test_chinese_queries_find_a_chinese_title(make_dataset, q):
    wanted = make_dataset(title="北京市公共交通客流量统计", notes="按月统计。")
    make_dataset(title="上海市医疗机构名录", notes="医院名单。")
    ids = [r["id"] for r in search(q)["results"]]
    assert ids == [wanted["id"]]


def test_chinese_query_does_not_match_unrelated_characters(make_dataset):
    make_dataset(title="北京市公共交通客流量统计", notes="按月统计。")
    # 医疗 shares no word with the title: whitespace or single-character
    # matching would not be good enough to get this right by accident.
    assert search("医疗")["count"] == 0
    assert search("流通")["count"] == 0


def test_english_description_is_found_with_stemming(make_dataset):
    wanted = make_dataset(title="Transit figures",
                          notes="monthly ridership statistics for the city")
    make_dataset(title="Parks", notes="list of parks")
    assert [r["id"] for r in search("ridership")["results"]] == [wanted["id"]]
    assert [r["id"] for r in search("statistic")["results"]] == [wanted["id"]]


def test_private_dataset_is_invisible_to_anonymous_users(make_dataset):
    public = make_dataset(title="公开的数据集 public one")
    private = make_dataset(title="内部的数据集 private one", private=True)

    anon = anonymous("package_search", q="*:*", include_private=True)
    ids = [r["id"] for r in anon["results"]]
    assert public["id"] in ids
    assert private["id"] not in ids

    with pytest.raises(Exception) as err:
        anonymous("package_show", id=private["id"])
    # the same answer as for a dataset that does not exist (logic/existence.py)
    assert type(err.value).__name__ == "NotFound"
    assert anonymous("package_show", id=public["id"])["id"] == public["id"]


def test_private_dataset_is_invisible_over_http(app, make_dataset):
    private = make_dataset(title="内部数据 hidden", private=True)
    res = app.get("/api/3/action/package_show", params={"id": private["id"]}, status=404)
    assert res.json["success"] is False
    missing = app.get("/api/3/action/package_show", params={"id": "no-such-dataset"}, status=404)
    assert missing.json["error"]["message"] == res.json["error"]["message"]
    res = app.get("/api/3/action/package_search",
                  params={"q": "hidden", "include_private": "true"})
    assert res.json["result"]["count"] == 0
    app.get(f"/dataset/{private['name']}", status=404)
