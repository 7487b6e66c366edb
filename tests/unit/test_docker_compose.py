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
    for name in ("ckan", "ckan-worker", "harvest-gather", "harvest-fetch", "harvest-run", "uses-flush",
                 "db", "solr", "redis"):
        assert name in services, name
    published = [n for n, s in services.items() if s.get("ports")]
    assert published == ["ckan"]
    assert services["ckan"]["ports"][0].startswith("${CKAN_BIND_HOST:-127.0.0.1}")


# -- issue 18: the same topology as `make up` at scale -----------------------------

def _read(*path):
    with open(os.path.join(REPO, *path), encoding="utf-8") as f:
        return f.read()


def test_compose_runs_solrcloud_behind_the_alias_ckan_like_make_up():
    services = yaml.safe_load(_read("docker", "docker-compose.yml"))["services"]
    for name in ("zookeeper", "solr", "solr-2", "solr-init"):
        assert name in services, name
    for node in ("solr", "solr-2"):
        assert services[node]["command"] == ["solr-foreground", "-c"]
        assert "ZK_HOST=zookeeper:2181" in services[node]["environment"]
        assert "SOLR_MODULES=analysis-extras" in services[node]["environment"]
    assert services["solr"]["volumes"] != services["solr-2"]["volumes"]     # a data volume each
    init = services["solr-init"]["command"][-1]
    assert "replicationFactor=2" in init and "numShards=2" in init
    assert "action=CREATEALIAS&name=ckan&collections=ckan_1" in init
    assert services["solr-lb"]["depends_on"]["solr-init"] == {"condition": "service_completed_successfully"}
    # CKAN names the alias through the balancer, never one node, as make up's ini does in the cloud
    assert "CKAN_SOLR_URL=http://solr-lb:8983/solr/ckan\n" in _read("docker", ".env.example")
    lb = services["solr-lb"]
    assert lb["volumes"] == ["../scripts/solr_lb.py:/solr_lb.py:ro"] and not lb.get("ports")
    assert lb["command"][:4] == ["python", "/solr_lb.py", "--listen", "0.0.0.0:8983"]
    nodes = [n for n, s in services.items() if s.get("command") == ["solr-foreground", "-c"]]
    assert sorted(lb["command"][4:]) == sorted("http://%s:8983" % n for n in nodes) and len(nodes) == 2
    assert services["ckan"]["depends_on"]["solr-lb"] == {"condition": "service_healthy"}
    assert "solr_lb.py" in _read("scripts", "solrcloud.sh")
    assert "SOLR_ALIASES=(ckan ckan_test)" in _read("scripts", "solrcloud.sh")
    # both make _version_ a plong in the cloud's copy of the schema, the same way
    version = '<field name="_version_" type="plong" indexed="false" stored="false" docValues="true"/>'
    assert version in init and version in _read("scripts", "solrcloud.sh")
    assert '<field name="_version_" type="string"' in _read("solr", "configset", "ckan", "conf", "schema.xml")


def test_compose_and_make_up_keep_sessions_in_redis_and_serve_with_gunicorn():
    assert "\nSESSION_TYPE = redis\n" in _read("docker", "ckan", "ckan.ini.tmpl")
    assert 'echo "SESSION_TYPE = redis"' in _read("scripts", "govopen")
    assert "exec gunicorn" in _read("docker", "ckan", "docker-entrypoint.sh")
    assert '"$VENV/bin/gunicorn"' in _read("scripts", "services.sh")
    assert "wsgi:application" in _read("scripts", "services.sh")
