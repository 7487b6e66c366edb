"""`ckan govopen accounts purge-pending --older-than-days N` (issue 17): self-registered
accounts that never confirmed their e-mail are deleted after N days; confirmed
accounts, recent pending ones, sysadmins and invited department members are kept.
Failed before the command existed (no such command)."""
import datetime

import pytest
from click.testing import CliRunner

import ckan.model as model
import ckan.tests.factories as factories
import ckan.tests.helpers as helpers

from ckanext.govopen.portal import cli

pytestmark = [pytest.mark.ckan_services, pytest.mark.usefixtures("with_plugins", "clean_all")]


def make(state, days_old, sysadmin=False):
    user = factories.Sysadmin() if sysadmin else factories.User()
    row = model.User.get(user["id"])
    row.state = state
    row.created = datetime.datetime.utcnow() - datetime.timedelta(days=days_old)
    model.Session.commit()
    return user


def state(user):
    model.Session.expire_all()
    return model.User.get(user["id"]).state


def test_purge_pending_deletes_only_old_unconfirmed_self_registered_accounts(department):
    old_pending = make("pending", 10)
    recent_pending = make("pending", 2)
    old_active = make("active", 30)
    old_pending_sysadmin = make("pending", 30, sysadmin=True)
    invited = make("pending", 30)        # as CKAN's user_invite: pending and a member of a department
    helpers.call_action("organization_member_create", id=department["id"], username=invited["name"],
                        role="member")

    dry = CliRunner().invoke(cli.accounts, ["purge-pending", "--older-than-days", "7", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "1 pending accounts created more than 7 days ago" in dry.output and old_pending["name"] in dry.output
    assert state(old_pending) == "pending"                   # a dry run changes nothing

    result = CliRunner().invoke(cli.accounts, ["purge-pending", "--older-than-days", "7"])
    assert result.exit_code == 0, result.output
    assert "accounts: 1 pending accounts deleted" in result.output
    assert state(old_pending) == "deleted"
    assert [state(u) for u in (recent_pending, old_active, old_pending_sysadmin, invited)] == [
        "pending", "active", "pending", "pending"]

    again = CliRunner().invoke(cli.accounts, ["purge-pending", "--older-than-days", "7"])
    assert "0 pending accounts created" in again.output


def test_purge_pending_needs_a_positive_age():
    result = CliRunner().invoke(cli.accounts, ["purge-pending", "--older-than-days", "0"])
    assert result.exit_code != 0 and "older-than-days" in result.output
    result = CliRunner().invoke(cli.accounts, ["purge-pending"])
    assert result.exit_code != 0 and "older-than-days" in result.output
