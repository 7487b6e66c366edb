"""``ckan govopen uses flush``: the pending counts into PostgreSQL, then the
search documents of the datasets whose total changed (run it periodically)."""
from __future__ import annotations

import click

from . import flush


@click.group(short_help="Download and Data API call counts")
def uses():
    pass


@uses.command("flush", short_help="Store the pending counts and reindex the datasets they changed")
@click.option("--no-reindex", is_flag=True, help="Store the counts only")
def flush_command(no_reindex):
    stored = flush.flush()
    reindexed = [] if no_reindex else flush.reindex_changed()
    click.echo(f"{len(stored)} datasets counted, {len(reindexed)} search documents updated")
