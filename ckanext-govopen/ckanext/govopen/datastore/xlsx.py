"""``/datastore/dump/<resource_id>?format=xlsx``: CKAN's dump route, in XLSX.

CKAN 2.12's dump writes CSV, TSV, JSON and XML (``DUMP_FORMATS``); this answers
the same URL with ``format=xlsx`` before CKAN's view runs (it would refuse the
format with a 400), with CKAN's own parameters (``filters``, ``q``, ``fields``,
``sort``, ``limit``, ``offset``) read by CKAN's own ``dump_schema``, the same
access check (``datastore_search``: refused or missing is 404, as CKAN's dump)
and the rows read through ``datastore_search`` as the caller, page by page
(keyset on ``_id``). Cells keep their types (numbers, dates, booleans); text
is always text, never a formula (a cell ``=HYPERLINK(...)`` stays a string).
An XLSX sheet holds at most 1,048,575 data rows: a larger selection is refused
with a zh/en message pointing to the CSV.
"""
from __future__ import annotations

import datetime
import decimal
import re
import tempfile

import flask
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

import ckan.plugins.toolkit as tk

from . import dump, messages

blueprint = flask.Blueprint("govopen_datastore_xlsx", __name__)

ENDPOINT = "datastore.dump"
#: rows of one sheet, the header row aside
MAX_ROWS = 1048575
PAGE = 10000
MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _cell_value(value, ftype: str):
    if value is None:
        return None
    try:
        if ftype == "date" and isinstance(value, str):
            return datetime.date.fromisoformat(value[:10])
        if ftype.startswith("timestamp") and isinstance(value, str):
            return datetime.datetime.fromisoformat(value)
        if ftype == "numeric" and isinstance(value, str):
            return decimal.Decimal(value)
    except (ValueError, decimal.InvalidOperation):
        pass
    if isinstance(value, (dict, list)):
        return str(value)
    return _ILLEGAL.sub("", value) if isinstance(value, str) else value


def _cell(sheet, value, ftype: str):
    cell = WriteOnlyCell(sheet, value=_cell_value(value, ftype))
    if isinstance(cell.value, str):
        cell.data_type = "s"          # text, even "=..." (openpyxl would write a formula)
    return cell


def _refuse(status: int, key: str, **params):
    return dump.refuse(status, key, **params)


def _search(context: dict, data_dict: dict) -> dict:
    return tk.get_action("datastore_search")(dict(context), data_dict)


def dump_xlsx(resource_id: str):
    data, refusal = dump.read_args(dict(tk.request.args.to_dict(), format="csv"))
    if refusal is not None:
        return refusal
    context = {"user": tk.current_user.name if tk.current_user.is_authenticated else ""}
    params = {k: v for k, v in data.items() if k in ("filters", "q", "distinct", "plain", "language", "fields")}
    try:
        return _workbook(context, resource_id, data, dump.with_fields(context, resource_id, params))
    except (tk.ObjectNotFound, tk.NotAuthorized):
        return _refuse(404, "dump_not_found")
    except tk.ValidationError as e:
        return _refuse(400, "dump_bad_param", detail=dump.detail(e.error_dict))


def _workbook(context: dict, resource_id: str, data: dict, params: dict):
    limit = data.get("limit")
    first = _search(context, dict(params, resource_id=resource_id, limit=0, include_total=True))
    wanted = max(0, first["total"] - data["offset"])
    if limit is not None:
        wanted = min(wanted, max(0, limit))
    if wanted > MAX_ROWS:
        return _refuse(413, "xlsx_too_many", rows=wanted, max=MAX_ROWS)
    fields = [f for f in first["fields"]]
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title="data")
    sheet.append([_cell(sheet, f["id"], "text") for f in fields])
    types = [f.get("type") or "text" for f in fields]
    done, offset, keyset = 0, data["offset"], None
    while done < wanted:
        page = dict(params, resource_id=resource_id, sort=data["sort"], include_total=False,
                    records_format="lists", include_next_page=True, limit=min(PAGE, wanted - done),
                    offset=0 if keyset else offset)
        if keyset:
            page["filters"] = dict(params.get("filters") or {}, **keyset)
        result = _search(context, page)
        for record in result["records"]:
            sheet.append([_cell(sheet, v, t) for v, t in zip(record, types)])
        done += len(result["records"])
        if len(result["records"]) < page["limit"]:
            break
        keyset = result.get("next_page")        # sorted by _id only; else by offset
        offset += len(result["records"])
    out = tempfile.TemporaryFile()
    workbook.save(out)
    out.seek(0)
    return flask.send_file(out, mimetype=MIMETYPE, as_attachment=True,
                           download_name=f"{resource_id}.xlsx")


@blueprint.before_app_request
def intercept():
    """``format=xlsx`` on CKAN's dump route: answered here."""
    request = tk.request
    if request.endpoint == ENDPOINT and (request.args.get("format") or "").lower() == "xlsx":
        return dump_xlsx((request.view_args or {}).get("resource_id") or "")
    return None


def get_blueprint():
    return blueprint
