"""The shared record type, the config loader, the pipeline's finishing steps
and the report command; and that the package imports no CKAN."""
import json
import os
import subprocess
import sys

import pytest

from govopen_harvesters import config, mapping, messages, pipeline, places, registry
from govopen_harvesters import secrets as secrets_mod
from govopen_harvesters.record import HarvestError, Record, Resource, content_hash

from tests.conftest import REALDATA, REPO
from tests.unit.harvest_roots import root_of


def test_no_ckan_imports():
    code = ("import sys, importlib\n"
            "import govopen_harvesters.pipeline, govopen_harvesters.report\n"
            "from govopen_harvesters import registry\n"
            "assert len(registry.source_types()) >= 6\n"
            "bad = [m for m in sys.modules if m == 'ckan' or m.startswith('ckan.')]\n"
            "assert not bad, bad\n")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO)


def test_content_hash_is_stable_and_normalized():
    a = Record("x", {"title": " A  title ", "tags": ["b", "a"], "notes": "", "theme": None},
               resources=[Resource(name="r", url="u", format="CSV", checksum="abc")])
    b = Record("x", {"tags": ["a", "b"], "title": "A title"},
               resources=[Resource(name="r", url="u", format="CSV", checksum="abc")])
    assert content_hash(a) == content_hash(b)
    b.resources[0].checksum = "abd"
    assert content_hash(a) != content_hash(b)
    c = Record("x", {"tags": ["a", "b"], "title": "A title"}, private=False,
               resources=[Resource(name="r", url="u", format="CSV", checksum="abc")])
    assert content_hash(a) != content_hash(c)


def test_every_message_has_zh_and_en_with_where():
    for code, texts in messages.TEXTS.items():
        assert set(texts) == {"zh", "en"}, code
        assert "{where}" in texts["zh"] + texts["en"] or "{file}" in texts["zh"], code
    e = HarvestError("source_timeout", "http://x/y", fatal=True, params={"seconds": 3})
    assert e.message == {"zh": "数据源 http://x/y 在 3 秒内没有响应，已放弃。",
                         "en": "The source http://x/y did not answer within 3 seconds; gave up."}
    assert e.as_dict()["fatal"] is True


def test_config_defaults_and_errors(tmp_path):
    c = config.load({"name": "dept-x", "type": "datajson", "url": "http://h/data.json"})
    assert c["classification"]["open_type"] == "none" and c["private"] is True
    assert c["resource_code_prefix"] == "DEPTX"
    assert c["fields"]["title"] == {"from": "title"}           # the built-in mapping
    c = config.load({"name": "d", "type": "datajson", "url": "http://h/u", "fields": {"title": {"from": "name"}},
                     "classification": {"security_level": "important"}})
    assert c["fields"]["title"] == {"from": "name"} and c["fields"]["notes"]
    assert c["classification"] == dict(config.DEFAULT_CLASSIFICATION, security_level="important")
    with pytest.raises(config.ConfigError) as e:
        config.load({"name": "d", "type": "ftp", "url": "u"})
    assert "ftp" in e.value.message["en"] and "未知的数据源类型" in e.value.message["zh"]
    with pytest.raises(config.ConfigError):
        config.load({"name": "d", "type": "sql"})
    with pytest.raises(config.ConfigError):
        config.load(str(tmp_path / "missing.yaml"))


def test_nothing_is_expanded_from_the_environment(tmp_path, monkeypatch):
    """${VAR} was the worker's environment in a config an editor wrote: refused, never expanded."""
    monkeypatch.setenv("PW", "from-the-environment")
    for raw in ({"type": "sql", "url": "postgresql://u@h/db?application_name=${PW}", "tables": ["t"]},
                {"type": "datajson", "url": "http://h/${PW}/data.json"},
                {"type": "files", "root": "t", "path": "${PW:-share}"}):
        with pytest.raises(config.ConfigError) as e:
            config.load(dict(raw, name="s"), roots=root_of(tmp_path))
        assert "${" in e.value.message["en"] and "环境变量" in e.value.message["zh"]
    c = config.load({"name": "s", "type": "datajson", "url": "http://h/data.json",
                     "defaults": {"notes": "${PW}"}})
    assert c["defaults"]["notes"] == "${PW}"                # text stays text


@pytest.mark.parametrize("raw", [
    {"type": "files", "url": "file:///etc"},
    {"type": "datajson", "url": "file:///etc/passwd"},
    {"type": "files", "path": "/etc"},
    {"type": "dcat_rdf", "path": "/srv/x.ttl"},
    {"type": "files", "root": "t", "path": "/etc"},
    {"type": "files", "root": "t", "path": "../../etc"},
    {"type": "files", "root": "t", "path": "a/../../x"},
    {"type": "files", "url": "share://t/../x"},
    {"type": "files", "root": "nope", "path": "x"},
    {"type": "files", "root": "t", "path": "x", "base_dir": "/", "manifest": "/etc/passwd"},
    {"type": "datajson", "url": "ftp://h/data.json"},
    {"type": "datajson", "url": "https://user:pw@h/data.json"},
    {"type": "datajson", "url": "https://h/data.json?api_key=k"},
])
def test_server_paths_and_other_places_are_refused(tmp_path, raw):
    with pytest.raises(config.ConfigError) as e:
        config.load(dict(raw, name="s", department="d"), roots=root_of(tmp_path))
    assert e.value.message["zh"] and e.value.message["en"]


def test_a_root_serves_only_its_departments_and_no_link_leads_out(tmp_path):
    (tmp_path / "share").mkdir()
    (tmp_path / "outside").mkdir()
    os.symlink(tmp_path / "outside", tmp_path / "share" / "link")
    roots = root_of(tmp_path / "share", departments=frozenset({"roads"}))
    c = config.load({"name": "s", "type": "files", "url": "share://t/", "department": "roads"}, roots=roots)
    assert c["path"] == str((tmp_path / "share").resolve()) and c["display"] == "share://t/"
    with pytest.raises(config.ConfigError) as e:
        config.load({"name": "s", "type": "files", "root": "t", "path": ".", "department": "police"}, roots=roots)
    assert "no file-share root t" in e.value.message["en"]
    with pytest.raises(config.ConfigError) as e:
        config.load({"name": "s", "type": "files", "root": "t", "path": "link", "department": "roads"},
                    roots=roots)
    assert "symbolic link" in e.value.message["en"] and "符号链接" in e.value.message["zh"]


def test_roots_option_and_the_places_a_root_may_never_cover(tmp_path):
    roots, problems = places.parse_roots("a=/srv/a b@x,y=/srv/b\nbad /relative=1 a=/again")
    assert set(roots) == {"a", "b"} and roots["b"].departments == {"x", "y"} and roots["a"].departments is None
    assert len(problems) == 3
    storage = tmp_path / "state" / "storage"
    storage.mkdir(parents=True)
    for path, bad in ((tmp_path, True), (tmp_path / "state", True), (storage / "resources", True),
                      (tmp_path / "elsewhere", False)):
        root = places.Root("r", os.path.realpath(path), None)
        assert (places.unsafe_root(root, [str(storage)]) is not None) is bad, path


def test_mapping_values():
    assert mapping.to_date("2021-01-28 GMT 01:51:03.34919300") == "2021-01-28"
    assert mapping.to_date("2019") == "2019-01-01" and mapping.to_date("R/P1Y") is None
    assert mapping.to_email("mailto:a@b.gov") == "a@b.gov" and mapping.to_email("n/a") is None
    assert mapping.strip_html("<p>a &amp; b</p><p>c</p>") == "a & b\nc"
    assert mapping.format_code("text/csv") == "CSV"
    assert mapping.format_code("http://publications.europa.eu/resource/authority/file-type/JSON") == "JSON"
    assert mapping.format_code(".csv") == "CSV"


def test_resource_codes_are_stable_and_unique():
    c = config.load({"name": "s", "type": "datajson", "url": "http://h/u", "resource_code_prefix": "S"})
    f = pipeline.Finisher(c)
    r1 = f.finish(Record("a", {"title": "t", "theme": "health"}))
    code = r1.dataset["resource_code"]
    assert code.startswith("S09-") and len(code.split("-")[1]) == 9
    again = pipeline.Finisher(c).finish(Record("a", {"title": "t", "theme": "health"}))
    assert again.dataset["resource_code"] == code
    # a forced collision is re-salted, never shared
    f2 = pipeline.Finisher(c)
    f2.codes[code] = "someone-else"
    assert f2.finish(Record("a", {"title": "t", "theme": "health"})).dataset["resource_code"] != code
    # a valid code from the source is kept; a malformed one is replaced and remembered
    kept = pipeline.Finisher(c).finish(Record("b", {"title": "t", "resource_code": "310000-000001"}))
    assert kept.dataset["resource_code"] == "310000-000001"
    fixed = pipeline.Finisher(c).finish(Record("b", {"title": "t", "resource_code": "bad code"}))
    assert fixed.dataset["resource_code"] != "bad code" and fixed.source["resource_code"] == "bad code"


def test_report_command(tmp_path):
    p = tmp_path / "data.json"
    p.write_text(json.dumps({"dataset": [
        {"identifier": "a", "title": "A", "description": "d", "modified": "2024-01-01"},
        {"identifier": "b", "title": "B", "modified": "2024-01-01"},
        "junk"]}), encoding="utf-8")
    src = tmp_path / "src.yaml"
    src.write_text("name: t\ntype: datajson\nroot: t\npath: data.json\ndepartment: d\n", encoding="utf-8")
    env = dict(os.environ)
    out = subprocess.run([sys.executable, "-m", "govopen_harvesters.report", str(src), "--json"],
                         capture_output=True, text=True, cwd=REPO, env=env)
    assert out.returncode == 2 and "file-share root" in out.stderr        # no root given
    out = subprocess.run([sys.executable, "-m", "govopen_harvesters.report", "--root", "t=%s" % tmp_path,
                          str(src), "--json"],
                         capture_output=True, text=True, cwd=REPO, env=env)
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout.strip().splitlines()[-1])
    assert (report["read"], report["mapped"], report["valid"], report["errored"]) == (3, 2, 1, 1)
    assert dict(map(tuple, report["top_reasons"])) == {"notes: required": 1, "error: record_not_object": 1}
    out = subprocess.run([sys.executable, "-m", "govopen_harvesters.report", str(src), "--root",
                          "t=%s" % tmp_path, "--path", "gone.json"], capture_output=True, text=True, cwd=REPO)
    assert out.returncode == 1 and "not found" in out.stdout


def test_a_connector_bug_is_a_fatal_error_not_a_crash(monkeypatch):
    from govopen_harvesters import datajson

    def broken(cfg, state):
        yield Record("a", {"title": "first"})
        raise RuntimeError("boom")
    monkeypatch.setattr(datajson, "read", broken)
    items = list(pipeline.harvest(config.load({"name": "s", "type": "datajson", "url": "http://h/d"})))
    assert isinstance(items[0], Record)
    assert items[1].code == "connector_failed" and items[1].fatal and "boom" in items[1].message["en"]


def test_every_shipped_source_config_loads(tmp_path):
    import glob
    roots = dict(root_of(REALDATA, "realdata"), **root_of(tmp_path, "transport", frozenset({"transport"})))
    (tmp_path / "secrets").write_text("housing_db@housing = x\n", encoding="utf-8")
    os.chmod(tmp_path / "secrets", 0o600)
    secrets = secrets_mod.parse_file(str(tmp_path / "secrets"))
    paths = glob.glob(os.path.join(REPO, "config", "harvest", "**", "*.yaml"), recursive=True)
    assert len(paths) >= 17
    for p in paths:
        with open(p, encoding="utf-8") as f:
            assert "${" not in f.read(), p
        c = config.load(p, roots=roots, secrets=secrets)
        assert c["type"] in registry.kinds() and c["classification"]["open_type"] == "none", p


def test_demo_source_configs_load_and_opt_in_to_publication(monkeypatch, tmp_path):
    """The demo sources `make up` runs say explicitly that they may be published
    (the conservative default is not open); everything else comes from the defaults."""
    import glob
    roots = dict(root_of(os.path.join(REPO, "config", "demo", "harvest"), "demo"),
                 **root_of(tmp_path / "demo", "demo-db"))
    paths = sorted(glob.glob(os.path.join(REPO, "config", "demo", "harvest", "*.yaml")))
    assert [os.path.basename(p) for p in paths] == ["datajson.yaml", "file-share.yaml", "housing-db.yaml"]
    for p in paths:
        c = config.load(p, roots=roots)
        assert c["private"] is False and c["classification"]["open_type"] == "unconditional", p
        assert c["classification"]["security_level"] == "general"          # from the default block
        assert c["name"].startswith("demo-") and c["department"], p
    sql = config.load(os.path.join(REPO, "config", "demo", "harvest", "housing-db.yaml"), roots=roots)
    assert sql["url"] == "sqlite:///%s/demo/housing.db" % os.path.realpath(tmp_path)
