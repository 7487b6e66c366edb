"""The dashboard pages and their CSV downloads.

- ``/dashboard/open-data``: every department ranked, the figures of all, charts;
- ``/organization/<id>/open-data``: one department, with the datasets held by
  a gate or overdue (names only of datasets the viewer may see);
- ``.csv`` of each: the same figures, from the same action call.

Pages read only through ``govopen_open_data_figures`` so the page, the CSV
and the API cannot disagree.
"""
from __future__ import annotations

from flask import Blueprint, Response

import ckan.plugins.toolkit as tk

from . import export, svg

blueprint = Blueprint("govopen_dashboard", __name__)


def _context():
    user = tk.current_user.name if tk.current_user.is_authenticated else ""
    return {"user": user}


def _figures(**data_dict):
    try:
        return tk.get_action("govopen_open_data_figures")(_context(), data_dict)
    except tk.ObjectNotFound as e:
        return tk.abort(404, str(e.message if hasattr(e, "message") else e))
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Not authorized to see these figures."))


def _csv(text: str, filename: str) -> Response:
    return Response("\ufeff" + text, mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def gate_label(name: str) -> str:
    """A publication check's name in words, for the charts and the pages (each check
    module names itself: ``gate.core.label``)."""
    from ckanext.govopen.gate import core as gate_core
    return gate_core.label(name)


def _department_charts(result: dict) -> dict:
    rates = [
        (tk._("Data open rate"), result["open_rate"], svg.percent(result["open_rate"])),
        (tk._("Tables passing validation"), result["table_pass_rate"], svg.percent(result["table_pass_rate"])),
        (tk._("Updated on time"), result["on_time_rate"], svg.percent(result["on_time_rate"])),
        (tk._("Average metadata quality"),
         None if result["quality_average"] is None else result["quality_average"] / 100.0,
         "—" if result["quality_average"] is None else f"{result['quality_average']:.1f}/100"),
    ]
    held = [(gate_label(gate), result["held_by_gate"][gate], str(result["held_by_gate"][gate]))
            for gate in result["gates"]]
    return {
        "rates": svg.bar_chart("govopen-rates", tk._("Open-data figures"), rates, maximum=1.0),
        "held": svg.bar_chart("govopen-held", tk._("Datasets held by each gate"), held),
    }


def _overview_charts(result: dict) -> dict:
    departments = result["departments"]
    return {
        "open_rate": svg.bar_chart(
            "govopen-open-rate", tk._("Data open rate by department"),
            [(d["organization"]["title"], d["open_rate"], svg.percent(d["open_rate"])) for d in departments],
            maximum=1.0),
        "pass_rate": svg.bar_chart(
            "govopen-pass-rate", tk._("Tables passing validation by department"),
            [(d["organization"]["title"], d["table_pass_rate"], svg.percent(d["table_pass_rate"]))
             for d in departments], maximum=1.0),
        "quality": svg.bar_chart(
            "govopen-quality", tk._("Average metadata quality by department"),
            [(d["organization"]["title"], d["quality_average"],
              "—" if d["quality_average"] is None else f"{d['quality_average']:.1f}") for d in departments],
            maximum=100.0),
    }


@blueprint.route("/dashboard/open-data")
def overview():
    result = _figures()
    return tk.render("govopen/dashboard/overview.html",
                     {"result": result, "charts": _overview_charts(result), "percent": svg.percent,
                      "gate_label": gate_label})


@blueprint.route("/dashboard/open-data.csv")
def overview_csv():
    result = _figures()
    return _csv(export.to_csv(export.overview_rows(result), result["gates"]), "open-data-departments.csv")


@blueprint.route("/organization/<id>/open-data")
def department(id):
    result = _figures(id=id)
    return tk.render("govopen/dashboard/department.html",
                     {"result": result, "charts": _department_charts(result), "percent": svg.percent,
                      "gate_label": gate_label})


@blueprint.route("/organization/<id>/open-data.csv")
def department_csv(id):
    result = _figures(id=id)
    name = result["organization"]["name"]
    return _csv(export.to_csv([export.row(result, result["gates"])], result["gates"]),
                f"open-data-{name}.csv")


def get_blueprint():
    return blueprint
