"""Relational database: a SQLite department database made by the test; each
configured table or view becomes a dataset with data_elements and a streamed
CSV whose checksum changes exactly when the rows do."""
import csv
import io
import os
import sqlite3

import pytest

from govopen_harvesters import config, pipeline, sql
from govopen_harvesters import secrets as secrets_mod
from govopen_harvesters.record import HarvestError, Record

from tests.unit.harvest_roots import root_of
from tests.local_server import closed_port


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "dept.db"
    con = sqlite3.connect(path)
    con.executescript("""
        CREATE TABLE permits (
            permit_no INTEGER PRIMARY KEY, holder TEXT NOT NULL, area REAL,
            issued_on DATE, approved BOOLEAN);
        CREATE VIEW recent_permits AS SELECT permit_no, holder FROM permits WHERE permit_no > 2;
        CREATE TABLE empty_table (id INTEGER PRIMARY KEY, note TEXT);
    """)
    con.executemany("INSERT INTO permits VALUES (?,?,?,?,?)", [
        (3, "上海某建筑公司", 1200.5, "2024-03-01", 1),
        (1, "Acme, Inc.", None, "2023-12-31", 0),
        (2, '引号"与,逗号', 88.0, None, 1),
    ])
    con.commit()
    con.close()
    return path


def cfg(db, tables=None, **kw):
    base = {"name": "dept-db", "type": "sql", "url": "sqlite:///%s" % db.name, "root": "t", "department": "housing",
            "resource_code_prefix": "HB",
            "tables": tables if tables is not None else [
                {"table": "permits", "title": "建设工程规划许可证", "notes": "许可证清单", "theme": "urban_housing",
                 "issued": "2024-01-01", "columns": {"permit_no": {"title": "许可证号"}}},
                {"table": "recent_permits", "title": "近期许可证", "notes": "视图", "issued": "2024-01-01"},
            ]}
    base.update(kw)
    return config.load(base, roots=root_of(db.parent))


def records(items):
    return [i for i in items if isinstance(i, Record)]


def read_csv(resource):
    return list(csv.reader(io.StringIO(b"".join(resource.open_stream()).decode("utf-8"))))


def test_tables_and_views_become_datasets(db):
    items = list(pipeline.harvest(cfg(db)))
    assert not [i for i in items if isinstance(i, HarvestError)]
    permits, view = records(items)
    assert permits.source_id == "table:permits" and view.source_id == "table:recent_permits"
    assert permits.dataset["data_elements"] == [
        {"name": "permit_no", "title": "许可证号", "type": "integer", "description": ""},
        {"name": "holder", "title": "holder", "type": "string", "description": ""},
        {"name": "area", "title": "area", "type": "number", "description": ""},
        {"name": "issued_on", "title": "issued_on", "type": "date", "description": ""},
        {"name": "approved", "title": "approved", "type": "boolean", "description": ""},
    ]
    assert permits.valid, permits.problems
    assert permits.dataset["theme"] == "urban_housing" and permits.dataset["resource_code"].startswith("HB17-")
    rows = read_csv(permits.resources[0])
    assert rows[0] == ["permit_no", "holder", "area", "issued_on", "approved"]
    # primary-key order, NULL as empty, booleans and dates as text, quoting intact
    assert rows[1:] == [["1", "Acme, Inc.", "", "2023-12-31", "false"],
                        ["2", '引号"与,逗号', "88.0", "", "true"],
                        ["3", "上海某建筑公司", "1200.5", "2024-03-01", "true"]]
    assert permits.source["rows"] == 3
    import hashlib
    content = b"".join(permits.resources[0].open_stream())
    assert permits.resources[0].checksum == hashlib.sha256(content).hexdigest()
    assert permits.resources[0].size == len(content)
    assert [r[1] for r in read_csv(view.resources[0])[1:]] == ['上海某建筑公司']


def test_checksum_changes_only_with_the_rows(db):
    first = {r.source_id: r.content_hash for r in records(pipeline.harvest(cfg(db)))}
    again = {r.source_id: r.content_hash for r in records(pipeline.harvest(cfg(db)))}
    assert first == again
    con = sqlite3.connect(db)
    con.execute("UPDATE permits SET area = 1201 WHERE permit_no = 3")
    con.commit()
    con.close()
    changed = {r.source_id: r.content_hash for r in records(pipeline.harvest(cfg(db)))}
    assert changed["table:permits"] != first["table:permits"]


def test_all_tables_with_star(db):
    ids = [r.source_id for r in records(pipeline.harvest(cfg(db, tables="*")))]
    assert sorted(ids) == ["table:empty_table", "table:permits", "table:recent_permits"]


def test_missing_table_is_an_error_for_that_table_only(db):
    items = list(pipeline.harvest(cfg(db, tables=["nope", {"table": "permits", "title": "t"}])))
    err, rec = items
    assert isinstance(err, HarvestError) and err.code == "table_missing" and not err.fatal
    assert "nope" in err.message["en"] and "nope" in err.message["zh"]
    assert rec.source_id == "table:permits"


def test_database_down_hides_the_password(tmp_path):
    url = "postgresql://reader@127.0.0.1:%d/dept" % closed_port()
    secrets = write_secrets(tmp_path, "dept_db = s3cret\n")
    c = config.load({"name": "pg", "type": "sql", "url": url, "secret": "dept_db", "tables": ["t"]},
                    secrets=secrets)
    assert "s3cret" not in repr(c) and "s3cret" not in str(c)
    (e,) = list(pipeline.harvest(c))
    assert e.fatal and e.code == "database_error"
    assert "s3cret" not in e.where and "s3cret" not in e.message["en"]
    assert "127.0.0.1" in e.where


def write_secrets(tmp_path, text, mode=0o600):
    path = tmp_path / "harvest-secrets"
    path.write_text(text, encoding="utf-8")
    os.chmod(path, mode)
    return secrets_mod.parse_file(str(path))


def test_the_named_secret_is_the_password_of_the_connection(tmp_path):
    secrets = write_secrets(tmp_path, "# comment\ndept_db@housing = pa=ss\nother@roads = x\n")
    c = config.load({"name": "pg", "type": "sql", "url": "postgresql://reader@db.example/permits",
                     "secret": "dept_db", "department": "housing", "tables": ["t"]}, secrets=secrets)
    assert sql.connect_url(c).password == "pa=ss" and c["url"] == "postgresql://reader@db.example/permits"
    assert "pa=ss" not in repr(c) and c["display"] == "postgresql://reader@db.example/permits"
    for name, dept in (("other", "housing"), ("nope", "housing"), ("dept_db", "roads")):
        with pytest.raises(config.ConfigError) as e:
            config.load({"name": "pg", "type": "sql", "url": "postgresql://reader@db.example/permits",
                         "secret": name, "department": dept, "tables": ["t"]}, secrets=secrets)
        assert "命名密钥" in e.value.message["zh"] and "no secret named" in e.value.message["en"]
    open_file = tmp_path / "open"
    open_file.write_text("dept_db = x\n", encoding="utf-8")
    os.chmod(open_file, 0o644)
    with pytest.raises(secrets_mod.Secret) as e:
        secrets_mod.parse_file(str(open_file))
    assert "600" in e.value.en and "600" in e.value.zh


@pytest.mark.parametrize("raw", [
    {"url": "postgresql://reader:s3cret@db.example/permits"},
    {"url": "mysql+pymysql://reader:s3cret@db.example/permits"},
    {"url": "postgresql://reader@db.example/permits", "password": "s3cret"},
    {"url": "postgresql://reader@db.example/permits", "http": {"api_key": "s3cret"}},
    {"url": "postgresql://reader@db.example/permits?password=s3cret"},
    {"url": "postgresql://reader@db.example/permits", "secret": "s3cret with spaces"},
])
def test_credentials_in_a_config_are_refused(raw):
    with pytest.raises(config.ConfigError) as e:
        config.load(dict({"name": "pg", "type": "sql", "tables": ["t"]}, **raw))
    assert "s3cret" not in e.value.message["en"] and "s3cret" not in e.value.message["zh"]
    assert "secret" in e.value.message["en"] and ("口令" in e.value.message["zh"] or "密钥" in e.value.message["zh"])


@pytest.mark.parametrize("url", [
    "postgresql://reader@db.example/permits?host=/var/run/postgresql",
    "postgresql://reader@db.example/permits?passfile=/etc/passwd",
    "mysql+pymysql://reader@db.example/permits?read_default_file=/etc/mysql/debian.cnf",
    "postgresql:///ckan",
])
def test_database_urls_that_reach_the_servers_own_files_or_sockets_are_refused(url):
    with pytest.raises(config.ConfigError) as e:
        config.load({"name": "pg", "type": "sql", "url": url, "tables": ["t"]})
    assert e.value.message["zh"] and e.value.message["en"]


def test_sqlite_only_inside_a_root(db, tmp_path):
    for url, roots in (("sqlite:///%s" % db, root_of(db.parent)), ("sqlite:///../dept.db", root_of(tmp_path / "x")),
                       ("sqlite:///dept.db", None)):
        with pytest.raises(config.ConfigError) as e:
            config.load({"name": "s", "type": "sql", "url": url, "root": "t", "tables": ["t"]}, roots=roots)
        assert "根目录" in e.value.message["zh"] and "root" in e.value.message["en"]
    c = cfg(db)
    assert c["display"].startswith("sqlite:///dept.db") and str(db) not in c["display"]


def test_enormous_cell_is_fine_enormous_metadata_is_not(db):
    con = sqlite3.connect(db)
    con.execute("INSERT INTO permits VALUES (9, ?, 1, '2024-01-01', 1)", ("z" * 300_000,))
    con.commit()
    con.close()
    items = list(pipeline.harvest(cfg(db, tables=[
        {"table": "permits", "title": "t", "notes": "n" * 200_000}, {"table": "recent_permits", "title": "v"}])))
    assert [type(i).__name__ for i in items] == ["HarvestError", "Record"]
    assert items[0].code == "record_field_too_large" and items[0].params["field"] == "notes"
    # the big cell is content, streamed, not metadata
    assert len(b"".join(items[1].resources[0].open_stream())) > 300_000


def test_safe_url():
    assert sql.safe_url("postgresql://u:pw@h/db") == "postgresql://u:***@h/db"


def test_a_database_on_the_servers_own_network_is_refused_unless_allow_listed(tmp_path):
    """Before, a department's SQL source could name any host and port: the server's own
    PostgreSQL, Redis or Solr, and the driver's errors told which ports answered."""
    import socket
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    port = listener.getsockname()[1]
    try:
        url = "postgresql://reader@127.0.0.1:%d/dept" % port
        for target in (url, "mysql://reader@localhost:%d/x" % port):
            c = config.load({"name": "pg", "type": "sql", "url": target, "tables": ["t"]})
            (e,) = list(pipeline.harvest(c, allow=[]))
            assert e.fatal and e.code == "database_error"
            assert "not allowed for server-side fetches" in e.message["en"] and "不允许" in e.message["zh"]
        listener.settimeout(0.5)
        with pytest.raises(socket.timeout):
            listener.accept()                      # nothing connected
        # allow-listed by the sysadmin: the driver connects (here: nothing listens there)
        closed = closed_port()
        c = config.load({"name": "pg", "type": "sql", "url": "postgresql://reader@127.0.0.1:%d/dept" % closed,
                         "tables": ["t"]})
        (e,) = list(pipeline.harvest(c, allow=["127.0.0.1/32:%d" % closed]))
        assert e.code == "database_error" and "not allowed" not in e.message["en"]
        assert "refused" in e.message["en"].lower() or "could not connect" in e.message["en"].lower()
    finally:
        listener.close()
