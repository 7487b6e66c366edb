"""Put the same bench table (``make_table.py``) into each site's DataStore, for
``search_bench.py``; prints one JSON line with the resource id and the seconds.

    python search_setup.py govopen FILE GOVOPEN_INI RESOURCE_ID
    python search_setup.py stock FILE STOCK_INI

- ``govopen``: ``ckanext.govopen.datastore.store.load`` (the content check's own
  load: typed columns from the Table Schema, ``_full_text`` cut as govopen cuts
  Chinese, an index on the primary key 编号, swapped in whole) as the table of
  RESOURCE_ID, an existing resource of a published, unconditionally open
  dataset of the govopen site: anonymous callers then read it through the real
  access path (CKAN's auth, then the one verdict).
- ``stock``: what ckanext-xloader 2.6.0 gives the stock site (``stock.sh``): a
  public dataset with one resource, ``datastore_create`` with every column
  ``text``, ``COPY`` of the file, ``_full_text`` filled by one ``UPDATE ...
  to_tsvector(<all columns>)`` (xloader's ``_populate_fulltext``), then CKAN's
  ``create_indexes`` (xloader's ``create_column_indexes``: the ``_full_text``
  and per-text-column full-text indexes), plus an index on 编号 (``indexes``),
  the key the govopen side indexes, so the key filter compares index to index.
"""
from __future__ import annotations

import json
import sys
import time
import uuid

import sqlalchemy as sa


def app_for(ini):
    from ckan.cli import load_config
    from ckan.config.middleware import make_app
    return make_app(load_config(ini))


def govopen(path, schema, ini, rid):
    from ckanext.govopen.datastore import store
    from ckanext.datastore.backend.postgres import get_write_engine
    app = app_for(ini)
    with app._wsgi_app.test_request_context():
        t0 = time.perf_counter()
        rows = store.load(rid, None, path, "utf-8", "csv", schema, 1, 0)
        seconds = time.perf_counter() - t0
        with get_write_engine().begin() as conn:
            conn.execute(sa.text(f'ANALYZE "{rid}"'))
    return dict(side="govopen", resource_id=rid, rows=rows, seconds=round(seconds, 1))


def stock(path, schema, ini):
    import ckan.plugins.toolkit as tk
    from ckan import model
    from ckanext.datastore.backend.postgres import create_indexes, get_write_engine, identifier
    app = app_for(ini)
    with app._wsgi_app.test_request_context():
        site = tk.get_action("get_site_user")({"ignore_auth": True}, {})
        ctx = lambda: {"ignore_auth": True, "user": site["name"]}   # noqa: E731
        try:
            tk.get_action("organization_show")(ctx(), {"id": "bench-dsstock"})
        except tk.ObjectNotFound:
            tk.get_action("organization_create")(ctx(), {"name": "bench-dsstock"})
        name = "bench-search-" + uuid.uuid4().hex[:8]
        pkg = tk.get_action("package_create")(ctx(), {"name": name, "owner_org": "bench-dsstock", "resources": [
            {"url": "http://127.0.0.1/t.csv", "format": "CSV", "name": "t"}]})
        rid = pkg["resources"][0]["id"]
        names = [f["name"] for f in schema["fields"]]
        fields = [{"id": n, "type": "text"} for n in names]
        t0 = time.perf_counter()
        tk.get_action("datastore_create")(ctx(), {"resource_id": rid, "force": True, "fields": fields})
        engine = get_write_engine()
        cols = ", ".join(identifier(n) for n in names)
        raw = engine.raw_connection()
        try:
            cur = raw.cursor()
            cur.execute(f'ALTER TABLE {identifier(rid)} DISABLE TRIGGER zfulltext')   # xloader: _disable_fulltext_trigger
            with open(path, "rb") as f:
                cur.copy_expert(f"COPY {identifier(rid)} ({cols}) FROM STDIN WITH (FORMAT csv, HEADER true)", f, size=65536)
            concat = " || ' ' || ".join(f"coalesce({identifier(n)}, '')" for n in names)
            cur.execute(f"UPDATE {identifier(rid)} SET _full_text = to_tsvector({concat})")
            raw.commit()
        finally:
            raw.close()
        with engine.begin() as conn:
            create_indexes({"model": model, "connection": conn},
                           {"resource_id": rid, "fields": fields, "indexes": [schema["primaryKey"]]})
            conn.execute(sa.text(f'ALTER TABLE {identifier(rid)} ENABLE TRIGGER zfulltext'))
            conn.execute(sa.text(f"ANALYZE {identifier(rid)}"))
        seconds = time.perf_counter() - t0
        count = tk.get_action("datastore_search")(ctx(), {"resource_id": rid, "limit": 0})["total"]
    return dict(side="stock", resource_id=rid, package=name, rows=count, seconds=round(seconds, 1))


def main():
    side, path, ini = sys.argv[1:4]
    with open(path + ".schema.json", encoding="utf-8") as f:
        schema = json.load(f)
    out = govopen(path, schema, ini, sys.argv[4]) if side == "govopen" else stock(path, schema, ini)
    print(json.dumps(out, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
