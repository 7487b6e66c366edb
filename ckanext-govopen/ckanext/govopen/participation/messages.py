"""The texts of participation errors, in Chinese and English (API callers get both)."""
from __future__ import annotations

from ckanext.govopen.access.messages import lang_key

MESSAGES = {
    "length": {
        "zh": "“{field}”的长度须在 {min} 到 {max} 个字符之间（现为 {got} 个）。",
        "en": "'{field}' must be {min} to {max} characters long (it has {got}).",
    },
    "score": {
        "zh": "评分（score）须为 1 到 5 的整数，收到的是“{value}”。",
        "en": "The score must be a whole number from 1 to 5, got '{value}'.",
    },
    "not_public": {
        "zh": "数据集“{dataset}”未公开，不接受评分或意见。",
        "en": "Dataset '{dataset}' is not public; it takes no ratings or feedback.",
    },
    "too_many": {
        "zh": "提交过于频繁：每小时最多 {max} 条，请稍后再试。",
        "en": "Too many submissions: at most {max} an hour; please try again later.",
    },
    "bad_state": {
        "zh": "状态（state）须为 published（公开）或 hidden（隐藏），收到的是“{value}”。",
        "en": "The state must be 'published' or 'hidden', got '{value}'.",
    },
    "bad_status": {
        "zh": "状态（status）须为 {allowed} 之一，收到的是“{value}”。",
        "en": "The status must be one of {allowed}; got '{value}'.",
    },
    "not_a_number": {
        "zh": "limit 和 offset 须为整数，收到的是“{value}”。",
        "en": "limit and offset must be whole numbers, got '{value}'.",
    },
    "not_found": {
        "zh": "找不到{what} {id}。",
        "en": "{what_en} {id} not found.",
    },
    "no_such_department": {
        "zh": "找不到部门“{value}”（org_id）。",
        "en": "Department '{value}' (org_id) not found.",
    },
    "no_such_dataset": {
        "zh": "找不到所关联的数据集“{value}”（package_id）。",
        "en": "The linked dataset '{value}' (package_id) was not found.",
    },
    "not_department": {
        "zh": "只有所属部门的编辑、管理员或系统管理员可以执行此操作。",
        "en": "Only the department's editors and admins or a sysadmin may do this.",
    },
    "login_required": {
        "zh": "请先登录。",
        "en": "Please log in first.",
    },
}

FIELD_LABELS = {
    "text": {"zh": "意见内容", "en": "Feedback"},
    "author_name": {"zh": "署名", "en": "Name"},
    "title": {"zh": "标题", "en": "Title"},
    "description": {"zh": "需求说明", "en": "Description"},
    "contact": {"zh": "联系方式", "en": "Contact"},
    "reply": {"zh": "答复", "en": "Reply"},
    "answer": {"zh": "答复", "en": "Answer"},
}


def text(msg_id, lang=None, **params) -> str:
    return MESSAGES[msg_id][lang_key(lang)].format(**params)


def both(msg_id, **params) -> str:
    """zh and en together, for API errors whose reader's language is unknown."""
    return "%s / %s" % (text(msg_id, "zh", **params), text(msg_id, "en", **params))
