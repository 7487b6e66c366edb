"""The search page's facet labels and result status, without CKAN."""
from collections import OrderedDict

from ckanext.govopen import facets
from ckanext.govopen.standard import loader


def test_facets_keep_ckan_defaults_and_add_ours():
    found = facets.dataset_facets(OrderedDict(organization="Organizations", tags="Tags"), "dataset")
    assert list(found)[:2] == ["organization", "tags"]
    assert {"validation_status", "effective_open_type", "theme", "update_frequency"} <= set(found)


def test_values_read_in_the_language_asked():
    assert facets.value_label("validation_status", "invalid", "zh") == "校验未通过"
    assert facets.value_label("validation_status", "invalid", "en") == "Invalid"
    assert facets.value_label("theme", "health", "en") == loader.label("theme", "health", "en")
    assert facets.value_label("validation_status", "unheard-of", "en") == "unheard-of"


def test_result_status_is_the_worst_indexed_table_state():
    def result(*states):
        return {"resources": [{"validation_status": s} if s else {} for s in states]}
    assert facets.indexed_status(result()) == "none"
    assert facets.indexed_status(result(None)) == "none"                 # not a table
    assert facets.indexed_status(result("valid", None)) == "valid"
    assert facets.indexed_status(result("valid", "pending")) == "pending"
    assert facets.indexed_status(result("pending", "invalid", "valid")) == "invalid"
    deleted = {"resources": [{"validation_status": "invalid", "state": "deleted"},
                             {"validation_status": "valid"}]}
    assert facets.indexed_status(deleted) == "valid"


def test_search_hook_labels_facets_and_marks_results():
    results = {"search_facets": {"validation_status": {"items": [{"name": "valid", "display_name": "valid"}]},
                                 "tags": {"items": [{"name": "x", "display_name": "x"}]}},
               "results": [{"resources": [{"validation_status": "invalid"}]}, {"id": "no-resources-field"}]}
    facets.label_search(results, {})
    assert results["search_facets"]["validation_status"]["items"][0]["display_name"] in ("校验通过", "Valid")
    assert results["search_facets"]["tags"]["items"][0]["display_name"] == "x"
    assert results["results"][0]["validation_status"] == "invalid"
    assert "validation_status" not in results["results"][1]


def test_department_format_and_region_facets_are_titled_and_labelled():
    found = facets.dataset_facets(OrderedDict(organization="Organizations", res_format="Formats"), "dataset")
    assert found["organization"] in ("部门", "Departments")
    assert found["res_format"] in ("格式", "Formats")
    assert found["spatial_code"] in (loader.field_label("spatial_code", "zh"), loader.field_label("spatial_code", "en"))
    assert facets.value_label("spatial_code", "310000", "zh") == "上海市"
    assert facets.value_label("spatial_code", "310000", "en") == loader.label("gb2260", "310000", "en")


def test_the_validation_badge_says_the_facet_s_label_in_the_reader_s_language(monkeypatch):
    """The badge said "Valid / 校验通过" (the English through the catalog, so "通过 / 校验通过"
    in Chinese); now the facet's one label, in the reader's language."""
    from ckanext.govopen import messages
    monkeypatch.setattr(messages, "current_lang", lambda: "zh")
    monkeypatch.setattr(facets, "current_lang", lambda: "zh")
    assert facets.govopen_validation_label("valid") == "校验通过"
    monkeypatch.setattr(facets, "current_lang", lambda: "en")
    assert facets.govopen_validation_label("settings_invalid") == "Settings invalid"
    assert facets.govopen_validation_label("unheard-of") == "unheard-of"
