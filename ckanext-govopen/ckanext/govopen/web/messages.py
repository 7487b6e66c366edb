"""zh/en words of the web guards (``text(key, lang, **values)``)."""
from __future__ import annotations

MESSAGES = {
    "json_too_deep": {
        "zh": "请求正文的 JSON 嵌套超过 {limit} 层，无法处理；请减少嵌套层数。",
        "en": "The JSON request body is nested more than {limit} levels deep and cannot be "
              "processed; please nest it less deeply.",
    },
    "json_invalid": {
        "zh": "请求正文不是有效的 JSON：{detail}",
        "en": "The request body is not valid JSON: {detail}",
    },
    "nul": {
        "zh": "“{where}”含有空字符（NUL，\\u0000），无法保存；请删除该字符。",
        "en": "“{where}” contains a NUL character (\\u0000), which cannot be stored; please remove it.",
    },
    "surrogate": {
        "zh": "“{where}”含有不成对的 Unicode 代理项（如 \\ud800），不是有效文本；请检查编码。",
        "en": "“{where}” contains an unpaired Unicode surrogate (such as \\ud800), which is not "
              "valid text; please check its encoding.",
    },
    "not_authorized": {
        "zh": "您无权查看此内容。",
        "en": "You are not allowed to see this.",
    },
    "not_found": {
        "zh": "没有找到所请求的内容。",
        "en": "What you asked for was not found.",
    },
}


def text(key: str, lang: str, **values) -> str:
    lang = "zh" if str(lang or "").lower().startswith("zh") else "en"
    return MESSAGES[key][lang].format(**values)
