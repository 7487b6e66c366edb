"""Column-header hints: a header that names personal information.

A hint raises the confidence of value findings of the same entity in that
column, and on its own yields a *header-only* finding for columns whose
values no detector can recognise (names, addresses, landlines, accounts).

Chinese hints match as substrings (``联系人姓名``, ``家庭住址``); English ones
match whole words of the normalised header (``contact_phone``, ``Home
Address``; ``filename`` is not ``name``). Words that make a column
non-personal win: ``网站地址`` (URL), ``单位地址``, ``办公电话`` (public office
lines) give a *public* hint of lower confidence instead.
"""
import re

from .. import masking

#: entity -> (zh substrings, en words or word pairs)
HINTS = {
    "resident_id": (("身份证", "身分证", "证件号", "身份号码", "公民身份", "证件号码", "身份证号"),
                    ("id_card", "idcard", "id_number", "id_no", "national_id", "identity_card",
                     "identity_number", "citizen_id", "resident_id", "ssn")),
    "mobile_phone": (("手机", "移动电话"), ("mobile", "cellphone", "cell_phone", "mobile_phone", "mobile_no")),
    "phone": (("电话", "联系方式", "联系电话", "座机"), ("phone", "telephone", "tel", "phone_number", "contact_number")),
    "bank_card": (("银行卡", "卡号", "银行账号", "银行帐号", "银行账户"),
                  ("bank_card", "card_no", "card_number", "bank_account", "iban")),
    "account": (("账号", "帐号", "账户", "帐户"), ("account", "account_no", "account_number")),
    "email": (("邮箱", "电子邮件", "邮件地址", "e-mail", "email"), ("email", "e_mail", "mail", "email_address")),
    "passport": (("护照",), ("passport", "passport_no", "passport_number")),
    "credit_code": (("统一社会信用代码", "信用代码"), ("uscc", "credit_code", "social_credit_code")),
    "address": (("住址", "地址", "居住地", "户籍地", "户籍所在地", "家庭地址", "详细地址"),
                ("address", "home_address", "street_address", "residence", "addr")),
    "person_name": (("姓名", "名字", "联系人", "联络人", "法定代表人", "法人代表", "负责人", "申请人", "户主", "患者", "学生姓名"),
                    ("name", "full_name", "fullname", "first_name", "last_name", "surname",
                     "given_name", "person_name", "contact_name", "contact_person", "applicant", "patient")),
}

#: Header words that name a non-personal or public value: hint demoted to "public".
PUBLIC_ZH = ("网址", "网站", "链接", "url", "办公", "咨询", "谘询", "服务", "投诉", "监督", "值班", "传真",
             "单位", "机构", "机关", "部门", "企业", "公司", "景区", "场所", "门店", "医院", "学校", "名称")
PUBLIC_EN = frozenset("url link website web office service hotline fax company organization organisation "
                      "org agency department dept unit institution hospital school file filename dataset "
                      "resource field column table sheet".split())
# English "name" alone is too common (dataset_name, file_name); it counts only bare or with a person word.
_NAME_PERSON_WORDS = frozenset("person contact applicant owner customer patient student user legal "
                               "representative citizen resident member employee staff holder full first "
                               "last given family".split())

_NOT_PERSON = frozenset("company organization organisation org agency department dept unit institution "
                        "hospital school file filename dataset resource field column table sheet".split())
_WEB = frozenset("url link website web uri".split())

# Traditional -> simplified for the characters of the hint lists (Taiwan/Hong Kong headers).
_T2S = str.maketrans("證號碼電話郵帳賬聯絡護銀網機關構單門務辦諮詢傳戶稱統資訊連結業醫學負責請點場籍長達條類",
                     "证号码电话邮帐账联络护银网机关构单门务办谘询传户称统资讯连结业医学负责请点场籍长达条类")

_SPLIT_RE = re.compile(r"[^0-9a-z]+")
_CAMEL_RE = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")

#: Value mask of header-only findings, per entity.
MASKS = {
    "person_name": lambda v: masking.text(v, 1),
    "address": lambda v: masking.text(v, 3),
}

LABELS = {
    "phone": {"zh": "电话号码", "en": "phone number"},
    "account": {"zh": "账号", "en": "account number"},
    "address": {"zh": "地址", "en": "address"},
    "person_name": {"zh": "姓名", "en": "person name"},
}


class HeaderHint:
    __slots__ = ("entity", "public", "header")

    def __init__(self, entity, public, header):
        self.entity, self.public, self.header = entity, public, header

    def __repr__(self):
        return "HeaderHint(%r, public=%r)" % (self.entity, self.public)


def _words(header):
    h = _CAMEL_RE.sub("_", header).lower()
    return [w for w in _SPLIT_RE.split(h) if w]


def hint(header):
    """The :class:`HeaderHint` for a column header, or None."""
    if not header:
        return None
    h = str(header).strip()
    if not h:
        return None
    low = h.lower().translate(_T2S)
    words = _words(h)
    joined = "_".join(words)
    pairs = {"_".join(words[i:i + 2]) for i in range(len(words) - 1)}
    wordset = set(words)
    found = None
    # Chinese substrings first, most specific entity first (dict order).
    for entity, (zh, en) in HINTS.items():
        if any(s in low for s in zh if not s.isascii()):
            found = entity
            break
    if found is None:
        for entity, (zh, en) in HINTS.items():
            for w in en:
                if w == joined or w in pairs or ("_" not in w and w in wordset):
                    if w == "name" and joined != "name" and not (wordset & _NAME_PERSON_WORDS):
                        continue
                    found = entity
                    break
            if found:
                break
    if found is None:
        return None
    public = any(s in low for s in PUBLIC_ZH if not s.isascii()) or bool(wordset & PUBLIC_EN)
    if found == "person_name" and ("名称" in low or wordset & _NOT_PERSON):
        return None          # 单位名称, company_name: not a person
    if found in ("address", "email") and (any(s in low for s in ("网址", "网站", "链接")) or wordset & _WEB):
        return None          # 网站地址, url_address: a web address
    return HeaderHint(found, public, h)


def mask(entity, value):
    f = MASKS.get(entity)
    return f(value) if f else masking.text(value, 2)
