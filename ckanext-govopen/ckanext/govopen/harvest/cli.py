"""``ckan govopen harvest ...``: run a harvest job in the foreground, show reports."""
from __future__ import annotations

import json
import os
import sys

import ckan.plugins as plugins
import click

from govopen_harvesters import registry


def _fail(message):
    click.secho(message["en"], fg="red", err=True)
    click.secho(message["zh"], fg="red", err=True)
    sys.exit(2)


def resolve_source(source, dry_run=False):
    """A harvest source dict from a source name/id, or from a YAML config file (created/updated)."""
    from govopen_harvesters.config import ConfigError

    from . import sources
    from .importer import site_context

    context = site_context()
    try:
        if os.path.isfile(source):
            return sources.from_file(context, source, dry_run=dry_run)
        return sources.show(context, source)
    except (ConfigError, sources.SourceError) as e:
        _fail(e.message)


@click.group("harvest")
def harvest():
    """Harvest jobs: pull datasets from departmental systems."""


@harvest.command("run")
@click.argument("source")
@click.option("--dry-run", is_flag=True, help="Read and decide, write nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as one JSON object (last line).")
@click.option("--workers", type=int, default=None,
              help="Processes writing records (default: govopen.harvest.import_workers; 1: this one).")
def run_command(source, dry_run, as_json, workers):
    """Run one job for SOURCE (a harvest source name or id, or a YAML source config file)
    to completion in the foreground and print its report. Exit status 1 when the job
    failed (the source could not be read to the end)."""
    from govopen_harvesters.config import ConfigError

    from . import job, sources

    src = resolve_source(source, dry_run)
    try:
        with click.progressbar(iter(()), label="harvest %s%s" % (src["name"], " (dry run)" if dry_run else ""),
                               show_pos=True, file=sys.stderr) as bar:
            report = job.run(src, dry_run=dry_run, progress=bar.update, import_workers=workers)
    except (ConfigError, sources.SourceError) as e:
        _fail(e.message)
    click.echo(report.text(), err=as_json)
    if as_json:
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False, default=str))
    if report.failed:
        sys.exit(1)


@harvest.command("report")
@click.argument("source")
@click.option("--json", "as_json", is_flag=True, help="One JSON object.")
def report_command(source, as_json):
    """Show the report of SOURCE's last job (run from the CLI or through the queues)."""
    import ckan.model as ckan_model

    from . import model, report

    src = resolve_source(source)
    row = model.last_report(ckan_model.Session, src["id"])
    if row is None:
        click.echo("no jobs yet / 尚无采集任务")
        return
    rep = report.from_db(ckan_model.Session, row["job_id"])
    rep.source = src["name"]
    click.echo(json.dumps(rep.as_dict(), ensure_ascii=False, default=str) if as_json else rep.text())


@harvest.command("types")
@click.option("--json", "as_json", is_flag=True, help="One JSON list.")
@click.option("--lang", type=click.Choice(["zh", "en"]), default=None, help="One language (default: both).")
def types_command(as_json, lang):
    """The harvest source types: one per connector in govopen_harvesters (its own
    declaration), as a Markdown table, and whether this CKAN loaded its plugin."""
    rows = registry.as_dicts(lang)
    for row in rows:
        row["loaded"] = plugins.plugin_loaded(row["name"])
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False))
        return
    click.echo(registry.markdown(lang), nl=False)
    missing = [row["name"] for row in rows if not row["loaded"]]
    if missing:
        click.secho("not in ckan.plugins / 未加载: %s" % " ".join(missing), fg="yellow", err=True)
