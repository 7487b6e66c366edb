"""The department open-data dashboard against real CKAN, PostgreSQL and Solr.

Two departments get datasets of every kind the figures distinguish (open,
conditional, not open, a valid and an invalid table through the real
validation job, an overdue dataset, a private dataset held by the validation
gate, one ready to publish). The expected figures are computed here, from
the fixture's own description and from SQL over CKAN's tables, not by the
dashboard's code; then the action, the CSV and the pages must say the same,
and nobody anonymous may learn a private dataset's name.
"""
import csv
import datetime
import io
import json

import pytest
import sqlalchemy as sa
from werkzeug.datastructures import FileStorage

import ckan.model as model
import ckan.tests.factories as factories
import ckan.tests.helpers as helpers

from tests.integration.conftest import PROVIDER_CODES, standard_fields
from tests.integration.api_auth import as_user, ctx

pytestmark = [pytest.mark.ckan_services, pytest.mark.usefixtures("with_plugins", "clean_all")]

ELEMENTS = [{"name": "区", "title": "District", "type": "string", "description": ""},
            {"name": "人口", "title": "Population", "type": "integer", "description": ""}]
GOOD = "区,人口\n东城区,704\n西城区,1104\n".encode("utf-8")
BAD = "区,人口\n东城区,704\n西城区,很多\n朝阳区\n".encode("utf-8")
TODAY = datetime.datetime.utcnow().date().isoformat()


@pytest.fixture(autouse=True)
def inline_jobs(ckan_config, monkeypatch):
    monkeypatch.setitem(ckan_config, "govopen.jobs.inline", "true")


def upload(data):
    return FileStorage(io.BytesIO(data), filename="population.csv", content_type="text/csv")


def create(sysadmin, org, name, public, table=None, **fields):
    """A dataset created private, given its table (validated inline), then published if wanted."""
    fields.setdefault("modified", TODAY)
    ds = helpers.call_action("package_create", ctx(sysadmin), name=name, title=f"标题 {name}", notes="n",
                             owner_org=org["id"], private=True, data_elements=ELEMENTS,
                             **standard_fields(**fields))
    if table is not None:
        helpers.call_action("resource_create", ctx(sysadmin), package_id=ds["id"], name=f"{name} table",
                            format="CSV", url="population.csv", upload=upload(table))
    if public:
        helpers.call_action("package_patch", ctx(sysadmin), id=ds["id"], private=False)
    return helpers.call_action("package_show", id=ds["id"])


# What each fixture dataset is, in the terms of the figures (the independent truth).
SPEC = {
    "dept-a": [
        dict(name="a-open-valid", public=True, table=GOOD, open_type="unconditional", table_state="valid"),
        dict(name="a-conditional", public=True, open_type="conditional", open_condition="实名申请后提供",
             legal_basis="《中华人民共和国数据安全法》第二十一条"),
        dict(name="a-not-open", public=False, open_type="none", legal_basis="《条例》", update_frequency="never"),
        dict(name="a-held-invalid", public=False, table=BAD, open_type="unconditional",
             table_state="invalid", held_by=["validation"]),
        dict(name="a-overdue", public=True, open_type="unconditional", issued="2020-01-01",
             modified="2020-03-01", overdue=True),
    ],
    "dept-b": [
        dict(name="b-open", public=True, open_type="unconditional", update_frequency="annual"),
        dict(name="b-ready", public=False, open_type="unconditional", ready=True,
             update_frequency="irregular"),
    ],
}
FIGURE_KEYS = ("table_state", "held_by", "overdue", "ready", "public")


@pytest.fixture
def catalog(sysadmin, department):
    orgs = {"dept-a": department,
            "dept-b": factories.Organization(user=sysadmin, name="dept-b", title="乙部门",
                                             provider_code=next(PROVIDER_CODES))}
    shown = {}
    for key, specs in SPEC.items():
        for spec in specs:
            fields = {k: v for k, v in spec.items() if k not in FIGURE_KEYS and k != "name"}
            shown[spec["name"]] = create(sysadmin, orgs[key], spec["name"], spec["public"],
                                         table=fields.pop("table", None), **fields)
    return {"orgs": orgs, "datasets": shown}


def sql_counts(org_id):
    """Catalogued / open / conditional straight from CKAN's tables."""
    rows = model.Session.execute(sa.text(
        "SELECT p.private, p.extras ->> 'open_type' FROM package p "
        "WHERE p.owner_org = :org AND p.state = 'active' AND p.type = 'dataset'"), {"org": org_id}).all()
    return {"catalogued": len(rows),
            "open": sum(1 for private, kind in rows if not private and kind == "unconditional"),
            "conditional": sum(1 for private, kind in rows if not private and kind == "conditional")}


def expected(specs, shown):
    """The figures of a list of SPEC entries, computed from the spec itself."""
    n = len(specs)
    opened = sum(s["public"] and s["open_type"] == "unconditional" for s in specs)
    conditional = sum(s["public"] and s["open_type"] == "conditional" for s in specs)
    tables = [s["table_state"] for s in specs if "table_state" in s]
    valid = tables.count("valid")
    scheduled = sum(s.get("update_frequency", "monthly") not in ("irregular", "never") for s in specs)
    overdue = sum(bool(s.get("overdue")) for s in specs)
    quality = [shown[s["name"]]["quality_score"] for s in specs]
    return {
        "catalogued": n, "open": opened, "conditional": conditional,
        "not_open": n - opened - conditional,
        "open_rate": round(opened / n, 4),
        "tables": len(tables), "table_pass_rate": round(valid / len(tables), 4) if tables else None,
        "scheduled": scheduled, "overdue": overdue,
        "on_time_rate": round((scheduled - overdue) / scheduled, 4),
        "quality_average": round(sum(quality) / n, 1),
        "held": sum(bool(s.get("held_by")) for s in specs),
        "ready": sum(bool(s.get("ready")) for s in specs),
    }


def test_department_figures_equal_an_independent_computation(catalog, sysadmin):
    for key, specs in SPEC.items():
        org = catalog["orgs"][key]
        got = helpers.call_action("govopen_open_data_figures", ctx(sysadmin), id=org["name"])
        want = expected(specs, catalog["datasets"])
        assert {k: got[k] for k in want} == want, key
        assert {k: got[k] for k in ("catalogued", "open", "conditional")} == sql_counts(org["id"])
        held_want = {gate: sum(gate in (s.get("held_by") or []) for s in specs) for gate in got["gates"]}
        assert got["held_by_gate"] == held_want
        assert got["tables_by_state"]["invalid"] == sum(s.get("table_state") == "invalid" for s in specs)
        # the gate says the same as the publication-blockers action of each held dataset
        for item in got["items"]["held"]:
            blockers = helpers.call_action("govopen_publication_blockers", ctx(sysadmin), id=item["id"])
            assert sorted({b["gate"] for b in blockers["blockers"]}) == item["gates"]
        assert sorted(i["name"] for i in got["items"]["held"]) == sorted(
            s["name"] for s in specs if s.get("held_by"))
        assert sorted(i["name"] for i in got["items"]["overdue"]) == sorted(
            s["name"] for s in specs if s.get("overdue"))
    a_name = catalog["orgs"]["dept-a"]["name"]
    overdue = helpers.call_action("govopen_open_data_figures", ctx(sysadmin), id=a_name)["items"]["overdue"][0]
    assert overdue["last_update"] == "2020-03-01" and overdue["due"] == "2020-04-01"


def test_overview_ranks_departments_and_totals_all(catalog, sysadmin):
    got = helpers.call_action("govopen_open_data_figures", ctx(None))
    by_name = {d["organization"]["name"]: d for d in got["departments"]}
    assert set(by_name) == {catalog["orgs"]["dept-a"]["name"], "dept-b"}
    a, b = by_name[catalog["orgs"]["dept-a"]["name"]], by_name["dept-b"]
    # dept-b opens 1 of 2 (50%), dept-a 2 of 5 (40%): b ranks first
    assert (b["rank"], a["rank"]) == (1, 2)
    assert [d["organization"]["name"] for d in got["departments"]][0] == "dept-b"
    every = SPEC["dept-a"] + SPEC["dept-b"]
    want = expected(every, catalog["datasets"])
    assert {k: got["all"][k] for k in want} == want
    assert "items" not in got["all"] and all("items" not in d for d in got["departments"])


def test_anonymous_sees_counts_but_never_private_names(app, catalog, sysadmin):
    org = catalog["orgs"]["dept-a"]
    private_names = [s["name"] for specs in SPEC.values() for s in specs if not s["public"]]
    anonymous = helpers.call_action("govopen_open_data_figures", ctx(None), id=org["name"])
    assert anonymous["held"] == 1 and anonymous["catalogued"] == 5       # counts are public
    assert anonymous["items"]["held"] == [] and anonymous["items"]["hidden"] == 1
    assert [i["name"] for i in anonymous["items"]["overdue"]] == ["a-overdue"]   # public: listed
    outsider = factories.User()
    editor = factories.User()
    helpers.call_action("organization_member_create", id=org["id"], username=editor["name"], role="editor")
    surfaces = {
        "api": lambda user: json.dumps(app.get(f"/api/3/action/govopen_open_data_figures?id={org['name']}",
                                               **as_user(user)).json, ensure_ascii=False),
        "page": lambda user: app.get(f"/organization/{org['name']}/open-data", **as_user(user)).body,
        "csv": lambda user: app.get(f"/organization/{org['name']}/open-data.csv", **as_user(user)).body,
        "overview": lambda user: app.get("/dashboard/open-data", **as_user(user)).body,
        "overview_csv": lambda user: app.get("/dashboard/open-data.csv", **as_user(user)).body,
    }
    for who in (None, outsider):
        for surface, read in surfaces.items():
            text = read(who)
            for name in private_names:
                assert name not in text, (surface, who and who["name"], name)
                assert f"标题 {name}" not in text, (surface, name)
    # the department's own officer and a sysadmin see which dataset is held,
    # and the officer the department's open data requests (participation's snippet)
    assert "data-open-requests=" not in surfaces["page"](None)
    for who in (editor, sysadmin):
        page = surfaces["page"](who)
        assert "a-held-invalid" in page
        assert f'data-org-id="{org["id"]}" data-open-requests="0"' in page
        shown = helpers.call_action("govopen_open_data_figures", ctx(who), id=org["name"])
        assert [i["name"] for i in shown["items"]["held"]] == ["a-held-invalid"]
        assert shown["items"]["hidden"] == 0


def _csv_rows(body):
    return list(csv.DictReader(io.StringIO(body.lstrip("\ufeff"))))


def _cell(value):
    return "" if value is None else str(value)


def test_csv_equals_api(app, catalog):
    org = catalog["orgs"]["dept-a"]
    api = app.get(f"/api/3/action/govopen_open_data_figures?id={org['name']}").json["result"]
    response = app.get(f"/organization/{org['name']}/open-data.csv")
    assert response.headers["Content-Type"].startswith("text/csv")
    [row] = _csv_rows(response.body)
    assert row["organization_name"] == org["name"]
    for key in ("catalogued", "public", "open", "conditional", "not_open", "open_rate", "tables",
                "table_pass_rate", "scheduled", "overdue", "on_time_rate", "quality_average", "held", "ready"):
        assert row[key] == _cell(api[key]), key
    assert row["tables_invalid"] == str(api["tables_by_state"]["invalid"])
    for gate in api["gates"]:
        assert row[f"held_{gate}"] == str(api["held_by_gate"][gate])

    overview = app.get("/api/3/action/govopen_open_data_figures").json["result"]
    rows = _csv_rows(app.get("/dashboard/open-data.csv").body)
    assert len(rows) == len(overview["departments"]) + 1
    for row, figures in zip(rows, overview["departments"] + [overview["all"]]):
        assert row["rank"] == _cell(figures.get("rank"))
        assert row["organization_name"] == _cell((figures.get("organization") or {}).get("name"))
        for key in ("catalogued", "open", "open_rate", "table_pass_rate", "overdue", "quality_average", "held"):
            assert row[key] == _cell(figures[key]), key


def test_pages_render_the_figures(app, catalog):
    org = catalog["orgs"]["dept-a"]
    api = app.get(f"/api/3/action/govopen_open_data_figures?id={org['name']}").json["result"]
    page = app.get(f"/organization/{org['name']}/open-data", status=200).body
    assert f'data-figure="catalogued">{api["catalogued"]}<' in page
    assert f'data-figure="open_rate">{api["open_rate"] * 100:.1f}%<' in page
    assert f'data-figure="table_pass_rate">{api["table_pass_rate"] * 100:.1f}%<' in page
    assert f'data-figure="overdue">{api["overdue"]}<' in page
    assert f'data-figure="quality_average">{api["quality_average"]}<' in page
    assert "<svg" in page and "viewBox=" in page and "<title" in page
    assert "a-overdue" in page

    overview = app.get("/api/3/action/govopen_open_data_figures").json["result"]
    page = app.get("/dashboard/open-data", status=200).body
    for d in overview["departments"]:
        assert d["organization"]["title"] in page
        assert f'data-figure="open_rate">{d["open_rate"] * 100:.1f}%<' in page
    assert f'data-figure="catalogued">{overview["all"]["catalogued"]}<' in page
    app.get("/organization/no-such-department/open-data", status=404)
    app.get("/api/3/action/govopen_open_data_figures?id=no-such-department", status=404)


def test_figures_follow_the_database_when_the_search_index_is_stale(catalog, sysadmin):
    """The bulk read uses the index only where it matches the database (as
    package_show's cache does); a change the index has not seen still counts."""
    org = catalog["orgs"]["dept-b"]
    before = helpers.call_action("govopen_open_data_figures", ctx(sysadmin), id=org["name"])
    assert before["open"] == 1
    model.Session.execute(sa.text(
        "UPDATE package SET private = true, metadata_modified = now() AT TIME ZONE 'utc' WHERE name = 'b-open'"))
    model.Session.commit()          # the database only: no reindex
    after = helpers.call_action("govopen_open_data_figures", ctx(sysadmin), id=org["name"])
    assert after["open"] == 0 and after["public"] == 0 and after["open_rate"] == 0.0
    assert {k: after[k] for k in ("catalogued", "open", "conditional")} == sql_counts(org["id"])


def test_the_department_page_links_to_its_figures_and_the_header_to_the_overview(app, catalog):
    org = catalog["orgs"]["dept-b"]
    page = app.get(f"/organization/{org['name']}").body
    assert f'href="/organization/{org["name"]}/open-data"' in page
    assert 'href="/dashboard/open-data"' in page
