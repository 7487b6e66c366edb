"""The choice "DATASET ... or --all" that several ``ckan govopen`` commands make,
written once (``ckanext.govopen.cli``: ``datasets_chosen`` and ``dataset_ids``)."""
import click
import pytest

from ckanext.govopen import cli
from ckanext.govopen.datastore import cli as datastore_cli
from ckanext.govopen.privacy import cli as privacy_cli
from ckanext.govopen.validation import cli as validation_cli
from ckanext.govopen.verdict import cli as verdict_cli

COMMANDS = [datastore_cli.datastore.commands["load"], datastore_cli.datastore.commands["reload"],
            verdict_cli.verdict.commands["refresh"], validation_cli.validate, privacy_cli.scan]


@pytest.mark.parametrize("datasets, every", [((), False), (("a",), True)])
def test_neither_or_both_is_a_usage_error_in_both_languages(datasets, every):
    with pytest.raises(click.UsageError) as e:
        cli.dataset_ids(datasets, every)
    assert "name one or more datasets, or give --all (not both)" in e.value.message
    assert "请指定数据集，或使用 --all（二者取一）" in e.value.message


def test_all_is_none_the_command_says_what_all_means():
    assert cli.dataset_ids((), True) is None


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c.name)
def test_every_command_takes_the_same_arguments(command):
    params = {p.name: p for p in command.params}
    assert params["datasets"].nargs == -1 and isinstance(params["datasets"], click.Argument)
    assert params["every"].opts == ["--all"] and params["every"].is_flag
