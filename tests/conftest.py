"""Shared test set-up.

Tests under tests/integration run inside CKAN (its pytest plugin, loaded with
`--ckan-ini=.govopen/test.ini` by `make test`) against the real PostgreSQL,
Solr and Redis that `make up` starts; tests under tests/unit need none of it.
"""
import os

from tests.ckan_speed import migrate_db_for  # noqa: F401  (overrides CKAN's fixture)

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(os.path.dirname(REPO), "shared")
REALDATA = os.path.join(SHARED, "realdata")


def pytest_configure(config):
    """Tests read real third-party files from ../shared/realdata; without
    them the run stops here instead of skipping what depends on them."""
    import pytest
    if config.pluginmanager.hasplugin("ckan") and not os.environ.get("GOVOPEN_TEST_AS_CKAN"):
        # with CKAN's pytest plugin (``make test``): its per-test costs cut
        # (GOVOPEN_TEST_AS_CKAN=1: without, to compare or to rule them out)
        from tests import ckan_speed
        ckan_speed.install()
    if not os.path.isdir(REALDATA):
        raise pytest.UsageError(
            f"{REALDATA} is missing: the tests need ../shared/realdata beside the checkout")

