"""govopen actions do not tell a private dataset from a missing one (issue 14, class 8).

Anonymous visitors and logged-in outsiders call every govopen action that
takes a dataset or resource id (``logic.existence.TARGETS``) once with the id
of a private dataset (or its resource) and once with an id that does not
exist: the two answers must be the same 404 with the same words. The HTML
page already answered 404 for both. The same holds for every read action
(CKAN's and the other plugins' too), asked by an editor of another department
as well."""
import uuid

import pytest

import ckan.tests.factories as factories
from ckan.tests import helpers

from tests.integration.api_auth import as_user
from tests.integration.conftest import PROVIDER_CODES
from tests.integration.leak_walk_registry import action_params, read_actions

pytestmark = [pytest.mark.ckan_services, pytest.mark.usefixtures("with_plugins", "clean_all")]

MISSING = "no-such-dataset-x9k"
MISSING_RESOURCE = "00000000-0000-4000-8000-000000000000"


@pytest.fixture(autouse=True)
def no_gate_checks(monkeypatch):
    from ckanext.govopen.gate import core
    monkeypatch.setattr(core, "_checks", [])


def bodies(dataset_id, resource_id):
    """action -> data_dict, with the target ids filled in."""
    from ckanext.govopen.logic import existence
    out = {}
    for action, targets in existence.TARGETS.items():
        data = {"purpose": "用于研究（学术用途）的申请说明。", "score": 5, "text": "有用", "answer": "已开放"}
        for param, kind in targets[:1]:      # the first target of each action
            data[param] = resource_id if kind == existence.RESOURCE else dataset_id
        out[action] = data
    return out


def test_missing_and_private_targets_get_the_same_404(app, make_dataset):
    private = make_dataset(name="oracle-private-p3z", private=True,
                           resources=[{"name": "t", "url": "http://files.example.gov.cn/x/p3z.csv",
                                       "format": "CSV"}])
    resource_id = private["resources"][0]["id"]
    outsider = factories.User()
    wrong = []
    for who in (None, outsider):
        real = bodies(private["name"], resource_id)
        fake = bodies(MISSING, MISSING_RESOURCE)
        for action in real:
            answers = []
            for data in (real[action], fake[action]):
                res = app.post("/api/3/action/" + action, json=data, **as_user(who))
                answers.append((res.status_code, (res.json or {}).get("error", {}).get("message")))
            if answers[0] != answers[1] or answers[0][0] != 404:
                wrong.append((who and "outsider" or "anonymous", action, answers))
    assert wrong == [], "\n".join(map(repr, wrong))


def test_a_visible_dataset_still_reaches_the_action(app, make_dataset):
    public = make_dataset(name="oracle-public-q4w")
    res = app.post("/api/3/action/govopen_datapackage", json={"id": public["name"]})
    assert res.status_code == 200 and res.json["result"]["name"] == "oracle-public-q4w"
    # the department-only action says "not allowed" (the dataset is public anyway)
    res = app.post("/api/3/action/govopen_publication_blockers", json={"id": public["name"]},
                   **as_user(factories.User()))
    assert res.status_code == 403
    res = app.post("/api/3/action/govopen_rating_show", json={"package_id": public["name"]})
    assert res.status_code == 200


# --- every read action, CKAN's and the other plugins' too ------------------------------------------
# Before, CKAN's package_show, resource_show, package_relationships_list,
# dataset_follower_*, am_following_dataset and ckanext-dcat's dcat_dataset_show
# answered 403 for a private dataset and 404 for a missing one.

PARAMS = ("id", "package_id", "resource_id")


@pytest.fixture
def private(sysadmin, make_dataset):
    ds = make_dataset(private=True, name="secret-plans-x7q2k", title="未公开的规划 x7q2k")
    res = helpers.call_action("resource_create", {"user": sysadmin["name"]}, package_id=ds["id"],
                              name="表", url="http://files.example.gov.cn/p.csv", format="CSV")
    return ds, res


@pytest.fixture
def callers(sysadmin):
    other = factories.Organization(user=sysadmin, provider_code=next(PROVIDER_CODES))
    editor_b = factories.User()
    helpers.call_action("organization_member_create", id=other["id"], username=editor_b["name"], role="editor")
    return {"anonymous": None, "outsider": factories.User(), "editor_b": editor_b}


def _answer(app, name, method, body, user):
    if method == "GET":
        resp = app.get("/api/3/action/" + name, query_string=body, **as_user(user))
    else:
        resp = app.post("/api/3/action/" + name, json=body, **as_user(user))
    return resp.status_code, resp.get_data(as_text=True)


def test_a_private_dataset_and_a_missing_one_get_the_same_answer(app, private, callers):
    ds, res = private
    reads = read_actions()
    assert "package_show" in reads and "resource_show" in reads
    # the reads, and which of their parameters take a dataset or resource id (read from
    # their source and docstrings, as the leak walk does)
    asked = {}
    for name in reads:
        kinds = action_params(name)["id_kind"]
        asked[name] = [p for p in PARAMS if p in kinds and kinds[p] in ("dataset", "resource", None)]
    assert "id" in asked["package_show"] and "id" in asked["resource_show"]
    differ = []
    for who, user in callers.items():
        for name, method in sorted(reads.items()):
            for param in asked[name]:
                for real in (ds["id"], ds["name"], res["id"]):
                    hidden = _answer(app, name, method, {param: real}, user)
                    missing = _answer(app, name, method, {param: str(uuid.uuid4())}, user)
                    if hidden[0] != missing[0]:
                        differ.append("%s %s %s=%s: %s for the private one, %s for a missing one"
                                      % (who, name, param, real, hidden[0], missing[0]))
                    if hidden[0] >= 400 and ("x7q2k" in hidden[1] or ds["id"] in hidden[1]):
                        differ.append("%s %s %s: the refusal names the dataset" % (who, name, param))
    assert differ == [], "\n".join(differ)
