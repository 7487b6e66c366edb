"""The grid's words on zh pages (issue 15): CKAN's ``datatables_view`` (its
frame on the resource page, its own page, ``datatablesview.js``) in Chinese,
from govopen's catalog where CKAN's leaves them in English; English pages
keep the English words."""
import json
import os
import re
import subprocess
import sys

import polib
import pytest

import ckan
import ckan.plugins.toolkit as tk
from ckan.lib.i18n import build_js_translations

from ckanext.govopen.datastore import grid_words
from tests.integration.test_datastore import only_validation, publish_table  # noqa: F401  (fixtures)
from tests.integration.test_datastore_page import views_of

pytestmark = [pytest.mark.ckan_services, pytest.mark.usefixtures("with_plugins", "clean_all")]

CKAN_I18N = ckan.__path__[0] + "/i18n/"


def ckan_catalog(name):
    return polib.pofile(CKAN_I18N + name)


def test_the_words_are_those_ckan_leaves_untranslated_and_no_ckan_translation_is_overridden():
    zh = {e.msgid: e.msgstr for e in ckan_catalog("zh_Hans_CN/LC_MESSAGES/ckan.po")}
    script = {e.msgid for e in ckan_catalog("ckan.pot")
              if any(path.endswith("datatablesview.js") for path, _ in e.occurrences)}
    untranslated = {m for m in script if not zh.get(m)}
    assert set(grid_words.SCRIPT_WORDS) == untranslated        # every one of them, and only those
    for msgid in grid_words.SCRIPT_WORDS + grid_words.TEMPLATE_WORDS:
        assert not zh.get(msgid), msgid                          # a bare msgid overrides nothing of CKAN's


def test_the_resource_page_and_the_grid_say_them_in_chinese(app, sysadmin, department):
    ds, res = publish_table(sysadmin, department)
    (view,) = views_of(res["id"])
    page = f"/dataset/{ds['name']}/resource/{res['id']}"
    zh = app.get(page, status=200).body
    assert re.search(r">\s*全屏\s*<", zh) and re.search(r">\s*嵌入\s*<", zh)
    assert "可将嵌入代码复制粘贴到支持原始 HTML 的内容管理系统或博客软件中" in zh
    assert not re.search(r">\s*(Fullscreen|Embed)\s*<", zh)
    en = app.get("/en" + page, status=200).body
    assert re.search(r">\s*Fullscreen\s*<", en) and re.search(r">\s*Embed\s*<", en)
    frame = app.get(f"{page}/view/{view['id']}", status=200).body
    assert 'title="自适应列宽"' in frame and "数据更新时间" in frame
    assert 'data-languagefile="' in frame and "zh_CN.json" in frame   # DataTables' own words


ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def test_the_web_server_builds_the_script_words_when_it_starts(request, tmp_path):
    """gunicorn, unlike ``ckan run``, builds no JavaScript translations; the entry point
    (``docker/ckan/wsgi.py``) does. Before it did, a fresh stack's ``/api/i18n/zh_Hans_CN``
    answered ``{}`` until someone ran ``ckan translation js``, and the grid's buttons
    stayed in English (CI failed on it when this test's file ran after the browser's).
    Here the entry point starts on an empty storage directory."""
    with open(request.config.getoption("ckan_ini"), encoding="utf-8") as f:
        text = f.read()
    text, n = re.subn(r"(?m)^ckan\.storage_path\s*=.*$", f"ckan.storage_path = {tmp_path}", text)
    assert n == 1
    ini = tmp_path / "server.ini"
    ini.write_text(text, encoding="utf-8")
    subprocess.run([sys.executable, "-c", "import wsgi"], cwd=os.path.join(ROOT, "docker", "ckan"),
                   env={**os.environ, "CKAN_INI": str(ini)}, check=True, timeout=600,
                   capture_output=True)
    zh = json.loads((tmp_path / "i18n" / "js" / "zh_Hans_CN.js").read_text(encoding="utf-8"))
    assert zh["Sort"] == [None, "排序"] and zh["Print"] == [None, "打印"]
    assert zh["Reset"] == [None, "重设"]                             # CKAN's own, kept


def test_the_grid_script_gets_its_words_in_chinese(app):
    build_js_translations()            # what `ckan run` does when it starts
    zh = json.loads(app.get("/api/i18n/zh_Hans_CN", status=200).body)
    expected = {"Sort": "排序", "Print": "打印", "Filtered download": "下载筛选结果",
                "Table/List toggle": "表格/列表切换", "TABLE FILTER": "表格筛选"}
    for msgid, words in expected.items():
        assert zh[msgid] == [None, words]
    assert all(zh.get(m, [None, ""])[1] for m in grid_words.SCRIPT_WORDS)
    assert zh["Reset"] == [None, "重设"]                             # CKAN's own, kept
    en = json.loads(app.get("/api/i18n/en", status=200).body)
    assert en.get("Sort", [None, "Sort"])[1] == "Sort"
    assert tk.config.get("ckan.locale_default") == "zh_Hans_CN"
