"""The harvest source form in the reader's language: a source type's title and
description from its declaration (``harvesters/registry``), one language at a
time (the API and the CLI keep the ``zh / en`` pair of ``info()``)."""
from __future__ import annotations

from govopen_harvesters import registry

from ckanext.govopen.common import current_lang


def govopen_source_type_text(harvester: dict, what: str) -> str:
    """``title`` or ``description`` of ``harvester`` (an entry of
    ``harvesters_info_show``) in the reader's language; a harvester that is
    not one of ours keeps what it gave."""
    try:
        source_type = registry.by_name(harvester.get("name", ""))
    except KeyError:
        return harvester.get(what, "")
    return source_type.text(what, current_lang())
