"""Shared test set-up.

Tests under tests/integration run inside CKAN (its pytest plugin, loaded with
`--ckan-ini=.govopen/test.ini` by `make test`) against the real PostgreSQL,
Solr and Redis that `make up` starts; tests under tests/unit need none of it.
"""
import os

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(os.path.dirname(REPO), "shared")
REALDATA = os.path.join(SHARED, "realdata")


def pytest_configure(config):
    """Tests read real third-party files from ../shared/realdata; without
    them the run stops here instead of skipping what depends on them."""
    import pytest
    if not os.path.isdir(REALDATA):
        raise pytest.UsageError(
            f"{REALDATA} is missing: the tests need ../shared/realdata beside the checkout")
