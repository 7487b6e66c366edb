"""gunicorn settings file of the browser tests' live server (conftest.live_url):
each worker, once it has loaded the app, leaves a file named by its pid in
``$GOVOPEN_WORKERS_READY``. The fixture waits for every worker, not only the
first to answer: a worker still loading the app while the first test empties
the database (``clean_all``) failed to boot (exit 3), and gunicorn then stopped
the whole server (seen twice in a day: every later page ERR_CONNECTION_REFUSED).
"""
import os


def post_worker_init(worker):
    folder = os.environ.get("GOVOPEN_WORKERS_READY")
    if folder:
        with open(os.path.join(folder, str(worker.pid)), "w"):
            pass
