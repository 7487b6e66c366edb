"""Import a job's records in forked worker processes, one per core.

Why: writing one harvested dataset costs tens of milliseconds of CPU, nearly
all of it in CKAN (``package_create``'s validators and save, one show, the
index document), and one Python process uses one core. The job still reads
the source once, in the parent, which keeps the report, the withdrawals and
the Solr commit; workers only run ``Importer.apply`` (the same validators and
gate, one transaction per record) and send back each record's outcome.

- A record id always goes to the same worker, so its writes keep their order.
- Records with content to stream (SQL tables, shared files) stay in the
  parent: their streams hold the connector's open handles.
- A worker that dies mid-record: that record's transaction never commits
  (nothing half-written), it is reported "errored" with the exit code, and the
  next run writes it. A worker that answers nothing for
  ``govopen.harvest.record_timeout`` seconds while it has records (a lock it
  waits for forever, a hung connection) is stopped, and the same happens.

Fork safety follows SQLAlchemy's advice: the parent returns its connection to
the pool before forking, and each child drops the inherited pool unclosed
(``engine.dispose(close=False)``) and opens its own connections.
"""
from __future__ import annotations

import gc
import hashlib
import logging
import multiprocessing
import os
import time
from multiprocessing import connection

import ckan.model as ckan_model
import ckan.plugins.toolkit as tk

from . import messages as hmessages

log = logging.getLogger(__name__)


def configured() -> int:
    """Worker processes for a job (``govopen.harvest.import_workers``; 0 or 1: none)."""
    n = tk.asint(tk.config.get("govopen.harvest.import_workers"))
    return max(0, min(n, os.cpu_count() or 1))


def record_timeout() -> float:
    """Seconds a worker may go without answering while it has records."""
    return float(tk.asint(tk.config.get("govopen.harvest.record_timeout")))


def streams(rec) -> bool:
    return any(getattr(r, "stream", None) is not None for r in rec.resources)


class Workers:
    """``submit(rec)`` hands a record to a worker; finished outcomes come back
    through ``results()`` (non-blocking) and ``close()`` (waits for the rest)."""

    def __init__(self, importer, n: int, do_one):
        ctx = multiprocessing.get_context("fork")
        importer.flush_index()               # no waiting search document copied into a worker
        ckan_model.Session.commit()          # no connection checked out across the fork
        ckan_model.Session.close()
        # records in: queues (a feeder thread, so the job never blocks on a busy worker);
        # outcomes back: pipes, written synchronously, so a worker that dies has sent
        # every outcome it committed
        self.inqs = [ctx.Queue() for _ in range(n)]
        pipes = [ctx.Pipe(duplex=False) for _ in range(n)]
        self.readers = [r for r, _w in pipes]
        self.pending = [set() for _ in range(n)]      # record ids sent and not answered, per worker
        self.heard = [time.monotonic()] * n           # when each worker last answered (or got work)
        self.timeout, self.stopped = record_timeout(), set()     # workers stopped for silence
        self.procs = [ctx.Process(target=_work, args=(k, importer, q, w, do_one), daemon=True)
                      for k, (q, (_r, w)) in enumerate(zip(self.inqs, pipes))]
        # CKAN's start-up objects out of the garbage collector's way: the workers' full
        # collections then scan only what a record allocated (bench/harvest/cost.py --gc
        # --freeze measures it), and their pages stay shared with this process;
        # unfrozen again in close()
        gc.collect()
        gc.freeze()
        for p in self.procs:
            p.start()
        for _r, w in pipes:
            w.close()                                # the parent's copy: EOF when a worker ends
        self.open = set(range(n))

    def _which(self, record_id: str) -> int:
        return int(hashlib.sha1(record_id.encode("utf-8")).hexdigest()[:8], 16) % len(self.inqs)

    def submit(self, rec):
        """(The pipeline yields each record id once per job: a repeat is an error item.)"""
        k = self._which(rec.source_id)
        if not self.pending[k]:
            self.heard[k] = time.monotonic()
        self.pending[k].add(rec.source_id)
        self.inqs[k].put(rec)

    def _took(self, k, result):
        self.pending[k].discard(result[0])
        self.heard[k] = time.monotonic()
        return result

    def _stop_hung(self):
        """Stop (SIGKILL, our own child) a worker silent for ``timeout`` with records
        pending; its pipe then ends and its records are reported like a dead worker's."""
        for k in list(self.open):
            if self.pending[k] and k not in self.stopped \
                    and time.monotonic() - self.heard[k] > self.timeout:
                log.error("import worker %d answered nothing for %.0f s; stopping it", k, self.timeout)
                self.stopped.add(k)
                self.procs[k].kill()

    def _receive(self, timeout):
        """Outcomes readable within ``timeout``; a worker whose pipe ends is closed."""
        out = []
        self._stop_hung()
        ready = connection.wait([self.readers[k] for k in self.open], timeout)
        for reader in ready:
            k = self.readers.index(reader)
            try:
                out.append(self._took(k, reader.recv()))
            except EOFError:
                self.open.discard(k)
        return out

    def results(self):
        """Outcomes that have arrived so far: ``(record_id, kind, gates, messages)``."""
        out, more = [], self._receive(0)
        while more:
            out += more
            more = self._receive(0)
        return out

    def close(self):
        """Wait for every worker; yields the remaining outcomes, then ``(record_id,
        "lost", ...)`` for each record a dead worker never answered."""
        for q in self.inqs:
            q.put(None)
        while self.open:
            yield from self._receive(1.0)
        for q in self.inqs:            # a dead worker's queue may hold records nobody reads
            q.close()
            q.cancel_join_thread()
        gc.unfreeze()
        for k, p in enumerate(self.procs):
            p.join(timeout=30)
            for record_id in sorted(self.pending[k]):
                message = (stopped_message(record_id, self.timeout) if k in self.stopped
                           else lost_message(record_id, p.exitcode))
                yield record_id, "lost", [], [message]
            self.pending[k] = set()


def _work(k, importer, inq, out, do_one):
    """Worker ``k``: its own database connections, then records until ``None``."""
    ckan_model.meta.engine.dispose(close=False)
    importer.forked()
    try:
        while True:
            rec = inq.get()
            if rec is None:
                break
            kind, gates, messages = do_one(importer, rec)
            out.send((rec.source_id, kind, gates, messages))
        try:
            importer.flush_index()
        except Exception:  # noqa: BLE001 - its records stay pending_index; the job reports them
            log.exception("import worker %d: the last search-index batch", k)
    finally:
        ckan_model.Session.remove()
        out.close()


def lost_message(record_id, exitcode) -> dict:
    """For a record whose worker died; the job replaces it by the record's own
    outcome row when the write had committed just before."""
    return hmessages.entry("import_worker_died", record_id, record_id,
                           hmessages.WORKER_DIED(record=record_id, exitcode=exitcode))


def stopped_message(record_id, seconds) -> dict:
    """For a record whose worker was stopped after answering nothing for ``seconds``."""
    return hmessages.entry("import_worker_stopped", record_id, record_id,
                           hmessages.WORKER_STOPPED(record=record_id, seconds=int(seconds)))
