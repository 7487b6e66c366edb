"""A file share: a folder of CSV / XLSX files and a catalog manifest.

Departments keep their inventory either as YAML (``manifest.yaml``)::

    datasets:
      - identifier: permits           # optional; the title otherwise
        title: 建设工程规划许可证
        notes: ...
        theme: urban_housing
        files: [permits.csv, permits-2023.xlsx]

or as an Excel inventory (``manifest: 目录.xlsx``) whose first sheet has a
header row in the standard's columns (field names such as ``title`` or their
labels such as ``数据集名称`` / ``Title``), a ``files`` (文件) column listing
the files, one dataset per row. Each file becomes a resource whose content
is streamed from the share, with its sha256 as checksum (CSV text is
UTF-8 unless the entry or the config says ``encoding: gb18030``); the columns of the
first table become ``data_elements`` unless the manifest gives them. A file
that is missing, outside the folder, or not valid text in the configured
encoding is an error for that dataset (with file and line), not for the run.

The folder is a place inside a file-share root the sysadmin named
(``config.load`` resolved it); every file this reader opens, the manifest
too, is resolved again here (symbolic links followed) and refused unless it
is inside that root. Messages name files as ``share://<root>/...``, never
by their server path.
"""
import codecs
import functools
import csv
import io
import os

import yaml

from ckanext.govopen.standard import loader

from . import mapping, origins, places, tabular
from .record import HarvestError, Resource, make_record
from .registry import SourceType

SOURCE_TYPE = SourceType(
    name="govopen_files", order=50, origin=origins.SHARE,
    title={"zh": "文件共享", "en": "File share"},
    description={"zh": "CSV/XLSX 文件的文件夹，附 YAML 或 Excel 目录清单。",
                 "en": "A folder of CSV/XLSX files with a YAML or Excel catalog manifest."})

FILE_COLUMNS = {"files", "file", "文件", "数据文件", "文件名", "资源文件"}
ID_COLUMNS = {"identifier", "标识符", "编号"}
DATE_FIELDS = {"issued", "modified", "temporal_start", "temporal_end"}
SAMPLE_ROWS = 200
TABULAR = {".csv": "CSV", ".xlsx": "XLSX"}


def read(cfg, state):
    root = cfg.get("root_path")
    shown = cfg.get("display") or cfg["name"]
    folder = places.inside(root, cfg["path"]) if root and cfg.get("path") else None
    if folder is None:              # a config that did not come through config.load
        yield HarvestError("source_outside_root", shown, fatal=True)
        return
    if not os.path.isdir(folder):
        yield HarvestError("source_not_found", shown, fatal=True)
        return
    name = str(cfg.get("manifest") or _default_manifest(folder))
    manifest = _inside(root, folder, name)
    where = "%s/%s" % (shown.rstrip("/"), name)
    if manifest is None:
        yield HarvestError("source_outside_root", where, fatal=True)
        return
    if not os.path.isfile(manifest):
        yield HarvestError("source_not_found", where, fatal=True)
        return
    try:
        entries = list(_xlsx_entries(root, manifest) if manifest.lower().endswith(".xlsx")
                       else _yaml_entries(root, manifest))
    except Exception as e:  # the manifest as a whole does not parse
        yield HarvestError("source_malformed", where, fatal=True,
                           params={"error": "%s: %s" % (type(e).__name__, _no_paths(str(e)[:300], root))})
        return
    for where, entry in entries:
        if isinstance(entry, HarvestError):
            yield entry
        else:
            yield from _dataset(cfg, root, folder, where, entry)


def _inside(root, folder, name):
    """The real path of ``name`` in ``folder`` if it is a relative path that stays inside ``root``."""
    try:
        places.check_relative(name)
    except places.PlaceError:
        return None
    return places.inside(root, os.path.join(folder, name))


def _no_paths(text, root):
    return text.replace(os.path.realpath(root), "<root>") if root else text


def _default_manifest(folder):
    for name in ("manifest.yaml", "manifest.yml", "manifest.xlsx", "目录.xlsx"):
        if os.path.isfile(os.path.join(folder, name)):
            return name
    return "manifest.yaml"


def _yaml_entries(root, path):
    with places.open_inside(root, path) as f:
        doc = yaml.safe_load(io.TextIOWrapper(f, encoding="utf-8")) or {}
    items = doc.get("datasets") if isinstance(doc, dict) else doc
    if not isinstance(items, list):
        raise ValueError("no `datasets` list / 没有 datasets 列表")
    for i, item in enumerate(items):
        where = "%s datasets[%d]" % (os.path.basename(path), i)
        if not isinstance(item, dict):
            yield where, HarvestError("manifest_row_invalid", where,
                                      params={"error": "not a mapping / 不是键值映射"})
        else:
            yield where, item


def header_to_field():
    """Inventory column heading (field name, zh or en label) -> standard field."""
    table = {}
    for f in loader.schema_fields("dataset"):
        name = f["field_name"]
        table[mapping.key(name)] = name
        for lang in ("zh", "en"):
            table[mapping.key(loader.field_label(name, lang))] = name
    for word in FILE_COLUMNS:
        table[mapping.key(word)] = "files"
    for word in ID_COLUMNS:
        table[mapping.key(word)] = "identifier"
    table[mapping.key("tags")] = table[mapping.key("标签")] = "tags"
    return table


def _xlsx_entries(root, path):
    import openpyxl
    f = places.open_inside(root, path)
    wb = openpyxl.load_workbook(f, read_only=True, data_only=True)
    try:
        rows = wb.worksheets[0].iter_rows(values_only=True)
        header = next(rows, None) or ()
        fields = header_to_field()
        columns = [fields.get(mapping.key(h)) if h is not None else None for h in header]
        for n, row in enumerate(rows, start=2):
            if not any(v not in (None, "") for v in row):
                continue
            entry = {}
            for col, value in zip(columns, row):
                if col and value not in (None, ""):
                    entry[col] = value
            yield "%s row %d" % (os.path.basename(path), n), entry
    finally:
        wb.close()
        f.close()


def _dataset(cfg, root, folder, where, entry):
    entry = dict(entry)
    encoding = str(entry.pop("encoding", None) or cfg.get("encoding") or "utf-8")
    files = entry.pop("files", None) or []
    if isinstance(files, str):
        files = [f.strip() for f in files.replace("，", ",").replace(";", ",").split(",") if f.strip()]
    ident = str(entry.pop("identifier", "") or entry.get("resource_code") or entry.get("title") or "").strip()
    if not ident:
        yield HarvestError("manifest_row_invalid", where,
                           params={"error": "no title or identifier / 没有名称或标识符"})
        return
    where = "%s (%s)" % (where, ident)
    dataset = {}
    for k, v in entry.items():
        if k in DATE_FIELDS:
            v = mapping.to_date(v) or str(v)
        elif k == "tags" and isinstance(v, str):
            v = [t.strip() for t in v.replace("，", ",").replace("、", ",").split(",") if t.strip()]
        elif k == "data_elements" or isinstance(v, (bool, list, dict)):
            pass
        else:
            v = str(v).strip()
        dataset[k] = v
    resources, elements = [], None
    for name in files:
        path = _inside(root, folder, str(name))
        if path is None:
            yield HarvestError("file_outside_root", where, record_id=ident, params={"file": name})
            return
        if not os.path.isfile(path):
            yield HarvestError("file_missing", where, record_id=ident, params={"file": name})
            return
        ext = os.path.splitext(path)[1].lower()
        try:
            header, sample = _table_sample(root, path, ext, encoding)
        except _BadEncoding as e:
            yield HarvestError("file_bad_encoding", where, record_id=ident,
                               params={"file": name, "encoding": e.encoding, "line": e.line})
            return
        except Exception as e:
            yield HarvestError("file_unreadable", where, record_id=ident,
                               params={"file": name, "error": "%s: %s" % (
                                   type(e).__name__, _no_paths(str(e)[:200], root))})
            return
        if header and elements is None:
            elements = tabular.elements(header, sample)
        opener = functools.partial(places.open_inside, root)    # every read checks the root again
        try:
            digest, size = tabular.file_checksum(path, opener)
        except (places.PlaceError, OSError):
            yield HarvestError("file_outside_root", where, record_id=ident, params={"file": name})
            return
        resources.append(Resource(name=os.path.basename(path), format=TABULAR.get(ext) or mapping.format_code(ext),
                                  checksum=digest, size=size, stream=tabular.file_stream(path, opener),
                                  filename=os.path.basename(path)))
    if elements and "data_elements" not in dataset:
        dataset["data_elements"] = elements
    yield make_record(ident, dataset, resources=resources, source={"where": where})


class _BadEncoding(Exception):
    def __init__(self, encoding, line):
        self.encoding, self.line = encoding, line


def _table_sample(root, path, ext, encoding):
    """Header and first rows of a CSV / XLSX (the whole CSV is decoded, to find bad bytes)."""
    if ext == ".csv":
        return _csv_sample(root, path, encoding)
    if ext == ".xlsx":
        import openpyxl
        with places.open_inside(root, path) as f:
            wb = openpyxl.load_workbook(f, read_only=True, data_only=True)
            try:
                rows = wb.worksheets[0].iter_rows(values_only=True)
                header = [str(h) if h is not None else "" for h in (next(rows, None) or ())]
                sample = [list(r) for _, r in zip(range(SAMPLE_ROWS), rows)]
            finally:
                wb.close()
        return header, sample
    return None, []


def _csv_sample(root, path, encoding):
    decoder = codecs.getincrementaldecoder(encoding)()
    text_head = []
    line = 0
    with places.open_inside(root, path) as f:
        for raw in f:
            line += 1
            try:
                text = decoder.decode(raw)
            except UnicodeDecodeError:
                raise _BadEncoding(encoding, line)
            if line <= SAMPLE_ROWS + 1:
                text_head.append(text)
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            raise _BadEncoding(encoding, line)
    rows = list(csv.reader(io.StringIO("".join(text_head).lstrip("\ufeff"))))
    return (rows[0] if rows else []), rows[1:SAMPLE_ROWS + 1]
