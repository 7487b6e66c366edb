"""Default resource views (``logic/resource_views.py``): CKAN still gives every
resource a default view can show its view, once, and the others none; only the
query for resources no view can show is skipped."""
import pytest

import ckan.plugins.toolkit as tk

from ckanext.govopen.harvest.importer import site_context

pytestmark = [pytest.mark.ckan_services, pytest.mark.usefixtures("with_plugins", "clean_all")]


def views(resource_id):
    return sorted(v["view_type"] for v in tk.get_action("resource_view_list")(site_context(), {"id": resource_id}))


def test_views_for_the_resources_a_default_view_can_show_and_no_others(make_dataset):
    import ckan.model as model
    import sqlalchemy as sa

    view_queries = []

    def seen(_conn, _cursor, statement, *_args):
        if "FROM resource_view" in statement:
            view_queries.append(statement)

    sa.event.listen(model.meta.engine, "before_cursor_execute", seen)
    try:
        unviewable = make_dataset(private=True, resources=[
            {"name": "table.csv", "url": "https://example.org/table.csv", "format": "CSV"},
            {"name": "report.pdf", "url": "https://example.org/report.pdf", "format": "PDF"},
        ])
    finally:
        sa.event.remove(model.meta.engine, "before_cursor_execute", seen)
    assert view_queries == []            # no "existing views" query for resources no view shows
    assert all(views(r["id"]) == [] for r in unviewable["resources"])

    dataset = make_dataset(private=True, resources=[
        {"name": "chart.gif", "url": "https://example.org/chart.gif", "format": "GIF"},
        {"name": "map.png", "url": "https://example.org/map.png", "format": "PNG"},
        {"name": "table.csv", "url": "https://example.org/table.csv", "format": "CSV"},
        {"name": "report.pdf", "url": "https://example.org/report.pdf", "format": "PDF"},
    ])
    gif, png, csv, pdf = dataset["resources"]
    assert views(gif["id"]) == ["image_view"] and views(png["id"]) == ["image_view"]
    assert views(csv["id"]) == [] and views(pdf["id"]) == []
