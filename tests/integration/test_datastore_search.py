"""datastore_search's quality (issue 15): Chinese full-text ``q`` (the rows'
``_full_text`` and the query cut the same way: ``datastore/fulltext.py``), in
the API and in the grid's search box; keyset paging with ``include_next_page``;
indexes on the Table Schema's key fields."""
import json
import tempfile

import pytest
import sqlalchemy as sa

from ckanext.datastore.backend.postgres import get_write_engine
from ckanext.govopen.datastore import store
from tests.integration.api_auth import as_user
from tests.integration.test_datastore import (  # noqa: F401  (fixtures)
    ROWS, conditional_table, only_validation, people, publish_table, search,
)
from tests.integration.test_datastore_page import grid_form, views_of

pytestmark = [pytest.mark.ckan_services, pytest.mark.usefixtures("with_plugins", "clean_all")]


def districts(result):
    return [r["区"] for r in result["records"]]


def test_a_two_character_chinese_word_from_a_cell_finds_its_row(app, sysadmin, department):
    ds, res = publish_table(sysadmin, department)
    rid = res["id"]
    assert districts(search(app, rid, q="朝阳")["result"]) == ["朝阳区"]        # a word inside 朝阳区
    assert districts(search(app, rid, q="城区")["result"]) == ["东城区", "西城区"]
    assert districts(search(app, rid, q="朝阳区")["result"]) == ["朝阳区"]      # the whole cell still
    assert districts(search(app, rid, q="延庆")["result"]) == ["延庆区"]
    assert search(app, rid, q="海淀")["result"]["total"] == 0                    # not in the table
    assert districts(search(app, rid, q="3452")["result"]) == ["朝阳区"]        # numbers too
    # not only the first cell: q over the whole row, with a filter
    assert districts(search(app, rid, q="城区", filters={"通地铁": True})["result"]) \
        == ["东城区", "西城区"]


def test_the_grid_s_search_box_finds_a_chinese_word(app, sysadmin, department):
    ds, res = publish_table(sysadmin, department)
    (view,) = views_of(res["id"])
    found = json.loads(app.post(f"/datatables/ajax/{view['id']}",
                                data=grid_form(**{"search[value]": "西城"})).body)
    assert found["recordsFiltered"] == 1 and [r["区"] for r in found["data"]] == ["西城区"]
    both = json.loads(app.post(f"/datatables/ajax/{view['id']}",
                               data=grid_form(**{"search[value]": "城区"})).body)
    assert [r["区"] for r in both["data"]] == ["东城区", "西城区"]


def test_chinese_q_gives_outsiders_nothing_of_a_conditional_table(app, sysadmin, department, people):
    """A regression guard: the rewritten q goes through the same auth."""
    ds, res = conditional_table(sysadmin, department)
    for user in (None, people["outsider"], people["other_editor"]):
        body = search(app, res["id"], user=user, status=403, q="朝阳")
        assert "朝阳区" not in json.dumps(body, ensure_ascii=False)
    assert districts(search(app, res["id"], user=people["editor"], q="朝阳")["result"]) == ["朝阳区"]


def test_keyset_paging_with_next_page_walks_every_row_once(app, sysadmin, department):
    ds, res = publish_table(sysadmin, department)
    params, seen = {"limit": 3, "include_next_page": True}, []
    while True:
        out = search(app, res["id"], **params)["result"]
        seen += districts(out)
        if len(out["records"]) < params["limit"]:
            break
        params["filters"] = out["next_page"]
    assert seen == [r[0] for r in ROWS]


def test_the_schema_s_key_fields_are_indexed(app, sysadmin, department):
    ds, res = publish_table(sysadmin, department)
    rid = res["id"]
    schema = {"fields": [{"name": "编号", "type": "integer"}, {"name": "区划", "type": "string"},
                         {"name": "名称", "type": "string"}],
              "primaryKey": "编号", "foreignKeys": [{"fields": ["区划"], "reference": {"fields": ["代码"]}}]}
    with tempfile.NamedTemporaryFile("w", suffix=".csv", encoding="utf-8") as f:
        f.write("编号,区划,名称\n1,110101,东城\n2,110102,西城\n")
        f.flush()
        assert store.load(rid, ds["id"], f.name, "utf-8", "csv", schema, 1, 0) == 2
    with get_write_engine().connect() as conn:
        indexed = {r[0] for r in conn.execute(sa.text(
            "SELECT a.attname FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid "
            "JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = ANY(i.indkey) "
            "WHERE c.relname = :t"), {"t": rid})}
    assert indexed == {"_id", "编号", "区划", "_full_text"}       # _full_text: the GIN index for q
    assert store.key_fields({"primaryKey": ["无此列"]}, ["编号"]) == []
