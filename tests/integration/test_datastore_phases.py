"""The Data API load in two phases (issue 15, ``store.load`` and ``fastcopy``): a file
validation checked whole is first COPYed into PostgreSQL as it is (typed rows,
queryable; ``q`` answers "being prepared"), then its rows get their ``_full_text``.
Both phases give exactly the rows the Python path gives; what PostgreSQL refuses
falls back to the Python path and its zh/en row-and-column messages."""
import json
import tempfile

import pytest
import sqlalchemy as sa

from ckanext.datastore.backend.postgres import get_write_engine
from ckanext.govopen.datastore import fulltext, store
from ckanext.govopen.datastore.columns import LoadError
from tests.integration.api_auth import as_user
from tests.integration.test_datastore import (  # noqa: F401  (fixtures)
    ELEMENTS, ROWS, only_validation, publish_table, search,
)

pytestmark = [pytest.mark.ckan_services, pytest.mark.usefixtures("with_plugins", "clean_all")]

SCHEMA = {"fields": [{"name": "编号", "type": "integer"}, {"name": "名称", "type": "string"},
                     {"name": "金额", "type": "number"}, {"name": "日期", "type": "date"},
                     {"name": "开放", "type": "boolean"}, {"name": "时间", "type": "datetime"}],
          "primaryKey": "编号"}
# quoted commas and a line break inside a cell, empty cells (text, quoted, typed), spaces
# around typed cells, TRUE/0 booleans, a number in exponent form, a Chinese text cell
TABLE = ('编号,名称,金额,日期,开放,时间\n'
         '1,"朝阳区,东部",41.84,2024-01-01,true,2024-01-01T08:30:00\n'
         '2,"两行\n文字",-0.5, 2024-02-29 ,TRUE,\n'
         '3,,1e3,,0,2024-03-01 10:00:00\n'
         '4,"",,,False,\n'
         ' 5 ,西城区 ,7,2024-12-31,1,2024-12-31T23:59:59\n')


def write(text, encoding="utf-8"):
    f = tempfile.NamedTemporaryFile("wb", suffix=".csv")
    f.write(text.encode(encoding))
    f.flush()
    return f


def rows_of(rid, with_text=False):
    with get_write_engine().connect() as conn:
        out = conn.execute(sa.text(f'SELECT * FROM "{rid}" ORDER BY _id')).mappings().all()
    return [{k: v for k, v in r.items() if with_text or k != "_full_text"} for r in out]


def full_texts(rid):
    with get_write_engine().connect() as conn:
        return [r[0] for r in conn.execute(sa.text(f'SELECT _full_text FROM "{rid}" ORDER BY _id'))]


def load(rid, f, encoding="utf-8", expect_rows=5, **kw):
    return store.load(rid, None, f.name, encoding, "csv", SCHEMA, 1, 0, expect_rows=expect_rows, **kw)


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_the_fast_copy_gives_exactly_the_rows_of_the_python_path(encoding):
    with write(TABLE, encoding) as f:
        assert load("phase-python", f, encoding, expect_rows=None) == 5   # no validated count: Python
        assert not store.full_text_pending("phase-python")
        assert load("phase-fast", f, encoding, full_text=False) == 5
        assert store.full_text_pending("phase-fast")                      # first phase only
        assert full_texts("phase-fast") == [None] * 5
        assert rows_of("phase-fast") == rows_of("phase-python")
        first = rows_of("phase-fast")
        assert [r["名称"] for r in first] == ["朝阳区,东部", "两行\n文字", None, None, "西城区 "]
        assert first[2]["金额"] == 1000 and first[3]["日期"] is None and first[4]["编号"] == 5
        assert [r["开放"] for r in first] == [True, True, False, False, True]
        # the second phase: the same rows, the same _id each, now with their full text
        assert store.complete_full_text("phase-fast", None, f.name, encoding, "csv", SCHEMA, 1, 0,
                                        expect_rows=5) == 5
        assert not store.full_text_pending("phase-fast")
        assert rows_of("phase-fast", with_text=True) == rows_of("phase-python", with_text=True)
        assert rows_of("phase-fast") == first and all(full_texts("phase-fast")[:2])
    for rid in ("phase-python", "phase-fast"):
        store.drop(rid)


def test_a_cell_postgresql_refuses_falls_back_to_the_python_path_s_message():
    bad = TABLE.replace("-0.5", "一百")
    with write(bad) as f:
        with pytest.raises(LoadError) as e:
            load("phase-bad", f)
    assert e.value.message["code"] == "datastore.bad_cell"
    assert e.value.message["params"]["row"] == 3 and e.value.message["params"]["name"] == "金额"
    assert not store.table_exists("phase-bad")


def test_a_blank_line_postgresql_cannot_copy_is_loaded_by_the_python_path():
    with write(TABLE + "\n\n") as f:
        assert load("phase-blank", f) == 5
    assert not store.full_text_pending("phase-blank") and len(rows_of("phase-blank")) == 5
    store.drop("phase-blank")


def test_a_row_count_other_than_validation_s_is_refused_and_the_old_table_stays():
    with write(TABLE) as f:
        load("phase-count", f)
        with pytest.raises(LoadError) as e:
            load("phase-count", f, expect_rows=6)
    assert e.value.message["code"] == "datastore.row_count"
    assert len(rows_of("phase-count")) == 5 and not store.full_text_pending("phase-count")
    store.drop("phase-count")


def test_the_second_phase_of_an_older_file_never_replaces_a_newer_load_or_a_drop():
    newer = TABLE.replace("西城区", "海淀区")
    with write(TABLE) as old, write(newer) as new:
        load("phase-race", old, full_text=False, sha256="old")
        load("phase-race", new, sha256="new")                       # both phases of the newer file
        assert store.complete_full_text("phase-race", None, old.name, "utf-8", "csv", SCHEMA, 1, 0,
                                        sha256="old", expect_rows=5) is None
        assert rows_of("phase-race")[4]["名称"] == "海淀区 "
        load("phase-race", old, full_text=False, sha256="old")
        store.drop("phase-race")
        assert store.complete_full_text("phase-race", None, old.name, "utf-8", "csv", SCHEMA, 1, 0,
                                        sha256="old", expect_rows=5) is None
    assert not store.table_exists("phase-race")


def test_q_on_a_table_in_its_first_phase_says_full_text_is_being_prepared(app, sysadmin, department):
    ds, res = publish_table(sysadmin, department)
    rid = res["id"]
    assert [r["区"] for r in search(app, rid, q="朝阳")["result"]["records"]] == ["朝阳区"]
    csv = ("区,人口,面积,统计日期,通地铁\n" + "".join(",".join(map(str, r)) + "\n" for r in ROWS))
    with write(csv) as f:
        assert store.load(rid, ds["id"], f.name, "utf-8", "csv", {"fields": ELEMENTS}, 1, 0,
                          expect_rows=4, full_text=False) == 4
        # rows, filters and sort now; q refused with a reason in both languages, not an empty answer
        out = search(app, rid, filters={"通地铁": True}, sort="人口 desc")["result"]
        assert [r["区"] for r in out["records"]] == ["西城区", "东城区"]
        for q in ("朝阳", {"区": "朝阳"}):
            body = search(app, rid, status=409, q=q)
            assert body["error"]["q"] == ["此表的全文检索正在准备中：数据行刚刚载入。筛选、排序和分页现在即可使用；"
                                          "请几分钟后再试 q。 / Full-text search of this table is being "
                                          "prepared: its rows were just loaded. Filters, sort and paging "
                                          "work now; retry q in a few minutes."]
        status = app.get(f"/api/3/action/govopen_datastore_status?id={rid}", **as_user(sysadmin)).json["result"]
        assert status["status"] == "loaded" and status["full_text"] is False
        store.complete_full_text(rid, ds["id"], f.name, "utf-8", "csv", {"fields": ELEMENTS}, 1, 0,
                                 expect_rows=4)
    assert [r["区"] for r in search(app, rid, q="朝阳")["result"]["records"]] == ["朝阳区"]
    assert [r["区"] for r in search(app, rid, q={"区": "城区"})["result"]["records"]] == ["东城区", "西城区"]


def gin_indexes(rid):
    """The names of the GIN indexes on the table's ``_full_text``."""
    with get_write_engine().connect() as conn:
        return [r[0] for r in conn.execute(sa.text(
            "SELECT i.relname FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
            "JOIN pg_am a ON a.oid = i.relam WHERE x.indrelid = to_regclass(:t) AND a.amname = 'gin' "
            "AND pg_get_indexdef(x.indexrelid) LIKE '%(_full_text)%'"), {"t": f'"{rid}"'})]


def q_plan(rid, q):
    """The plan of ``datastore_search``'s ``q`` condition (``_full_text @@ to_tsquery``, as govopen
    asks it), with sequential scans priced out: on a table this small the planner would scan anyway,
    so this asks whether an index CAN answer the q; without one the plan stays a Seq Scan."""
    with get_write_engine().begin() as conn:
        conn.execute(sa.text("SET LOCAL enable_seqscan = off"))
        plan = conn.execute(sa.text(f'EXPLAIN (FORMAT JSON) SELECT _id FROM "{rid}" '
                                    "WHERE _full_text @@ to_tsquery('simple', :q)"),
                            {"q": fulltext.tsquery(q)}).scalar()
    return plan if isinstance(plan, str) else json.dumps(plan)


def test_q_is_answered_from_a_gin_index_on_full_text_after_every_load_and_reload():
    with write(TABLE) as f:
        load("phase-gin", f, expect_rows=None)                        # the one-phase Python path
        assert len(gin_indexes("phase-gin")) == 1
        assert "Seq Scan" not in q_plan("phase-gin", "朝阳区")
        index = store.full_text_index("phase-gin")                    # CKAN's name for it
        assert gin_indexes("phase-gin") == [index]
        assert f'"Index Name": "{index}"' in q_plan("phase-gin", "朝阳区")
        load("phase-gin", f)                                          # a reload, both phases
        assert gin_indexes("phase-gin") == [index]
        load("phase-gin", f, full_text=False)                         # the first phase: q is refused
        assert gin_indexes("phase-gin") == []
        store.complete_full_text("phase-gin", None, f.name, "utf-8", "csv", SCHEMA, 1, 0, expect_rows=5)
        assert gin_indexes("phase-gin") == [index]                    # built before the swap
        assert f'"Index Name": "{index}"' in q_plan("phase-gin", "西城")
        with get_write_engine().connect() as conn:
            assert conn.execute(sa.text('SELECT "编号" FROM "phase-gin" '
                                        "WHERE _full_text @@ to_tsquery('simple', :q)"),
                                {"q": fulltext.tsquery("朝阳区")}).scalars().all() == [1]
    store.drop("phase-gin")
    assert gin_indexes("phase-gin") == []
