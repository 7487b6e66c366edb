"""`ckan govopen standard import-portal` on a slice of a real portal listing."""
import os
import re

import pytest

import ckan.tests.factories as factories
import ckan.tests.helpers as helpers
from ckan.cli.cli import ckan

from tests.conftest import REALDATA

pytestmark = [pytest.mark.ckan_services, pytest.mark.usefixtures("with_plugins", "clean_all")]

GUILIN = os.path.join(REALDATA, "china", "portal-catalogs", "guangxi_guilin_gl.data.gxzf.gov.cn.json")
SUMMARY = re.compile(r"guilin: read (\d+), (imported|would import) (\d+), rejected (\d+), already present (\d+)")


def run(cli, *args):
    result = cli.invoke(ckan, ["govopen", "standard", "import-portal", "guilin", GUILIN, *args])
    assert result.exit_code == 0, result.output
    found = SUMMARY.search(result.output)
    assert found, result.output
    read, _, imported, rejected, existing = found.groups()
    return result.output, int(read), int(imported), int(rejected), int(existing)


def org_datasets(sysadmin, org):
    return helpers.call_action("package_search", {"user": sysadmin["name"]}, include_private=True,
                               fq="owner_org:%s" % org["id"], rows=1000)["results"]


def test_a_slice_is_imported_private_into_the_given_department(cli, sysadmin, department):
    output, read, imported, rejected, existing = run(cli, "--org", department["name"], "--limit", "50")
    assert read == 50 and existing == 0
    assert imported + rejected == 50
    assert imported >= 40                                  # the Guilin listing is mostly complete
    found = org_datasets(sysadmin, department)
    assert len(found) == imported
    assert all(ds["private"] is True for ds in found)
    one = helpers.call_action("package_show", id=found[0]["id"])
    assert re.match(r"^GL\d{2}-\d{9}$", one["resource_code"])
    assert one["spatial_code"].startswith("45") and one["issued"]
    assert one["resources"] and one["resources"][0]["format"]
    if rejected:
        assert "top rejection reasons" in output
        # the field-level messages of CKAN's ValidationError, counted
        assert re.search(r"^\s+\d+\s+(open_condition|legal_basis): ", output, re.M), output

    # a second run finds what the first created and creates nothing new
    _, read, imported_again, rejected_again, existing = run(cli, "--org", department["name"], "--limit", "50")
    assert (imported_again, existing, rejected_again) == (0, imported, rejected)
    assert len(org_datasets(sysadmin, department)) == imported


def test_dry_run_creates_nothing(cli, sysadmin, department):
    _, read, would, rejected, _ = run(cli, "--org", department["name"], "--limit", "20", "--dry-run")
    assert read == 20 and would + rejected == 20 and would > 0
    assert org_datasets(sysadmin, department) == []


def test_providers_are_matched_to_registered_departments_by_name(cli, sysadmin):
    market = factories.Organization(user=sysadmin, name="gl-market", title="桂林市市场监督管理局",
                                    provider_code="11450300MB1590262G")
    output, read, imported, rejected, _ = run(cli, "--limit", "50")
    assert imported > 0 and rejected > 0
    in_market = org_datasets(sysadmin, market)
    assert len(in_market) == imported
    # 桂林市工商业联合会 is not registered: its record is rejected, saying so
    assert "不是本目录已登记的部门" in output or "is not a department registered" in output


def test_an_unknown_department_is_a_clear_error(cli):
    result = cli.invoke(ckan, ["govopen", "standard", "import-portal", "guilin", GUILIN, "--org", "nope"])
    assert result.exit_code != 0
    assert "nope" in result.output
