"""Which files the Data API loads straight by COPY (``datastore/fastcopy.py``): only
those PostgreSQL reads as the Python path would; the others go through Python."""
from ckanext.govopen.datastore import fastcopy

HEADER = ["编号", "名称", "金额", "日期", "开放"]


def schema(**over):
    fields = {"编号": {"type": "integer"}, "名称": {"type": "string"}, "金额": {"type": "number"},
              "日期": {"type": "date"}, "开放": {"type": "boolean"}}
    for name, spec in over.items():
        fields[name] = dict(fields[name], **spec)
    return {"fields": [dict(spec, name=name) for name, spec in fields.items()]}


def test_a_plain_typed_table_in_utf8_or_gb18030_is_copied_as_is():
    for enc, pg in (("utf-8", "UTF8"), ("UTF-8-SIG", "UTF8"), ("gb18030", "GB18030"), ("GBK", "GBK")):
        found = fastcopy.plan(enc, ",", schema(), HEADER)
        assert found == fastcopy.Plan(pg, ",")
    assert fastcopy.plan("utf-8", ",", None, HEADER) == fastcopy.Plan("UTF8", ",")   # all text


def test_the_copy_options_name_the_delimiter_encoding_and_every_column_as_null_when_empty():
    opts = fastcopy.plan("gb18030", "\t", schema(), HEADER).options('"a", "b"')
    assert opts == "FORMAT csv, HEADER true, DELIMITER E'\\t', ENCODING 'GB18030', FORCE_NULL (\"a\", \"b\")"
    assert "DELIMITER ';'" in fastcopy.plan("utf-8", ";", schema(), HEADER).options('"a"')


def test_what_postgresql_would_read_otherwise_goes_through_python():
    assert fastcopy.plan("utf-8", ",", schema(金额={"groupChar": ","}), HEADER) is None
    assert fastcopy.plan("utf-8", ",", schema(金额={"decimalChar": ","}), HEADER) is None
    assert fastcopy.plan("utf-8", ",", schema(金额={"bareNumber": False}), HEADER) is None
    assert fastcopy.plan("utf-8", ",", schema(编号={"bareNumber": False}), HEADER) is None
    assert fastcopy.plan("utf-8", ",", schema(日期={"format": "%Y年%m月%d日"}), HEADER) is None
    assert fastcopy.plan("utf-8", ",", schema(日期={"format": "any"}), HEADER) is None
    assert fastcopy.plan("utf-8", ",", schema(开放={"trueValues": ["是"], "falseValues": ["否"]}), HEADER) is None
    # still PostgreSQL's own: default values, or a subset of them
    assert fastcopy.plan("utf-8", ",", schema(开放={"trueValues": ["true"]}), HEADER) is not None


def test_layouts_and_encodings_postgresql_cannot_take_go_through_python():
    assert fastcopy.plan("utf-8", ",", schema(), HEADER, header_row=3) is None      # rows above the header
    assert fastcopy.plan("utf-8", ",", schema(), HEADER, footer_rows=2) is None     # notes below the table
    assert fastcopy.plan("utf-16", ",", schema(), HEADER) is None
    assert fastcopy.plan("no-such-codec", ",", schema(), HEADER) is None
    assert fastcopy.plan(None, ",", schema(), HEADER) is None
    assert fastcopy.plan("utf-8", ":", schema(), HEADER) is None
