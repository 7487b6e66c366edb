"""The OpenAPI generator: parameters and required ones from the action's
docstring and code, auth text from the auth function, GET only for
side-effect-free actions; the result validates as OpenAPI 3."""
from openapi_spec_validator import validate

from ckanext.govopen.apidocs import openapi


def govopen_thing_show(context, data_dict):
    """Show one thing.

    More words about it.

    :param id: the thing's id
        or its name
    :param verbose: more detail
    :returns: the thing
    """
    return {"id": tk.get_or_bust(data_dict, "id")}  # noqa: F821 (only its source is read)


govopen_thing_show.side_effect_free = True


def govopen_thing_delete(context, data_dict):
    """Delete a thing.

    :param id: the thing's id
    """


def thing_auth(context, data_dict):
    """Only the thing's owner."""


def public_auth(context, data_dict):
    """Anyone."""


public_auth.auth_allow_anonymous_access = True


def test_docstring_parameters_with_continuation_lines():
    summary, description, params = openapi.parse_docstring(govopen_thing_show)
    assert summary == "Show one thing."
    assert params == {"id": "the thing's id or its name", "verbose": "more detail"}
    assert ":returns: the thing" in description


def test_document_validates_and_describes_each_action():
    doc = openapi.build({"govopen_thing_show": govopen_thing_show,
                         "govopen_thing_delete": govopen_thing_delete},
                        {"govopen_thing_show": public_auth, "govopen_thing_delete": thing_auth},
                        "http://127.0.0.1:5000/")
    validate(doc)
    assert doc["servers"] == [{"url": "http://127.0.0.1:5000"}]
    show = doc["paths"]["/api/3/action/govopen_thing_show"]
    delete = doc["paths"]["/api/3/action/govopen_thing_delete"]
    assert set(show) == {"get", "post"} and set(delete) == {"post"}
    assert [p["name"] for p in show["get"]["parameters"] if p["required"]] == ["id"]
    assert show["post"]["security"] == [{}, {"ApiToken": []}]
    assert delete["post"]["security"] == [{"ApiToken": []}]
    assert delete["post"]["x-govopen-auth"].endswith("Only the thing's owner.")
    assert "required" not in delete["post"]["requestBody"]["content"]["application/json"]["schema"]
