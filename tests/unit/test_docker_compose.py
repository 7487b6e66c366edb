"""docker/docker-compose.yml parses (no engine needed), and follows the
layout the README promises: every service of the stack, one public port."""
import os
import subprocess

import yaml

from tests.conftest import REPO

COMPOSE = os.path.join(REPO, "docker", "docker-compose.yml")


def test_compose_file_is_valid_for_docker_compose():
    out = subprocess.run(["bash", os.path.join(REPO, "docker", "check-config.sh")],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("ok:")


def test_compose_has_every_service_and_publishes_only_ckan():
    with open(COMPOSE, encoding="utf-8") as f:
        spec = yaml.safe_load(f)
    services = spec["services"]
    for name in ("ckan", "ckan-worker", "harvest-gather", "harvest-fetch", "db", "solr", "redis"):
        assert name in services, name
    published = [n for n, s in services.items() if s.get("ports")]
    assert published == ["ckan"]
    assert services["ckan"]["ports"][0].startswith("${CKAN_BIND_HOST:-127.0.0.1}")
