"""The dashboard's CKAN-free parts: the overdue rule and the SVG charts."""
import datetime
import xml.etree.ElementTree as ET

import pytest

from ckanext.govopen.dashboard import svg, timeliness

TODAY = datetime.date(2026, 11, 24)
SVG = "{http://www.w3.org/2000/svg}"


def test_every_periodic_code_of_the_vocabulary_has_a_period_and_the_rest_are_unscheduled():
    from ckanext.govopen.standard import loader
    codes = {v["code"] for v in loader.vocabulary("update_frequency")["values"]}
    assert codes == set(timeliness.PERIOD_DAYS) | set(timeliness.UNSCHEDULED)


@pytest.mark.parametrize("frequency, modified, overdue", [
    ("monthly", "2026-10-24", False),       # 31 days: still on time
    ("monthly", "2026-10-23", True),        # 32 days
    ("daily", "2026-11-23", False),
    ("daily", "2026-11-22", True),
    ("annual", "2025-11-23", False),        # 366 days
    ("annual", "2025-11-22", True),
    ("quarterly", "2026-08-24", False),     # 92 days
    ("irregular", "2001-01-01", False),     # no schedule, never overdue
    ("never", "2001-01-01", False),
])
def test_overdue_against_the_declared_frequency(frequency, modified, overdue):
    dataset = {"update_frequency": frequency, "issued": "2000-01-01", "modified": modified}
    assert timeliness.is_overdue(dataset, TODAY) is overdue


def test_last_update_is_the_latest_of_declared_date_and_file_uploads():
    dataset = {"update_frequency": "monthly", "issued": "2020-01-01", "modified": "2020-02-01",
               "metadata_modified": "2026-11-24T10:00:00",
               "resources": [{"last_modified": "2026-11-20T08:00:00"}, {"last_modified": None}]}
    assert timeliness.last_update(dataset) == datetime.date(2026, 11, 20)
    assert not timeliness.is_overdue(dataset, TODAY)
    # a metadata edit alone is not an update when a declared date exists
    del dataset["resources"]
    assert timeliness.last_update(dataset) == datetime.date(2020, 2, 1)
    assert timeliness.is_overdue(dataset, TODAY)
    assert timeliness.due_date(dataset) == datetime.date(2020, 3, 3)
    # ... and is used only when nothing else dates the data
    assert timeliness.last_update({"metadata_modified": "2026-11-01T00:00:00"}) == datetime.date(2026, 11, 1)


def test_bar_chart_is_accessible_scalable_and_escapes_labels():
    chart = svg.bar_chart("c1", "开放率 <rate>", [("甲部门 & co", 0.5, "50.0%"), ("乙", None, "—")], maximum=1.0)
    root = ET.fromstring(str(chart))
    assert root.get("viewBox").split()[2] == str(svg.WIDTH) and root.get("width") == "100%"
    assert root.get("role") == "img" and root.get("aria-labelledby") == "c1-title c1-desc"
    assert root.find(f"{SVG}title").text == "开放率 <rate>"
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "甲部门 & co" in texts and "50.0%" in texts and "—" in texts
    bars = [r for r in root.iter(f"{SVG}rect") if r.get("fill") == svg.COLOURS[0]]
    track = svg.WIDTH - svg.VALUE_SPACE
    assert [float(b.get("width")) for b in bars] == [track * 0.5]     # None: no bar


def test_percent():
    assert svg.percent(0.6667) == "66.7%" and svg.percent(None) == "—" and svg.percent(1) == "100.0%"
