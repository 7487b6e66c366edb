"""data.json's contactPoint.hasEmail for a dataset without a contact of its own
(the demo's harvested ones): the department's contact, so /data.json has no
error against strict POD v1.1 but the US federal codes, with no catalog-wide
address configured. Failed before the demo departments had a contact."""
import os

import pytest
import yaml

from ckanext.govopen.dcat import datajson

from tests.conftest import REPO
from tests.unit.test_dcat_datajson import FEDERAL_ONLY, POD, SITE, describe, errors, full_dataset

pytestmark = pytest.mark.usefixtures("no_stored_findings")

with open(os.path.join(REPO, "config", "demo", "organizations.yaml"), encoding="utf-8") as f:
    DEPARTMENTS = yaml.safe_load(f)


@pytest.mark.parametrize("org", DEPARTMENTS, ids=lambda o: o["name"])
def test_a_harvested_dataset_gets_its_departments_contact(org):
    d = full_dataset(contact_email="", contact_name="")
    # the organization as /data.json adds it (blueprint._with_organizations: its scheming fields)
    d["organization"] = {k: org[k] for k in ("name", "title", "provider_code", "contact_email") if k in org}
    doc = datajson.dataset(d, SITE, None)
    assert doc["contactPoint"]["hasEmail"] == "mailto:" + org.get("contact_email", "")
    found = errors(POD, "dataset.json", doc)
    other = [e for e in found if not (e.validator == "required" and e.message.split("'")[1] in FEDERAL_ONLY)]
    assert other == [], describe(other)
