"""A plain (non-editable) install must carry the extension, the harvesters
and the standards data, not only an editable checkout."""
import os
import subprocess
import sys
import zipfile

from tests.conftest import REPO


def test_wheel_contains_extension_harvesters_and_standards(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "-q", "-w", str(tmp_path), REPO],
        check=True, cwd=tmp_path)
    [wheel] = [p for p in os.listdir(tmp_path) if p.endswith(".whl")]
    names = set(zipfile.ZipFile(tmp_path / wheel).namelist())

    assert "ckanext/govopen/plugin.py" in names
    assert "govopen_harvesters/__init__.py" in names
    assert "govopen_harvesters/mappings/datajson.yaml" in names  # connectors' built-in mappings
    assert "govopen_standards/schemas/dataset.yaml" in names
    assert "govopen_standards/schemas/organization.yaml" in names
    assert "govopen_standards/__init__.py" in names  # scheming's module:path needs it
    assert "ckanext/govopen/config_declaration.yml" in names
    assert "ckanext/govopen/migration/govopen/alembic.ini" in names
    assert "ckanext/govopen/migration/govopen/versions/0001_base.py" in names
    # No repository clutter in the distribution.
    assert not any(n.startswith(("tests/", ".govopen/", "solr/")) for n in names)
    entry_points = [n for n in names if n.endswith("entry_points.txt")]
    text = zipfile.ZipFile(tmp_path / wheel).read(entry_points[0]).decode()
    assert "govopen = ckanext.govopen.plugin:GovopenPlugin" in text
    # one plugin per harvest source type, from the connectors' declarations
    from govopen_harvesters import registry
    assert len(registry.names()) >= 6
    for name in registry.names():
        assert "%s = ckanext.govopen.harvest.harvesters:%s" % (name, name) in text
    assert "govopen_dcat_ap_3 = ckanext.govopen.dcat.profile:GovopenDCATAP3Profile" in text
