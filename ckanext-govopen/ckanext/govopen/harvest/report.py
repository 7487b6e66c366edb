"""A harvest job's report: what it did to the catalog, and every error.

``created``, ``updated``, ``unchanged``, ``withdrawn`` and ``errored`` count
records (each record lands in exactly one); ``blocked`` counts the records
written in this job that a publication gate kept private, and
``blocked_by_gate`` how many of them each gate blocked (a record blocked by
two gates counts once in ``blocked`` and once under each gate). Errors are
all listed, with the source record's id and a message: kept as a code and
parameters (``ckanext.govopen.messages``), put into words when the report is
read (``as_dict``: ``message`` in the reader's language, ``zh`` and ``en``).
"""
from __future__ import annotations

import collections
from dataclasses import dataclass, field

from ckanext.govopen.messages import present, render

COUNTS = ("created", "updated", "unchanged", "withdrawn", "blocked", "errored")


@dataclass
class JobReport:
    source: str
    job_id: str = ""
    dry_run: bool = False
    complete: bool = True
    read: int = 0
    seconds: float = 0.0
    counts: collections.Counter = field(default_factory=collections.Counter)
    blocked_by_gate: collections.Counter = field(default_factory=collections.Counter)
    reasons: collections.Counter = field(default_factory=collections.Counter)
    errors: list = field(default_factory=list)

    @property
    def failed(self) -> bool:
        """A job fails when the source could not be read to the end."""
        return not self.complete

    def add(self, kind, record_id=None, gates=(), messages=()):
        """One record's outcome (``gates``: names of the gates that block it)."""
        self.counts[kind] += 1
        gates = sorted(set(gates or ()))
        if gates:
            self.counts["blocked"] += 1
            self.blocked_by_gate.update(gates)
        if kind == "errored":
            for m in messages or ():
                self.errors.append(dict(m, record_id=record_id))
        else:
            for m in messages or ():
                self.reasons["%s: %s" % (m.get("gate", "?"), m.get("code", "?"))] += 1

    def add_error(self, error: dict, fatal=False):
        """An error not tied to one written record (a fatal source error)."""
        if fatal:
            self.complete = False
        self.errors.append(error)

    def as_dict(self) -> dict:
        out = {k: int(self.counts.get(k, 0)) for k in COUNTS}
        out.update({
            "blocked_by_gate": {k: int(v) for k, v in sorted(self.blocked_by_gate.items())},
            "source": self.source, "job_id": self.job_id, "dry_run": self.dry_run,
            "complete": self.complete, "failed": self.failed, "read": self.read,
            "seconds": round(self.seconds, 3),
            "top_reasons": self.reasons.most_common(5),
            "errors": [present(e) for e in self.errors],
        })
        return out

    def text(self) -> str:
        c = self.as_dict()
        head = "%s%s: read %d; created %d, updated %d, unchanged %d, withdrawn %d, errored %d; blocked %d" % (
            self.source, " (dry run)" if self.dry_run else "", self.read, c["created"], c["updated"],
            c["unchanged"], c["withdrawn"], c["errored"], c["blocked"])
        lines = [head + "  [%.1fs]" % self.seconds]
        lines.append("采集 %s%s：读取 %d；新建 %d，更新 %d，未变 %d，撤回 %d，出错 %d；被拦截 %d" % (
            self.source, "（演练）" if self.dry_run else "", self.read, c["created"], c["updated"],
            c["unchanged"], c["withdrawn"], c["errored"], c["blocked"]))
        if c["blocked_by_gate"]:
            lines.append("  blocked by gate / 各检查拦截: " +
                         ", ".join("%s %d" % kv for kv in c["blocked_by_gate"].items()))
        for reason, n in self.reasons.most_common(5):
            lines.append("  %6d  %s" % (n, reason))
        if not self.complete:
            lines.append("  INCOMPLETE: the source was not read to the end; nothing was withdrawn."
                         " / 未能读完数据源，本次未撤回任何数据集。")
        if self.errors:
            lines.append("errors / 错误 (%d):" % len(self.errors))
            for e in self.errors:
                lines.append("  - [%s] %s" % (e.get("record_id") or "-", render(e, "en")))
                lines.append("    %s" % render(e, "zh"))
        if c["unchanged"] and not any(c[k] for k in ("created", "updated", "withdrawn", "errored")):
            lines.append("nothing changed at the source; nothing was written. / 数据源无变化，未写入任何内容。")
        return "\n".join(lines)


def from_db(session, job_id):
    """The report of a job run through the queues, from its stored rows."""
    from . import model

    row = model.report_row(session, job_id)
    if row is None:
        return None
    rep = JobReport(source=row["harvest_source_id"], job_id=job_id, read=row["read"] or 0,
                    complete=row["complete"] is not False)
    rep.counts["unchanged"] = row["unchanged"] or 0
    for o in model.outcomes(session, job_id):
        if o["outcome"] in ("fatal", "notice"):
            rep.add_error(dict(o["messages"][0]) if o["messages"] else {}, fatal=o["outcome"] == "fatal")
            continue
        rep.add(o["outcome"], o["record_id"], o["gates"], o["messages"])
    if row["finished"] and row["started"]:
        rep.seconds = (row["finished"] - row["started"]).total_seconds()
    return rep
