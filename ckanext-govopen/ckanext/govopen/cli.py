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


def get_commands(commands=()):
    """``ckan govopen`` with every feature's commands under it (``IClick``)."""
    for command in commands:
        if govopen.commands.get(command.name) not in (None, command):
            raise ValueError("two commands named %r under ckan govopen" % command.name)
        govopen.add_command(command)
    return [govopen]
