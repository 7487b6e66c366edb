"""govopen actions do not tell a private dataset from a missing one (issue 14, class 8).

Anonymous visitors and logged-in outsiders call every govopen action that
takes a dataset or resource id (``logic.existence.TARGETS``) once with the id
of a private dataset (or its resource) and once with an id that does not
exist: the two answers must be the same 404 with the same words. The HTML
page already answered 404 for both."""
import pytest

import ckan.tests.factories as factories

from tests.integration.api_auth import as_user

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
