"""Scan messages: what went wrong and where, in zh_Hans and en.

Like ``standard.messages`` a message is an id plus parameters; unlike it the
texts live here (the scanner must run without the standards folder). A
message never carries a cell value: only file names, formats, row/column
numbers, byte offsets and counts.
"""

TEXTS = {
    "scan.file_not_found": ("error", "找不到文件 {path}", "file not found: {path}"),
    "scan.unreadable": ("error", "无法读取文件 {path}：{reason}", "cannot read {path}: {reason}"),
    "scan.unsupported_format": ("error", "文件 {path} 的格式 {format} 不支持扫描（支持 CSV、TSV、XLSX、XLS、JSON）",
                                "{path}: format {format} cannot be scanned (CSV, TSV, XLSX, XLS, JSON are supported)"),
    "scan.unknown_encoding": ("error", "文件 {path} 的字符编码无法识别（已尝试 UTF-8、GB18030、Big5），首个无法解码的字节在第 {offset} 字节处",
                              "{path}: unknown character encoding (tried UTF-8, GB18030, Big5); first undecodable byte at offset {offset}"),
    "scan.decode_errors": ("warning", "文件 {path} 按 {encoding} 解码时有 {count} 个字节无法解码，首次出现在第 {offset} 字节附近；这些字节未被扫描",
                           "{path}: {count} bytes could not be decoded as {encoding}, first near byte {offset}; they were not scanned"),
    "scan.malformed_csv": ("error", "文件 {path} 第 {row} 行不是合法的 CSV（{reason}），扫描在此停止",
                           "{path}: row {row} is not valid CSV ({reason}); the scan stopped there"),
    "scan.invalid_json": ("error", "文件 {path} 在第 {offset} 字节附近不是合法的 JSON（{reason}），扫描在此停止",
                          "{path}: invalid JSON near byte {offset} ({reason}); the scan stopped there"),
    "scan.bad_workbook": ("error", "无法读取工作簿 {path}（{format}）：{reason}", "cannot read workbook {path} ({format}): {reason}"),
    "scan.bad_sheet": ("error", "工作簿 {path} 的工作表“{sheet}”在第 {row} 行读取失败：{reason}",
                       "{path}: sheet '{sheet}' failed at row {row}: {reason}"),
    "scan.row_limit": ("warning", "只扫描了前 {rows} 行（行数上限），其余未扫描", "only the first {rows} rows were scanned (row limit); the rest was not"),
    "scan.column_limit": ("warning", "表 {table} 超过 {limit} 列，多出的列合并为一列扫描",
                          "table {table} has more than {limit} columns; the extra columns were scanned as one"),
    "scan.headerless": ("info", "表 {table} 的首行含有个人信息，按无表头处理", "table {table}: the first row holds personal information, read as data (no header)"),
    "scan.empty": ("info", "文件 {path} 没有数据行", "{path} has no data rows"),
    "kanon.missing_columns": ("error", "准标识符列 {columns} 不在表头中（表头：{header}）",
                              "quasi-identifier columns {columns} are not in the header ({header})"),
    "kanon.too_many_classes": ("error", "等价类超过 {limit} 个（第 {row} 行），为限制内存停止计算",
                               "more than {limit} distinct quasi-identifier combinations (at row {row}); stopped to bound memory"),
}


class ScanMessage:
    """One message: ``id``, ``level`` (error/warning/info), ``params``; rendered in zh or en."""

    __slots__ = ("id", "level", "params")

    def __init__(self, id, **params):
        if id not in TEXTS:
            raise KeyError("no scan message %r" % id)
        self.id = id
        self.level = TEXTS[id][0]
        self.params = params

    def render(self, lang="zh"):
        _, zh, en = TEXTS[self.id]
        tpl = zh if str(lang or "").lower().startswith("zh") else en
        return tpl.format_map(_Params(self.params))

    def as_dict(self):
        return {"id": self.id, "level": self.level, "params": dict(self.params),
                "zh": self.render("zh"), "en": self.render("en")}

    def __eq__(self, other):
        return isinstance(other, ScanMessage) and (self.id, self.params) == (other.id, other.params)

    def __repr__(self):
        return "ScanMessage(%r, %r)" % (self.id, self.params)

    def __str__(self):
        return self.render("en")


class _Params(dict):
    def __missing__(self, key):
        return "{%s}" % key
