"""The site's name and texts as a deployment configures them (Chinese first,
English beside it; ``config_declaration.yml``, group "govopen portal face"),
in the reader's language. The Chinese name is CKAN's own ``ckan.site_title``;
an English reader gets ``govopen.portal.site_title_en`` when it is set.
"""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.govopen.common import current_lang

#: text key -> (Chinese option, English option)
TEXTS = {
    "site_title": ("ckan.site_title", "govopen.portal.site_title_en"),
    "about": ("govopen.portal.about", "govopen.portal.about_en"),
    "contact": ("govopen.portal.contact", "govopen.portal.contact_en"),
}


def text(key: str, lang: str | None = None) -> str:
    """The configured text ``key`` in ``lang`` (the reader's by default);
    the Chinese one when the English one is not set."""
    zh_option, en_option = TEXTS[key]
    zh = (tk.config.get(zh_option) or "").strip()
    if (lang or current_lang()) == "en":
        return (tk.config.get(en_option) or "").strip() or zh
    return zh


def govopen_site_title() -> str:
    """The site's name in the reader's language."""
    return text("site_title")


def govopen_site_text(key: str) -> str:
    """A configured site text (``about``, ``contact``) in the reader's language."""
    return text(key)


def govopen_site_links() -> list:
    """The footer's links a deployment configures: ``[(label, url)]`` for
    the privacy policy and the terms of use that are set."""
    links = []
    for option, label in (("govopen.portal.privacy_url", tk._("Privacy policy")),
                          ("govopen.portal.terms_url", tk._("Terms of use"))):
        url = (tk.config.get(option) or "").strip()
        if url:
            links.append((label, url))
    return links
