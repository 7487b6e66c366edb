"""`ckan govopen ...`: the command line for operators and data officers."""
from __future__ import annotations

import click


@click.group(short_help="govopen: demo content, standards, scans, validation, harvests")
def govopen():
    """Commands of the govopen open-data platform."""


@govopen.group()
def demo():
    """Demo content for a new catalog."""


@demo.command("load")
@click.argument("folder", type=click.Path(exists=True, file_okay=False))
def demo_load(folder):
    """Create or update the demo departments and datasets in FOLDER."""
    from ckanext.govopen import demo as demo_content

    counts = demo_content.load(folder, echo=click.echo)
    click.secho(
        "demo: {organizations} departments, {created} datasets created, "
        "{updated} updated".format(**counts), fg="green")


def _add_privacy_commands():
    from ckanext.govopen.privacy import cli as privacy_cli
    govopen.add_command(privacy_cli.scan)


_add_privacy_commands()


def _add_validation_commands():
    from ckanext.govopen.validation import cli as validation_cli
    govopen.add_command(validation_cli.validate)


_add_validation_commands()


def _add_standard_commands():
    from ckanext.govopen import portal_import
    govopen.add_command(portal_import.standard)


_add_standard_commands()


def _add_harvest_commands():
    from ckanext.govopen.harvest import cli as harvest_cli
    govopen.add_command(harvest_cli.harvest)


_add_harvest_commands()


def _add_verdict_commands():
    from ckanext.govopen.verdict import cli as verdict_cli
    govopen.add_command(verdict_cli.verdict)


_add_verdict_commands()


def _add_datastore_commands():
    from ckanext.govopen.datastore import cli as datastore_cli
    govopen.add_command(datastore_cli.datastore)


_add_datastore_commands()


def get_commands():
    return [govopen]
