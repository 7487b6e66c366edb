"""A new harvest source type made the way a developer would: one connector module
and its mapping, written to a folder on the connector package's search path
(``govopen_harvesters.__path__``), where the registry finds the real ones.
Nothing else in the repository is touched."""
import contextlib
import os
import sys

import govopen_harvesters

KIND = "fixture_feed"
NAME = "govopen_fixture_feed"
TITLE = {"zh": "测试订阅源", "en": "Fixture feed"}

CONNECTOR = '''"""A JSON feed: a list of {"id", "name", "about", "topic", "changed"} objects."""
from . import fetch, mapping, origins
from .record import make_record
from .record import HarvestError
from .registry import SourceType

SOURCE_TYPE = SourceType(
    name="govopen_fixture_feed", order=70, origin=origins.WEB_OR_SHARE,
    title={"zh": "测试订阅源", "en": "Fixture feed"},
    description={"zh": "一个 JSON 列表。", "en": "A JSON list of items."})


def read(cfg, state):
    got = yield from fetch.json_source(cfg)
    if got is None:
        return
    doc, where, _lossy = got
    for i, raw in enumerate(doc):
        if not isinstance(raw, dict) or not raw.get("id"):
            yield HarvestError("record_no_identifier", "%s [%d]" % (where, i), params={"field": "id"})
            continue
        dataset, unmapped = mapping.apply(cfg, raw)
        yield make_record(raw["id"], dataset, source={"where": where, "unmapped": unmapped},
                          source_modified=raw.get("changed"))
'''

MAPPING = '''# A fixture feed item -> national standard.
fields:
  title: {from: name}
  notes: {from: about}
  theme: {from: topic, map: feed_topic, default: other}
  modified: {from: changed, as: date}
  issued: {from: changed, as: date}
defaults:
  update_frequency: irregular
value_maps:
  feed_topic:
    target: theme
    values: {traffic: transport}
'''


def write(folder, connector=CONNECTOR, mapping=MAPPING, kind=KIND):
    """The connector and its mapping in ``folder``; returns the files written."""
    os.makedirs(os.path.join(folder, "mappings"), exist_ok=True)
    written = [os.path.join(folder, kind + ".py")]
    with open(written[0], "w", encoding="utf-8") as f:
        f.write(connector)
    if mapping is not None:
        written.append(os.path.join(folder, "mappings", kind + ".yaml"))
        with open(written[1], "w", encoding="utf-8") as f:
            f.write(mapping)
    return written


@contextlib.contextmanager
def on_path(folder, kinds=(KIND,)):
    """``folder`` on the connector package's path for the block; its modules forgotten after."""
    before = govopen_harvesters.__path__
    govopen_harvesters.__path__ = list(before) + [str(folder)]
    try:
        yield
    finally:
        govopen_harvesters.__path__ = before
        for kind in kinds:
            sys.modules.pop("govopen_harvesters." + kind, None)
            if hasattr(govopen_harvesters, kind):
                delattr(govopen_harvesters, kind)


def feed(n=3):
    """The items a feed of ``n`` serves."""
    return [{"id": "item-%d" % i, "name": "Feed item %d" % i, "about": "About item %d" % i,
             "topic": "traffic", "changed": "2024-03-0%d" % (i + 1)} for i in range(n)]
