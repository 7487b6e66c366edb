"""A production web server of the tests: gunicorn on docker/ckan/wsgi.py (what
`make up` and the compose image serve) over a test ini, on a free 127.0.0.1
port, in its own process group so that stopping it stops exactly it.

``with GunicornServer(ini, workers=1) as server: server.url``
"""
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

from tests.conftest import REPO

START_SECONDS = 120


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class GunicornServer:
    def __init__(self, ini, workers=1, log=None):
        self.ini = ini
        self.workers = workers
        self.port = free_port()
        self.url = "http://127.0.0.1:%d" % self.port
        self.log = log or os.devnull
        self.proc = None

    def start(self):
        gunicorn = os.path.join(os.path.dirname(sys.executable), "gunicorn")
        with open(self.log, "ab") as log:
            self.proc = subprocess.Popen(
                [gunicorn, "--chdir", os.path.join(REPO, "docker", "ckan"),
                 "--bind", "127.0.0.1:%d" % self.port, "--workers", str(self.workers),
                 "--timeout", "120", "wsgi:application"],
                env=dict(os.environ, CKAN_INI=self.ini), stdout=log,
                stderr=subprocess.STDOUT, start_new_session=True, cwd=REPO)
        deadline = time.time() + START_SECONDS
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError("gunicorn exited (%s); log %s" % (self.proc.returncode, self.log))
            try:
                with urllib.request.urlopen(self.url + "/api/3/action/status_show", timeout=5) as r:
                    if r.status == 200:
                        return self
            except OSError:
                pass
            if time.time() > deadline:
                self.stop()
                raise RuntimeError("gunicorn did not answer in %ds; log %s" % (START_SECONDS, self.log))
            time.sleep(0.5)

    def stop(self):
        if self.proc is None or self.proc.poll() is not None:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=5)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
