"""Encoding detection for government CSVs: UTF-8 (with/without BOM), GB18030, Big5."""
import io
import os

import pytest

from ckanext.govopen.validation import encoding
from tests.conftest import REALDATA

TEXT = "区,常住人口(万人),备注\n东城区,70.4,首都功能核心区\n西城区,110.4,\n" * 20


@pytest.mark.parametrize("codec, expected", [
    ("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("gb18030", "gb18030"), ("gbk", "gb18030")])
def test_simplified_chinese_encodings(codec, expected):
    data = TEXT.encode(codec)
    assert encoding.detect(io.BytesIO(data)) == expected
    assert data.decode(expected).lstrip("\ufeff") == TEXT


def test_big5_traditional_chinese_catalog():
    path = os.path.join(REALDATA, "china", "taiwan-catalogs", "taipei_catalog_raw_big5.csv")
    with open(path, "rb") as f:
        found = encoding.detect(f)
        assert f.tell() == 0
        f.read().decode(found)   # the whole file decodes, not only the head
    assert found in ("cp950", "big5hkscs")


def test_real_nbs_exports_are_gb18030():
    folder = os.path.join(REALDATA, "china", "messy-tables")
    for name in os.listdir(folder):
        if name.endswith("_gb18030.csv"):
            with open(os.path.join(folder, name), "rb") as f:
                assert encoding.detect(f) == "gb18030", name


def test_chinese_text_far_after_an_ascii_head_is_found():
    data = ("id,value\n" + "1,abc\n" * 20000).encode() + "2,北京市朝阳区\n".encode("gb18030")
    assert len(data) > encoding.HEAD_BYTES
    assert encoding.detect(io.BytesIO(data)) == "gb18030"


def test_utf8_cut_in_the_middle_of_a_character_is_still_utf8():
    data = ("名称\n" + "北京" * 40000).encode("utf-8")
    window = data[:encoding.HEAD_BYTES]
    assert encoding.detect_bytes(window) == "utf-8"
