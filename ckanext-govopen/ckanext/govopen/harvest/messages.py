"""The messages of a harvest job run (moved here unchanged from ``job.py``, so
that the one job run, ``jobrun``, and both of its drivers share them): a busy
source, a source's error, a record's internal error, a record not indexed.
The importer's own (``importer._problem_message``, ``_validation_messages``)
and the worker pool's (``workers.lost_message``, ``stopped_message``) stay
with their code.
"""
from __future__ import annotations

from govopen_harvesters.record import HarvestError

from .sources import SourceError


def busy_error(name):
    return SourceError("采集源 %s 已有一个采集任务在运行，请等它结束后再试。" % name,
                       "another harvest job is running for source %s; try again when it has finished." % name)


def error_message(err: HarvestError) -> dict:
    d = err.as_dict()
    return {"code": d["code"], "where": d["where"], "record_id": d["record_id"],
            "zh": d["message"]["zh"], "en": d["message"]["en"]}


def internal_error(record_id, exc) -> dict:
    text = "%s: %s" % (type(exc).__name__, str(exc)[:300])
    return {"code": "import_failed", "where": record_id, "record_id": record_id,
            "zh": "记录 %s 导入时发生内部错误（%s），其余记录照常导入。" % (record_id, text),
            "en": "Importing record %s failed with an internal error (%s); the other records go on." % (
                record_id, text)}


def not_indexed(record_id) -> dict:
    return {"code": "index_pending", "where": record_id, "record_id": record_id,
            "zh": "记录 %s 的数据集已保存，但未能写入搜索索引，暂时搜索不到；下次采集会再试。" % record_id,
            "en": "The dataset of record %s is saved but could not be added to the search index, so "
                  "search does not find it yet; the next run tries again." % record_id}
