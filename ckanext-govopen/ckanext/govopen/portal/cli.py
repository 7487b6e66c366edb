"""`ckan govopen accounts purge-pending --older-than-days N`: self-registered
accounts that never confirmed their e-mail (``confirm.py``: created ``pending``)
are deleted once older than N days.

Deleted with CKAN's ``user_delete`` (the account's state becomes ``deleted``:
it cannot log in, its e-mail address may register again; the name stays
taken, as for every deleted CKAN account). Not touched: sysadmins, and pending
accounts that belong to a department (CKAN's ``user_invite`` creates its
invited accounts ``pending`` and a member of the department that invited them).
"""
from __future__ import annotations

import datetime

import click
import sqlalchemy as sa

import ckan.model as model
import ckan.plugins.toolkit as tk


@click.group("accounts")
def accounts():
    """Public self-registered accounts."""


def pending_older_than(days: int) -> list:
    """The never-confirmed self-registered accounts created more than ``days`` days ago."""
    cutoff = datetime.datetime.utcnow() - datetime.timedelta(days=days)
    member = (sa.select(model.Member.id)
              .where(model.Member.table_name == "user", model.Member.table_id == model.User.id,
                     model.Member.state != model.State.DELETED))
    return (model.Session.query(model.User)
            .filter(model.User.state == model.State.PENDING, model.User.created < cutoff,
                    model.User.sysadmin.is_(False), ~member.exists())
            .order_by(model.User.created).all())


@accounts.command("purge-pending")
@click.option("--older-than-days", "days", type=click.IntRange(min=1), required=True,
              help="Delete pending accounts created more than this many days ago.")
@click.option("--dry-run", is_flag=True, help="Only list them.")
def purge_pending(days, dry_run):
    """Delete self-registered accounts that never confirmed their e-mail."""
    users = pending_older_than(days)
    click.echo("{n} pending accounts created more than {d} days ago".format(n=len(users), d=days))
    if dry_run:
        for user in users:
            click.echo("  {name}  {created:%Y-%m-%d}".format(name=user.name, created=user.created))
        return
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    deleted = 0
    with click.progressbar(users, label="deleting", show_pos=True) as bar:
        for user in bar:
            tk.get_action("user_delete")({"user": site_user["name"], "ignore_auth": True}, {"id": user.id})
            deleted += 1
    click.secho("accounts: {n} pending accounts deleted".format(n=deleted), fg="green")
