"""Harvesting honours the validation gate: a department database whose table
breaks its own declared column types never lands public, even from a source
that asks for public datasets; once the source is fixed and harvested again,
the dataset can be published.

Only the validation check is active (``core._checks``): the classification
and privacy checks hold harvested data back for their own reasons (see
test_harvest_sql.py), which would hide whether validation did. Content jobs
(validation among them) run in-process (``govopen.jobs.inline``).
"""
import json
import os
import sqlite3

import pytest

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.govopen.gate import core
from ckanext.govopen.gate.checks import validation as validation_check
from ckanext.govopen.harvest import job, sources
from ckanext.govopen.harvest import model as hmodel
from ckanext.govopen.harvest.importer import site_context

pytestmark = [pytest.mark.ckan_services, pytest.mark.usefixtures("with_plugins", "clean_all")]

SQL = os.path.join(os.path.dirname(__file__), "..", "..", "config", "demo", "harvest", "housing.sql")

TABLES = [
    {"table": "building_permits", "title": "建设工程规划许可证", "notes": "本局核发的建设工程规划许可证清单。",
     "theme": "urban_housing", "issued": "2024-01-01"},
    {"table": "district_totals", "title": "各区许可证汇总", "notes": "按区汇总的许可证数量和面积。",
     "theme": "urban_housing", "issued": "2024-01-01"},
]


@pytest.fixture(autouse=True)
def only_validation(monkeypatch, ckan_config):
    monkeypatch.setattr(core, "_checks", [("validation", validation_check.check)])
    monkeypatch.setitem(ckan_config, "govopen.jobs.inline", "true")


@pytest.fixture
def database(tmp_path, monkeypatch, ckan_config):
    monkeypatch.setitem(ckan_config, "govopen.harvest.file_roots", "db=%s" % tmp_path)
    path = tmp_path / "housing.db"
    with sqlite3.connect(path) as conn, open(SQL, encoding="utf-8") as f:
        conn.executescript(f.read())
    return path


def execute(database, sql):
    with sqlite3.connect(database) as conn:
        conn.execute(sql)


def public_source(tmp_path, department, database):
    """A SQL source whose config asks for its datasets to be public and open."""
    cfg = {"name": "housing-public", "type": "sql", "url": "sqlite:///%s" % database.name, "root": "db",
           "department": department["name"], "resource_code_prefix": "ZJ", "tables": TABLES,
           "private": False,
           "classification": {"open_type": "unconditional", "share_type": "unconditional"}}
    path = tmp_path / "housing.yaml"
    path.write_text(json.dumps(cfg, ensure_ascii=False), encoding="utf-8")
    return sources.from_file(site_context(), str(path))


def show(dataset_id):
    return tk.get_action("package_show")(site_context(), {"id": dataset_id})


def blockers(dataset_id):
    return tk.get_action("govopen_publication_blockers")(site_context(), {"id": dataset_id})["blockers"]


def publish(dataset_id):
    return tk.get_action("package_patch")(site_context(), {"id": dataset_id, "private": False})


def test_harvested_table_failing_its_types_stays_private_until_fixed(tmp_path, department, database):
    # SQLite keeps text it cannot convert in an INTEGER column: the table now
    # breaks its declared type (data_elements: permits is an integer).
    execute(database, "UPDATE district_totals SET permits = '很多' WHERE district = '徐汇区'")
    source = public_source(tmp_path, department, database)

    first = job.run(source).as_dict()
    assert (first["created"], first["errored"]) == (2, 0), first["errors"]
    # New tables have no report yet when written: the gate holds both back.
    assert first["blocked_by_gate"].get("validation") == 2
    rows = hmodel.records_of(model.Session, source["id"])
    permits_id = rows["table:building_permits"]["dataset_id"]
    totals_id = rows["table:district_totals"]["dataset_id"]

    totals = show(totals_id)
    assert totals["private"] is True
    assert {e["name"]: e["type"] for e in totals["data_elements"]}["permits"] == "integer"
    (table,) = totals["resources"]
    found = blockers(totals_id)
    assert [(b["gate"], b["code"], b["resource_id"]) for b in found] == \
        [("validation", "validation_failed", table["id"])]
    report = tk.get_action("govopen_validation_show")(site_context(), {"id": table["id"]})
    assert report["state"] == "invalid" and "type-error" in report["report"]["errors"]
    with pytest.raises(tk.ValidationError) as err:
        publish(totals_id)
    assert "private" in err.value.error_dict
    assert show(totals_id)["private"] is True

    # The valid table passed validation after the harvest: nothing holds it back.
    assert blockers(permits_id) == []
    assert publish(permits_id)["private"] is False

    # The department fixes its data; the next harvest replaces the file.
    execute(database, "UPDATE district_totals SET permits = 1 WHERE district = '徐汇区'")
    second = job.run(source).as_dict()
    assert (second["updated"], second["unchanged"], second["errored"]) == (1, 1, 0), second["errors"]
    assert show(permits_id)["private"] is False                   # untouched
    fixed = show(totals_id)
    assert [r["id"] for r in fixed["resources"]] == [table["id"]]   # replaced in place
    assert fixed["resources"][0]["validation_status"] == "valid"
    assert blockers(totals_id) == []
    assert publish(totals_id)["private"] is False


def test_harvest_takes_a_public_dataset_private_when_its_table_breaks(tmp_path, department, database):
    source = public_source(tmp_path, department, database)
    job.run(source)
    permits_id = hmodel.records_of(model.Session, source["id"])["table:building_permits"]["dataset_id"]
    assert publish(permits_id)["private"] is False

    # floor_area is declared REAL (a number); the source now has text in it.
    execute(database, "UPDATE building_permits SET floor_area = '约两万' WHERE permit_no = '建字第2024003号'")
    again = job.run(source).as_dict()
    assert again["updated"] == 1 and again["blocked_by_gate"].get("validation") == 1
    shown = show(permits_id)
    assert shown["private"] is True
    assert shown["resources"][0]["validation_status"] == "invalid"
    assert [b["code"] for b in blockers(permits_id)] == ["validation_failed"]
    with pytest.raises(tk.ValidationError):
        publish(permits_id)
