"""Shared test set-up.

Tests under tests/integration run inside CKAN (its pytest plugin, loaded with
`--ckan-ini=.govopen/test.ini` by `make test`) against the real PostgreSQL,
Solr and Redis that `make up` starts; tests under tests/unit need none of it.
"""
import os

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(os.path.dirname(REPO), "shared")
REALDATA = os.path.join(SHARED, "realdata")
