"""What a harvest run can go wrong with, in the words a data officer reads.

Every problem a connector meets is a code plus parameters; the texts are
here once, in Chinese and English, so reports and the CKAN job UI say the
same thing. ``{where}`` is always filled in by the caller (a URL, a file and
line, a table, a record id).
"""

TEXTS = {
    # --- the source as a whole (fatal: the run stops reading this source) ---
    "source_unreachable": {
        "zh": "无法连接数据源 {where}：{error}。请确认来源系统已启动、地址和端口正确。",
        "en": "Cannot connect to the source {where}: {error}. Check that the source system is up and the address and port are right.",
    },
    "source_timeout": {
        "zh": "数据源 {where} 在 {seconds} 秒内没有响应，已放弃。",
        "en": "The source {where} did not answer within {seconds} seconds; gave up.",
    },
    "source_http_error": {
        "zh": "数据源 {where} 返回 HTTP {status}（已重试 {retries} 次）。此前读取的记录保留，下次采集从头继续。",
        "en": "The source {where} answered HTTP {status} (after {retries} retries). Records read before are kept; the next run starts again.",
    },
    "source_too_large": {
        "zh": "数据源 {where} 的响应超过 {limit} 字节上限，已停止读取。",
        "en": "The answer from {where} is larger than the limit of {limit} bytes; reading stopped.",
    },
    "source_not_found": {
        "zh": "找不到数据源文件 {where}。",
        "en": "Source file {where} not found.",
    },
    "source_outside_root": {
        "zh": "{where} 不在管理员设置的文件共享根目录内（绝对路径、.. 或指向根目录外的符号链接），已拒绝读取。",
        "en": "{where} is not inside a file-share root the sysadmin set (an absolute path, .. or a symbolic link leading out); not read.",
    },
    "source_malformed": {
        "zh": "数据源 {where} 的内容无法解析（{error}）。",
        "en": "The content of {where} cannot be parsed ({error}).",
    },
    "source_bad_encoding": {
        "zh": "数据源 {where} 含有无效的 {encoding} 字节（第 {line} 行，字节偏移 {offset}）；受影响的记录已跳过，其余记录照常读取。",
        "en": "{where} contains bytes that are not valid {encoding} (line {line}, byte offset {offset}); the affected records are skipped, the others are read.",
    },
    "source_api_error": {
        "zh": "数据源 {where} 的接口报告失败：{error}",
        "en": "The API at {where} reported a failure: {error}",
    },
    "page_not_followed": {
        "zh": "下一页链接 {next} 指向另一台主机，出于安全考虑未跟随（来源 {where}）。",
        "en": "The next-page link {next} points to another host and was not followed, for safety (source {where}).",
    },
    "database_error": {
        "zh": "数据库 {where} 出错：{error}",
        "en": "Database {where} failed: {error}",
    },
    "connector_failed": {
        "zh": "读取数据源 {where} 时发生内部错误（{error}），已停止；请将此信息报告给平台管理员。",
        "en": "Reading the source {where} failed with an internal error ({error}) and stopped; please report this to the platform administrators.",
    },
    # --- one record (the run goes on) ---
    "record_not_object": {
        "zh": "{where} 不是一个对象（JSON object），无法作为数据集读取。",
        "en": "{where} is not an object (JSON object) and cannot be read as a dataset.",
    },
    "record_no_identifier": {
        "zh": "{where} 没有标识符（{field}），无法在增量采集中识别，已跳过。",
        "en": "{where} has no identifier ({field}), so it cannot be tracked between runs; skipped.",
    },
    "record_duplicate": {
        "zh": "记录 {where} 的标识符与第 {first} 条记录重复，已跳过重复的一条。",
        "en": "Record {where} repeats the identifier of record {first}; the repeat is skipped.",
    },
    "record_field_too_large": {
        "zh": "记录 {where} 的字段 {field} 长度为 {size} 个字符，超过 {limit} 的上限，已跳过该记录。",
        "en": "Field {field} of record {where} has {size} characters, more than the limit of {limit}; the record is skipped.",
    },
    "record_bad_encoding": {
        "zh": "记录 {where} 含有无效编码的字符（来源不是有效的 {encoding}），已跳过。",
        "en": "Record {where} contains characters that were not valid {encoding} in the source; skipped.",
    },
    "record_mapping_failed": {
        "zh": "记录 {where} 无法映射到国家标准：{error}",
        "en": "Record {where} cannot be mapped to the national standard: {error}",
    },
    "table_missing": {
        "zh": "数据库中找不到配置的表或视图 {where}。",
        "en": "The configured table or view {where} is not in the database.",
    },
    "file_missing": {
        "zh": "清单中数据集 {where} 列出的文件 {file} 不存在。",
        "en": "File {file}, listed for dataset {where} in the manifest, does not exist.",
    },
    "file_outside_root": {
        "zh": "清单中数据集 {where} 列出的文件 {file} 不在文件共享根目录内（绝对路径、.. 或指向根目录外的符号链接），已拒绝读取。",
        "en": "File {file}, listed for dataset {where} in the manifest, is not inside the file-share root (an absolute path, .. or a symbolic link leading out); not read.",
    },
    "file_bad_encoding": {
        "zh": "文件 {file} 不是有效的 {encoding} 编码（第 {line} 行）；请另存为 UTF-8 或在配置中设置 encoding。",
        "en": "File {file} is not valid {encoding} (line {line}); save it as UTF-8 or set `encoding` in the source config.",
    },
    "file_unreadable": {
        "zh": "无法读取文件 {file}：{error}",
        "en": "Cannot read file {file}: {error}",
    },
    "manifest_row_invalid": {
        "zh": "清单 {where} 无法使用：{error}",
        "en": "Manifest entry {where} cannot be used: {error}",
    },
}


def render(code, params):
    """``{"zh": ..., "en": ...}`` for a code; unknown placeholders stay visible."""
    texts = TEXTS[code]
    safe = _Params(params)
    return {lang: texts[lang].format_map(safe) for lang in ("zh", "en")}


class _Params(dict):
    def __missing__(self, key):
        return "{%s}" % key
