#!/usr/bin/env python3
"""Deterministic labelled corpus for the personal-information scanner.

Writes a CSV with columns ``id,text,labels,kind``: ``text`` is one cell as it
might appear in a government table, ``labels`` the entities really in it
(``|``-separated, empty for none), ``kind`` what generated it (``valid:<entity>``,
``near:<entity>:<how>``, ``noise:<what>``, ``mixed``).

Valid identifiers and near-misses are generated with this file's own check
digit code (written from the standards, not imported from the scanner), and
every near-miss and noise cell is re-checked against the *whole* definition
of every entity, so no label is ambiguous. Valid values that are valid for two
entities at once (a 62... card that is also a Gansu resident ID) are not
generated: no label would be right for them (the scanner reads them by its
priority order, ID first).

    python bench/scan/make_corpus.py --out corpus.csv --per-entity 2000 --seed 7
"""
import argparse
import csv
import datetime
import random
import string
import sys

PROVINCES = ("11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 "
             "50 51 52 53 54 61 62 63 64 65 71 81 82 83").split()
BAD_PROVINCES = "00 01 10 16 19 20 24 30 38 39 40 47 48 49 55 56 59 60 66 70 72 77 80 84 88 99".split()
ID_W = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_C = "10X98765432"
CC_ALPHA = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CC_TYPES = ("11 12 13 19 21 29 31 32 33 34 35 39 41 49 51 52 53 59 61 62 69 71 72 79 "
            "81 89 91 92 93 A1 A9 N1 N2 N3 N9 Y1").split()
MOBILE_OK = (["13%d" % d for d in range(10)] + ["145", "146", "147", "148", "149"]
             + ["15%d" % d for d in (0, 1, 2, 3, 5, 6, 7, 8, 9)] + ["162", "165", "166", "167"]
             + ["17%d" % d for d in range(9)] + ["18%d" % d for d in range(10)]
             + ["19%d" % d for d in (0, 1, 2, 3, 5, 6, 7, 8, 9)])
MOBILE_BAD = ["10%d" % d for d in range(10)] + ["11%d" % d for d in range(10)] + \
             ["12%d" % d for d in range(10)] + ["154", "179", "194", "140", "141", "160", "161", "163", "164"]
ENTITIES = ("resident_id", "mobile_phone", "bank_card", "credit_code", "email", "passport")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志文斌浩宇轩"
WORDS = ["北京市", "朝阳区", "建国路", "号院", "单元", "统计", "年度", "合计", "备注", "已核实", "人民政府", "办公室",
         "旅游", "收入", "亿元", "同比增长", "数据来源：国家统计局", "注：", "其他", "小计", "市场监督管理局"]


# --- independent checks ------------------------------------------------------
def id_check(s17):
    return ID_C[sum(int(c) * w for c, w in zip(s17, ID_W)) % 11]


def valid_date(y, m, d):
    try:
        dt = datetime.date(y, m, d)
    except ValueError:
        return False
    return datetime.date(1890, 1, 1) <= dt <= datetime.date.today()


def is_id(s):
    s = s.upper()
    if len(s) != 18 or not s[:17].isdigit() or s[17] not in "0123456789X":
        return False
    prov = s[1:3] if s[0] == "9" else s[:2]
    if prov not in PROVINCES or s[6:8] not in ("18", "19", "20"):
        return False
    return valid_date(int(s[6:10]), int(s[10:12]), int(s[12:14])) and id_check(s[:17]) == s[17]


def luhn(s):
    t = 0
    for i, c in enumerate(reversed(s)):
        d = int(c) * (2 if i % 2 else 1)
        t += d - 9 if d > 9 else d
    return t % 10 == 0


def luhn_digit(body):
    for d in "0123456789":
        if luhn(body + d):
            return d


def iin_ok(s):
    n, p2, p4 = len(s), s[:2], s[:4]
    if p2 in ("62", "81"):
        return 16 <= n <= 19
    if s[0] == "4":
        return n in (16, 19)
    if "51" <= p2 <= "55" or "2221" <= p4 <= "2720":
        return n == 16
    if p2 in ("34", "37"):
        return n == 15
    if "3528" <= p4 <= "3589" or p2 in ("60", "64", "65", "30", "36", "38", "39"):
        return 16 <= n <= 19
    if p4 == "9558":
        return n == 19
    return False


def is_card(s):
    return s.isdigit() and 15 <= len(s) <= 19 and iin_ok(s) and luhn(s)


def cc_check(s17):
    t = sum(CC_ALPHA.index(c) * pow(3, i, 31) for i, c in enumerate(s17))
    return CC_ALPHA[(31 - t % 31) % 31]


def is_cc(s):
    if len(s) != 18 or any(c not in CC_ALPHA for c in s) or s[:2] not in CC_TYPES:
        return False
    if not s[2:8].isdigit() or (s[2:4] not in PROVINCES and s[2:4] != "10"):
        return False
    return cc_check(s[:17]) == s[17]


def is_mobile(s):
    return len(s) == 11 and s.isdigit() and s[:3] in MOBILE_OK


def _digits_runs(text):
    """Every maximal digit/letter run and every digit-only join of separated groups (a superset of the scanner's tokens)."""
    import re
    runs = re.findall(r"[0-9A-Za-z]+", text)
    out = set(runs)
    for m in re.finditer(r"\+?[0-9]+(?:[ \-][0-9]+[Xx]?)+", text):
        groups = re.findall(r"[0-9]+[Xx]?", m.group())
        for i in range(len(groups)):
            for j in range(i + 1, len(groups) + 1):
                out.add("".join(groups[i:j]))
    return out


def anything_valid(text):
    """True if ``text`` holds a value valid for any entity (by this file's definitions)."""
    import re
    for r in _digits_runs(text):
        u = r.upper()
        if is_id(u) or is_cc(r) or is_card(r) or is_mobile(r) or (r.startswith("86") and is_mobile(r[2:])) \
                or (r.startswith("0086") and is_mobile(r[4:])):
            return True
        if re.fullmatch(r"[EG][0-9]{8}|E[A-HJ-NP-Z][0-9]{7}|[DSP]E[0-9]{7}", r):
            return True
    for m in re.finditer(r"[A-Za-z0-9._%+\-]@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.([A-Za-z]{2,})(?![A-Za-z0-9])", text):
        if m.group(1).lower() not in FILE_SUFFIXES:
            return True
    return False


# "icon@2x.png" is a file name by convention, not an address
FILE_SUFFIXES = {"png", "jpg", "jpeg", "gif", "svg", "webp", "pdf", "xls", "xlsx", "csv", "zip", "doc", "docx"}


# --- generators --------------------------------------------------------------
class Gen:
    def __init__(self, seed):
        self.r = random.Random(seed)

    def digits(self, n):
        return "".join(self.r.choice(string.digits) for _ in range(n))

    def birth(self):
        start = datetime.date(1930, 1, 1).toordinal()
        return datetime.date.fromordinal(self.r.randint(start, datetime.date(2023, 12, 31).toordinal()))

    def resident_id(self):
        while True:
            v = self._resident_id()
            c = v.replace(" ", "").upper()
            if not (is_cc(c) or is_card(c)):       # doubly valid values are ambiguous: not labelled
                return v

    def _resident_id(self):
        prov = self.r.choice(PROVINCES)
        body = prov + "%02d%02d" % (self.r.randint(1, 30), self.r.randint(1, 30)) + \
            self.birth().strftime("%Y%m%d") + self.digits(3)
        v = body + id_check(body)
        if v.endswith("X") and self.r.random() < 0.2:
            v = v[:-1] + "x"
        if self.r.random() < 0.1:
            v = "%s %s %s" % (v[:6], v[6:14], v[14:])
        return v

    def mobile(self):
        v = self.r.choice(MOBILE_OK) + self.digits(8)
        f = self.r.random()
        if f < 0.5:
            return v
        if f < 0.6:
            return "+86" + v
        if f < 0.7:
            return "+86 %s %s %s" % (v[:3], v[3:7], v[7:])
        if f < 0.8:
            return "%s-%s-%s" % (v[:3], v[3:7], v[7:])
        if f < 0.9:
            return "%s %s %s" % (v[:3], v[3:7], v[7:])
        return "0086-" + v

    def bank_card(self):
        while True:
            v = self._bank_card()
            c = v.replace(" ", "")
            if not (is_id(c) or is_cc(c)):
                return v

    def _bank_card(self):
        kind = self.r.random()
        if kind < 0.6:
            body = "62" + self.digits(self.r.choice((13, 14, 15, 16)))
        elif kind < 0.75:
            body = "4" + self.digits(14)
        elif kind < 0.85:
            body = self.r.choice(["51", "52", "53", "54", "55"]) + self.digits(13)
        elif kind < 0.9:
            body = "9558" + self.digits(14)
        elif kind < 0.95:
            body = self.r.choice(["34", "37"]) + self.digits(12)
        else:
            body = "35" + str(self.r.randint(28, 89)) + self.digits(11)
        v = body + luhn_digit(body)
        if len(v) == 16 and self.r.random() < 0.2:
            v = " ".join(v[i:i + 4] for i in range(0, 16, 4))
        return v

    def credit_code(self):
        while True:
            v = self._credit_code()
            if not (is_id(v) or is_card(v)):
                return v

    def _credit_code(self):
        t = self.r.choice(CC_TYPES)
        region = self.r.choice(PROVINCES + ["10"]) + self.digits(4)
        org = "".join(self.r.choice(CC_ALPHA) for _ in range(9))
        body = t + region + org
        return body + cc_check(body)

    def email(self):
        local = "".join(self.r.choice(string.ascii_lowercase + string.digits) for _ in range(self.r.randint(1, 12)))
        if self.r.random() < 0.3 and len(local) > 2:
            local = local[:2] + self.r.choice("._-+") + local[2:]
        dom = self.r.choice(["163.com", "qq.com", "126.com", "gmail.com", "mail.gov.cn", "sina.com.cn",
                             "example.org", "stats.gov.cn", "hotmail.com", "yeah.net"])
        return "%s@%s" % (local, dom)

    def passport(self):
        f = self.r.random()
        if f < 0.4:
            return "E" + self.digits(8)
        if f < 0.6:
            return "G" + self.digits(8)
        if f < 0.9:
            return "E" + self.r.choice("ABCDEFGHJKLMNPQRSTUVWXYZ") + self.digits(7)
        return self.r.choice("DSP") + "E" + self.digits(7)

    # near-misses: (how, text)
    def near_resident_id(self):
        how = self.r.choice(["check", "date", "province", "order", "len17", "len19", "future"])
        while True:
            v = self.resident_id().replace(" ", "").upper()
            if how == "check":
                v = v[:17] + self.r.choice([c for c in ID_C if c != v[17]])
            elif how == "date":
                bad = self.r.choice(["0230", "0231", "1301", "0001", "0431", "0229", "1232", "0000"])
                y = self.r.choice([1999, 2001, 1985]) if bad == "0229" else int(v[6:10])
                body = v[:6] + "%04d" % y + bad + v[14:17]
                v = body + id_check(body)
            elif how == "province":
                body = self.r.choice(BAD_PROVINCES) + v[2:17]
                v = body + id_check(body)
            elif how == "order":
                v = "20%02d%02d%02d" % (self.r.randint(15, 25), self.r.randint(1, 12), self.r.randint(1, 28)) + \
                    self.digits(10)
            elif how == "len17":
                v = v[:17]
            elif how == "len19":
                v = v + self.r.choice(string.digits)
            elif how == "future":
                body = v[:6] + "2%03d" % self.r.randint(40, 999) + "0101" + v[14:17]
                v = body + id_check(body)
            if not anything_valid(v):
                return how, v

    def near_mobile(self):
        how = self.r.choice(["prefix", "len10", "len12", "landline", "prefix_sep"])
        while True:
            if how == "prefix":
                v = self.r.choice(MOBILE_BAD) + self.digits(8)
            elif how == "prefix_sep":
                v = self.r.choice(MOBILE_BAD) + self.digits(8)
                v = "%s-%s-%s" % (v[:3], v[3:7], v[7:])
            elif how == "len10":
                v = self.r.choice(MOBILE_OK) + self.digits(7)
            elif how == "len12":
                v = self.r.choice(MOBILE_OK) + self.digits(9)
            else:
                v = self.r.choice(["010-", "021-", "0755-", "0851-", "(010)"]) + self.digits(8)
            if not anything_valid(v):
                return how, v

    def near_bank_card(self):
        how = self.r.choice(["luhn", "luhn", "iin", "len"])
        while True:
            v = self.bank_card().replace(" ", "")
            if how == "luhn":
                last = int(v[-1])
                v = v[:-1] + str((last + self.r.randint(1, 9)) % 10)
            elif how == "iin":
                body = self.r.choice(["1", "7", "80", "99", "20", "90"]) + self.digits(self.r.choice((14, 15, 16, 17)))
                v = body + luhn_digit(body)
            else:
                body = "62" + self.digits(self.r.choice((11, 12)))
                v = body + luhn_digit(body)
            if not anything_valid(v):
                return how, v

    def near_credit_code(self):
        how = self.r.choice(["check", "letters", "type", "len17"])
        while True:
            v = self.credit_code()
            if how == "check":
                v = v[:17] + self.r.choice([c for c in CC_ALPHA if c != v[17]])
            elif how == "letters":
                i = self.r.randint(8, 16)
                v = v[:i] + self.r.choice("IOSVZ") + v[i + 1:]
            elif how == "type":
                body = self.r.choice(["00", "95", "B1", "X1", "44", "14"]) + v[2:17]
                v = body + cc_check(body) if all(c in CC_ALPHA for c in body) else body + "0"
            else:
                v = v[:17]
            if not anything_valid(v):
                return how, v

    def near_email(self):
        how = self.r.choice(["notld", "handle", "shorttld", "double_dot", "file", "numeric_tld", "spaces"])
        while True:
            e = self.email()
            local, dom = e.split("@")
            if how == "notld":
                v = local + "@localhost"
            elif how == "handle":
                v = "@" + local
            elif how == "shorttld":
                v = local + "@" + dom.split(".")[0] + ".c"
            elif how == "double_dot":
                v = local + "..x@" + dom
            elif how == "file":
                v = "icon@%dx.png" % self.r.randint(2, 3)
            elif how == "numeric_tld":
                v = local + "@10.0.0.%d" % self.r.randint(1, 254)
            else:
                v = local + " at " + dom
            if how == "double_dot":
                return how, v           # "x@..." after the dots is itself a valid-looking address for nobody
            if not anything_valid(v):
                return how, v

    def near_passport(self):
        how = self.r.choice(["len8", "len10", "letter", "io"])
        while True:
            if how == "len8":
                v = "E" + self.digits(7)
            elif how == "len10":
                v = "E" + self.digits(9)
            elif how == "letter":
                v = self.r.choice("ABCFHJKXYZ") + self.digits(8)
            else:
                v = "E" + self.r.choice("IO") + self.digits(7)
            if not anything_valid(v):
                return how, v

    def noise(self):
        how = self.r.choice(["amount", "date", "text", "order", "long", "name", "address", "url", "year_list", "isbn"])
        while True:
            if how == "amount":
                v = "%d.%02d" % (self.r.randint(0, 10 ** self.r.randint(1, 12)), self.r.randint(0, 99))
            elif how == "date":
                v = "%d-%02d-%02d" % (self.r.randint(1990, 2025), self.r.randint(1, 12), self.r.randint(1, 28))
            elif how == "text":
                v = "".join(self.r.choice(WORDS) for _ in range(self.r.randint(1, 6)))
            elif how == "order":
                v = "DD" + self.digits(self.r.randint(10, 20))
            elif how == "long":
                v = self.digits(self.r.randint(20, 30))
            elif how == "name":
                v = self.r.choice(SURNAMES) + "".join(self.r.choice(GIVEN) for _ in range(self.r.randint(1, 2)))
            elif how == "address":
                v = "北京市朝阳区建国路%d号院%d号楼" % (self.r.randint(1, 300), self.r.randint(1, 30))
            elif how == "url":
                v = "https://data.%s.gov.cn/dataset/%s" % (self.r.choice(["beijing", "sh", "gz"]), self.digits(8))
            elif how == "year_list":
                v = " ".join(str(self.r.randint(1990, 2025)) for _ in range(self.r.randint(2, 6)))
            else:
                v = "978-7-%d-%05d-%d" % (self.r.randint(100, 999), self.r.randint(0, 99999), self.r.randint(0, 9))
            if not anything_valid(v):
                return how, v

    def context(self, v):
        f = self.r.random()
        if f < 0.55:
            return v
        if f < 0.7:
            return self.r.choice(["号码：", "证件：", "联系方式:", "No.", "账户 "]) + v
        if f < 0.85:
            return v + self.r.choice(["（已核实）", "；", " 备注", "。"])
        return "%s%s，%s" % (self.r.choice(SURNAMES), self.r.choice(GIVEN), v)


VALID = {"resident_id": "resident_id", "mobile_phone": "mobile", "bank_card": "bank_card",
         "credit_code": "credit_code", "email": "email", "passport": "passport"}


def generate(per_entity=1000, seed=7, near_ratio=1.0, noise=None, mixed=None):
    """Yield ``(id, text, labels, kind)`` rows."""
    g = Gen(seed)
    n = 0
    noise = per_entity if noise is None else noise
    mixed = per_entity // 5 if mixed is None else mixed
    items = []
    for ent, meth in VALID.items():
        for _ in range(per_entity):
            items.append((g.context(getattr(g, meth)()), ent, "valid:" + ent))
        for _ in range(int(per_entity * near_ratio)):
            how, v = getattr(g, "near_" + meth)()
            items.append((g.context(v) if how != "handle" else v, "", "near:%s:%s" % (ent, how)))
    for _ in range(noise):
        how, v = g.noise()
        items.append((v, "", "noise:" + how))
    for _ in range(mixed):
        a, b = g.r.sample(list(VALID), 2)
        va, vb = getattr(g, VALID[a])(), getattr(g, VALID[b])()
        items.append(("%s，%s" % (va, vb), "|".join(sorted({a, b})), "mixed"))
    g.r.shuffle(items)
    for text, labels, kind in items:
        n += 1
        yield n, text, labels, kind


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default="-")
    ap.add_argument("--per-entity", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args(argv)
    f = sys.stdout if a.out == "-" else open(a.out, "w", newline="", encoding="utf-8")
    w = csv.writer(f)
    w.writerow(["id", "text", "labels", "kind"])
    for row in generate(a.per_entity, a.seed):
        w.writerow(row)
    if f is not sys.stdout:
        f.close()


if __name__ == "__main__":
    main()
