"""`make up` on a stack that is already running (issue 18): a service whose PID
file names a live process of ours but which does not answer yet (a busy machine,
a node still starting, a web server still loading CKAN) is waited for, not called
"taken by another program". The second `make up` of bench/web/scale.sh stopped
on exactly that message ("port 9053 is taken", 2026-12-04).

Each case starts a stand-in service on a free 127.0.0.1 port that answers 503
for its first 2 seconds, records its PID where the scripts look, and calls the
start function of scripts/services.sh in bash."""
import os
import socket
import subprocess
import sys
import textwrap

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

SERVER = textwrap.dedent("""
    import http.server, sys, time
    ready_at = time.time() + 2.0
    class H(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            if time.time() < ready_at:
                self.send_response(503); self.end_headers(); return
            body = (b'{"status":"OK","responseHeader":{},"zkHost":"x"}' if "/solr/" in self.path
                    else b'{"success": true}')
            self.send_response(200); self.send_header("Content-Length", str(len(body)))
            self.end_headers(); self.wfile.write(body)
        def log_message(self, *a): pass
    http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
""")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def stand_in(tmp_path):
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-c", SERVER, str(port)])
    try:
        for _ in range(100):                       # listening (answering 503) before the call
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                import time
                time.sleep(0.05)
        yield port, proc.pid
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.mark.parametrize("service,function,port_var", [
    ("solr", "start_solr", "GOVOPEN_SOLR_PORT"),
    ("ckan-web", "start_ckan_web", "GOVOPEN_CKAN_PORT"),
])
def test_a_running_service_of_ours_that_answers_late_is_waited_for(tmp_path, stand_in, service,
                                                                    function, port_var):
    port, pid = stand_in
    state = tmp_path / "state"
    (state / "run").mkdir(parents=True)
    (state / "run" / f"{service}.pid").write_text(str(pid))
    (state / "run" / "solr.mode").write_text("standalone\n")
    script = f'set -euo pipefail; source scripts/lib.sh; source scripts/services.sh; {function}; echo STARTED-NOTHING'
    env = dict(os.environ, GOVOPEN_STATE=str(state), GOVOPEN_SOLR_NODES="1", **{port_var: str(port)})
    done = subprocess.run(["bash", "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert "taken by another program" not in done.stderr
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith("STARTED-NOTHING")
    assert "Starting" not in done.stdout                 # nothing new was started beside ours
    assert (state / "run" / f"{service}.pid").read_text() == str(pid)


def test_a_port_held_by_another_program_is_still_refused(tmp_path, stand_in):
    port, _ = stand_in
    state = tmp_path / "state"
    (state / "run").mkdir(parents=True)              # no PID file: the port is someone else's
    script = "set -euo pipefail; source scripts/lib.sh; source scripts/services.sh; start_ckan_web"
    env = dict(os.environ, GOVOPEN_STATE=str(state), GOVOPEN_CKAN_PORT=str(port))
    done = subprocess.run(["bash", "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode != 0
    assert f"port {port} is taken by another program" in done.stderr
