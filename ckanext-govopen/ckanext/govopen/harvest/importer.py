"""One source record -> one dataset, through the Action API.

Everything goes through ``package_create`` / ``package_update``, so the
standard's validators and THE publication gate apply as to any other write.
A record lands public only when its source config allows it and the gate
has no reason against it; otherwise it is written private and the gate's
reasons are kept on the record row and in the job's report.

Per record, one transaction: the dataset, its ``govopen_harvest_record`` row
(matched by the source's own record id) and the job's outcome row commit
together, so a job interrupted anywhere can be run again without
duplicates. A record whose content hash is unchanged is not touched at all.
The dataset is shown once after the write, and that one dict feeds both its
activity and its search document (``activity``); documents go to Solr in
batches (``search_batch``), the record row says ``pending_index`` until
then, and ``finish`` indexes whatever is still pending and commits Solr once.
"""
from __future__ import annotations

import hashlib
import logging
import re
import tempfile

import ckan.model as ckan_model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from govopen_harvesters.federation import PROFILE as FEDERATION

from ckanext.govopen import gate, written
from ckanext.govopen.classification import guard
from ckanext.govopen.logic import validators

from . import activity, model, search_batch
from . import messages as hmessages

log = logging.getLogger(__name__)

CREATE, UPDATE, UNCHANGED = "create", "update", "unchanged"
#: A standby record's ``source_info`` key (a record whose dataset another path holds).
STANDBY = "standby_for"
STANDBY_MARK = '"%s"' % STANDBY


def dataset_name(source_name: str, record_id: str) -> str:
    """A stable URL name: the source's name and a hash of the record id."""
    slug = re.sub(r"[^a-z0-9_-]+", "-", source_name.lower()).strip("-")[:60] or "harvest"
    return "%s-%s" % (slug, hashlib.sha256(record_id.encode("utf-8")).hexdigest()[:12])


def site_user() -> dict:
    """The site user, who writes harvested datasets."""
    return tk.get_action("get_site_user")({"ignore_auth": True}, {})


def site_context():
    return {"user": site_user()["name"], "ignore_auth": True}


class Importer:
    """Writes one harvest source's records; holds what the catalog already has."""

    def __init__(self, source: dict, cfg: dict, job_id: str = "", dry_run: bool = False):
        self.source, self.cfg, self.job_id, self.dry_run = source, cfg, job_id, dry_run
        self.session = ckan_model.Session
        self.known = model.records_of(self.session, source["id"])
        self.datasets = self._datasets()
        self.owner_org = source.get("owner_org")
        self._site_user = self._site_user_obj = self._batch = None

    def site_user(self) -> dict:
        """The site user (looked up once per job)."""
        if self._site_user is None:
            self._site_user = site_user()
        return self._site_user

    def context(self, **extra):
        """A write context as the site user. ``auth_user_obj`` is given so that CKAN's
        ``check_access`` does not look the user up again in every action of every record."""
        if self._site_user_obj is None or self._site_user_obj not in self.session:
            # (again after the session was closed, as before forking import workers)
            self._site_user_obj = ckan_model.User.get(self.site_user()["id"])
        return dict({"user": self.site_user()["name"], "auth_user_obj": self._site_user_obj,
                     "ignore_auth": True}, **extra)

    def _datasets(self):
        """``{name or id: (id, name, state)}`` of the datasets this source may already have."""
        prefix = dataset_name(self.source["name"], "x").rsplit("-", 1)[0] + "-"
        ids = [r["dataset_id"] for r in self.known.values()]
        pkg = ckan_model.Package
        query = sa.select(pkg.id, pkg.name, pkg.state).where(
            sa.or_(pkg.name.startswith(prefix, autoescape=True), pkg.id.in_(ids)))
        out = {}
        for pid, name, state in self.session.execute(query):
            out[pid] = out[name] = (pid, name, state)
        return out

    # --- deciding --------------------------------------------------------------------

    def plan(self, rec) -> str:
        row = self.known.get(rec.source_id)
        if row and row["dataset_id"] in self.datasets:
            same = row["content_hash"] == rec.content_hash and not row["withdrawn"]
            active = self.datasets[row["dataset_id"]][2] == "active"
            return UNCHANGED if same and active else UPDATE
        return UPDATE if dataset_name(self.source["name"], rec.source_id) in self.datasets else CREATE

    def existing_id(self, rec):
        row = self.known.get(rec.source_id)
        if row and row["dataset_id"] in self.datasets:
            return row["dataset_id"]
        found = self.datasets.get(dataset_name(self.source["name"], rec.source_id))
        return found[0] if found else None

    # --- the package dict ----------------------------------------------------------------

    def package(self, rec, stored=None) -> dict:
        ds = dict(rec.dataset)
        tags = ds.pop("tags", None) or []
        ds["tags"] = [{"name": t} for t in tags]
        ds["owner_org"] = ds.get("owner_org") or self.owner_org
        ds["name"] = stored["name"] if stored else dataset_name(self.source["name"], rec.source_id)
        ds["private"] = bool(rec.private)
        ds["resources"] = _resources(rec, (stored or {}).get("resources") or [])
        if stored:
            ds["id"] = stored["id"]
            ds["state"] = "active"
        return ds

    def blockers(self, pkg) -> list:
        """The gate's reasons against this dataset being public (resources being added have no id)."""
        candidate = dict(pkg, private=False, state="active")
        candidate["resources"] = [{k: v for k, v in r.items() if k != "upload"} for r in pkg["resources"]]
        return gate.blockers(candidate)

    # --- writing ------------------------------------------------------------------------------

    def same_dataset(self, rec):
        """The id of another dataset with ``rec``'s resource code: the same dataset, which
        reached the catalog by another path (a department directly and through a city's
        catalog), when this source or that dataset's is another govopen (``profile:
        govopen``); None otherwise (a clash of codes stays the standard's refusal)."""
        code = rec.dataset.get("resource_code")
        if not code:
            return None
        found = validators.resource_code_query(str(code)).first()
        if not found:
            return None
        if self.cfg.get("profile") == FEDERATION:
            return found[0]
        row = model.record_for_dataset(self.session, found[0])    # came through a city's catalog
        return found[0] if row and '"federation"' in (row.get("source_info") or "") else None

    def holders(self, dataset_id) -> tuple:
        """``(harvested, live)``: did another source's harvest write this dataset, and does
        one still hold it (its record not withdrawn, its source not deleted)?"""
        rows = [r for r in model.records_for_dataset(self.session, dataset_id)
                if r["harvest_source_id"] != self.source["id"]]
        live = False
        for row in rows:
            if not row["withdrawn"]:
                source = ckan_model.Package.get(row["harvest_source_id"])
                live = live or (source is not None and source.state == "active")
        return bool(rows), live

    def apply(self, rec):
        """Create or update ``rec``'s dataset; returns ``(outcome, gates, messages)``.

        Two paths to one dataset (same resource code, ``same_dataset``): the first
        wins and the other's record is left aside; when the winner's record is
        withdrawn (or its source deleted), the other path takes the dataset over on
        its next run (it updates that dataset, now its own), and the first path, if
        its record comes back, leaves it to the path that holds it."""
        kind = self.plan(rec)
        if kind == UNCHANGED:
            return UNCHANGED, [], []
        dataset_id = None
        if kind == CREATE:
            other = self.same_dataset(rec)
            if other is not None:       # one dataset, matched by resource code
                harvested, live = self.holders(other)
                if live or not harvested:   # held by another path, or made here: left as it is
                    log.info("harvest %s: record %s has resource code %s of dataset %s (another path)",
                             self.source["name"], rec.source_id, rec.dataset.get("resource_code"), other)
                    if live:
                        self.stand_by(rec.source_id, other)
                    return UNCHANGED, [], []
                log.info("harvest %s: record %s takes over dataset %s (its other path withdrew it)",
                         self.source["name"], rec.source_id, other)
                kind, dataset_id = UPDATE, other
        elif self.known.get(rec.source_id, {}).get("withdrawn") and self.holders(self.existing_id(rec))[1]:
            if not self.known[rec.source_id].get("standby"):   # back here, but another path holds it since
                self.stand_by(rec.source_id, self.existing_id(rec))
            return UNCHANGED, [], []
        stored = None
        if kind == UPDATE:
            stored = tk.get_action("package_show")(self.context(), {"id": dataset_id or self.existing_id(rec)})
        pkg = self.package(rec, stored)
        found = self.blockers(pkg)
        pkg["private"] = bool(rec.private) or bool(found)
        gates = sorted({b.gate for b in found})
        reasons = [b.stored() for b in found]
        outcome = "created" if kind == CREATE else "updated"
        if self.dry_run:
            if rec.problems:
                return "errored", [], [_problem_message(rec, p) for p in rec.problems]
            return outcome, gates, reasons
        try:
            dataset_id, both, to_check = self._write(kind, pkg, rec)
        except tk.ValidationError as e:
            self.session.rollback()
            return "errored", [], _validation_messages(rec, e)
        model.save_record(self.session, self.source["id"], rec.source_id, dataset_id=dataset_id,
                          content_hash=rec.content_hash, source_modified=rec.source_modified,
                          withdrawn=False, publish=not rec.private, blockers=reasons,
                          source_info=rec.source, pending_index=True,
                          last_job_id=self.job_id)
        model.add_outcome(self.session, self.job_id, outcome, rec.source_id, dataset_id, gates, reasons)
        self.session.commit()
        self._remember(rec, dataset_id, pkg["name"])
        self._after_commit(rec.source_id, both, to_check)
        return outcome, gates, reasons

    def stand_by(self, record_id, dataset_id):
        """Keep a record another path's dataset holds as a withdrawn row marked
        ``standby`` (no content: the next read writes it), so this source reads it
        again when that path lets the dataset go (``free_standby``)."""
        if self.dry_run:
            return
        model.save_record(self.session, self.source["id"], record_id, dataset_id=dataset_id,
                          content_hash="", withdrawn=True, publish=False, source_info={STANDBY: dataset_id},
                          last_job_id=self.job_id)
        self.session.commit()
        self.known[record_id] = {"dataset_id": dataset_id, "content_hash": "", "withdrawn": True,
                                 "standby": True}

    def standby(self) -> dict:
        """``{record_id: dataset_id}`` of this source's standby records."""
        return {rid: row["dataset_id"] for rid, row in self.known.items()
                if row.get("standby") or (row["withdrawn"] and STANDBY_MARK in (row.get("source_info") or ""))}

    def free_standby(self) -> bool:
        """Has another path let go a dataset this source stands by for (withdrawn it, or its
        source was deleted)? Then this run reads the whole source (its record of that
        dataset may not have changed since the last run) and takes the dataset over."""
        return any(not self.holders(dataset_id)[1] for dataset_id in self.standby().values())

    def forget_standby(self, seen: set):
        """After a complete read: standby records the source no longer has are dropped."""
        gone = [rid for rid in self.standby() if rid not in seen]
        if gone and not self.dry_run:
            model.delete_records(self.session, self.source["id"], gone)
            self.session.commit()
            for rid in gone:
                self.known.pop(rid, None)

    def _write(self, kind, pkg, rec):
        context = self.context(defer_commit=True, return_id_only=True,
                               **{guard.REASON_KEY: "harvest %s" % self.source["name"]})
        uploads = [r for r in pkg["resources"] if "upload" in r]
        with activity.held_back():
            if kind == CREATE:
                first = dict(pkg, resources=[r for r in pkg["resources"] if "upload" not in r])
                dataset_id = tk.get_action("package_create")(dict(context), first)
                if uploads:
                    pkg = dict(pkg, id=dataset_id)
                    tk.get_action("package_update")(dict(context), pkg)
            else:
                dataset_id = tk.get_action("package_update")(dict(context), pkg)
        show_context = self.context()
        if kind == CREATE:      # its record is not withdrawn; its new resources have no reports
            show_context = written.just_created_context(show_context, dataset_id, harvest_withdrawn=False,
                                                        harvest_source_id=self.source["id"])
        both = activity.shown(show_context, dataset_id)
        activity.record(kind, both[1], self.site_user())
        if self.cfg.get("scan_links"):
            to_check = None                                 # every resource
        else:
            to_check = [r.get("name") for r in uploads] if uploads else False
        return dataset_id, both, to_check

    def _remember(self, rec, dataset_id, name):
        self.known[rec.source_id] = {"dataset_id": dataset_id, "content_hash": rec.content_hash,
                                     "withdrawn": False}
        self.datasets[dataset_id] = self.datasets[name] = (dataset_id, name, "active")

    def withdraw(self, record_id):
        """Make a record's dataset private and mark it withdrawn (never deleted)."""
        row = self.known[record_id]
        if self.dry_run:
            return "withdrawn"
        context = self.context(**{guard.REASON_KEY: "harvest %s: gone from the source / 已从数据源移除"
                                          % self.source["name"]})
        try:
            tk.get_action("package_patch")(context, {"id": row["dataset_id"], "private": True})
        except tk.ObjectNotFound:
            pass
        model.save_record(self.session, self.source["id"], record_id, withdrawn=True,
                          last_job_id=self.job_id)
        model.add_outcome(self.session, self.job_id, "withdrawn", record_id, row["dataset_id"])
        self.session.commit()
        row["withdrawn"] = True
        return "withdrawn"

    def gone(self, seen: set) -> list:
        """Record ids this source had (not yet withdrawn) that this run did not see."""
        return sorted(rid for rid, row in self.known.items() if rid not in seen and not row["withdrawn"])

    # --- after the writes ------------------------------------------------------------------

    @property
    def batch(self) -> search_batch.Batch:
        """This process's search-index batch (each import worker has its own)."""
        if self._batch is None:
            self._batch = search_batch.Batch(self.source["id"])
        return self._batch

    def _after_commit(self, record_id, both, to_check):
        """Once the write has committed (a rolled-back one is never indexed nor checked):
        the dataset's search document joins the batch, and the content checks of the
        resources ``to_check`` names (None: all; False: none) are queued, after the batch
        has gone to Solr (a check indexes the dataset again when it is done)."""
        from ckanext.govopen import events

        self.batch.add(record_id, both)
        if to_check is False:
            return
        self.flush_index()
        for res in both[1].get("resources") or []:
            if to_check is None or res.get("name") in to_check:
                events.resource_changed(res["id"])

    def flush_index(self) -> list:
        """Send this process's waiting search documents; the record ids that failed."""
        return self._batch.flush() if self._batch is not None else []

    def forked(self):
        """In a new import worker: nothing of the parent's session or Solr connection."""
        self._batch = self._site_user_obj = None

    def finish(self) -> list:
        """The last batch, then every dataset of this source still waiting for the index
        (a batch Solr refused, a worker or an earlier job that stopped before sending its
        batch) indexed from what is stored, and one Solr commit. Returns the record ids
        that still could not be indexed (the next run tries again)."""
        if self.dry_run:
            return []
        from ckan import logic
        from ckan.lib import search

        self.flush_index()
        done, left = [], []
        for record_id, dataset_id in model.pending_index(self.session, self.source["id"]):
            try:
                logic.index_update_package(self.context(), dataset_id, defer_commit=True)
                done.append(record_id)
            except tk.ObjectNotFound:        # purged since: nothing to index
                done.append(record_id)
            except Exception:  # noqa: BLE001 - reported; the next run tries again
                log.exception("search index of dataset %s", dataset_id)
                left.append(record_id)
        model.indexed(self.session, self.source["id"], done)
        self.session.commit()
        try:
            search.commit()
        except search.SearchIndexError:      # what Solr has received it makes visible on its own
            log.exception("harvest %s: Solr commit", self.source["name"])
        return left


# --- resources ----------------------------------------------------------------------------------

def _resources(rec, stored):
    """The record's resources, each matched to a stored one (by name, else position) to keep its id."""
    by_name = {}
    for r in stored:
        by_name.setdefault(r.get("name"), []).append(r)
    used, out = set(), []
    for i, res in enumerate(rec.resources):
        match = next((r for r in by_name.get(res.name, []) if r["id"] not in used), None)
        if match is None and i < len(stored) and stored[i]["id"] not in used \
                and stored[i].get("name") not in [x.name for x in rec.resources]:
            match = stored[i]
        item = res.as_dict()
        if match is not None:
            used.add(match["id"])
            item["id"] = match["id"]
        if res.stream is not None:
            if match is not None and match.get("hash") == item.get("hash") and match.get("url_type") == "upload":
                item["url"], item["url_type"] = match["url"], "upload"
            else:
                item["upload"] = _spool(res)
                item["url"] = res.filename or res.name
        out.append(item)
    return out


def _spool(res):
    """The resource's content as an upload CKAN's uploader accepts."""
    from werkzeug.datastructures import FileStorage

    f = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
    for chunk in res.open_stream():
        f.write(chunk)
    f.seek(0)
    return FileStorage(f, filename=res.filename or res.name, content_type="text/csv"
                       if (res.format or "").upper() == "CSV" else "application/octet-stream")


# --- messages -------------------------------------------------------------------------------------

def _problem_message(rec, problem):
    field = problem.get("field")
    return hmessages.entry("record_invalid", field, None, hmessages.RECORD_INVALID(
        record=rec.source_id, field=str(field), problem={"zh": str(problem.get("zh")),
                                                         "en": str(problem.get("en"))}))


def _validation_messages(rec, error):
    """zh/en messages for a refused write: the standard's own bilingual messages when
    the record's problems explain it, else CKAN's field messages (site language)."""
    if rec.problems:
        return [_problem_message(rec, p) for p in rec.problems]
    out = []
    for field, msgs in (error.error_dict or {}).items():
        for text in (msgs if isinstance(msgs, list) else [msgs]):
            text = text if isinstance(text, str) else str(text)
            out.append(hmessages.entry("record_rejected", field, None, hmessages.RECORD_REJECTED_FIELD(
                record=rec.source_id, field=field, error=text)))
    return out or [hmessages.entry("record_rejected", "", None, hmessages.RECORD_REJECTED(
        record=rec.source_id, error=str(error)))]
