"""The registry of harvest source types: the connectors' own declarations are
the one list that config, pipeline, setup.py, the ini and the docs derive from;
a new source type is its connector and its mapping, nothing else."""
import importlib.util
import json
import os
import subprocess
import sys

import pytest

from govopen_harvesters import config, origins, pipeline, registry
from govopen_harvesters.record import HarvestError, Record

from tests.conftest import REPO
from tests.unit import new_source_type as new
from tests.unit.harvest_roots import root_of

HARVESTERS = os.path.join(REPO, "harvesters")
SIX = ["govopen_ckan", "govopen_dcat", "govopen_datajson", "govopen_sql", "govopen_files",
       "govopen_portal_listing"]
BASE_PLUGINS = "activity govopen scheming_datasets harvest dcat text_view"


def test_the_shipped_source_types_keep_their_names_and_order():
    # stored harvest sources carry these names: they may never change
    assert registry.names() == SIX
    assert registry.kinds() == ["ckan_api", "dcat_rdf", "datajson", "sql", "files", "portal_listing"]
    assert registry.by_name("govopen_ckan").kind == "ckan_api"
    assert registry.get("datajson").name == "govopen_datajson"
    with pytest.raises(KeyError):
        registry.get("govopen_datajson")
    with pytest.raises(KeyError):
        registry.by_name("datajson")


def test_each_declares_zh_en_words_its_check_and_its_mapping():
    for st in registry.source_types():
        for what in ("title", "description"):
            assert st.text(what, "zh") and st.text(what, "en"), (st.name, what)
        assert st.module.__name__ == "govopen_harvesters." + st.kind and callable(st.module.read)
        if st.kind == "portal_listing":           # mapped by standards/crosswalks/portals/
            assert st.mapping is None
        else:
            assert st.mapping == os.path.join(HARVESTERS, "mappings", st.kind + ".yaml")
    # the config checks that were `if type == "sql"` / `"files"` in config.py
    assert registry.get("sql").origin is origins.DATABASE
    assert registry.get("files").origin is origins.SHARE
    assert {registry.get(k).origin for k in ("ckan_api", "dcat_rdf", "datajson", "portal_listing")} \
        == {origins.WEB_OR_SHARE}
    # the CKAN harvester titles, as before
    assert [st.text("title") for st in registry.source_types()] == [
        "CKAN 接口 / CKAN API", "DCAT RDF", "data.json (DCAT-US)", "部门数据库 / Department database",
        "文件共享 / File share", "门户目录 / Portal listing"]


def test_setup_py_reads_the_same_names_with_nothing_but_the_standard_library():
    assert registry.declared_names(HARVESTERS) == sorted(registry.names())
    # what setup.py and scripts/install.sh run: no site-packages (-S), so no yaml, no sqlalchemy
    out = subprocess.run([sys.executable, "-S", "-I", os.path.join(HARVESTERS, "registry.py")],
                         check=True, capture_output=True, text=True).stdout
    assert out.split() == sorted(SIX)


def test_a_new_source_type_is_its_connector_and_its_mapping(tmp_path):
    folder = tmp_path / "connectors"
    written = new.write(folder)
    files = sorted(os.path.relpath(os.path.join(d, f), folder) for d, _, fs in os.walk(folder) for f in fs)
    assert files == ["fixture_feed.py", os.path.join("mappings", "fixture_feed.yaml")]
    assert len(written) == 2
    assert new.NAME not in registry.names()
    share = tmp_path / "share"
    share.mkdir()
    (share / "feed.json").write_text(json.dumps(new.feed(3)), encoding="utf-8")
    roots = root_of(share, "share")

    with new.on_path(folder):
        # the source-type list, in its declared place
        assert registry.names() == SIX + [new.NAME]
        st = registry.by_name(new.NAME)
        assert st.kind == new.KIND and st.title == new.TITLE
        assert st.origin is origins.WEB_OR_SHARE
        assert st.mapping == str(folder / "mappings" / "fixture_feed.yaml")
        # setup.py's entry points and the ckan.plugins line
        assert new.NAME in registry.declared_names(str(folder))
        assert registry.plugins_line(BASE_PLUGINS).split() == (
            "activity govopen scheming_datasets harvest".split() + SIX + [new.NAME] + ["dcat", "text_view"])
        # the docs
        assert "| `%s` | `%s` | 测试订阅源 / Fixture feed |" % (new.NAME, new.KIND) in registry.markdown()
        assert [d["name"] for d in registry.as_dicts("en")][-1] == new.NAME
        # the config loader: a known type, its origin's check, its built-in mapping under the source's fields
        cfg = config.load({"name": "feed", "type": new.KIND, "url": "share://share/feed.json",
                           "fields": {"notes": {"const": "Fixed notes"}}}, roots=roots)
        assert cfg["display"] == "share://share/feed.json" and cfg["path"] == str(share / "feed.json")
        assert cfg["fields"]["title"] == {"from": "name"} and cfg["fields"]["notes"] == {"const": "Fixed notes"}
        assert cfg["value_maps"]["feed_topic"]["values"] == {"traffic": "transport"}
        with pytest.raises(config.ConfigError) as e:       # the origin's rules hold for it too
            config.load({"name": "feed", "type": new.KIND, "url": "file:///etc/passwd"}, roots=roots)
        assert "not an http(s) URL" in e.value.message["en"] and "不是 http(s) 网址" in e.value.message["zh"]
        with pytest.raises(config.ConfigError) as e:
            config.load({"name": "feed", "type": "nope", "url": "https://example.org/"})
        assert new.KIND in e.value.message["en"] and new.KIND in e.value.message["zh"]
        # the pipeline runs it and finishes its records like any other
        items = list(pipeline.harvest(cfg))
        assert all(isinstance(i, Record) for i in items), items
        assert [i.source_id for i in items] == ["item-0", "item-1", "item-2"]
        assert items[0].dataset["title"] == "Feed item 0" and items[0].dataset["notes"] == "Fixed notes"
        assert items[0].dataset["theme"] == "transport" and items[0].dataset["open_type"] == "none"
        assert items[0].dataset["resource_code"].startswith("FEED") and items[0].private is True

    # gone with its folder
    assert registry.names() == SIX
    with pytest.raises(config.ConfigError):
        config.load({"name": "feed", "type": new.KIND, "url": "share://share/feed.json"}, roots=roots)


def test_the_command_line_prints_names_docs_and_the_plugins_line(tmp_path):
    def run(*args):
        return subprocess.run([sys.executable, "-m", "govopen_harvesters.registry", *args], check=True,
                              capture_output=True, text=True, cwd=REPO).stdout

    assert run().split() == SIX
    table = run("markdown").splitlines()
    assert table[0].startswith("| source type |") and len(table) == 2 + len(SIX)
    assert "`harvesters/mappings/datajson.yaml`" in table[4]
    assert [d["name"] for d in json.loads(run("json", "zh"))] == SIX
    base = tmp_path / "base.ini"
    base.write_text("[app:main]\nckan.plugins = %s\n" % BASE_PLUGINS, encoding="utf-8")
    child = tmp_path / "child.ini"
    child.write_text("[app:main]\nuse = config:base.ini\n", encoding="utf-8")
    assert run("ckan-plugins", str(child)).split() == (
        "activity govopen scheming_datasets harvest".split() + SIX + ["dcat", "text_view"])
    assert subprocess.run([sys.executable, "-m", "govopen_harvesters.registry", "nonsense"],
                          capture_output=True, cwd=REPO).returncode == 2


def test_the_plugins_line_lists_each_source_type_once_after_harvest():
    assert registry.plugins_line(BASE_PLUGINS).split() == (
        "activity govopen scheming_datasets harvest".split() + SIX + ["dcat", "text_view"])
    # an operator's line that already names some (the old ckan-base.ini) does not load them twice
    old = "activity govopen harvest govopen_sql dcat govopen_ckan"
    assert registry.plugins_line(old).split() == ["activity", "govopen", "harvest"] + SIX + ["dcat"]
    # no ckanext-harvest, no source types
    assert registry.plugins_line("activity govopen dcat") == "activity govopen dcat"
    assert registry.plugins_line(registry.plugins_line(BASE_PLUGINS)) == registry.plugins_line(BASE_PLUGINS)


def test_the_shipped_ini_leaves_the_source_types_to_the_registry():
    plugins = registry.ini_plugins(os.path.join(REPO, "config", "ckan-base.ini")).split()
    assert "harvest" in plugins and not set(plugins) & set(SIX)


def test_docker_adds_them_to_the_base_ini_or_to_ckan__plugins(monkeypatch):
    spec = importlib.util.spec_from_file_location("govopen_render_ini",
                                                  os.path.join(REPO, "docker", "ckan", "render_ini.py"))
    render_ini = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(render_ini)
    template = "[app:main]\nuse = config:%s\nSECRET_KEY = ${KEY}\n" % os.path.join(REPO, "config", "ckan-base.ini")
    plugins = render_ini.render(template, {"KEY": "k"}).get("app:main", "ckan.plugins").split()
    at = plugins.index("harvest") + 1
    assert plugins[at:at + len(SIX)] == SIX and plugins[:2] == ["activity", "govopen"]
    # docker/.env.example's commented line, switched on
    env_line = next(line for line in open(os.path.join(REPO, "docker", ".env.example"), encoding="utf-8")
                    if line.startswith("#CKAN__PLUGINS="))
    env = {"KEY": "k", "CKAN__PLUGINS": env_line.split("=", 1)[1].strip()}
    plugins = render_ini.render(template, env).get("app:main", "ckan.plugins").split()
    assert plugins == registry.plugins_line(env["CKAN__PLUGINS"]).split() and set(SIX) <= set(plugins)


BAD = {
    "no_en_title": ('SOURCE_TYPE = SourceType(name="govopen_bad", title={"zh": "坏"}, '
                    'description={"zh": "坏", "en": "bad"}, origin=origins.SHARE)\n', "title needs zh and en"),
    "name_not_written": ('N = "govopen_bad"\nSOURCE_TYPE = SourceType(name=N, title={"zh": "坏", "en": "bad"}, '
                         'description={"zh": "坏", "en": "bad"}, origin=origins.SHARE)\n', "written out"),
    "taken_name": ('SOURCE_TYPE = SourceType(name="govopen_datajson", title={"zh": "坏", "en": "bad"}, '
                   'description={"zh": "坏", "en": "bad"}, origin=origins.SHARE)\n', "declared by"),
    "no_check": ('SOURCE_TYPE = SourceType(name="govopen_bad", title={"zh": "坏", "en": "bad"}, '
                 'description={"zh": "坏", "en": "bad"}, origin=None)\n', "origin has no check"),
    "bad_name": ('SOURCE_TYPE = SourceType(name="Govopen-Bad", title={"zh": "坏", "en": "bad"}, '
                 'description={"zh": "坏", "en": "bad"}, origin=origins.SHARE)\n', "not a plugin name"),
    "not_a_source_type": ('SOURCE_TYPE = dict(name="govopen_bad")\n', "not a SourceType"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_a_declaration_that_cannot_be_used_stops_the_registry(tmp_path, case):
    body, words = BAD[case]
    text = ("from . import origins\nfrom .registry import SourceType\n\n" + body
            + "\n\ndef read(cfg, state):\n    return iter(())\n")
    new.write(tmp_path, connector=text, mapping=None, kind="bad_" + case)
    with new.on_path(tmp_path, kinds=("bad_" + case,)):
        with pytest.raises(registry.RegistryError) as e:
            registry.names()
        assert words in str(e.value)
    assert registry.names() == SIX


def test_a_connector_without_read_is_refused(tmp_path):
    text = ('from . import origins\nfrom .registry import SourceType\n\n'
            'SOURCE_TYPE = SourceType(name="govopen_noread", title={"zh": "坏", "en": "bad"}, '
            'description={"zh": "坏", "en": "bad"}, origin=origins.SHARE)\n')
    new.write(tmp_path, connector=text, mapping=None, kind="noread")
    with new.on_path(tmp_path, kinds=("noread",)):
        with pytest.raises(registry.RegistryError, match="no read"):
            registry.source_types()


def test_a_module_without_a_declaration_is_not_a_source_type(tmp_path):
    new.write(tmp_path, connector='"""A helper module."""\nX = 1\n', mapping=None, kind="helper")
    with new.on_path(tmp_path, kinds=("helper",)):
        assert registry.names() == SIX
    assert "helper" not in sys.modules.get("govopen_harvesters").__dict__


def test_a_connector_bug_is_still_a_fatal_error_of_that_source(tmp_path):
    text = new.CONNECTOR.replace("got = yield from fetch.json_source(cfg)", "raise RuntimeError('boom')\n    got = None")
    new.write(tmp_path, connector=text)
    (tmp_path / "feed.json").write_text("[]", encoding="utf-8")
    with new.on_path(tmp_path):
        cfg = config.load({"name": "feed", "type": new.KIND, "root": "t", "path": "feed.json"},
                          roots=root_of(tmp_path))
        [err] = list(pipeline.harvest(cfg))
    assert isinstance(err, HarvestError) and err.code == "connector_failed" and err.fatal
