"""Check digits of Chinese identifiers (GB 32100, GB 11643, Luhn) and GB/T 2260 lookups."""
import pytest

from ckanext.govopen.standard import codes

# Unified social credit codes of well-known registered companies (public
# business registration data, printed on their licences and websites).
REAL_CREDIT_CODES = [
    "914403001922038216",  # 华为技术有限公司
    "91440300708461136T",  # 深圳市腾讯计算机系统有限公司
    "91330100799655058B",  # 阿里巴巴（中国）有限公司
    "91110000802100433B",  # 北京百度网讯科技有限公司
]


@pytest.mark.parametrize("code", REAL_CREDIT_CODES)
def test_real_credit_codes_pass(code):
    assert codes.is_credit_code(code)
    assert codes.credit_check_char(code[:17]) == code[17]


@pytest.mark.parametrize("code", REAL_CREDIT_CODES)
def test_every_single_character_typo_is_caught(code):
    for i in range(18):
        for c in codes.CREDIT_ALPHABET:
            if c == code[i]:
                continue
            typo = code[:i] + c + code[i + 1:]
            if codes.credit_code_well_formed(typo):
                assert not codes.is_credit_code(typo), typo


@pytest.mark.parametrize("code", REAL_CREDIT_CODES)
def test_every_adjacent_swap_is_caught(code):
    for i in range(17):
        if code[i] == code[i + 1]:
            continue
        swapped = code[:i] + code[i + 1] + code[i] + code[i + 2:]
        if codes.credit_code_well_formed(swapped):
            assert not codes.is_credit_code(swapped), swapped


@pytest.mark.parametrize("bad", [
    "",
    "91440300708461136",      # 17 characters
    "91440300708461136TT",    # 19 characters
    "91440300708461136I",     # I is not in the alphabet
    "9144030070846113OT",     # O is not in the alphabet
    "91440300708461136t",     # lower case is not normalized here
    "9144A300708461136T",     # the division part is digits only
])
def test_malformed_credit_codes_fail(bad):
    assert not codes.is_credit_code(bad)


def test_credit_check_char_rejects_wrong_input():
    with pytest.raises(ValueError):
        codes.credit_check_char("123")
    with pytest.raises(ValueError):
        codes.credit_check_char("9144030070846113I")


def test_check_char_is_0_when_the_weighted_sum_is_a_multiple_of_31():
    found = [p for p in ("1131000000000000" + c for c in codes.CREDIT_ALPHABET)
             if codes.credit_check_char(p) == "0"]
    assert len(found) == 1                       # exactly one 17th character gives 0
    assert codes.is_credit_code(found[0] + "0")


# --- GB 11643 resident ID ----------------------------------------------------------------

@pytest.mark.parametrize("number", [
    "11010519491231002X",  # the example printed in GB 11643-1999
    "440524188001010014",
])
def test_resident_id_check_digit(number):
    assert codes.resident_id_check_char(number[:17]) == number[17]
    assert codes.is_resident_id(number)
    assert codes.is_resident_id(number.lower())


@pytest.mark.parametrize("number", [
    "110105194912310021",   # wrong check digit
    "11010519491231002",    # too short
    "110105194902300026",   # 30 February (check digit fixed up below)
    "11010519491231002Y",
])
def test_bad_resident_ids_fail(number):
    if number == "110105194902300026":
        number = number[:17] + codes.resident_id_check_char(number[:17])
        assert not codes.is_resident_id(number)
        assert codes.is_resident_id(number, check_date=False)
        return
    assert not codes.is_resident_id(number)


def test_resident_id_single_digit_typos_are_caught():
    good = "11010519491231002X"
    for i in range(18):
        for d in "0123456789X":
            if d != good[i] and not (i < 17 and d == "X"):
                typo = good[:i] + d + good[i + 1:]
                assert not codes.is_resident_id(typo, check_date=False), typo


# --- Luhn ---------------------------------------------------------------------------------

@pytest.mark.parametrize("number,ok", [
    ("4111111111111111", True),          # the classic test card number
    ("4111 1111 1111 1111", True),
    ("6011000990139424", True),
    ("4111111111111112", False),
    ("1234", False),                     # too short for a card
    ("abcd", False),
])
def test_luhn(number, ok):
    assert codes.luhn_valid(number) is ok


# --- GB/T 2260 ---------------------------------------------------------------------------

def test_division_lookup():
    assert codes.division_name("110000") == "北京市"
    assert codes.division_name("310000", "en") == "Shanghai Municipality"
    assert codes.division_parent("520181") == "520100"
    assert codes.within("520181", "520000")
    assert not codes.within("520181", "310000")
    assert not codes.is_division("999999")
    assert not codes.is_division("")


@pytest.mark.parametrize("text,region,expected", [
    ("清镇市公安局", "520100", "520181"),
    ("白云区民政局", "520100", "520113"),          # Guiyang's, not Guangzhou's
    ("上海市长宁区人民政府", "310000", "310105"),
    ("上海市统计局", "310000", "310000"),
    ("高新七星区", "450300", "450305"),
    ("连云港市财政局", "320000", "320700"),
    ("南京海关", "320000", "320100"),
    ("省农业农村厅", "330000", None),
    ("桂林市教育局", None, "450300"),
])
def test_infer_division_from_a_department_name(text, region, expected):
    assert codes.infer_division(text, region) == expected
