"""Detectors of the PII scanner: valid values found, near-misses not, masks leak nothing."""
import datetime

import pytest

from ckanext.govopen.scan import find_entities
from ckanext.govopen.scan import masking

W = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def rid(body17):
    """Resident ID with its MOD 11-2 check character (computed here, not by the scanner)."""
    return body17 + "10X98765432"[sum(int(c) * w for c, w in zip(body17, W)) % 11]


def luhn_complete(body):
    for d in "0123456789":
        s = body + d
        t = sum((int(c) * 2 - 9 if int(c) * 2 > 9 else int(c) * 2) if i % 2 else int(c)
                for i, c in enumerate(reversed(s)))
        if t % 10 == 0:
            return s


def ents(text):
    return [m.entity for m in find_entities(text)]


# --- resident ID -------------------------------------------------------------
VALID_IDS = ["11010519491231002X", rid("44030419900307123"), rid("62010219851111456"),
             rid("65010220000229001"), rid("81000019991231000")]


@pytest.mark.parametrize("v", VALID_IDS)
def test_resident_id_valid(v):
    assert ents(v) == ["resident_id"]
    assert ents("身份证号%s。" % v) == ["resident_id"]
    assert ents("公民身份号码：%s %s %s" % (v[:6], v[6:14], v[14:])) == ["resident_id"]


def test_resident_id_lower_x_and_fullwidth():
    assert ents("11010519491231002x") == ["resident_id"]
    full = "".join(chr(ord(c) + 0xFEE0) for c in "11010519491231002X")
    assert ents(full) == ["resident_id"]


@pytest.mark.parametrize("v", [
    "110105194912310021",              # wrong check digit
    rid("11010519490230002"),          # 30 February
    rid("11010519491301002"),          # month 13
    rid("11010520990101002"),          # born in the future
    rid("20010519491231002"),          # no province 20
    rid("00010519491231002"),
    rid("99010519491231002"),
    "202403150000012345",              # an 18-digit order number
    "11010519491231002",               # 17 digits
    "11010519491231002X1",             # glued to another digit
    "ORD11010519491231002X",           # glued to letters
    rid("11010519490229002"),          # 1949 was no leap year
])
def test_resident_id_near_misses(v):
    assert "resident_id" not in ents(v)


# --- mobile ------------------------------------------------------------------
@pytest.mark.parametrize("v", ["13812345678", "138 1234 5678", "138-1234-5678", "+8613812345678",
                               "+86 138 1234 5678", "86-138-1234-5678", "0086 13812345678", "19912345678",
                               "电话：17012345678（工作日）", "１３８１２３４５６７８"])
def test_mobile_valid(v):
    assert ents(v) == ["mobile_phone"]


@pytest.mark.parametrize("v", ["12812345678", "15412345678", "1381234567", "138123456789", "010-12345678",
                               "0755-88888888", "11012345678", "19412345678", "2138123456789"])
def test_mobile_near_misses(v):
    assert ents(v) == []


# --- bank card ---------------------------------------------------------------
CARDS = [luhn_complete("622202123456789"), luhn_complete("62148312345678901"), luhn_complete("621700123456789012"),
         luhn_complete("411111111111111"), luhn_complete("520000123456789"), luhn_complete("955880123456789012"),
         luhn_complete("37828224631000")]


@pytest.mark.parametrize("v", CARDS)
def test_bank_card_valid(v):
    assert ents(v) == ["bank_card"], v


def test_bank_card_grouped():
    v = CARDS[0]
    assert ents(" ".join(v[i:i + 4] for i in range(0, 16, 4))) == ["bank_card"]
    assert ents("-".join(v[i:i + 4] for i in range(0, 16, 4))) == ["bank_card"]


@pytest.mark.parametrize("v", CARDS)
def test_bank_card_luhn_failures(v):
    bad = v[:-1] + str((int(v[-1]) + 3) % 10)
    assert "bank_card" not in ents(bad)


@pytest.mark.parametrize("body", ["123456789012345", "700000000000000", "990000000000000000", "62000000000"])
def test_bank_card_outside_issuer_ranges(body):
    assert "bank_card" not in ents(luhn_complete(body))


# --- credit code -------------------------------------------------------------
@pytest.mark.parametrize("v", ["914403001922038216", "91440300708461136T", "91330100799655058B",
                               "91110000802100433B"])
def test_credit_code_valid(v):
    assert ents(v) == ["credit_code"]
    assert ents("统一社会信用代码：" + v) == ["credit_code"]


@pytest.mark.parametrize("v", ["91110000802100433C", "91110000802100433", "9111000080210O433B",
                               "00110000802100433B", "91110000802I00433B"])
def test_credit_code_near_misses(v):
    assert "credit_code" not in ents(v)


# --- e-mail ------------------------------------------------------------------
@pytest.mark.parametrize("v", ["zhang.san@example.com", "a@b.cn", "li_si+tag@mail.stats.gov.cn",
                               "联系邮箱：wang@163.com；"])
def test_email_valid(v):
    assert ents(v) == ["email"]


@pytest.mark.parametrize("v", ["user@localhost", "@weibo_handle", "a@b.c", "a..b@example.com", "icon@2x.png",
                               "root@10.0.0.1", "name at example.com"])
def test_email_near_misses(v):
    assert ents(v) == []


# --- passport ----------------------------------------------------------------
@pytest.mark.parametrize("v", ["E12345678", "G12345678", "EA1234567", "DE1234567", "护照号：E98765432"])
def test_passport_valid(v):
    assert ents(v) == ["passport"]


@pytest.mark.parametrize("v", ["E1234567", "E123456789", "X12345678", "EI1234567", "EO1234567", "G4"])
def test_passport_near_misses(v):
    assert ents(v) == []


# --- several in one cell, masks ----------------------------------------------
def test_several_values_in_one_cell():
    text = "张三 11010519491231002X 13812345678 zhang@example.com"
    assert ents(text) == ["resident_id", "mobile_phone", "email"]


@pytest.mark.parametrize("raw,masked", [
    ("11010519491231002X", "110105********002X"), ("13812345678", "138****5678"),
    ("6222021234567890", "622202******7890"), ("91110000802100433B", "91110000********3B"),
    ("E12345678", "E1*****78")])
def test_masks(raw, masked):
    m = find_entities(raw)
    if m:                       # 6222021234567890 is not Luhn-valid: mask the function directly
        assert m[0].masked == masked
    fn = {18: masking.resident_id if raw[0] == "1" else masking.credit_code, 11: masking.mobile,
          16: masking.bank_card, 9: masking.passport}[len(raw)]
    assert fn(raw) == masked
    assert raw not in fn(raw)


def test_mask_never_returns_short_values_whole():
    for v in ["a", "ab", "abc", "abcd", "张", "张三"]:
        assert masking.keep(v, 3, 4) != v
        assert masking.text(v) != v
    assert masking.email("a@example.com") == "*@example.com"


def test_today_is_not_future():
    d = datetime.date.today().strftime("%Y%m%d")
    assert ents(rid("110105" + d + "001")) == ["resident_id"]
