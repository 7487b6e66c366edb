"""What the web guards say (``text(key, lang, **values)``), declared once
(``ckanext.govopen.messages``; the Chinese is in the zh_Hans_CN catalog)."""
from __future__ import annotations

from ckanext.govopen.messages import N_, declare, render

MESSAGES = {
    "json_too_deep": declare("web.json_too_deep", N_(
        "The JSON request body is nested more than {limit} levels deep and cannot be processed; "
        "please nest it less deeply.")),
    "json_invalid": declare("web.json_invalid", N_("The request body is not valid JSON: {detail}")),
    "nul": declare("web.nul", N_(
        "“{where}” contains a NUL character (\\u0000), which cannot be stored; please remove it.")),
    "surrogate": declare("web.surrogate", N_(
        "“{where}” contains an unpaired Unicode surrogate (such as \\ud800), which is not valid "
        "text; please check its encoding.")),
    "not_authorized": declare("web.not_authorized", N_("You are not allowed to see this.")),
    "not_found": declare("web.not_found", N_("What you asked for was not found.")),
}


def text(key: str, lang: str, **values) -> str:
    return render(MESSAGES[key](**values), lang or "en")
