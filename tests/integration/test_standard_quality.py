"""The metadata quality score through the API, the search index and the page."""
import pytest

import ckan.tests.helpers as helpers

pytestmark = [pytest.mark.ckan_services, pytest.mark.usefixtures("with_plugins", "clean_all")]

DIMENSIONS = {"findability", "accessibility", "interoperability", "reusability", "contextuality"}


@pytest.fixture
def poor_and_rich(make_dataset):
    poor = make_dataset(name="poor", title="简表", notes="简要。", private=True, spatial_code="",
                        license_id="", language="zh")
    rich = make_dataset(
        name="rich", title="北京市公共交通客流量统计", title_en="Beijing public transport ridership",
        notes="按月统计的客流量。", private=True, tags=[{"name": "公共交通"}],
        contact_name="数据开放科", contact_email="opendata@jtw.beijing.example.cn",
        modified="2024-05-01", temporal_start="2023-01-01", temporal_end="2023-12-31",
        data_elements=[{"name": "月份", "title": "Month", "type": "date"}],
        resources=[{"name": "客流量 2024", "url": "http://files.example.gov.cn/open/ridership.csv",
                    "format": "CSV", "size": 2048}])
    return poor, rich


def test_package_show_returns_score_and_breakdown(poor_and_rich):
    poor, rich = poor_and_rich
    for ds in (poor, rich):
        shown = helpers.call_action("package_show", id=ds["id"])
        q = shown["quality"]
        assert 0 <= shown["quality_score"] <= 100
        assert set(q["dimensions"]) == DIMENSIONS
        assert q["earned"] == sum(d["earned"] for d in q["dimensions"].values())
        assert shown["quality_score"] == round(100.0 * q["earned"] / q["max"], 1)
        assert q["rating"] in {"excellent", "good", "sufficient", "bad"}
    p = helpers.call_action("package_show", id=poor["id"])
    r = helpers.call_action("package_show", id=rich["id"])
    assert r["quality_score"] > p["quality_score"]
    assert r["quality"]["dimensions"]["accessibility"]["indicators"]["download_url"]["passed"] is True
    assert p["quality"]["dimensions"]["accessibility"]["earned"] == 0
    assert p["quality"]["dimensions"]["contextuality"]["indicators"]["english_title"]["passed"] is False


def test_the_score_is_derived_not_stored(sysadmin, poor_and_rich):
    """A client that sends a shown dict back changes nothing with the score."""
    poor, _ = poor_and_rich
    shown = helpers.call_action("package_show", id=poor["id"])
    before = shown["quality_score"]
    shown.update(quality_score=100, quality={"rating": "excellent"}, title_en="A short table")
    helpers.call_action("package_update", {"user": sysadmin["name"]}, **shown)
    after = helpers.call_action("package_show", id=poor["id"])
    assert after["quality_score"] > before            # the English title earned its points
    assert after["quality_score"] < 100
    assert not [e for e in after.get("extras") or [] if e["key"].startswith("quality")]


def test_search_sorts_filters_and_facets_on_the_score(sysadmin, poor_and_rich):
    poor, rich = poor_and_rich
    ctx = {"user": sysadmin["name"]}
    found = helpers.call_action("package_search", ctx, include_private=True, sort="quality_score desc")
    assert [d["name"] for d in found["results"]] == ["rich", "poor"]
    assert found["results"][0]["quality_score"] > found["results"][1]["quality_score"]
    found = helpers.call_action("package_search", ctx, include_private=True, sort="quality_score asc")
    assert [d["name"] for d in found["results"]] == ["poor", "rich"]
    threshold = "%05.1f" % (helpers.call_action("package_show", id=rich["id"])["quality_score"] - 0.1)
    found = helpers.call_action("package_search", ctx, include_private=True,
                                fq="quality_score:[%s TO *]" % threshold)
    assert [d["name"] for d in found["results"]] == ["rich"]
    found = helpers.call_action("package_search", ctx, include_private=True,
                                **{"facet.field": '["quality_rating"]'})
    ratings = {i["name"]: i["count"] for i in found["search_facets"]["quality_rating"]["items"]}
    assert sum(ratings.values()) == 2
    assert ratings.get(helpers.call_action("package_show", id=rich["id"])["quality"]["rating"])


def test_the_dataset_page_shows_the_score(app, sysadmin, poor_and_rich):
    _, rich = poor_and_rich
    score = helpers.call_action("package_show", id=rich["id"])["quality_score"]
    headers = {"Authorization": _token(sysadmin)}
    zh = app.get("/dataset/rich", headers=headers).get_data(as_text=True)
    assert 'data-quality-score="%s"' % score in zh
    assert "元数据质量" in zh and "可发现性" in zh
    en = app.get("/en/dataset/rich", headers=headers).get_data(as_text=True)
    assert "Metadata quality" in en and "Findability" in en


def _token(user):
    import ckan.tests.factories as factories
    return factories.APIToken(user=user["name"])["token"]
