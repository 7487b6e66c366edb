"""The running stack that `make up` / `make test` start (real processes)."""
import os
import subprocess

import pytest
import requests

from tests.conftest import REPO

STATE = os.environ.get("GOVOPEN_STATE", os.path.join(REPO, ".govopen"))
SERVICES = ["postgres", "redis", "solr", "ckan-web", "ckan-worker",
            "harvest-gather", "harvest-fetch", "harvest-scheduler", "uses-flush"]


def read_env():
    env = {}
    with open(os.path.join(STATE, "env"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("export ") and "=" in line:
                key, value = line[len("export "):].strip().split("=", 1)
                env[key] = value.strip("'\"")
    return env


def pids():
    found = {}
    for name in SERVICES:
        with open(os.path.join(STATE, "run", name + ".pid")) as f:
            found[name] = int(f.read().strip())
    return found


def test_env_file_lets_a_client_talk_to_the_catalog():
    env = read_env()
    assert set(env) >= {"CKAN_URL", "CKAN_INI", "CKAN_API_TOKEN", "CKAN_VENV"}
    status = requests.get(env["CKAN_URL"] + "/api/3/action/status_show", timeout=30).json()
    assert status["success"]
    assert status["result"]["ckan_version"] == "2.12.0"
    for plugin in ("govopen", "scheming_datasets", "harvest", "dcat"):
        assert plugin in status["result"]["extensions"]
    # The token is the sysadmin's.
    me = requests.post(env["CKAN_URL"] + "/api/3/action/user_show",
                       json={"id": "govopen_admin"},
                       headers={"Authorization": env["CKAN_API_TOKEN"]}, timeout=30).json()
    assert me["result"]["sysadmin"] is True


def test_every_service_runs_under_its_pid_file_and_binds_to_loopback():
    for name, pid in pids().items():
        os.kill(pid, 0)  # raises if the process is gone
    listening = subprocess.run(["ss", "-ltnH"], capture_output=True, text=True).stdout
    for port in (os.environ.get("GOVOPEN_CKAN_PORT", "5000"),
                 os.environ.get("GOVOPEN_SOLR_PORT", "8983"),
                 os.environ.get("GOVOPEN_PG_PORT", "5432"),
                 os.environ.get("GOVOPEN_REDIS_PORT", "6379")):
        addresses = [line.split()[3] for line in listening.splitlines()
                     if line.split()[3].endswith(":" + port)]
        assert addresses, f"nothing listens on port {port}"
        assert all(a.startswith(("127.0.0.1:", "[::1]:")) for a in addresses), addresses


def test_a_second_make_up_changes_nothing():
    before = pids()
    ini_mtime = os.path.getmtime(os.path.join(STATE, "ckan.ini"))
    result = subprocess.run([os.path.join(REPO, "scripts", "govopen"), "up"],
                            env=dict(os.environ, GOVOPEN_NO_DEMO="1"),
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert pids() == before
    assert os.path.getmtime(os.path.join(STATE, "ckan.ini")) == ini_mtime
    assert "Starting" not in result.stdout
    assert "Installing" not in result.stdout


def test_status_reports_every_service_running():
    out = subprocess.run([os.path.join(REPO, "scripts", "govopen"), "status"],
                         capture_output=True, text=True, timeout=60).stdout
    for name in SERVICES:
        line = next(l for l in out.splitlines() if l.startswith(name + " "))
        assert " running " in line, line
