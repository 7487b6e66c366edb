"""The search tests' shared asking: what a reader finds through the Action API,
and the readers an attacker would be (test_search_meaning, test_search_fill)."""
import json
from urllib.parse import quote

import ckan.tests.factories as factories
import ckan.tests.helpers as helpers

from tests.integration.conftest import PROVIDER_CODES


def found(app, q, headers=None):
    """(names, count) of a search for ``q``; include_private: as the search page
    asks (a reader sees the held datasets they may)."""
    response = app.get("/api/3/action/package_search?rows=20&include_private=true&q=" + quote(q),
                       headers=headers or {})
    assert response.status_code == 200, response.get_data(as_text=True)
    result = json.loads(response.get_data(as_text=True))["result"]
    return [d["name"] for d in result["results"]], result["count"]


def other_department_editor():
    """An editor of a department of their own (not the datasets')."""
    other_department = factories.Organization(user=factories.Sysadmin(), image_url="",
                                              provider_code=next(PROVIDER_CODES))
    editor = factories.User()
    helpers.call_action("organization_member_create", id=other_department["id"],
                        username=editor["name"], role="editor")
    return editor
