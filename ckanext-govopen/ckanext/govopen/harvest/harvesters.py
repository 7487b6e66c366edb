"""ckanext-harvest adapters: one shared base, one tiny class per source type.

Through the queues a job goes: **gather** is the one job run (``jobrun``,
the same as ``ckan govopen harvest run``) with the queue driver ``Objects``:
it reads the whole source with its connector, skips records whose content
hash is unchanged (no object, no write), and stores one ``HarvestObject``
per record to create or update (its content: the finished record, streamed
resources spooled to files) and one per record to withdraw (only when the
run may withdraw); **fetch** has nothing left to fetch; **import** writes
one object through the same ``Importer`` and ``jobrun.write``. The job's report is
``govopen_harvest_report`` + ``govopen_harvest_outcome`` (``ckan govopen
harvest report SOURCE``).
"""
from __future__ import annotations

import contextlib
import json
import logging
import os

import ckan.model as ckan_model
import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckanext.harvest.interfaces import IHarvester
from ckanext.harvest.model import HarvestGatherError, HarvestObject, HarvestObjectError

from govopen_harvesters import config as config_mod
from govopen_harvesters import places, registry
from govopen_harvesters.record import Record, Resource

from ckanext.govopen.messages import render

from . import claims, jobrun, model, server, sources
from .importer import UNCHANGED, Importer
from .report import JobReport

log = logging.getLogger(__name__)

def _spool_dir(job_id):
    base = tk.config.get("ckan.storage_path") or "/tmp"
    return os.path.join(base, "govopen_harvest_spool", job_id)


def serialize(rec: Record, spool: str) -> str:
    """A record as JSON for a HarvestObject; streamed resources are spooled to files."""
    resources = []
    for i, r in enumerate(rec.resources):
        item = {"name": r.name, "url": r.url, "format": r.format, "description": r.description,
                "checksum": r.checksum, "size": r.size, "filename": r.filename}
        if r.stream is not None:
            os.makedirs(spool, exist_ok=True)
            path = os.path.join(spool, "%s-%d" % (rec.content_hash, i))
            with open(path, "wb") as f:
                for chunk in r.open_stream():
                    f.write(chunk)
            item["spooled"] = path
        resources.append(item)
    return json.dumps({"source_id": rec.source_id, "dataset": rec.dataset, "resources": resources,
                       "source": rec.source, "source_modified": rec.source_modified,
                       "private": rec.private, "problems": rec.problems,
                       "content_hash": rec.content_hash}, ensure_ascii=False, default=str)


def _reader(path):
    def stream():
        with open(path, "rb") as f:
            while True:
                chunk = f.read(1 << 16)
                if not chunk:
                    return
                yield chunk
    return stream


def deserialize(text):
    """``(record, spooled file paths)`` from ``serialize``'s JSON."""
    d = json.loads(text)
    resources, spooled = [], []
    for r in d.pop("resources"):
        path = r.pop("spooled", None)
        if path:
            spooled.append(path)
        resources.append(Resource(stream=_reader(path) if path else None, **r))
    return Record(resources=resources, **d), spooled


class GovopenHarvester(p.SingletonPlugin):
    """What every govopen source type shares; ``plugin_class`` makes one subclass per
    source type of the registry (``connector``: its kind)."""
    p.implements(IHarvester)
    p.implements(p.IConfigurable, inherit=True)
    connector = ""

    def configure(self, config):
        server.roots()             # a root over the storage or state directory: an error in the log now

    def info(self):
        source_type = registry.get(self.connector)
        return {"name": source_type.name, "title": "govopen: " + source_type.text("title"),
                "description": source_type.text("description")}

    def validate_config(self, config):
        """What the config alone shows: it parses and carries no credential. The rest
        (roots, secrets, the URL, every key) is checked with the whole source when it
        is saved (``sources.check``) and when it runs (``sources.effective``)."""
        raw = sources.parse(config)
        try:
            registry.get(self.connector).origin.refuse_credentials(raw)
        except places.PlaceError as e:
            raise ValueError("%s / %s" % (e.zh, e.en))
        return config

    # --- gather ------------------------------------------------------------------------

    def gather_stage(self, harvest_job):
        if harvest_job.status == "Finished":          # closed by a foreground run meanwhile
            return []
        source = sources.of_harvest_source(harvest_job.source)
        try:
            cfg = sources.effective(source)
        except (config_mod.ConfigError, sources.SourceError) as e:
            HarvestGatherError(message="%s / %s" % (e.message["en"], e.message["zh"]), job=harvest_job).save()
            return None
        with jobrun.source_lock(source["id"]) as got:
            if not got:
                msg = sources.busy(source["name"]).message
                HarvestGatherError(message="%s / %s" % (msg["en"], msg["zh"]), job=harvest_job).save()
                return None
            return self._gather(harvest_job, source, cfg)

    def _gather(self, harvest_job, source, cfg):
        one = jobrun.JobRun(source, cfg, JobReport(source=source["name"], job_id=harvest_job.id))
        driver = Objects(harvest_job, one.importer)
        one.run(driver)
        return driver.ids

    # --- fetch and import --------------------------------------------------------------------

    def fetch_stage(self, harvest_object):
        return True                  # gather stored the finished record

    def import_stage(self, harvest_object):
        """Under the object's claim (``claims``): one consumer at a time, and a
        record this job already wrote (a second delivery) is not written again."""
        with claims.claim(harvest_object.id):
            done = _done_before(harvest_object)
            return self._import(harvest_object) if done is None else done

    def _import(self, harvest_object):
        source = sources.of_harvest_source(harvest_object.source)
        cfg = sources.effective(source)
        importer = Importer(source, cfg, harvest_object.harvest_job_id)
        content = json.loads(harvest_object.content)
        if "withdraw" in content:
            importer.withdraw(content["withdraw"])
            harvest_object.current = False
            return True
        rec, spooled = deserialize(harvest_object.content)
        try:
            kind, _gates, messages = jobrun.write(importer, rec)    # an errored one: its outcome row too
        finally:
            importer.finish()
            for path in spooled:
                with contextlib.suppress(OSError):
                    os.remove(path)
        if kind == "errored":
            for m in messages:
                HarvestObjectError(object=harvest_object, stage="Import",
                                   message="%s / %s" % (render(m, "en"), render(m, "zh"))).save()
            ckan_model.Session.commit()
            return False
        if kind == UNCHANGED:
            return "unchanged"
        _current(harvest_object, source["id"], rec.source_id)
        return True


def _current(harvest_object, source_id, record_id):
    """ckanext-harvest's bookkeeping: this object is its dataset's current one."""
    row = model.records_of(ckan_model.Session, source_id).get(record_id)
    ckan_model.Session.query(HarvestObject).filter(
        HarvestObject.package_id == row["dataset_id"], HarvestObject.current == True  # noqa: E712
    ).update({"current": False})
    harvest_object.package_id, harvest_object.current = row["dataset_id"], True
    harvest_object.save()


def _done_before(harvest_object):
    """What the import stage returned for this object when an earlier delivery of
    it wrote its record (its outcome row in this job); None: not written yet."""
    content = json.loads(harvest_object.content)
    record_id = content.get("withdraw") or content.get("source_id")
    kinds = {row["outcome"] for row in model.outcomes(ckan_model.Session, harvest_object.harvest_job_id, record_id)}
    if "withdraw" in content:
        if "withdrawn" not in kinds:
            return None
        harvest_object.current = False
        return True
    if kinds & {"created", "updated"}:
        log.info("harvest object %s: record %s was written by an earlier delivery", harvest_object.id, record_id)
        _current(harvest_object, harvest_object.harvest_source_id, record_id)
        return True
    return None       # ("errored" rows may be the gather's: a repeated record id)


class Objects:
    """The queue driver of a job run (gather): one HarvestObject per record to write
    (an unchanged one is counted and skipped) and one per record to withdraw; the
    import stage writes them."""

    def __init__(self, harvest_job, importer):
        self.job, self.importer, self.ids = harvest_job, importer, []
        self.spool = _spool_dir(harvest_job.id)

    def _object(self, guid, content):
        obj = HarvestObject(guid=guid, job=self.job, content=content, harvest_source_id=self.job.source_id)
        obj.save()
        self.ids.append(obj.id)

    def write(self, rec):
        if self.importer.plan(rec) == UNCHANGED:
            return [(rec.source_id, UNCHANGED, [], [])]
        self._object(rec.source_id, serialize(rec, self.spool))
        return ()

    def results(self):
        return ()

    close = results

    def noted(self, message):
        ckan_model.Session.add(HarvestGatherError(harvest_job_id=self.job.id,
                                                  message="%s / %s" % (message["en"], message["zh"])))

    def withdraw(self, record_id):
        self._object(record_id, json.dumps({"withdraw": record_id}))
        return None                  # withdrawn by the import stage

    def finish(self):
        return []                    # each import stage indexes what it wrote


_classes = {}


def plugin_class(name):
    """The ckanext-harvest plugin class of the source type ``name`` (``govopen_datajson``),
    made once per process (one plugin instance per class: ``SingletonPlugin``)."""
    if name not in _classes:
        source_type = registry.by_name(name)              # KeyError: no such source type
        title = "".join(part.capitalize() for part in source_type.kind.split("_"))
        _classes[name] = type(title + "Harvester", (GovopenHarvester,), {
            "connector": source_type.kind, "__module__": __name__,
            "__doc__": "The %s source type (``%s``)." % (name, source_type.module.__name__)})
    return _classes[name]


def __getattr__(attr):
    """setup.py's ``ckan.plugins`` entry points name ``harvesters:<source type>`` (PEP 562)."""
    if not attr.startswith("_"):
        try:
            return plugin_class(attr)
        except KeyError:
            pass
    raise AttributeError("module %r has no attribute %r" % (__name__, attr))
