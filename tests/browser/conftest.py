"""The browser-test harness: headless Debian ``chromium`` driven by Playwright
for Python, against a real CKAN web server over the real services.

Why a server of our own on the test database (and not the ``make up`` site):
the tests create what the browser should see with CKAN's factories and the
integration fixtures (``make_dataset``, ``department``, ...) in this pytest
process; a second CKAN (``ckan -c test.ini run``) on a free 127.0.0.1 port
reads the same test database and Solr core, so the browser sees exactly that
and never the demo catalog. See tests/browser/README.md.

Fixtures for browser tests:

* ``live_url``        the server's base URL (session scope), e.g. http://127.0.0.1:41234
* ``mail_sink``       the SMTP sink the server sends its mail to (session scope,
                      ``tests/smtp_sink.py``): ``mail_sink.messages``
* ``browser_page``    factory: ``browser_page(width=1280, height=900, locale="zh-CN")``
                      -> a fresh Playwright ``Page`` in its own context (no cookies)
* ``screenshot``      ``screenshot(page, "name")`` -> saves a full-page PNG named
                      ``<test>-<name>-<width>.png`` in the artifacts dir, prints the path
* ``login``           ``login(page, user_dict)`` logs the page in through /user/login
                      (create users as ``factories.User(password=PASSWORD)``)
* ``no_horizontal_overflow(page)`` helper: asserts the page does not scroll sideways
* the integration fixtures: ``clean_all``, ``sysadmin``, ``department``,
  ``make_dataset``, ``standard_fields`` (re-exported from tests/integration/conftest.py)

Mark a module ``pytestmark = BROWSER_TEST`` (imported from this conftest's
package: ``from tests.browser.conftest import BROWSER_TEST``).

Chromium missing is an error, not a skip: ``make up`` installs it.
"""
from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.conftest import REPO
from tests.smtp_sink import SmtpSink
from tests.integration.conftest import (  # noqa: F401  (fixtures re-exported)
    clean_all, department, make_dataset, standard_fields, sysadmin,
)

CHROMIUM = os.environ.get("GOVOPEN_CHROMIUM", "/usr/bin/chromium")
STATE = os.environ.get("GOVOPEN_STATE") or os.path.join(REPO, ".govopen")
ARTIFACTS = os.environ.get("GOVOPEN_ARTIFACTS") or os.path.join(STATE, "artifacts", "screenshots")
RUN = os.path.join(STATE, "run")
LOGS = os.path.join(STATE, "logs")
PID_FILE = os.path.join(RUN, "browser-ckan.pid")
SERVER_LOG = os.path.join(LOGS, "browser-ckan.log")
#: ``ckan.tests.factories.User`` gets a random password; pass this one.
PASSWORD = "Correct-horse-42"
START_SECONDS = 120
#: the browser-test server's gunicorn workers (two: requests of one page are served by either)
WEB_WORKERS = 2

BROWSER_TEST = [
    pytest.mark.ckan_services,
    pytest.mark.browser,
    pytest.mark.usefixtures("with_plugins", "clean_all"),
]


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "browser: drives headless chromium against a live CKAN (tests/browser)")


# -- the live CKAN server ----------------------------------------------------

def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _server_ini(test_ini, url, mail=None):
    """test.ini with ``ckan.site_url`` set to the live server's URL, so links,
    redirects and the API page's examples name the server the browser uses;
    its mail goes to ``mail`` (an SMTP sink's host:port)."""
    with open(test_ini, encoding="utf-8") as f:
        text = f.read()
    text, n = re.subn(r"(?m)^ckan\.site_url\s*=.*$", f"ckan.site_url = {url}", text)
    if not n:
        text = text.replace("[app:main]", f"[app:main]\nckan.site_url = {url}", 1)
    # No jobs worker reads the test database's queue: scans and validation of
    # what the browser uploads run in the request.
    text = text.replace("[app:main]", "[app:main]\ngovopen.jobs.inline = true", 1)
    if mail:
        # The site sends mail (to the sink): self-registered accounts confirm their
        # e-mail (portal/confirm.py). A browser fills the form faster than a person
        # and registers more often than people do: the captcha's minimum time and
        # the rate limit are tested in tests/integration/test_accounts.py.
        text = text.replace("[app:main]", "[app:main]\nsmtp.server = %s\nsmtp.mail_from = opendata@example.gov.cn"
                            "\ngovopen.portal.register_min_seconds = 0\ngovopen.portal.register_limit = 0"
                            % mail, 1)
    path = os.path.join(RUN, "browser-test.ini")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    os.chmod(path, 0o600)
    return path


def _stop(proc):
    """Stop exactly the server we started (its own process group)."""
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=5)
    try:
        with open(PID_FILE) as f:
            if f.read().strip() == str(proc.pid):
                os.remove(PID_FILE)
    except OSError:
        pass


def _stop_leftover():
    """A server left by a killed test run (its PID file names our ini): stop it."""
    try:
        with open(PID_FILE) as f:
            pid = int(f.read().strip())
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            ours = b"browser-test.ini" in f.read()
    except (OSError, ValueError):
        return
    if ours:
        try:
            os.killpg(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        for _ in range(60):
            if not os.path.exists(f"/proc/{pid}"):
                break
            time.sleep(0.25)


def _tail(path, lines=30):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return "".join(f.readlines()[-lines:])
    except OSError:
        return ""


@pytest.fixture(scope="session")
def mail_sink():
    """The local SMTP sink the live server sends its mail to."""
    with SmtpSink() as sink:
        yield sink


@pytest.fixture(scope="session")
def live_url(request, mail_sink):
    """Start gunicorn (as `make up` does) on the test ini and a free port; stop it at the end."""
    test_ini = request.config.getoption("ckan_ini", default=None)
    if not test_ini or not os.path.exists(test_ini):
        pytest.fail("browser tests need CKAN's test ini: run them with `make test`"
                    " (pytest --ckan-ini=$GOVOPEN_STATE/test.ini)")
    os.makedirs(RUN, exist_ok=True)
    os.makedirs(LOGS, exist_ok=True)
    _stop_leftover()
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    ini = _server_ini(os.path.abspath(test_ini), url, mail=mail_sink.address)
    # served like `make up` serves the site: gunicorn, its workers on docker/ckan/wsgi.py
    gunicorn = os.path.join(os.path.dirname(sys.executable), "gunicorn")
    log = open(SERVER_LOG, "ab")
    # each worker says when it has loaded the app (gunicorn_ready.py)
    ready = os.path.join(RUN, "browser-workers-ready")
    shutil.rmtree(ready, ignore_errors=True)
    os.makedirs(ready)
    proc = subprocess.Popen(
        [gunicorn, "--env", f"CKAN_INI={ini}", "--chdir", os.path.join(REPO, "docker", "ckan"),
         "--bind", f"127.0.0.1:{port}", "--workers", str(WEB_WORKERS),
         "--timeout", "120", "--graceful-timeout", "5",
         "--config", os.path.join(REPO, "tests", "browser", "gunicorn_ready.py"),
         "wsgi:application"],
        stdout=log, stderr=subprocess.STDOUT, start_new_session=True, cwd=REPO,
        env={**os.environ, "GOVOPEN_WORKERS_READY": ready})
    with open(PID_FILE, "w") as f:
        f.write(str(proc.pid))
    deadline = time.time() + START_SECONDS
    try:
        while True:
            if proc.poll() is not None:
                pytest.fail(f"the browser-test CKAN server exited ({proc.returncode});"
                            f" log {SERVER_LOG}:\n{_tail(SERVER_LOG)}")
            try:
                with urllib.request.urlopen(url + "/api/3/action/status_show", timeout=5) as r:
                    # every worker has loaded the app, not only the one that answered
                    if r.status == 200 and len(os.listdir(ready)) >= WEB_WORKERS:
                        break
            except OSError:
                pass
            if time.time() > deadline:
                pytest.fail(f"the browser-test CKAN server did not answer in {START_SECONDS}s;"
                            f" log {SERVER_LOG}:\n{_tail(SERVER_LOG)}")
            time.sleep(0.5)
        print(f"\nbrowser-test CKAN server: {url} (pid {proc.pid}, log {SERVER_LOG})")
        yield url
    finally:
        _stop(proc)
        log.close()


# -- the browser ---------------------------------------------------------------

def launch_chromium(path=CHROMIUM):
    """``(playwright, browser)``; a test failure (never a skip) when the
    browser or Playwright is missing."""
    if not os.access(path, os.X_OK):
        pytest.fail(f"{path} not found: install Debian's `chromium` package"
                    " (make up does), or set GOVOPEN_CHROMIUM")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("Playwright for Python is missing: pip install -e '.[test]'"
                    " -c constraints.txt (make up does)")
    pw = sync_playwright().start()
    try:
        browser = pw.chromium.launch(
            executable_path=path, headless=True,
            args=["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"])
    except Exception as exc:
        pw.stop()
        pytest.fail(f"could not start {path}: {exc}")
    return pw, browser


@pytest.fixture(scope="session")
def chromium_browser():
    """One headless Debian chromium for the session (no browser download)."""
    pw, browser = launch_chromium()
    yield browser
    browser.close()
    pw.stop()


@pytest.fixture
def browser_page(chromium_browser, live_url):
    """``browser_page(width=1280, height=900, locale="zh-CN")`` -> a new Page
    whose relative ``goto("/dataset")`` resolves against ``live_url``."""
    contexts = []

    def make(width=1280, height=900, locale="zh-CN"):
        context = chromium_browser.new_context(
            viewport={"width": width, "height": height}, locale=locale,
            base_url=live_url)
        context.set_default_timeout(30_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def screenshot(request):
    """``screenshot(page, name)`` -> path of a full-page PNG in the artifacts dir."""
    os.makedirs(ARTIFACTS, exist_ok=True)
    test = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)

    def take(page, name):
        width = page.viewport_size["width"] if page.viewport_size else 0
        path = os.path.join(ARTIFACTS, f"{test}-{name}-{width}.png")
        page.screenshot(path=path, full_page=True)
        print(f"screenshot: {path}")
        return path

    return take


@pytest.fixture
def login():
    """``login(page, user)``: sign in through the login form. ``user`` is a
    dict with ``name`` and the password it was created with (default
    PASSWORD: create users as ``factories.User(password=PASSWORD)``)."""
    def do(page, user, password=None):
        page.goto("/user/login")
        page.fill("#field-login", user["name"])
        page.fill("#field-password", password or user.get("password") or PASSWORD)
        # CKAN's login form has an empty action: submit from the password field.
        with page.expect_navigation():
            page.press("#field-password", "Enter")
        page.goto("/user/edit")  # needs a login: redirects to the form without one
        assert "/user/login" not in page.url, f"login as {user['name']} failed"
        return page
    return do


def no_horizontal_overflow(page, width=None):
    """Assert the page does not scroll sideways (content may scroll in its own box)."""
    width = width or page.viewport_size["width"]
    scroll = page.evaluate("document.documentElement.scrollWidth")
    if scroll > width:
        culprits = page.evaluate(
            """(w) => Array.from(document.querySelectorAll('body *'))
                .filter(e => e.getBoundingClientRect().right > w + 1)
                .filter(e => {  // skip what scrolls inside its own box
                    for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {
                        if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(p).overflowX)) return false;
                    }
                    return true;
                })
                .slice(0, 8)
                .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
                     + (e.className && typeof e.className === 'string'
                        ? '.' + e.className.trim().split(/\\s+/).join('.') : '')
                     + ' right=' + Math.round(e.getBoundingClientRect().right))""",
            width)
        raise AssertionError(
            f"{page.url}: page is {scroll}px wide at a {width}px viewport; widest: {culprits}")



def broken_images(page):
    """The images the page has finished loading that do not show (``complete``
    with no natural width: a dead host or a wrong path), by ``src``."""
    return page.evaluate(
        """() => Array.from(document.images)
            .filter(i => i.complete && i.naturalWidth === 0 && i.getAttribute('src'))
            .map(i => i.getAttribute('src'))""")
