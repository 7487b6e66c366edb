"""The one message system (ckanext/govopen/messages.py): a message is a code
plus parameters, put into words when read, through govopen's gettext catalog,
in the reader's language; the old ``{"zh", "en"}`` form still reads."""
import json

import pytest

from ckanext.govopen import messages
from ckanext.govopen.gate import Blocker
from ckanext.govopen.gate import messages as gate_messages


def test_a_stored_message_is_json_and_renders_in_either_language():
    stored = json.loads(json.dumps(gate_messages.SCAN_PENDING(name="prices.csv")))
    assert stored == {"code": "gate.scan_pending", "params": {"name": "prices.csv"}}
    assert messages.render(stored, "zh_Hans_CN") == (
        "资源“prices.csv”的内容尚未完成个人信息扫描，扫描完成前数据集不能公开"
        "（新上传或修改的文件须先在非公开状态下完成扫描）。")
    assert messages.render(stored, "en") == (
        "Resource 'prices.csv' has not been scanned for personal information yet; the dataset "
        "cannot be public until the scan has finished (upload or change files while the "
        "dataset is private).")


def test_without_a_language_the_reader_s_language_is_used(monkeypatch):
    message = gate_messages.UNKNOWN_REASON()
    monkeypatch.setattr(messages, "current_lang", lambda: "zh")
    assert messages.render(message) == "未知原因"
    monkeypatch.setattr(messages, "current_lang", lambda: "en")
    assert messages.render(message) == "unknown reason"


def test_outside_a_request_the_site_language_is_the_reader_s(monkeypatch):
    """A background job or the CLI has no request: ``ckan.locale_default`` speaks."""
    import ckan.plugins.toolkit as tk
    monkeypatch.setitem(tk.config, "ckan.locale_default", "zh_Hans_CN")
    assert messages.render(gate_messages.UNKNOWN_REASON()) == "未知原因"
    monkeypatch.setitem(tk.config, "ckan.locale_default", "en")
    assert messages.render(gate_messages.UNKNOWN_REASON()) == "unknown reason"


def test_parameters_may_be_messages_or_pairs_in_both_languages():
    failed = gate_messages.SCAN_FAILED(name="a.pdf", error=gate_messages.UNKNOWN_REASON())
    assert messages.render(failed, "zh") == "资源“a.pdf”的个人信息扫描失败：未知原因；修复后请重新扫描。"
    assert messages.render(failed, "en") == (
        "The personal-information scan of resource 'a.pdf' failed: unknown reason; fix it and scan again.")
    held = gate_messages.SCAN_HELD(name="b.zip", error={"zh": "压缩包已加密", "en": "the archive is encrypted"})
    assert "（压缩包已加密）" in messages.render(held, "zh")
    assert "(the archive is encrypted)" in messages.render(held, "en")


def test_the_old_form_of_both_languages_still_reads():
    """Reports stored before the message system (harvest job errors, blockers kept with a
    harvest record) hold ``{"zh", "en"}``: they render, and keep their other fields."""
    old_error = {"code": "record_rejected", "where": "title", "record_id": "r1",
                 "zh": "记录 r1 被拒绝（title）：缺少标题", "en": "Record r1 was rejected (title): no title"}
    assert messages.render(old_error, "zh") == old_error["zh"]
    assert messages.render(old_error, "en") == old_error["en"]
    shown = messages.present(old_error, "en")
    assert shown["message"] == old_error["en"] and shown["zh"] == old_error["zh"]
    assert (shown["code"], shown["record_id"], shown["where"]) == ("record_rejected", "r1", "title")
    old_blocker = Blocker("privacy", "scan_pending", {"zh": "尚未扫描", "en": "not scanned"})
    assert old_blocker.text("zh") == "尚未扫描" and old_blocker.text("en") == "not scanned"
    assert old_blocker.as_dict("en")["messages"] == {"zh": "尚未扫描", "en": "not scanned"}


def test_a_stored_entry_renders_its_message_now_in_the_reader_s_language():
    entry = {"gate": "privacy", "code": "scan_pending", "record_id": "r2",
             "message": gate_messages.SCAN_PENDING(name="x.csv")}
    stored = json.loads(json.dumps(entry))
    shown_en, shown_zh = messages.present(stored, "en"), messages.present(stored, "zh")
    assert shown_en["message"].startswith("Resource 'x.csv' has not been scanned")
    assert shown_zh["message"].startswith("资源“x.csv”的内容尚未完成个人信息扫描")
    assert shown_en["zh"] == shown_zh["message"] and shown_zh["en"] == shown_en["message"]
    assert shown_en["code"] == "scan_pending" and shown_en["record_id"] == "r2"


def test_blockers_say_what_they_said_in_both_languages():
    b = Blocker("classification", "declared_not_open", gate_messages.DECLARED_NOT_OPEN())
    d = b.as_dict("en")
    assert d["message"] == d["messages"]["en"] == (
        "The open type is 'not open', so the dataset cannot be public; to open it, change the "
        "open type (lowering it needs a reviewer's approval).")
    assert d["messages"]["zh"] == "开放属性为“不予开放”，数据集不能公开；如确需开放，请修改开放属性（降级须经审核人批准）。"
    assert b.stored() == {"gate": "classification", "code": "declared_not_open",
                          "message": {"code": "gate.declared_not_open", "params": {}}}


def test_unknown_codes_missing_parameters_and_plain_text():
    assert messages.render({"code": "nobody.declared.this", "params": {}}, "zh") == "nobody.declared.this"
    assert messages.render(gate_messages.SCAN_PENDING(), "en").startswith("Resource '{name}' has not")
    assert messages.render("plain", "zh") == "plain" and messages.render(None, "en") == ""
    # a parameter is data: braces in it are not placeholders
    assert messages.render(gate_messages.SCAN_PENDING(name="{x}"), "en").startswith("Resource '{x}'")


def test_a_code_is_declared_with_one_wording_only():
    messages.declare("test.once", "Once")
    assert messages.declare("test.once", "Once").code == "test.once"
    with pytest.raises(ValueError):
        messages.declare("test.once", "Twice")


def test_a_stored_code_finds_its_declaration_in_its_package(monkeypatch):
    """A job or the CLI reading a stored report may not have imported the package that
    declared the message: ``<package>.<name>`` is looked up in ``<package>/messages.py``."""
    import sys

    import ckanext.govopen.privacy.messages  # noqa: F401 - so that the module (and its declarations) come back after
    monkeypatch.setattr(messages, "_declared", {})
    monkeypatch.setattr(messages, "_searched", set())
    monkeypatch.delitem(sys.modules, "ckanext.govopen.privacy.messages", raising=False)
    stored = {"code": "privacy.too_large", "params": {"size": 9, "limit": 5}}
    assert messages.render(stored, "zh") == "文件 9 字节，超过扫描上限 5 字节"
    assert messages.render(stored, "en") == "the file has 9 bytes, over the scan limit of 5"
    assert messages.render({"code": "nosuchpackage.x", "params": {}}, "en") == "nosuchpackage.x"


# --- the labels and errors converted from inline {"zh", "en"} dicts (issue 20) -----------------

def test_labels_that_share_english_words_keep_their_own_chinese():
    """A msgid ``"context|words"``: English reads the words, Chinese its own translation."""
    from ckanext.govopen import facets
    from ckanext.govopen.access import messages as access_messages
    from ckanext.govopen.privacy import messages as privacy_messages

    access_pending = json.loads(json.dumps(access_messages.STATUS["pending"]()))
    scan_pending = json.loads(json.dumps(privacy_messages.STATUS["pending"]()))
    assert access_pending == {"code": "access.status_pending", "params": {}}
    assert messages.render(access_pending, "en") == messages.render(scan_pending, "en") == "pending"
    assert messages.render(access_pending, "zh") == "待审批"
    assert messages.render(scan_pending, "zh") == "扫描中"
    assert messages.translate("validation facet|Valid", "en") == "Valid"
    assert messages.translate("validation facet|Valid", "zh") == "校验通过"
    assert messages.translate("Valid", "zh") == "通过"             # the other "Valid" is untouched
    assert facets.facet_titles("zh")["organization"] == "部门"
    assert facets.facet_titles("en")["organization"] == "Departments"
    assert facets.value_label("validation_status", "none", "zh") == "无数据表"


def test_a_field_label_parameter_switches_with_the_reader():
    from ckanext.govopen.participation import messages as participation_messages

    stored = json.loads(json.dumps(participation_messages.message(
        "length", field=participation_messages.FIELD_LABELS["text"](), min=1, max=10, got=0)))
    assert stored["params"]["field"] == {"code": "participation.field_text", "params": {}}
    assert "意见内容" in messages.render(stored, "zh") and "Feedback" not in messages.render(stored, "zh")
    assert messages.render(stored, "en") == "'Feedback' must be 1 to 10 characters long (it has 0)."
    not_found = participation_messages.message("not_found", what=participation_messages.DATA_REQUEST(), id="r1")
    assert messages.joined(not_found) == "%s / Data request r1 not found." % messages.render(not_found, "zh")
    assert "数据需求" in messages.render(not_found, "zh")


def test_access_status_parameter_and_the_old_pair_render_alike():
    """A duplicate-request error stored before (status as a {zh, en} pair) and now
    (status as a message) read the same."""
    from ckanext.govopen.access import messages as access_messages

    now = access_messages.message("duplicate_request", status=access_messages.STATUS["pending"](),
                                  id="r1", dataset="d")
    before = access_messages.message("duplicate_request", status={"zh": "待审批", "en": "pending"},
                                     id="r1", dataset="d")
    for lang in ("zh", "en"):
        assert messages.render(now, lang) == messages.render(before, lang)
    assert "pending" in messages.render(now, "en") and "待审批" in messages.render(now, "zh")


def test_the_scan_view_labels_read_a_stored_status_in_both_languages():
    from ckanext.govopen.privacy import messages as privacy_messages

    held = privacy_messages.STATUS["held"]()
    assert messages.both(held) == {"zh": "无法读取，待审核人查看", "en": "cannot be read: held for a reviewer"}
    assert messages.both("plain") == {"zh": "plain", "en": "plain"}


def test_a_settings_error_is_stored_as_a_code_and_read_in_either_language(monkeypatch):
    """validation's "en (zh)" problem text is a message now; the report's reader gets
    it in their language, and a report stored before (the old text) reads as it was."""
    from ckanext.govopen.validation import jobs
    from ckanext.govopen.validation import model as validation_model
    from ckanext.govopen.validation.settings import SettingsError, for_resource

    with pytest.raises(SettingsError) as e:
        for_resource({"format": "CSV", "url": "a.csv", "header_row": "zero"})
    stored = json.loads(json.dumps(jobs._failure("layout-error", "Invalid validation settings", e.value.message)))
    assert stored["message"]["code"] == "validation.layout_invalid"
    [problem] = stored["errors"]["layout-error"]["errors"]
    assert problem["message"] == stored["message"]
    monkeypatch.setattr(messages, "current_lang", lambda: "zh")
    zh = validation_model._words(json.loads(json.dumps(stored)))
    assert zh["errors"]["layout-error"]["errors"][0]["message"].startswith("资源的表头/脚注设置（header_row、skip_footer）无效：")
    monkeypatch.setattr(messages, "current_lang", lambda: "en")
    en = validation_model._words(json.loads(json.dumps(stored)))
    assert en["errors"]["layout-error"]["errors"][0]["message"].startswith(
        "The resource's header and footer settings (header_row, skip_footer) are invalid: ")
    assert en["message"] == zh["message"] == messages.both(stored["message"])
    old = {"message": {"zh": "旧", "en": "old"},
           "errors": {"layout-error": {"errors": [{"message": "old (旧)"}]}}}
    assert validation_model._words(old)["errors"]["layout-error"]["errors"][0]["message"] == "old (旧)"
    assert old["message"] == {"zh": "旧", "en": "old"}


def test_classification_errors_are_declared_and_follow_the_reader():
    """The reviewer actions and the downgrade guard said ``say(zh, en)`` inline; now
    one declared message each, in the reader's language."""
    from ckanext.govopen.classification import messages as classification_messages

    stored = json.loads(json.dumps(classification_messages.DOWNGRADE_NEEDS_APPROVAL(
        field="open_type", before="unconditional", after="none")))
    assert stored["code"] == "classification.downgrade_needs_approval"
    assert messages.render(stored, "zh").startswith("降低“open_type”（unconditional → none）须经审核人批准；")
    assert messages.render(stored, "en").startswith("Lowering 'open_type' (unconditional -> none) needs a reviewer's")
    assert messages.render(classification_messages.NOT_LOWER(to="a", current="b"), "zh") == "“a”不低于当前值“b”，无需批准"


def test_a_content_error_is_a_code_its_limit_named_in_the_reader_s_words():
    """content.ContentError said zh and en inline (and named the limit with a zh/en
    tuple); now a declared message whose parameter is a message too."""
    from ckanext.govopen import content
    from ckanext.govopen.privacy import messages as privacy_messages

    with pytest.raises(content.ContentError) as e:
        with content.local_copy({"url": "", "url_type": ""}, 10, 1.0, purpose="scan"):
            pass
    assert e.value.message == {"code": "privacy.no_content", "params": {}}
    too_large = json.loads(json.dumps(privacy_messages.FILE_TOO_LARGE(
        size=9, purpose=content.PURPOSES["validation"](), limit=5)))
    assert messages.render(too_large, "zh") == "文件 9 字节，超过校验上限 5 字节"
    assert messages.render(too_large, "en") == "the file has 9 bytes, over the validation limit of 5"
    failed = privacy_messages.LINK_FAILED(error={"zh": "连接被拒绝", "en": "connection refused"})
    assert messages.both(failed) == {"zh": "无法下载链接内容：连接被拒绝",
                                     "en": "the link could not be downloaded: connection refused"}


def test_a_source_error_is_declared_and_reads_like_the_connectors_errors():
    """harvest.sources.SourceError said zh and en inline; now a declared message,
    with ``message`` in both languages like the connectors' ConfigError."""
    from ckanext.govopen.harvest import sources

    err = sources.busy("roads")
    assert err.message == {"zh": "采集源 roads 已有一个采集任务在运行，请等它结束后再试。",
                           "en": "another harvest job is running for source roads; try again when it has finished."}
    assert str(err) == err.message["en"]


def test_a_bad_cell_names_its_column_type_in_the_reader_s_words():
    from ckanext.govopen.datastore import messages as datastore_messages

    stored = json.loads(json.dumps(datastore_messages.message(
        "bad_cell", row=3, name="amount", type=datastore_messages.TYPE_NAMES["int8"]())))
    assert messages.render(stored, "zh") == "第 3 行“amount”列的值不是整数"
    assert messages.render(stored, "en") == 'row 3, column "amount": the value is not a valid integer'
    # a load error stored before, with the type as a {zh, en} pair, reads the same
    before = datastore_messages.message("bad_cell", row=3, name="amount", type={"zh": "整数", "en": "integer"})
    assert messages.both(before) == messages.both(stored)
