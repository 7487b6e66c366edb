"""The texts of conditional access, in Chinese and English."""
from __future__ import annotations

from ckanext.govopen.common import current_lang

MESSAGES = {
    "file_not_found": {
        "zh": "没有这个文件。",
        "en": "There is no such file.",
    },
    "download_refused": {
        "zh": "该数据集为有条件开放，下载需先提交访问申请并获批准。",
        "en": "This dataset is conditionally open: downloading needs an approved access request.",
    },
    "files_restricted": {
        "zh": "该数据集为有条件开放：资源地址仅向获批准的申请人提供。",
        "en": "This dataset is conditionally open: resource addresses are given to approved applicants only.",
    },
    "not_conditional": {
        "zh": "数据集“{dataset}”无需申请：只有有条件开放的数据集才接受访问申请。",
        "en": "Dataset '{dataset}' needs no request: only conditionally open datasets take access requests.",
    },
    "already_has_access": {
        "zh": "您已可以访问数据集“{dataset}”的资源，无需申请。",
        "en": "You already have access to the resources of dataset '{dataset}'.",
    },
    "duplicate_request": {
        "zh": "您对数据集“{dataset}”已有一项{status}的申请（{id}），请勿重复提交。",
        "en": "You already have a {status} request ({id}) for dataset '{dataset}'.",
    },
    "purpose_required": {
        "zh": "请填写申请用途（purpose），至少 {min} 个字符，最多 {max} 个字符。",
        "en": "Please state the purpose of the request (purpose): {min} to {max} characters.",
    },
    "reason_required": {
        "zh": "请填写决定理由（reason），最多 {max} 个字符。",
        "en": "Please give the reason for the decision (reason), at most {max} characters.",
    },
    "bad_decision": {
        "zh": "决定（decision）必须是 approved（批准）或 denied（拒绝），收到的是“{value}”。",
        "en": "The decision must be 'approved' or 'denied', got '{value}'.",
    },
    "same_decision": {
        "zh": "申请 {id} 的状态已经是 {status}。",
        "en": "Request {id} is already {status}.",
    },
    "bad_status": {
        "zh": "状态（status）必须是 pending、approved 或 denied 之一，收到的是“{value}”。",
        "en": "The status must be one of pending, approved, denied; got '{value}'.",
    },
    "request_not_found": {
        "zh": "找不到访问申请 {id}。",
        "en": "Access request {id} not found.",
    },
    "login_required": {
        "zh": "请先登录再申请访问。",
        "en": "Please log in to request access.",
    },
    "not_department": {
        "zh": "只有数据集所属部门的编辑、管理员或系统管理员可以审批访问申请。",
        "en": "Only the dataset's department (editors, admins) or a sysadmin may decide access requests.",
    },
}

STATUS_LABELS = {
    "pending": {"zh": "待审批", "en": "pending"},
    "approved": {"zh": "已批准", "en": "approved"},
    "denied": {"zh": "已拒绝", "en": "denied"},
}


def lang_key(lang=None) -> str:
    if lang is None:
        lang = current_lang()
    return "en" if str(lang).lower().startswith("en") else "zh"


def text(msg_id, lang=None, **params) -> str:
    """One message in the reader's language (CKAN's request language by default)."""
    return MESSAGES[msg_id][lang_key(lang)].format(**params)


def both(msg_id, **params) -> str:
    """zh and en together, for API errors whose reader's language is unknown."""
    return "%s / %s" % (text(msg_id, "zh", **params), text(msg_id, "en", **params))
