"""Tests of the SolrCloud layout (issue 18): they need a stack started with
GOVOPEN_SOLR_NODES >= 2, so they run under `make test-cloud` only (which starts
one); under a one-node stack they are not collected at all (never skipped)."""
import os

from tests.integration.conftest import (  # noqa: F401  (fixtures re-exported)
    clean_all, department, make_dataset, sysadmin,
)

if int(os.environ.get("GOVOPEN_SOLR_NODES", "1") or 1) < 2:
    collect_ignore_glob = ["test_*.py"]
