"""govopen's one message system: a message is a code plus parameters, put into
words only when someone reads it, in the reader's language.

A message value is plain JSON data, so it can be stored (harvest job reports,
publication blockers) and read later by someone speaking another language::

    {"code": "gate.scan_pending", "params": {"name": "prices.csv"}}

A message is declared once, with its English msgid marked for extraction
(``N_``; ``i18n/update.py`` puts it into the catalog, its Chinese goes into
``i18n/zh_Hans_CN/LC_MESSAGES/ckanext-govopen.po``)::

    SCAN_PENDING = declare("gate.scan_pending", N_("Resource '{name}' has not been scanned ..."))
    SCAN_PENDING(name=res["name"])      # -> the message value above
    render(message)                     # -> its words in the reader's language

The code is a short stable id, not the msgid: stored messages outlive a
change of wording (the catalog entry is corrected, the rows stay as they are)
and programs can match on it. ``render`` translates through the plugin's own
compiled catalogs (the ``.mo`` files CKAN loads through ``ITranslation``), read
here with ``gettext`` so it works the same in a request, a background job and
the CLI; the language is ``common.current_lang()`` unless one is given.

Parameters are formatted with ``str.format`` names (``{name}``). A parameter
may itself be a message (rendered in the same language) or a ``{"zh", "en"}``
pair (text that comes in both languages from elsewhere: the standard's YAML,
the connectors); ``render`` also reads the old ``{"zh": ..., "en": ...}``
form of a whole message, so reports stored before this module still show.

A code is ``<package>.<name>``, declared in ``ckanext/govopen/<package>/messages.py``
(``gate``, ``harvest``, ``privacy``, ``web``, ``access``, ``participation``,
``classification``, ``validation``, ``datastore``), so a stored code
renders in any process: ``render`` imports that module the first time it meets
a code nobody has declared yet. Labels that are never stored (the search
facets' titles, the CLI's usage errors) are declared where they are used.

Two messages with the same English words but different Chinese ones (the
validation facet's "Valid", the "pending" of a scan and of an access request)
give their msgid a context, ``N_("context|words")`` (GLib's ``Q_()``
convention): the catalog translates the whole msgid, and where it has no
translation of its own (English) the words after the first ``|`` are shown.

``both`` gives a message in each language (``{"zh", "en"}``, the API's form)
and ``joined`` as one ``"zh / en"`` line (errors CKAN shows as one text).

Imports nothing of govopen but ``common`` at module top (a leaf, like it).
"""
from __future__ import annotations

import gettext
import importlib
import os
from typing import Optional

from ckanext.govopen.common import current_lang, lang_key, pick

DOMAIN = "ckanext-govopen"
I18N = os.path.join(os.path.dirname(os.path.abspath(__file__)), "i18n")
#: the catalog of each of govopen's two languages (``common.lang_key``)
LOCALES = {"zh": "zh_Hans_CN", "en": "en"}

#: separates a msgid's context from its words (``translate``)
CONTEXT = "|"

_declared: dict = {}
_searched: set = set()
_catalogs: dict = {}


def N_(msgid: str) -> str:
    """Marks a msgid for extraction (i18n/babel.cfg); translated when shown."""
    return msgid


class Declared:
    """A declared message: call it with its parameters to get a message value."""

    __slots__ = ("code", "msgid")

    def __init__(self, code: str, msgid: str):
        self.code, self.msgid = code, msgid

    def __call__(self, **params) -> dict:
        return {"code": self.code, "params": params}

    def __repr__(self):
        return "Declared(%r)" % self.code


def declare(code: str, msgid: str) -> Declared:
    """Declare the message ``code`` once; its words are ``msgid`` (an ``N_()`` literal)."""
    known = _declared.get(code)
    if known is not None and known != msgid:
        raise ValueError("message %s is declared twice with different words" % code)
    _declared[code] = msgid
    return Declared(code, msgid)


def msgid_of(code: str) -> Optional[str]:
    return _declared.get(code) or _declared_by_package(code)


def _declared_by_package(code: str) -> Optional[str]:
    """A stored code read in a process that has not imported its declaration yet
    (a job, the CLI): ``<package>.<name>`` is declared in ``<package>/messages.py``."""
    package = code.split(".", 1)[0]
    if package.isidentifier() and package not in _searched:
        _searched.add(package)
        try:
            importlib.import_module("ckanext.govopen.%s.messages" % package)
        except ImportError:
            pass
    return _declared.get(code)


def is_message(value) -> bool:
    """A message value of this module (a code and its parameters)."""
    return isinstance(value, dict) and isinstance(value.get("code"), str) and isinstance(value.get("params"), dict)


def translate(msgid: str, lang=None) -> str:
    """``msgid`` in ``lang`` (default the reader's) from govopen's catalog; the msgid when it has none.

    Two labels with the same English words but not the same Chinese ones (the
    facet value "Valid", the "pending" of a scan and of an access request)
    get a context: the msgid is ``"context|words"`` (GLib's ``Q_()``
    convention), and what has no translation of its own (English) reads as
    the words after the first ``|``."""
    return _words(_catalog(lang_key(lang) if lang else current_lang()), msgid)


def _words(catalog, msgid: str) -> str:
    found = catalog.gettext(msgid)
    if found == msgid and CONTEXT in msgid:
        return msgid.split(CONTEXT, 1)[1]
    return found


def _catalog(key: str):
    found = _catalogs.get(key)
    if found is None:
        found = gettext.translation(DOMAIN, I18N, languages=[LOCALES.get(key, "en")], fallback=True)
        _catalogs[key] = found
    return found


class _Params(dict):
    """Parameters as text in one language; a missing one stays as its placeholder."""

    def __init__(self, params, lang):
        super().__init__(params)
        self.lang = lang

    def __getitem__(self, key):
        return _param_text(super().__getitem__(key), self.lang)

    def __missing__(self, key):
        return "{%s}" % key


def _param_text(value, lang):
    if isinstance(value, dict):
        return render(value, lang)
    return value




def render(message, lang=None) -> str:
    """The words of ``message`` in ``lang`` (default the reader's language).

    ``message`` may be a message value, an entry holding one under ``"message"``
    (a harvest error, a stored blocker), the old ``{"zh", "en"}`` form, or
    plain text (returned as it is; ``""`` for None). A code nobody declared
    shows as the code itself."""
    key = lang_key(lang) if lang else current_lang()
    if message is None:
        return ""
    if not isinstance(message, dict):
        return str(message)
    if is_message(message):
        msgid = _declared.get(message["code"]) or _declared_by_package(message["code"])
        if msgid is None:
            return message["code"]
        try:
            return _words(_catalog(key), msgid).format_map(_Params(message["params"], key))
        except (ValueError, IndexError, AttributeError, KeyError):   # a broken translation: say it in English
            return _words(_catalog("en"), msgid).format_map(_Params(message["params"], key))
    inner = message.get("message")
    if isinstance(inner, dict) and ("zh" not in message and "en" not in message):
        return render(inner, key)
    return pick(message, key)


def both(message) -> dict:
    """``{"zh": ..., "en": ...}``: the message rendered in each language (for the
    API fields that have both, and for tables outside govopen that keep one text)."""
    return {"zh": render(message, "zh"), "en": render(message, "en")}


def joined(message) -> str:
    """``"<zh> / <en>"``: both renderings in one line, for the texts CKAN shows as
    one string whatever the reader's language (API errors, auth refusals)."""
    words = both(message)
    return "%s / %s" % (words["zh"], words["en"])


def present(entry: dict, lang=None) -> dict:
    """A stored report entry (``{"code", ..., "message": <message>}``, or the old
    form with ``zh``/``en``) as it is read: ``message`` in the reader's language,
    ``zh`` and ``en`` rendered now from the catalog."""
    out = dict(entry)
    out.update(both(entry))
    out["message"] = render(entry, lang)
    return out
