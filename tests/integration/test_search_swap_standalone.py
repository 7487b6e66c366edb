"""`ckan govopen search rebuild --swap` on one standalone Solr node (the default
stack): a clear zh/en refusal, nothing built, the index untouched (issue 18)."""
import pytest

import ckan.tests.helpers as helpers

pytestmark = [pytest.mark.ckan_services, pytest.mark.usefixtures("with_plugins", "clean_all")]


def test_swap_without_solrcloud_is_refused_in_both_languages(cli, make_dataset, sysadmin):
    from ckan.cli.cli import ckan as ckan_cli

    make_dataset(name="standalone-kept")
    result = cli.invoke(ckan_cli, ["govopen", "search", "rebuild", "--swap"])
    assert result.exit_code == 1, result.output
    assert "is not a SolrCloud alias: --swap needs GOVOPEN_SOLR_NODES >= 2" in result.output
    assert "不是 SolrCloud 别名" in result.output
    assert "Traceback" not in result.output
    found = helpers.call_action("package_search", context={"user": sysadmin["name"]},
                                q="name:standalone-kept", include_private=True)
    assert found["count"] == 1


def test_rebuild_without_swap_names_the_in_place_command(cli):
    from ckan.cli.cli import ckan as ckan_cli

    result = cli.invoke(ckan_cli, ["govopen", "search", "rebuild"])
    assert result.exit_code == 2
    assert "ckan search-index rebuild" in result.output and "请使用 --swap" in result.output
