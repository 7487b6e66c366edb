"""govopen's translation catalogs (ckanext/govopen/i18n): every msgid of the
code and templates is in the .pot, has a Chinese translation with the same
placeholders, and the committed .mo files say what the .po files say.

When a test here fails after you added a string: run
``$GOVOPEN_STATE/venv/bin/python ckanext-govopen/ckanext/govopen/i18n/update.py``,
translate what it lists in zh_Hans_CN/LC_MESSAGES/ckanext-govopen.po, run it again.
"""
import importlib.util
import os
import re
import tempfile

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from tests.conftest import REPO

I18N = os.path.join(REPO, "ckanext-govopen", "ckanext", "govopen", "i18n")
DOMAIN = "ckanext-govopen"
POT = os.path.join(I18N, DOMAIN + ".pot")
PLACEHOLDER = re.compile(r"\{\w*\}|%\(\w+\)[sd]|%[sd]")


def catalog(path):
    with open(path, "rb") as f:
        return read_po(f) if path.endswith((".po", ".pot")) else read_mo(f)


def _msgid(message_id):
    # a plural entry's id is (singular, plural): known by its singular
    return message_id[0] if isinstance(message_id, (tuple, list)) else message_id


def _msgstr(string):
    # a plural entry's strings, one per form (Chinese has one): the filled ones, joined
    return "\n".join(s for s in string if s) if isinstance(string, (tuple, list)) else string


def messages(path):
    return {_msgid(m.id): _msgstr(m.string) for m in catalog(path) if m.id and not m.fuzzy}


def po(locale):
    return os.path.join(I18N, locale, "LC_MESSAGES", DOMAIN + ".po")


def test_pot_lists_every_msgid_of_the_sources():
    spec = importlib.util.spec_from_file_location("govopen_i18n_update", os.path.join(I18N, "update.py"))
    update = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(update)
    with tempfile.TemporaryDirectory() as tmp:
        update.POT = os.path.join(tmp, "fresh.pot")
        update.extract()
        fresh = set(messages_or_ids(update.POT))
    committed = set(messages_or_ids(POT))
    assert fresh - committed == set(), "msgids missing from the .pot: run i18n/update.py"
    assert len(fresh) > 100


def messages_or_ids(path):
    return [_msgid(m.id) for m in catalog(path) if m.id]


@pytest.mark.parametrize("locale", ["zh_Hans_CN", "en"])
def test_every_msgid_is_in_the_catalog(locale):
    missing = set(messages_or_ids(POT)) - set(messages(po(locale)))
    assert not missing, f"{locale}: not in the catalog: {sorted(missing)[:10]}"


def test_every_msgid_has_a_chinese_translation():
    zh = messages(po("zh_Hans_CN"))
    empty = [msgid for msgid in messages_or_ids(POT) if not (zh.get(msgid) or "").strip()]
    assert not empty, f"{len(empty)} msgid(s) without a Chinese translation: {empty[:10]}"
    # A translation, not a copy: most entries contain Chinese characters.
    chinese = [s for s in zh.values() if re.search(r"[\u4e00-\u9fff]", s)]
    assert len(chinese) >= 0.9 * len(zh)


@pytest.mark.parametrize("locale", ["zh_Hans_CN", "en"])
def test_translations_keep_the_placeholders(locale):
    for msgid, msgstr in messages(po(locale)).items():
        if msgstr:
            assert sorted(PLACEHOLDER.findall(msgid)) == sorted(PLACEHOLDER.findall(msgstr)), msgid


@pytest.mark.parametrize("locale", ["zh_Hans_CN", "en"])
def test_mo_is_compiled_from_the_po(locale):
    source = {k: v for k, v in messages(po(locale)).items() if v}
    # babel writes an untranslated plural entry with its own ids as its strings
    compiled = {_msgid(m.id): _msgstr(m.string) for m in catalog(po(locale)[:-3] + ".mo")
                if m.id and not (isinstance(m.id, (tuple, list)) and tuple(m.string) == tuple(m.id))}
    assert compiled == source, f"{locale}: the .mo is stale: run i18n/update.py"


@pytest.mark.parametrize("locale", ["zh_Hans_CN", "en"])
def test_po_header_has_plural_forms(locale):
    """`ckan run` builds JS translations from every catalog and stops with a
    KeyError on a .po without a Plural-Forms header."""
    assert "nplurals=" in catalog(po(locale)).mime_headers_dict()["Plural-Forms"] if hasattr(
        catalog(po(locale)), "mime_headers_dict") else dict(catalog(po(locale)).mime_headers)["Plural-Forms"]
