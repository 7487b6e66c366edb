"""`ckan govopen ...`: the command line for operators and data officers, and
what its commands share: the choice of "DATASET ... or --all" (``datasets_chosen``
and ``dataset_ids``)."""
from __future__ import annotations

from typing import Optional

import click

import ckan.model as model

from ckanext.govopen.messages import N_, declare, joined

CHOOSE = declare("cli.choose_datasets", N_("name one or more datasets, or give --all (not both)"))
NO_DATASET = declare("cli.no_dataset", N_("no dataset '{name}'"))


def datasets_chosen(every_help: str = "Every active dataset."):
    """The arguments of a command that works on DATASET(s) (names or ids) or
    ``--all``: its function gets ``datasets`` (a tuple) and ``every`` (a flag);
    ``dataset_ids`` reads them."""
    def decorate(command):
        command = click.option("--all", "every", is_flag=True, help=every_help)(command)
        return click.argument("datasets", nargs=-1)(command)
    return decorate


def dataset_ids(datasets, every) -> Optional[list]:
    """The ids of the datasets named (in their order), or None for ``--all``
    (the command knows which datasets "all" means for it); a usage error
    (zh and en) for neither or both, or for a name that is no dataset."""
    if bool(datasets) == bool(every):
        raise click.UsageError(joined(CHOOSE()))
    if every:
        return None
    ids = []
    for name in datasets:
        pkg = model.Package.get(name)
        if pkg is None:
            raise click.BadParameter(joined(NO_DATASET(name=name)), param_hint="DATASET")
        ids.append(pkg.id)
    return ids


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
