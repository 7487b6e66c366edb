"""A user's picture never makes a reader's browser fetch from another host
(portal/avatar.py): a profile picture set to an outside address is shown as
the portal's placeholder, in the header and on the user's page, while a
picture the portal serves itself is kept. Before the change the header
hotlinked the outside address (and showed a broken image when that host was
unreachable, as the officer pages' screenshots did)."""
import pytest
from ckan.tests import factories

from tests.integration.api_auth import as_user

pytestmark = [pytest.mark.ckan_services, pytest.mark.usefixtures("with_plugins", "clean_all")]

OUTSIDE = "https://img.example.net/faces/me.png"


@pytest.mark.parametrize("lang", ["zh_Hans_CN", "en"])
def test_an_outside_picture_is_never_hotlinked(app, lang):
    user = factories.User(image_url=OUTSIDE)
    for url in ("/%s/dashboard/datasets" % lang, "/%s/user/%s" % (lang, user["name"])):
        body = app.get(url, **as_user(user)).body
        assert "img.example.net" not in body, url
        assert "placeholder-user.png" in body, url


def test_a_picture_the_portal_serves_is_kept(app):
    user = factories.User(image_url="2026-12-04-face.png")    # an upload: stored under the site
    body = app.get("/en/user/%s" % user["name"], **as_user(user)).body
    assert "uploads/user/2026-12-04-face.png" in body
