"""zh/en texts of the Data API (load errors, refusals)."""
from __future__ import annotations

TEXTS = {
    "rows_refused": {"zh": "该数据表依申请开放：仅数据提供部门和获批的申请人可以查询其数据行。",
                     "en": "This table is conditionally open: only its department and approved "
                           "requesters may query its rows."},
    "write_refused": {"zh": "数据接口中的数据表只由平台在数据校验通过后加载，不能通过接口写入。",
                      "en": "DataStore tables are loaded by the platform after validation; "
                            "they cannot be written through the API."},
    "status_refused": {"zh": "只有数据提供部门和系统管理员可以查看数据表的加载状态。",
                       "en": "Only the table's department and sysadmins may see its load state."},
    "no_header": {"zh": "文件中没有表头行", "en": "the file has no header row"},
    "empty_column": {"zh": "第 {col} 列没有列名", "en": "column {col} has no name"},
    "duplicate_column": {"zh": "列名“{name}”重复", "en": "the column name \"{name}\" appears twice"},
    "bad_column": {"zh": "列名“{name}”不能用作数据接口的字段名（不能以下划线开头，不能含双引号）",
                   "en": "the column name \"{name}\" cannot be a Data API field "
                         "(it may not start with an underscore or contain a double quote)"},
    "long_column": {"zh": "列名“{name}”过长（UTF-8 编码后超过 63 字节）",
                    "en": "the column name \"{name}\" is too long (over 63 bytes in UTF-8)"},
    "header_changed": {"zh": "文件的表头与校验时不同", "en": "the file's header differs from the one validated"},
    "not_decodable": {"zh": "无法识别文件的文本编码", "en": "the file's text encoding could not be detected"},
    "bad_cell": {"zh": "第 {row} 行“{name}”列的值不是{type_zh}", "en": "row {row}, column \"{name}\": "
                 "the value is not a valid {type_en}"},
    "bad_row": {"zh": "第 {row} 行有 {got} 个单元格，表头有 {want} 列",
                "en": "row {row} has {got} cells; the header has {want} columns"},
    "row_count": {"zh": "加载了 {got} 行，校验时为 {want} 行", "en": "{got} rows loaded; validation counted {want}"},
    "database": {"zh": "数据库拒绝了该表：{detail}", "en": "the database refused the table: {detail}"},
}

TYPE_NAMES = {"int8": ("整数", "integer"), "numeric": ("数字", "number"), "date": ("日期", "date"),
              "timestamp": ("日期时间", "date and time"), "bool": ("布尔值（是/否）", "boolean"),
              "text": ("文本", "text"), "int4": ("年份", "year")}


def message(key: str, **kw) -> dict:
    """``{zh, en}`` of ``key`` filled with ``kw``."""
    return {lang: text.format(**kw) for lang, text in TEXTS[key].items()}


def joined(msg: dict) -> str:
    return f"{msg['zh']} / {msg['en']}"
