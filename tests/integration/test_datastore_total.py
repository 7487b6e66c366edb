"""``total`` in the Data API (issue 15): exact, and fast on large tables.

Unfiltered: CKAN 2.12 reads ``cached_table_row_count`` (``_table_stats``); the
loader writes the exact count there in the transaction of the swap
(``store.load``), so no ``count(*)`` ever runs over a whole table and the count
cannot go stale (tables change only by a load). Filtered: CKAN's exact
``count(*)`` of the matching rows."""
import tempfile

import pytest
import sqlalchemy as sa

from ckanext.datastore.backend.postgres import get_write_engine
from ckanext.govopen.datastore import store
from tests.integration.test_datastore import (  # noqa: F401  (fixtures)
    only_validation, publish_table, search,
)

pytestmark = [pytest.mark.ckan_services, pytest.mark.usefixtures("with_plugins", "clean_all")]


def cached_rows(rid):
    with get_write_engine().connect() as conn:
        return conn.execute(sa.text('SELECT (stats->>\'rows\')::bigint FROM "_table_stats" '
                                    "WHERE resource_id = :r"), {"r": rid}).scalar()


def test_the_load_writes_the_exact_count_and_total_reads_it(app, sysadmin, department):
    ds, res = publish_table(sysadmin, department)
    rid = res["id"]
    assert cached_rows(rid) == 4                         # written by the load, before any search
    assert search(app, rid, limit=1)["result"]["total"] == 4
    # filtered totals are exact counts of the matching rows
    assert search(app, rid, q="城区", limit=1)["result"]["total"] == 2
    assert search(app, rid, filters={"通地铁": False}, limit=0)["result"]["total"] == 2
    assert search(app, rid, q={"区": "朝阳"})["result"]["total"] == 1
    # the unfiltered total is the stored count: no count(*) over the table
    with get_write_engine().begin() as conn:
        conn.execute(sa.text('UPDATE "_table_stats" SET stats = \'{"rows": 999}\' WHERE resource_id = :r'),
                     {"r": rid})
    assert search(app, rid, limit=1)["result"]["total"] == 999


def test_a_reload_stores_the_new_exact_count(app, sysadmin, department):
    ds, res = publish_table(sysadmin, department)
    rid = res["id"]
    assert search(app, rid)["result"]["total"] == 4
    with tempfile.NamedTemporaryFile("w", suffix=".csv", encoding="utf-8") as f:
        f.write("区,人口\n东城区,1\n西城区,2\n")
        f.flush()
        assert store.load(rid, ds["id"], f.name, "utf-8", "csv", None, 1, 0) == 2
    assert cached_rows(rid) == 2
    assert search(app, rid)["result"]["total"] == 2
    store.drop(rid, ds["id"])
    assert cached_rows(rid) is None
