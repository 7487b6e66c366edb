"""Two web processes serve one logged-in session (issue 18): sessions live in
Redis, so whichever process a request lands on knows the user, and logging
out through one process ends the session for every process (a copy of the
old cookie, replayed, is anonymous).

Two real gunicorn servers (tests/web_server.py) over the test database with
the site's session settings, each with one worker: the requests alternate
between them by URL.
"""
import os
import re

import pytest
import requests

import ckan.tests.factories as factories

from tests.web_server import GunicornServer

pytestmark = [pytest.mark.ckan_services, pytest.mark.usefixtures("with_plugins", "clean_all")]

PASSWORD = "Correct-horse-42"
STATE = os.environ.get("GOVOPEN_STATE") or os.path.join(
    os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), ".govopen")
CSRF = re.compile(r'name="_csrf_token"\s+value="([^"]+)"')


def site_ini(test_ini):
    """test.ini with the session settings of the site's ckan.ini (what `make up`
    serves); the test ini has none (CKAN's fixtures deep-copy the config)."""
    with open(os.path.join(STATE, "ckan.ini"), encoding="utf-8") as f:
        sessions = re.findall(r"(?m)^SESSION_\w+\s*=.*$", f.read())
    with open(test_ini, encoding="utf-8") as f:
        text = f.read().replace("[app:main]", "[app:main]\n" + "\n".join(sessions), 1)
    path = os.path.join(STATE, "run", "web-sessions-test.ini")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    os.chmod(path, 0o600)
    return path


@pytest.fixture(scope="module")
def two_servers(request):
    ini = site_ini(os.path.abspath(request.config.getoption("ckan_ini")))
    log = os.path.join(STATE, "logs", "test-web-sessions.log")
    os.makedirs(os.path.dirname(log), exist_ok=True)
    first = GunicornServer(ini, workers=1, log=log)
    second = GunicornServer(ini, workers=1, log=log)
    try:
        first.start()
        second.start()
        yield first.url, second.url
    finally:
        first.stop()
        second.stop()


def get(base, path, cookies):
    return requests.get(base + path, cookies=cookies, allow_redirects=False, timeout=60)


def logged_in_as(base, cookies, name):
    """True when ``base`` serves the dashboard (login only) to ``cookies`` as ``name``."""
    page = get(base, "/dashboard/datasets", cookies)
    if page.status_code != 200:
        assert page.status_code in (302, 303) and "/user/login" in page.headers["Location"], page.status_code
        return False
    assert name in page.text
    return True


def test_a_session_started_on_one_process_is_served_by_the_other_and_ended_for_both(two_servers):
    first, second = two_servers
    user = factories.User(password=PASSWORD)
    cookies = {}
    # the login form (and its CSRF token, kept in the session) from the first
    form = get(first, "/user/login", cookies)
    assert form.status_code == 200
    cookies.update(form.cookies.get_dict())
    token = CSRF.search(form.text).group(1)
    # ... posted to the second: it reads the session the first one started
    posted = requests.post(second + "/user/login", cookies=cookies, allow_redirects=False, timeout=60,
                           data={"login": user["name"], "password": PASSWORD, "_csrf_token": token})
    assert posted.status_code in (302, 303), posted.status_code
    cookies.update(posted.cookies.get_dict())
    # alternately, each process knows the user
    for base in (first, second, first, second):
        assert logged_in_as(base, cookies, user["name"])
    stolen = dict(cookies)
    # log out through the second (CKAN logs out on GET /user/_logout)
    out = get(second, "/user/_logout", cookies)
    assert out.status_code in (302, 303), out.status_code
    cookies.update(out.cookies.get_dict())
    assert not logged_in_as(first, cookies, user["name"])
    # the session ended on the server: the old cookie, replayed, is anonymous on both
    assert not logged_in_as(first, stolen, user["name"])
    assert not logged_in_as(second, stolen, user["name"])
