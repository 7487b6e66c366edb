"""A department's SQLite database as a harvest source: each table becomes a
dataset whose rows are uploaded as a CSV resource (content jobs run on it),
an unchanged database writes nothing, a changed row updates only its table."""
import json
import os
import sqlite3

import pytest

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.govopen.harvest import job, sources
from ckanext.govopen.harvest import model as hmodel
from ckanext.govopen.harvest.importer import site_context

pytestmark = [pytest.mark.ckan_services, pytest.mark.usefixtures("with_plugins", "clean_all")]

SQL = os.path.join(os.path.dirname(__file__), "..", "..", "config", "demo", "harvest", "housing.sql")

TABLES = [
    {"table": "building_permits", "title": "建设工程规划许可证", "title_en": "Building planning permits",
     "notes": "本局核发的建设工程规划许可证清单。", "theme": "urban_housing", "issued": "2024-01-01",
     "update_frequency": "monthly", "columns": {"permit_no": {"title": "许可证号"}, "holder": {"title": "建设单位"}}},
    {"table": "district_totals", "title": "各区许可证汇总", "notes": "按区汇总的许可证数量和面积。",
     "theme": "urban_housing", "issued": "2024-01-01"},
]


@pytest.fixture
def database(tmp_path):
    path = tmp_path / "housing.db"
    with sqlite3.connect(path) as conn, open(SQL, encoding="utf-8") as f:
        conn.executescript(f.read())
    return path


def test_sqlite_department_database(tmp_path, department, database, ckan_config, monkeypatch):
    monkeypatch.setitem(ckan_config, "govopen.jobs.inline", "true")     # content jobs run here
    monkeypatch.setitem(ckan_config, "govopen.harvest.file_roots", "db=%s" % database.parent)
    cfg = {"name": "housing-db", "type": "sql", "url": "sqlite:///%s" % database.name, "root": "db",
           "department": department["name"], "resource_code_prefix": "ZJ", "tables": TABLES}
    path = tmp_path / "housing.yaml"
    path.write_text(json.dumps(cfg, ensure_ascii=False), encoding="utf-8")
    source = sources.from_file(site_context(), str(path))
    assert source["source_type"] == "govopen_sql"

    first = job.run(source).as_dict()
    assert (first["created"], first["errored"], first["read"]) == (2, 0, 2), first["errors"]
    rows = hmodel.records_of(model.Session, source["id"])
    permits = tk.get_action("package_show")(site_context(), {"id": rows["table:building_permits"]["dataset_id"]})
    assert permits["title"] == "建设工程规划许可证" and permits["theme"] == "urban_housing"
    assert [e["name"] for e in permits["data_elements"]] == ["permit_no", "holder", "district", "floor_area",
                                                             "issued_on"]
    (res,) = permits["resources"]
    assert res["url_type"] == "upload" and res["format"] == "CSV"
    upload = tk.get_action("resource_show")(site_context(), {"id": res["id"]})
    from ckan.lib.uploader import get_resource_uploader
    with open(get_resource_uploader(upload).get_path(res["id"]), encoding="utf-8") as f:
        content = f.read()
    assert content.splitlines()[0] == "permit_no,holder,district,floor_area,issued_on"
    assert "上海临港建设发展有限公司" in content and len(content.splitlines()) == 6
    # the content jobs ran on the uploaded table (inline here): the privacy scan has a result
    from ckanext.govopen.privacy import model as pmodel
    assert pmodel.current(model.Session, upload) is not None
    assert "classification" in first["blocked_by_gate"]

    second = job.run(source).as_dict()
    assert (second["created"], second["updated"], second["unchanged"]) == (0, 0, 2)
    again = tk.get_action("package_show")(site_context(), {"id": permits["id"]})
    assert again["metadata_modified"] == permits["metadata_modified"]

    with sqlite3.connect(database) as conn:
        conn.execute("UPDATE district_totals SET permits = 3 WHERE district = '浦东新区'")
    third = job.run(source).as_dict()
    assert (third["updated"], third["unchanged"]) == (1, 1)
    totals = tk.get_action("package_show")(site_context(),
                                           {"id": rows["table:district_totals"]["dataset_id"]})
    assert len(totals["resources"]) == 1                       # replaced in place, not added

    with sqlite3.connect(database) as conn:
        conn.execute("DROP TABLE district_totals")
    fourth = job.run(source).as_dict()
    # a configured table that disappeared is an error for that record, not a withdrawal
    assert fourth["errored"] == 1 and fourth["withdrawn"] == 0
    assert fourth["errors"][0]["code"] == "table_missing" and "district_totals" in fourth["errors"][0]["en"]
