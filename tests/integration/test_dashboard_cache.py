"""The dashboard's figures kept between requests (issue 17: facts in
``govopen_dashboard_facts``, figures in Redis) stay the figures of the catalog
as it is now: a dataset published, withdrawn, deleted or created, a content
check finished without a write to the dataset, a department renamed, each
shows at once. Each test first proves the figures ARE answered from the
cache (the computation made to fail, the answer still there), so a missing
invalidation would show as an old figure.
"""
import io

import pytest
import sqlalchemy as sa
from click.testing import CliRunner
from werkzeug.datastructures import FileStorage

import ckan.model as model
import ckan.tests.factories as factories
import ckan.tests.helpers as helpers

from ckanext.govopen.dashboard import cache, cli, facts, figures, hooks
from tests.integration.api_auth import ctx
from tests.integration.conftest import PROVIDER_CODES, standard_fields

pytestmark = [pytest.mark.ckan_services, pytest.mark.usefixtures("with_plugins", "clean_all")]

ELEMENTS = [{"name": "区", "title": "District", "type": "string", "description": ""},
            {"name": "人口", "title": "Population", "type": "integer", "description": ""}]
GOOD = "区,人口\n东城区,704\n西城区,1104\n".encode("utf-8")


@pytest.fixture(autouse=True)
def inline_jobs(ckan_config, monkeypatch):
    monkeypatch.setitem(ckan_config, "govopen.jobs.inline", "true")


def figures_of(org=None):
    """The figures an anonymous reader gets (one department, or all)."""
    if org is None:
        return helpers.call_action("govopen_open_data_figures", ctx(None))
    return helpers.call_action("govopen_open_data_figures", ctx(None), id=org["name"])


def dataset(sysadmin, org, name, public=True, **fields):
    ds = helpers.call_action("package_create", ctx(sysadmin), name=name, title=fields.pop("title", f"标题 {name}"), notes="n",
                             owner_org=org["id"], private=not public, data_elements=ELEMENTS,
                             modified="2026-01-01", **standard_fields(**fields))
    return ds


@pytest.fixture
def cache_only(monkeypatch):
    """After this, computing figures fails: an answer can only come from the cache."""
    def make_it_fail():
        def boom(*args, **kwargs):
            raise AssertionError("figures computed again, not read from the cache")
        monkeypatch.setattr(figures, "overview", boom)
        monkeypatch.setattr(figures, "department", boom)
        monkeypatch.setattr(facts, "by_org", boom)
    return make_it_fail


def kept_row(package_id):
    return model.Session.execute(sa.select(facts.facts_table.c.version, facts.facts_table.c.facts)
                                 .where(facts.facts_table.c.package_id == package_id)).first()


def test_figures_are_cached_and_follow_publication_withdrawal_deletion_and_creation(
        sysadmin, department, cache_only, monkeypatch):
    one = dataset(sysadmin, department, "cache-open", public=True)
    dataset(sysadmin, department, "cache-closed", public=False)
    first = figures_of()
    assert (first["all"]["catalogued"], first["all"]["public"], first["all"]["open"]) == (2, 1, 1)
    assert figures_of(department)["open"] == 1
    assert kept_row(one["id"]) is not None                  # the facts are kept
    real_overview, real_department, real_by_org = figures.overview, figures.department, facts.by_org
    cache_only()
    assert figures_of()["all"]["open"] == 1                  # from Redis: nothing computed
    assert figures_of(department)["open"] == 1
    monkeypatch.setattr(figures, "overview", real_overview)
    monkeypatch.setattr(figures, "department", real_department)
    monkeypatch.setattr(facts, "by_org", real_by_org)

    helpers.call_action("package_patch", ctx(sysadmin), id=one["id"], private=True)     # withdrawn
    after = figures_of()
    assert (after["all"]["catalogued"], after["all"]["public"], after["all"]["open"]) == (2, 0, 0)
    assert figures_of(department)["open"] == 0

    helpers.call_action("package_patch", ctx(sysadmin), id=one["id"], private=False)    # published again
    assert figures_of()["all"]["open"] == 1 and figures_of(department)["public"] == 1

    helpers.call_action("package_delete", ctx(sysadmin), id=one["id"])                  # deleted
    assert figures_of()["all"]["catalogued"] == 1 and figures_of(department)["catalogued"] == 1

    dataset(sysadmin, department, "cache-new", public=True)                            # created
    assert figures_of()["all"]["catalogued"] == 2 and figures_of(department)["open"] == 1


def test_a_content_check_without_a_write_to_the_dataset_refreshes_the_figures(sysadmin, department):
    ds = dataset(sysadmin, department, "cache-table", public=False)     # files go in while private
    res = helpers.call_action("resource_create", ctx(sysadmin), package_id=ds["id"], name="table",
                              format="CSV", url="population.csv",
                              upload=FileStorage(io.BytesIO(GOOD), filename="population.csv",
                                                 content_type="text/csv"))
    assert figures_of()["all"]["tables_by_state"]["valid"] == 1
    assert figures_of(department)["tables_by_state"]["valid"] == 1
    # the report goes (as if the content changed and a check were under way): no
    # write to the dataset, its metadata_modified stays
    model.Session.execute(sa.text("DELETE FROM govopen_validation_report WHERE resource_id = :r"),
                          {"r": res["id"]})
    model.Session.commit()
    hooks.refresh_for_resource(res["id"])        # the resource job run after a content check
    states = figures_of()["all"]["tables_by_state"]
    assert (states["valid"], states["pending"]) == (0, 1)
    assert figures_of(department)["tables_by_state"]["pending"] == 1


def test_a_renamed_department_shows_its_new_title(sysadmin, department):
    dataset(sysadmin, department, "cache-dept", public=True)
    assert figures_of()["departments"][0]["organization"]["title"] == department["title"]
    helpers.call_action("organization_patch", ctx(sysadmin), id=department["id"], title="新的部门名称")
    assert figures_of()["departments"][0]["organization"]["title"] == "新的部门名称"
    assert figures_of(department)["organization"]["title"] == "新的部门名称"


def test_a_change_behind_ckan_in_sql_counts(sysadmin, department):
    ds = dataset(sysadmin, department, "cache-sql", public=True)
    assert figures_of()["all"]["public"] == 1
    model.Session.execute(sa.text(
        "UPDATE package SET private = true, metadata_modified = now() AT TIME ZONE 'utc' WHERE id = :id"),
        {"id": ds["id"]})
    model.Session.commit()
    assert figures_of()["all"]["public"] == 0 and figures_of(department)["public"] == 0


def test_refresh_command_computes_missing_facts_and_removes_purged_ones(sysadmin, department):
    kept = dataset(sysadmin, department, "cache-cli", public=True)
    purged = dataset(sysadmin, department, "cache-purged", public=True)
    figures_of()
    model.Session.execute(sa.delete(facts.facts_table).where(facts.facts_table.c.package_id == kept["id"]))
    model.Session.commit()
    helpers.call_action("dataset_purge", ctx(sysadmin), id=purged["id"])
    assert kept_row(kept["id"]) is None and kept_row(purged["id"]) is not None
    result = CliRunner().invoke(cli.dashboard, ["refresh", "--all"])
    assert result.exit_code == 0, result.output
    assert "facts of 1 datasets computed" in result.output
    row = kept_row(kept["id"])
    assert row is not None and row[0] == facts.version() and '"name":"cache-cli"' in row[1]
    assert kept_row(purged["id"]) is None
    other = factories.Organization(user=sysadmin, provider_code=next(PROVIDER_CODES), image_url="")
    assert figures_of(other)["catalogued"] == 0


def test_without_redis_the_figures_are_computed(sysadmin, department, monkeypatch):
    dataset(sysadmin, department, "cache-no-redis", public=True)

    def down():
        raise ConnectionError("redis is down")
    monkeypatch.setattr(cache, "connect_to_redis", down)
    assert figures_of()["all"]["open"] == 1 and figures_of(department)["open"] == 1


@pytest.fixture
def computed(monkeypatch):
    """The departments whose figures were computed from their kept facts, one list per computation."""
    calls = []
    real = facts.by_org

    def spy(org_ids, today):
        calls.append(sorted(org_ids))
        return real(org_ids, today)
    monkeypatch.setattr(facts, "by_org", spy)
    return calls


def another_department(sysadmin):
    return factories.Organization(user=sysadmin, provider_code=next(PROVIDER_CODES), image_url="")


def test_an_edit_in_one_department_recomputes_only_that_department(sysadmin, department, computed):
    other = another_department(sysadmin)
    edited = dataset(sysadmin, department, "cache-a-1", public=True)
    dataset(sysadmin, department, "cache-a-2", public=True)
    dataset(sysadmin, other, "cache-b-1", public=True)
    before = figures_of()
    assert (before["all"]["catalogued"], before["all"]["public"]) == (3, 3)
    figures_of(department), figures_of(other)
    computed.clear()

    helpers.call_action("package_patch", ctx(sysadmin), id=edited["id"], private=True)     # withdrawn in A
    after = figures_of()
    assert computed == [[department["id"]]]          # B's figures were not computed again
    by_name = {d["organization"]["name"]: d for d in after["departments"]}
    assert (by_name[department["name"]]["catalogued"], by_name[department["name"]]["public"]) == (2, 1)
    assert (by_name[other["name"]]["catalogued"], by_name[other["name"]]["public"]) == (1, 1)
    assert (after["all"]["catalogued"], after["all"]["public"], after["all"]["open"]) == (3, 2, 2)
    assert figures_of(department)["public"] == 1 and figures_of(other)["public"] == 1
    assert computed == [[department["id"]]]          # both pages from the parts kept by the overview


def test_a_dataset_moved_between_departments_changes_both(sysadmin, department, computed):
    other = another_department(sysadmin)
    moved = dataset(sysadmin, department, "cache-move", public=True)
    dataset(sysadmin, department, "cache-stays", public=True)      # newer: A's newest does not move
    dataset(sysadmin, other, "cache-there", public=True)
    assert figures_of(department)["catalogued"] == 2 and figures_of(other)["catalogued"] == 1
    figures_of()
    computed.clear()
    helpers.call_action("package_patch", ctx(sysadmin), id=moved["id"], owner_org=other["id"])
    assert figures_of(department)["catalogued"] == 1 and figures_of(other)["catalogued"] == 2
    by_name = {d["organization"]["name"]: d["catalogued"] for d in figures_of()["departments"]}
    assert by_name == {department["name"]: 1, other["name"]: 2}
    assert sorted(map(tuple, computed)) == sorted([(department["id"],), (other["id"],)])


def test_a_new_classification_policy_recomputes_every_department(sysadmin, department, computed, monkeypatch):
    other = another_department(sysadmin)
    dataset(sysadmin, department, "cache-policy-a", public=True)
    dataset(sysadmin, other, "cache-policy-b", public=True)
    figures_of()
    computed.clear()
    figures_of()
    assert computed == []
    real = facts.version
    monkeypatch.setattr(facts, "version", lambda: real() + "+new-policy")
    assert figures_of()["all"]["catalogued"] == 2
    assert computed == [sorted([department["id"], other["id"]])]


def test_an_approval_recomputes_the_datasets_facts_and_the_figures(sysadmin, department):
    """The approval path (``hooks.wrap_approvals``): markings accepted by a reviewer
    clear the gate that held a private dataset meant to be opened, with no write to
    the dataset (its metadata_modified stays): its kept facts and the figures must
    say so at once."""
    ds = dataset(sysadmin, department, "cache-approval", public=False, title="企业名单（内部资料）")
    modified = model.Session.execute(sa.text("SELECT metadata_modified FROM package WHERE id = :id"),
                                     {"id": ds["id"]}).scalar()
    held = figures_of(department)
    assert (held["held"], held["ready"]) == (1, 0)
    assert figures_of()["all"]["held"] == 1
    assert '"held_by":[]' not in kept_row(ds["id"])[1]
    helpers.call_action("govopen_review_approve", ctx(sysadmin), id=ds["id"], kind="markings",
                        reason="“内部资料”是企业自己的栏目名，非密级标识")
    assert model.Session.execute(sa.text("SELECT metadata_modified FROM package WHERE id = :id"),
                                 {"id": ds["id"]}).scalar() == modified      # no write to the dataset
    row = kept_row(ds["id"])
    assert '"held_by":[]' in row[1] and '"ready":true' in row[1]
    after = figures_of(department)
    assert (after["held"], after["ready"], sum(after["held_by_gate"].values())) == (0, 1, 0)
    assert (figures_of()["all"]["held"], figures_of()["all"]["ready"]) == (0, 1)
