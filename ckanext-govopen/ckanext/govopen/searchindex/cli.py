"""`ckan govopen search rebuild --swap`: a new index beside the live one, then the swap."""
from __future__ import annotations

import click

from ckanext.govopen.searchindex import swap as rebuild
from ckanext.govopen.searchindex.collections import CloudError


@click.group("search")
def search():
    """The search index (SolrCloud: rebuilt beside the live one, then swapped)."""


@search.command("rebuild")
@click.option("--swap", "swap", is_flag=True,
              help="Build a new collection beside the live one, check its count, swap the alias.")
def rebuild_command(swap):
    """Rebuild the search index without downtime (SolrCloud)."""
    if not swap:
        raise click.UsageError("give --swap (an in-place rebuild: ckan search-index rebuild) / "
                               "请使用 --swap（原地重建：ckan search-index rebuild）")
    try:
        with click.progressbar(length=1, label="indexing", show_pos=True) as bar:
            def progress(n, total):
                bar.length = total
                bar.update(1)
            result = rebuild.rebuild_swap(echo=click.echo, progress=progress)
    except CloudError as e:
        raise click.ClickException(str(e))
    click.secho("search: %(new)s serves the alias (%(count)d datasets; %(caught_up)d written meanwhile "
                "indexed again); kept %(old)s for a rollback; dropped %(dropped)s" % result, fg="green")
