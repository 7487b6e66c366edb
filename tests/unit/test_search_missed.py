"""What is kept of a search that found nothing (search_ui.missed.redacted): never
a telephone or ID number or an e-mail address, never a developer's field syntax."""
from ckanext.govopen.search_ui import missed


def test_digit_runs_and_addresses_are_masked():
    assert missed.redacted("低保 13812345678 怎么办") == "低保 # 怎么办"
    # the scanner's detectors: the whole ID number, check character and all; a passport
    assert missed.redacted("身份证 11010519491231002X 补办") == "身份证 # 补办"
    assert missed.redacted("护照 E12345678 补办") == "护照 # 补办"
    assert missed.redacted("write to zhang.san+x@mail.example.cn about permits") == "write to @ about permits"
    # short numbers are what people search for (2024年, 12345 热线 is masked: five digits)
    assert missed.redacted("2024年 公交") == "2024年 公交"
    assert missed.redacted("12345热线") == "#热线"
    # a telephone number typed in groups
    assert missed.redacted("低保 138 1234 5678 咨询") == "低保 # 咨询"
    assert missed.redacted("tel 138-1234-5678") == "tel #"
    assert missed.redacted("2024年 12 月") == "2024年 12 月"


def test_spaces_case_and_length():
    assert missed.redacted("  Bus   ROUTES\t") == "bus routes"
    long = "公交" * 100
    assert missed.redacted(long) == long[:missed.MAX_CHARS]


def test_nothing_to_keep_and_syntax_are_not_kept():
    for q in (None, 3, "", "   ", "title:公交", 'a "phrase"', "公交*", "x AND y", "id:[1 TO 2]"):
        assert missed.redacted(q) is None, q


def test_the_share_that_found_nothing():
    assert missed.share(0, 0) == "-"
    assert missed.share(200, 9) == "4.5%"
    assert missed.share(3, 3) == "100.0%"
