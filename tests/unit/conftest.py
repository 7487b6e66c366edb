"""Fixtures for the CKAN-free unit tests."""
import importlib.util
import sys
from pathlib import Path

import pytest

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"


def load_script(name: str):
    """scripts/<name>.py as a module (the build scripts are no package; they import
    each other by name, so scripts/ is on the path)."""
    if str(SCRIPTS) not in sys.path:
        sys.path.insert(0, str(SCRIPTS))
    spec = importlib.util.spec_from_file_location(name, SCRIPTS / ("%s.py" % name))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def no_stored_findings(monkeypatch):
    """Package dicts built by hand carry no verdict, so readers compute it
    (``verdict.read``) with the content findings stored in the database; unit
    tests have no database: their datasets have no stored findings."""
    from ckanext.govopen.privacy import status
    monkeypatch.setattr(status, "findings_for", lambda dataset: [])
