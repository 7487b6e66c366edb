"""Fixtures for the CKAN-free unit tests."""
import pytest


@pytest.fixture
def no_stored_findings(monkeypatch):
    """Package dicts built by hand carry no verdict, so readers compute it
    (``verdict.read``) with the content findings stored in the database; unit
    tests have no database: their datasets have no stored findings."""
    from ckanext.govopen.privacy import status
    monkeypatch.setattr(status, "findings_for", lambda dataset: [])
