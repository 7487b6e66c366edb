"""The words of CKAN's grid (``datatables_view``: its template, the resource
view frame around it, and ``datatablesview.js``) that CKAN's own zh_Hans_CN
catalog leaves in English: Fullscreen, Embed, Sort, Print, Filtered download ...

Listed here so that the catalog keeps them (``i18n/update.py`` extracts these
``N_`` marks); their Chinese is in ``zh_Hans_CN/.../ckanext-govopen.po``. The
template words reach the page through the plugin's catalog, which CKAN merges
with its own; the JavaScript ones through CKAN's JS translations
(``/api/i18n/<lang>``, built from every ``ITranslation`` catalog for the
msgids CKAN's ``.pot`` marks as used in a ``.js`` file). None of these words
has a translation of its own in CKAN's catalog, so a bare msgid overrides
nothing (``tests/integration/test_datastore_grid_words.py`` checks it).
"""
from __future__ import annotations

from ckanext.govopen.messages import N_

#: CKAN's templates (the resource view frame and the grid's page)
TEMPLATE_WORDS = (
    N_("Fullscreen"),
    N_("Embed"),
    N_("You can copy and paste the embed code into a CMS or blog software that supports raw HTML"),
    N_("Refit"),
)

#: ``ckanext/datatablesview/assets/datatablesview.js`` (``this._(...)``)
SCRIPT_WORDS = (
    N_("(estimated)"),
    N_("COLUMN FILTER/S"),
    N_("Copied deeplink to clipboard"),
    N_("Copy to clipboard"),
    N_("Double-click to reset filters"),
    N_("Filtered"),
    N_("Filtered download"),
    N_("Press SHIFT key while clicking on\nsort control for multi-column sort"),
    N_("Print"),
    N_("Restore visibility"),
    N_("Share current view"),
    N_("Show all"),
    N_("Show none"),
    N_("Sort"),
    N_("TABLE FILTER"),
    N_("Table/List toggle"),
    N_("Toggle column visibility"),
)
