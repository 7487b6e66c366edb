"""What the Data API says (load errors, refusals), declared once
(``ckanext.govopen.messages``): a load error is stored as code + parameters
in ``_govopen_load`` and put into words when its department reads it."""
from __future__ import annotations

from ckanext.govopen.messages import N_, declare

DECLARED = {
    "rows_refused": declare("datastore.rows_refused", N_(
        "This table is conditionally open: only its department and approved requesters may query its rows.")),
    "write_refused": declare("datastore.write_refused", N_(
        "DataStore tables are loaded by the platform after validation; they cannot be written through the API.")),
    "status_refused": declare("datastore.status_refused", N_(
        "Only the table's department and sysadmins may see its load state.")),
    "no_header": declare("datastore.no_header", N_("the file has no header row")),
    "empty_column": declare("datastore.empty_column", N_("column {col} has no name")),
    "duplicate_column": declare("datastore.duplicate_column", N_('the column name "{name}" appears twice')),
    "bad_column": declare("datastore.bad_column", N_(
        'the column name "{name}" cannot be a Data API field '
        "(it may not start with an underscore or contain a double quote)")),
    "long_column": declare("datastore.long_column", N_(
        'the column name "{name}" is too long (over 63 bytes in UTF-8)')),
    "header_changed": declare("datastore.header_changed", N_("the file's header differs from the one validated")),
    "not_decodable": declare("datastore.not_decodable", N_("the file's text encoding could not be detected")),
    "bad_cell": declare("datastore.bad_cell", N_('row {row}, column "{name}": the value is not a valid {type}')),
    "bad_row": declare("datastore.bad_row", N_("row {row} has {got} cells; the header has {want} columns")),
    "row_count": declare("datastore.row_count", N_("{got} rows loaded; validation counted {want}")),
    "database": declare("datastore.database", N_("the database refused the table: {detail}")),
    "unparsable_line": declare("datastore.unparsable_line", N_("line {line} cannot be parsed: {error}")),
    "not_open": declare("datastore.not_open", N_("the dataset is not open; its table left the Data API")),
    "not_valid": declare("datastore.not_valid", N_(
        "the table did not pass validation; it left the Data API")),
    "gone": declare("datastore.gone", N_("the resource or its dataset was deleted")),
}

#: A column type in words, a parameter of ``bad_cell`` (a message, rendered with it).
TYPE_NAMES = {"int8": declare("datastore.type_int8", N_("integer")),
              "numeric": declare("datastore.type_numeric", N_("number")),
              "date": declare("datastore.type_date", N_("date")),
              "timestamp": declare("datastore.type_timestamp", N_("date and time")),
              "bool": declare("datastore.type_bool", N_("boolean")),
              "text": declare("datastore.type_text", N_("text")),
              "int4": declare("datastore.type_int4", N_("year"))}


def message(key: str, **kw) -> dict:
    """The message ``key`` with its parameters (code + params, JSON)."""
    return DECLARED[key](**kw)


# --- the resource page and the XLSX dump (after fb9ba9c) -------------------------------
DECLARED.update({
    "dump_not_found": declare("datastore.dump_not_found", N_("DataStore resource not found")),
    "dump_bad_param": declare("datastore.dump_bad_param", N_("The download's parameters are not valid: {detail}")),
    "xlsx_too_many": declare("datastore.xlsx_too_many", N_(
        "{rows} rows do not fit in one XLSX sheet (at most {max}): download the CSV, "
        "or narrow the selection with filters")),
})


# --- limits for anonymous callers (limits.py) ----------------------------------------
DECLARED.update({
    "too_many_query": declare("datastore.too_many_query", N_(
        "Too many Data API queries: anonymous callers may make {max} a minute. "
        "Retry in {seconds} seconds, or log in (or send an API token) to query without this limit.")),
    "too_many_download": declare("datastore.too_many_download", N_(
        "Too many table downloads: anonymous callers may download {max} a minute. "
        "Retry in {seconds} seconds, or log in to download without this limit.")),
    "too_many_rows": declare("datastore.too_many_rows", N_(
        "limit={asked} asks too many rows: anonymous callers get at most {max} rows per "
        "datastore_search call. Page with limit={max} and offset (or next_page), or log in.")),
    "dump_too_many_rows": declare("datastore.dump_too_many_rows", N_(
        "This download has {rows} rows: anonymous callers may download at most {max} rows at once. "
        "Narrow it with filters, q or limit, download the table's file, or log in.")),
})


# --- the dump's parameters (dump.py) -----------------------------------------------------
DECLARED.update({
    "q_unknown_column": declare("datastore.q_unknown_column", N_(
        'q names the column "{column}", which this table does not have')),
    "q_not_text": declare("datastore.q_not_text", N_(
        'q: the words to find in column "{column}" must be text')),
    "bad_value": declare("datastore.bad_value", N_(
        "a value in filters is not of its column's type (a number, date or true/false)")),
})


# --- the load in two phases (store.load, fastcopy.py) -----------------------------------
DECLARED.update({
    "full_text_pending": declare("datastore.full_text_pending", N_(
        "Full-text search of this table is being prepared: its rows were just loaded. "
        "Filters, sort and paging work now; retry q in a few minutes.")),
})
