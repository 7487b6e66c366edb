"""The one shape every connector yields: a ``Record`` or a ``HarvestError``
(and, after an incremental read, one ``Listing``).

A connector never writes anywhere; it turns what a department's system holds
into records in the national standard's field names (``dataset``), with the
resources that go with them. The harvest glue (CKAN side) only needs this
module's types, so a connector can be tested without CKAN.

``content_hash`` is what makes harvests incremental: it is computed over the
normalized record (sorted keys, stripped text, no empty values, the
resources' content checksums) so the same source content gives the same hash
on every run, and a changed word anywhere gives a different one.
"""
import hashlib
import json
from dataclasses import dataclass, field
from typing import Callable, Iterator, Optional

from . import messages


@dataclass
class Resource:
    """A distribution: a link (``url``) or content the connector can stream.

    ``open_stream()`` yields the content as bytes chunks (SQL tables, files on
    a share); ``checksum`` is the sha256 of that content when the connector
    computed it, so unchanged content is recognised without downloading.
    """
    name: str
    url: str = ""
    format: str = ""
    description: str = ""
    checksum: Optional[str] = None
    size: Optional[int] = None
    stream: Optional[Callable[[], Iterator[bytes]]] = None
    filename: Optional[str] = None

    def open_stream(self):
        if self.stream is None:
            raise ValueError("resource %r has no content to stream (it is a link)" % self.name)
        return self.stream()

    def as_dict(self):
        """The resource as a CKAN-style dict (no stream)."""
        out = {"name": self.name, "url": self.url, "format": self.format,
               "description": self.description}
        if self.checksum:
            out["hash"] = "sha256:" + self.checksum
        if self.size is not None:
            out["size"] = self.size
        return out


@dataclass
class HarvestError:
    """One problem, with where it happened and a message in zh and en.

    ``fatal`` errors end the reading of the source (it is down, it answered
    500 midway, its document does not parse): records yielded before stay
    valid, but the listing is incomplete, so nothing may be withdrawn as
    "gone from the source" after such a run.
    """
    code: str
    where: str
    record_id: Optional[str] = None
    fatal: bool = False
    params: dict = field(default_factory=dict)

    @property
    def message(self):
        return messages.render(self.code, dict(self.params, where=self.where))

    def as_dict(self):
        return {"code": self.code, "where": self.where, "record_id": self.record_id,
                "fatal": self.fatal, "message": self.message}

    def __str__(self):
        return "%s: %s" % (self.code, self.message["en"])


@dataclass
class Listing:
    """Every record id the source holds now, read to the end.

    An incremental read yields only the records changed since the last run,
    so the job cannot tell an unchanged record from one deleted at the
    source; a connector that can list its ids cheaply yields this after the
    changed records, and the job withdraws what the listing lacks.
    """
    ids: frozenset
    where: str


@dataclass
class Record:
    """One dataset read from a source, in the national standard.

    ``source_id`` identifies the record within its source across runs (the
    data.json identifier, the CKAN package id, the table name ...).
    ``source`` keeps what the source itself said where it differs from what
    the record will claim (e.g. its own open type, its department), for the
    reviewer. ``problems`` are the standard's checks that the mapped record
    fails (``[(field, {"zh", "en"})]``): it is still yielded, and the import
    decides (it will be rejected or blocked, with these reasons on record).
    """
    source_id: str
    dataset: dict
    resources: list = field(default_factory=list)
    source: dict = field(default_factory=dict)
    source_modified: Optional[str] = None
    private: bool = True
    problems: list = field(default_factory=list)
    content_hash: Optional[str] = None
    index: Optional[int] = None

    def finalize(self):
        """Compute the content hash; call after the record is complete."""
        self.content_hash = content_hash(self)
        return self

    @property
    def valid(self):
        return not self.problems

    def package_dict(self):
        """The dataset plus its resources, as a CKAN package dict would carry them."""
        out = dict(self.dataset)
        out["resources"] = [r.as_dict() for r in self.resources]
        out["private"] = self.private
        return out


# --- the content hash ----------------------------------------------------------

def normalize(value):
    """Text stripped, empty values and keys dropped, recursively; sets of tags sorted."""
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            v = normalize(v)
            if v not in (None, "", [], {}):
                out[str(k)] = v
        return out
    if isinstance(value, (list, tuple)):
        return [v for v in (normalize(x) for x in value) if v not in (None, "", [], {})]
    return value


def content_hash(record):
    """sha256 over the normalized dataset, resources (incl. content checksums) and privacy."""
    dataset = normalize(record.dataset)
    if isinstance(dataset.get("tags"), list):
        dataset["tags"] = sorted(set(dataset["tags"]))
    body = {
        "dataset": dataset,
        "resources": normalize([r.as_dict() for r in record.resources]),
        "private": record.private,
    }
    text = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def make_record(source_id, dataset, **kw):
    """What connectors build: a record before the pipeline finishes it."""
    return Record(source_id=str(source_id), dataset=dataset, **kw)
