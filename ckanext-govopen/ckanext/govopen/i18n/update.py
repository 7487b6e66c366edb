"""Re-extract govopen's msgids and bring the catalogs up to date.

    $GOVOPEN_STATE/venv/bin/python ckanext-govopen/ckanext/govopen/i18n/update.py

1. extract every msgid (Python ``_()``/``N_()``, templates ``_()``/``{% trans %}``)
   into ckanext-govopen.pot (babel.cfg says where);
2. merge it into zh_Hans_CN and en (new msgids arrive untranslated, removed
   ones are dropped); en gets msgstr = msgid;
3. compile both .mo files (committed, so a fresh clone needs no build step).

Prints the msgids that still lack a Chinese translation: translate them in
zh_Hans_CN/LC_MESSAGES/ckanext-govopen.po and run this again. The unit test
tests/unit/test_i18n_catalogs.py fails while any is missing.
"""
from __future__ import annotations

import os
import sys

from babel.messages.frontend import CommandLineInterface
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

HERE = os.path.dirname(os.path.abspath(__file__))
PACKAGE = os.path.dirname(HERE)
DOMAIN = "ckanext-govopen"
POT = os.path.join(HERE, DOMAIN + ".pot")
LOCALES = ("zh_Hans_CN", "en")


def po_path(locale):
    return os.path.join(HERE, locale, "LC_MESSAGES", DOMAIN + ".po")


def extract():
    CommandLineInterface().run([
        "pybabel", "-q", "extract", "-F", os.path.join(HERE, "babel.cfg"),
        "--no-location", "--sort-output", "--omit-header",
        "--project", "ckanext-govopen", "-o", POT, PACKAGE])


def merge(locale):
    """The .pot's msgids with the translations the catalog already has."""
    old = {}
    if os.path.exists(po_path(locale)):
        with open(po_path(locale), "rb") as f:
            old = {m.id: m.string for m in read_po(f) if m.id}
    with open(POT, "rb") as f:
        catalog = read_po(f, locale=locale)  # the locale gives the Plural-Forms header CKAN needs
    catalog.project, catalog.version, catalog.fuzzy = "ckanext-govopen", "0.1.0", False
    catalog.language_team = f"govopen {locale}"
    for message in catalog:
        if not message.id:
            continue
        message.flags.discard("fuzzy")
        message.string = old.get(message.id) or (message.id if locale == "en" else "")
    catalog.header_comment = f"# {locale} translations of govopen (see i18n/update.py)."
    os.makedirs(os.path.dirname(po_path(locale)), exist_ok=True)
    with open(po_path(locale), "wb") as f:
        write_po(f, catalog, omit_header=False, sort_output=True, width=0)
    return catalog


def compile_mo(locale):
    with open(po_path(locale), "rb") as f:
        catalog = read_po(f)
    with open(po_path(locale)[:-3] + ".mo", "wb") as f:
        write_mo(f, catalog, use_fuzzy=False)


def main():
    extract()
    missing = []
    for locale in LOCALES:
        catalog = merge(locale)
        compile_mo(locale)
        if locale != "en":
            missing += [m.id for m in catalog if m.id and not m.string]
    for msgid in missing:
        print("untranslated:", msgid)
    print(f"{len(missing)} msgid(s) without a Chinese translation")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
