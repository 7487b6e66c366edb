"""Harvest sources as an attacker tries them, through the real HTTP surfaces.

An editor of one department may create harvest sources. Before: a
``govopen_files`` source with ``url: file:///etc`` (or a manifest naming an
absolute path into CKAN's storage) harvested the server's own files, another
department's private upload included; a ``govopen_sql`` URL with a password
was shown to everyone by ``harvest_source_show``; ``harvest_source_patch``
answered 500; a second ``harvest_job_create`` answered 500. Now a source names
a file-share root the sysadmin listed (and a path inside it) and a secret by
name; everything else is refused with a zh/en 409 and nothing is stored.
"""
import json
import logging
import os
import re

import pytest

import ckan.model as model
import ckan.tests.factories as factories
from ckan.tests import helpers

from tests.integration.api_auth import as_user
from tests.integration.conftest import PROVIDER_CODES

pytestmark = [pytest.mark.ckan_services, pytest.mark.usefixtures("with_plugins", "clean_all")]

CJK = re.compile(r"[\u4e00-\u9fff]")
MANIFEST = """datasets:
  - identifier: stops
    title: 公交站点
    notes: 全市公交站点。
    theme: transport
    issued: "2024-01-01"
    files: [stops.csv]
"""


class Kept(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.records = []

    def emit(self, record):
        self.records.append(record)


@pytest.fixture
def logs():
    """Every record of CKAN's and the extensions' loggers at INFO and above (the ini
    stops them at "ckan" and "ckanext", before pytest's handler on the root logger)."""
    kept = Kept()
    loggers = [logging.getLogger(name) for name in ("ckan", "ckanext")]
    children = [lg for name, lg in logging.Logger.manager.loggerDict.items()
                if isinstance(lg, logging.Logger) and name.split(".")[0] in ("ckan", "ckanext")]
    saved = [(lg, lg.level, lg.disabled) for lg in loggers + children]
    for lg in children:
        lg.disabled = False
    for logger in loggers:
        logger.setLevel(logging.INFO)
        logger.addHandler(kept)
    yield kept
    for logger in loggers:
        logger.removeHandler(kept)
    for lg, level, disabled in saved:
        lg.setLevel(level)
        lg.disabled = disabled


def harvest_sources():
    return model.Session.query(model.Package).filter(model.Package.type == "harvest").count()


def zh_and_en(body):
    """The error texts of a 409 answer: at least one in Chinese and in English."""
    text = json.dumps(body["error"], ensure_ascii=False)
    assert CJK.search(text), text
    assert re.search(r"[A-Za-z]{4,} [a-z]{2,} ", text), text
    return text


@pytest.fixture
def other_department(sysadmin):
    return factories.Organization(user=sysadmin, provider_code=next(PROVIDER_CODES))


@pytest.fixture
def people(department, other_department):
    editor, other_editor, outsider = factories.User(), factories.User(), factories.User()
    helpers.call_action("organization_member_create", id=department["id"], username=editor["name"], role="editor")
    helpers.call_action("organization_member_create", id=other_department["id"], username=other_editor["name"],
                        role="editor")
    return {"editor": editor, "other_editor": other_editor, "outsider": outsider}


@pytest.fixture
def shares(tmp_path, ckan_config, monkeypatch, department, other_department):
    """Two departments' file shares, allow-listed by the sysadmin; a private upload in
    CKAN's storage, and symbolic links from the share to it."""
    storage = tmp_path / "storage"
    upload = storage / "resources" / "abc" / "def" / "ids.csv"
    upload.parent.mkdir(parents=True)
    upload.write_text("name,id_number\n张三,110101199003077777\n", encoding="utf-8")
    (storage / "ids.yaml").write_text(MANIFEST.replace("stops.csv", str(upload)), encoding="utf-8")
    mine = tmp_path / "share-a"
    mine.mkdir()
    (mine / "stops.csv").write_text("站点,线路\n人民广场,1\n徐家汇,9\n", encoding="utf-8")
    (mine / "manifest.yaml").write_text(MANIFEST, encoding="utf-8")
    os.symlink(storage, mine / "storage-link")
    (mine / "sneaky").mkdir()
    os.symlink(upload, mine / "sneaky" / "stops.csv")
    (mine / "sneaky" / "manifest.yaml").write_text(MANIFEST, encoding="utf-8")
    theirs = tmp_path / "share-b"
    theirs.mkdir()
    (theirs / "manifest.yaml").write_text(MANIFEST, encoding="utf-8")
    (theirs / "stops.csv").write_text("站点,线路\n内部,0\n", encoding="utf-8")
    monkeypatch.setitem(ckan_config, "ckan.storage_path", str(storage))
    monkeypatch.setitem(ckan_config, "govopen.harvest.file_roots", "share-a@%s=%s share-b@%s=%s" % (
        department["name"], mine, other_department["name"], theirs))
    return {"storage": storage, "upload": upload, "mine": mine, "theirs": theirs}


def create(app, user, status, **data):
    data.setdefault("name", "src-%d" % harvest_sources())
    data.setdefault("title", "采集源")
    data.setdefault("frequency", "MANUAL")
    return app.post("/api/action/harvest_source_create", json=data, status=status, **as_user(user)).json


# --- class 1: the server's own files --------------------------------------------------------

@pytest.mark.parametrize("name,source_type,url,config", [
    ("file-url", "govopen_files", "file:///etc", ""),
    ("file-url-storage", "govopen_files", "file://{storage}", ""),
    ("datajson-file", "govopen_datajson", "file:///etc/passwd", ""),
    ("absolute-path", "govopen_files", "http://example.org/", {"path": "/etc"}),
    ("absolute-manifest", "govopen_files", "share://share-a/", {"manifest": "{storage}/ids.yaml"}),
    ("dot-dot", "govopen_files", "share://share-a/../../etc", ""),
    ("dot-dot-config", "govopen_files", "share://share-a/", {"root": "share-a", "path": "../share-b"}),
    ("link-into-storage", "govopen_files", "share://share-a/storage-link", ""),
    ("other-department", "govopen_files", "share://share-b/", ""),
    ("unknown-root", "govopen_files", "share://etc/passwd", ""),
    ("base-dir", "govopen_files", "http://example.org/", {"base_dir": "/", "path": "etc"}),
    ("sqlite-server-file", "govopen_sql", "sqlite:///{storage}/ids.db", ""),
])
def test_an_editor_cannot_make_the_server_read_its_own_files(app, people, shares, department, name,
                                                              source_type, url, config):
    url = url.format(storage=shares["storage"])
    if isinstance(config, dict):
        config = json.dumps({k: v.format(storage=shares["storage"]) for k, v in config.items()})
    body = create(app, people["editor"], 409, url=url, source_type=source_type, config=config,
                  owner_org=department["id"])
    text = zh_and_en(body)
    assert str(shares["upload"]) not in text
    assert harvest_sources() == 0                                       # nothing stored


def test_the_web_form_refuses_the_same(app, people, shares, department):
    headers = as_user(people["editor"])
    form = app.get("/harvest/new", **headers).body
    token = re.search(r'name="_csrf_token"\s+value="([^"]+)"', form).group(1)
    resp = app.post("/harvest/new", data={
        "_csrf_token": token, "url": "file:///etc", "name": "form-src", "title": "t",
        "source_type": "govopen_files", "frequency": "MANUAL", "config": "", "owner_org": department["id"],
        "save": "Save"}, **headers)
    assert resp.status_code == 200                                     # the form again, with the error
    assert "share://" in resp.body and "根目录" in resp.body
    assert harvest_sources() == 0


def test_a_root_works_end_to_end_and_stores_names_only(app, people, shares, department, sysadmin, ckan_config,
                                                       monkeypatch):
    monkeypatch.setitem(ckan_config, "govopen.jobs.inline", "true")
    src = create(app, people["editor"], 200, name="stops-share", url="share://share-a/",
                 source_type="govopen_files", config=json.dumps({"resource_code_prefix": "JT"}),
                 owner_org=department["id"])["result"]
    assert str(shares["mine"]) not in json.dumps(src)
    from ckanext.govopen.harvest import job, sources
    report = job.run(sources.show({"ignore_auth": True}, src["id"])).as_dict()
    assert (report["created"], report["errored"]) == (1, 0), report["errors"]
    datasets = helpers.call_action("package_search", fq="owner_org:%s" % department["id"],
                                   include_private=True)["results"]
    assert [d["title"] for d in datasets] == ["公交站点"]
    # the sneaky sub-folder (its table is a link into the storage): refused when it runs
    helpers.call_action("harvest_source_patch", {"user": sysadmin["name"]}, id=src["id"],
                        url="share://share-a/sneaky")
    report = job.run(sources.show({"ignore_auth": True}, src["id"])).as_dict()
    assert report["created"] == 0 and [e["code"] for e in report["errors"]] == ["file_outside_root"]
    assert str(shares["upload"]) not in json.dumps(report, ensure_ascii=False)


def test_a_config_that_bypassed_validation_is_refused_when_it_runs(people, shares, department, sysadmin):
    """Defence in depth: a stored source changed behind the API (here: in the database)."""
    from ckanext.govopen.harvest import job, sources
    from ckanext.harvest.model import HarvestSource
    from govopen_harvesters.config import ConfigError

    src = helpers.call_action("harvest_source_create", {"user": sysadmin["name"]}, name="bypass", url="share://share-a/",
                              source_type="govopen_files", owner_org=department["id"], frequency="MANUAL")
    row = HarvestSource.get(src["id"])
    row.url = "file://%s" % shares["storage"]
    row.config = json.dumps({"path": str(shares["storage"])})
    model.Session.commit()
    with pytest.raises(ConfigError) as e:
        job.run(sources.of_harvest_source(row))
    assert "root" in e.value.message["en"] and "根目录" in e.value.message["zh"]
    assert helpers.call_action("package_search", fq="owner_org:%s" % department["id"],
                               include_private=True)["count"] == 0


def test_a_root_over_the_storage_or_state_is_never_used(shares, ckan_config, monkeypatch, logs):
    from ckanext.govopen.harvest import server
    monkeypatch.setitem(ckan_config, "govopen.harvest.file_roots", "all=/ up=%s fine=%s" % (
        shares["storage"].parent, shares["mine"]))
    monkeypatch.setattr(server, "_reported", set())
    monkeypatch.setattr(server, "log", logging.getLogger("ckanext.govopen.harvest.server.test"))
    assert set(server.roots()) == {"fine"}
    assert sum("file-share root" in r.getMessage() for r in logs.records if r.levelname == "ERROR") == 2


# --- class 7: secrets --------------------------------------------------------------------------

@pytest.fixture
def scratch_table(ckan_config):
    """A small table in a scratch schema of the test stack's own PostgreSQL."""
    engine = model.meta.engine
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP SCHEMA IF EXISTS harvest_scratch CASCADE")
        conn.exec_driver_sql("CREATE SCHEMA harvest_scratch")
        conn.exec_driver_sql("CREATE TABLE harvest_scratch.permits (permit_no int PRIMARY KEY, holder text)")
        conn.exec_driver_sql("INSERT INTO harvest_scratch.permits VALUES (1, '上海某建筑公司'), (2, 'Acme')")
    yield engine.url
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP SCHEMA IF EXISTS harvest_scratch CASCADE")


@pytest.fixture
def secret_file(tmp_path, ckan_config, monkeypatch, scratch_table, department):
    path = tmp_path / "secrets" / "harvest"
    path.parent.mkdir()
    path.write_text("permits_db@%s = %s\n" % (department["name"], scratch_table.password), encoding="utf-8")
    os.chmod(path, 0o600)
    monkeypatch.setitem(ckan_config, "govopen.harvest.secrets_file", str(path))
    # the department's database (here the test PostgreSQL on this machine) is reached only
    # because the sysadmin allow-lists its address and port
    monkeypatch.setitem(ckan_config, "govopen.outbound.allow", "127.0.0.1/32:%s" % (scratch_table.port or 5432))
    return scratch_table.password


def database_url(url, password=False):
    return "postgresql://%s%s@%s:%s/%s" % (url.username, ":" + url.password if password else "", url.host,
                                          url.port, url.database)


TABLES = {"tables": [{"schema": "harvest_scratch", "table": "permits", "title": "许可证", "notes": "许可证清单",
                      "theme": "urban_housing", "issued": "2024-01-01"}]}


def test_a_password_in_a_source_is_refused(app, people, department, scratch_table, logs):
    secret = scratch_table.password
    for url, config in ((database_url(scratch_table, password=True), TABLES),
                        (database_url(scratch_table), dict(TABLES, password=secret)),
                        (database_url(scratch_table), dict(TABLES, http={"api_key": secret}))):
        body = create(app, people["editor"], 409, url=url, source_type="govopen_sql",
                      config=json.dumps(config), owner_org=department["id"])
        text = zh_and_en(body)
        assert "secret" in text and secret not in text
    body = create(app, people["editor"], 409, url="https://u:%s@data.example/data.json" % secret,
                  source_type="govopen_datajson", owner_org=department["id"])
    assert secret not in zh_and_en(body)
    assert harvest_sources() == 0
    assert logs.records and not [r for r in logs.records if secret in r.getMessage()]  # not even ckanext-harvest's


def test_a_named_secret_harvests_and_is_shown_to_nobody(app, people, department, other_department,
                                                        secret_file, scratch_table, logs):
    secret = secret_file
    resp = app.post("/api/action/harvest_source_create", json={
        "name": "permits-db", "title": "许可证库", "url": database_url(scratch_table), "frequency": "MANUAL",
        "source_type": "govopen_sql", "config": json.dumps(dict(TABLES, secret="permits_db")),
        "owner_org": department["id"]}, **as_user(people["editor"]))
    assert resp.status_code == 200, resp.body
    src = resp.json["result"]
    from ckanext.govopen.harvest import job, sources
    report = job.run(sources.show({"ignore_auth": True}, src["id"])).as_dict()
    assert (report["created"], report["errored"]) == (1, 0), report["errors"]
    assert secret not in json.dumps(report, ensure_ascii=False)
    report_api = app.get("/api/action/govopen_harvest_job_report", params={"id": report["job_id"]},
                         **as_user(people["editor"]))
    assert secret not in report_api.body
    # another department's editor cannot use the secret for their own source
    body = create(app, people["other_editor"], 409, url=database_url(scratch_table), source_type="govopen_sql",
                  config=json.dumps(dict(TABLES, secret="permits_db")), owner_org=other_department["id"])
    assert "permits_db" in zh_and_en(body)
    # no reader sees the secret (nor, for this source, a server path)
    for user in (None, people["outsider"], people["other_editor"], people["editor"]):
        for url, params in (("/api/action/harvest_source_show", {"id": "permits-db"}),
                            ("/api/action/package_search", {"fq": "dataset_type:harvest"}),
                            ("/api/action/harvest_source_list", {}),
                            ("/harvest/permits-db", {})):
            page = app.get(url, params=params, **as_user(user))
            assert secret not in page.body, (url, user)
    assert logs.records and not [r for r in logs.records if secret in r.getMessage()]


DEMO_HARVEST = os.path.join(os.path.dirname(__file__), "..", "..", "config", "demo", "harvest")


def demo_share_file(shares, department, ckan_config, monkeypatch):
    """The demo's file-share source config, for ``department``, with the demo's root
    allow-listed: ``(its path, its text)``."""
    monkeypatch.setitem(ckan_config, "govopen.harvest.file_roots", "demo=%s" % os.path.realpath(DEMO_HARVEST))
    with open(os.path.join(DEMO_HARVEST, "file-share.yaml"), encoding="utf-8") as f:
        text = f.read().replace("department: bj-transport", "department: %s" % department["name"])
    path = shares["mine"].parent / "file-share.yaml"
    path.write_text(text, encoding="utf-8")
    return path, text


def test_shown_sources_hold_no_server_paths(app, people, shares, department, sysadmin, ckan_config, monkeypatch):
    """A server-side config (``ckan govopen harvest run FILE``, the demo's) is stored with
    names only; before, its absolute path was the source URL and its ``base_dir``."""
    from ckanext.govopen.harvest import sources
    path, text = demo_share_file(shares, department, ckan_config, monkeypatch)
    src = sources.from_file({"user": sysadmin["name"], "ignore_auth": True}, str(path))
    server_path = os.path.realpath(DEMO_HARVEST)
    for user in (None, people["outsider"], people["other_editor"]):
        for url, params in (("/api/action/harvest_source_show", {"id": "demo-transport-share"}),
                            ("/api/action/package_search", {"fq": "dataset_type:harvest"}),
                            ("/api/action/harvest_source_list", {}),
                            ("/harvest/demo-transport-share", {})):
            page = app.get(url, params=params, **as_user(user))
            assert page.status_code == 200, (url, user)
            if "list" not in url and "search" not in url:      # those list only a member's own sources
                assert src["id"] in page.body or "交通委共享文件夹" in page.body, (url, user)
            assert server_path not in page.body and str(shares["mine"].parent) not in page.body, (url, user)
            assert "base_dir" not in page.body, (url, user)


def test_a_changed_source_file_updates_the_source(people, shares, department, sysadmin, ckan_config, monkeypatch):
    """``make up`` loads the demo's source files on every start: a changed file updates the
    source. Before, the update passed harvest_source_show's dict back, whose settings are
    both fields and extras, and package_update refused it ("a schema field with the same
    name"); with ckanext-harvest's database log handler on, its log line inside
    package_update then committed the session (500 "This transaction is closed")."""
    from ckanext.govopen.harvest import sources
    path, text = demo_share_file(shares, department, ckan_config, monkeypatch)
    context = {"user": sysadmin["name"], "ignore_auth": True}
    first = sources.from_file(dict(context), str(path))
    assert sources.from_file(dict(context), str(path))["id"] == first["id"]      # unchanged: kept
    assert "frequency: DAILY" in text
    path.write_text(text.replace("frequency: DAILY", "frequency: WEEKLY"), encoding="utf-8")
    again = sources.from_file(dict(context), str(path))
    shown = helpers.call_action("harvest_source_show", id=first["id"])
    assert again["id"] == first["id"] and shown["frequency"] == "WEEKLY"
    assert again["source_type"] == shown["source_type"] == "govopen_files"   # what a job runs from
    from ckanext.govopen.harvest import job
    report = job.run(again).as_dict()
    assert report["source"] and not report["failed"], report
    assert shown["url"] == first["url"] and shown["title"] == first["title"]


# --- class 8: patch and a second job ------------------------------------------------------------

def test_patch_over_http_answers_200_and_saves_once(app, people, shares, department):
    src = create(app, people["editor"], 200, name="stops-share", url="share://share-a/",
                 source_type="govopen_files", owner_org=department["id"])["result"]
    from ckanext.activity.model import Activity

    def changes():
        return model.Session.query(Activity).filter(Activity.object_id == src["id"],
                                                    Activity.activity_type == "changed package").count()
    before = changes()
    resp = app.post("/api/action/harvest_source_patch", json={"id": src["id"], "title": "改过的标题"},
                    **as_user(people["editor"]))
    assert resp.status_code == 200 and resp.json["result"]["title"] == "改过的标题"
    shown = helpers.call_action("harvest_source_show", id=src["id"])
    assert shown["title"] == "改过的标题" and shown["url"] == "share://share-a/"
    assert changes() == before + 1                                  # saved exactly once
    # a patch that names a server path is refused and changes nothing
    body = app.post("/api/action/harvest_source_patch", json={"id": src["id"], "url": "file:///etc"},
                    status=409, **as_user(people["editor"])).json
    zh_and_en(body)
    assert helpers.call_action("harvest_source_show", id=src["id"])["url"] == "share://share-a/"


def test_a_second_job_while_one_waits_is_a_clear_409(app, people, shares, department, sysadmin):
    from ckanext.harvest.model import HarvestJob
    src = create(app, people["editor"], 200, name="stops-share", url="share://share-a/",
                 source_type="govopen_files", owner_org=department["id"])["result"]
    first = app.post("/api/action/harvest_job_create", json={"source_id": src["id"], "run": False},
                     **as_user(people["editor"]))
    assert first.status_code == 200
    second = app.post("/api/action/harvest_job_create", json={"source_id": src["id"], "run": False},
                      status=409, **as_user(people["editor"])).json
    assert "source_id" in second["error"] and zh_and_en(second)
    assert model.Session.query(HarvestJob).filter(HarvestJob.source_id == src["id"]).count() == 1
    # ckanext-harvest's scheduler and job views still recognise it
    from ckanext.harvest.logic import HarvestJobExists
    with pytest.raises(HarvestJobExists):
        helpers.call_action("harvest_job_create", {"user": sysadmin["name"]}, source_id=src["id"], run=False)
