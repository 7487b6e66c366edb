"""Follow a dataset or a department and get e-mailed its updates (issue 17):
CKAN 2.12's own follow actions and activity e-mail notifications
(``ckan.activity_streams_email_notifications``, the ``send_email_notifications``
action that ``ckan notify send_emails`` runs), checked end to end with the
local SMTP sink: who gets a mail, and that nobody is mailed what they may
not see (a private dataset's update is not even counted).

CKAN's own mail only counts: "You have N new activities on your <site>
dashboard" and a link. Ours (``templates_first/activity_streams/``, put in
front of the activity plugin's, which CKAN would otherwise prefer) also names
each dataset with a link to it, in the sending process's language.
"""
import pytest

import ckan.model as model
import ckan.tests.factories as factories
import ckan.tests.helpers as helpers

from tests.smtp_sink import SmtpSink, send_ckan_mail_to

pytestmark = [pytest.mark.ckan_services, pytest.mark.usefixtures("with_plugins", "clean_all")]


@pytest.fixture
def sink(ckan_config, monkeypatch):
    with SmtpSink() as sink:
        send_ckan_mail_to(sink, ckan_config, monkeypatch)
        monkeypatch.setitem(ckan_config, "ckan.activity_streams_email_notifications", True)
        yield sink


def _subscriber(**kwargs):
    user = factories.User(**kwargs)
    # the reader's own choice, on their profile (CKAN's "subscribe to notification e-mails")
    helpers.call_action("user_patch", {"user": user["name"], "ignore_auth": False}, id=user["id"],
                        activity_streams_email_notifications=True)
    return user


def _send():
    site = helpers.call_action("get_site_user", {"ignore_auth": True})
    helpers.call_action("send_email_notifications", {"user": site["name"], "ignore_auth": False})


def _mails_to(sink, address):
    return [m for m, rcpt in zip(sink.messages, sink.recipients) if address in rcpt]


def test_followers_of_a_dataset_and_of_a_department_are_mailed_its_updates(
        sink, sysadmin, department, make_dataset, editor):
    bus = make_dataset(title="公交站点", name="bus-stops-follow")
    of_dataset = _subscriber(email="follows-dataset@example.cn")
    of_department = _subscriber(email="follows-department@example.cn")
    bystander = _subscriber(email="follows-nothing@example.cn")
    helpers.call_action("follow_dataset", {"user": of_dataset["name"], "ignore_auth": False}, id=bus["id"])
    helpers.call_action("follow_group", {"user": of_department["name"], "ignore_auth": False},
                        id=department["id"])

    helpers.call_action("package_patch", {"user": editor["name"], "ignore_auth": False}, id=bus["id"],
                        notes="新增 2024 年站点。")
    _send()

    for follower in (of_dataset, of_department):
        [mail] = _mails_to(sink, follower["email"])
        text = SmtpSink.text(mail)
        # counted, linked to the dashboard, and the dataset named with a link to it
        assert "1 new activity" in text and "/dashboard" in text, text
        assert "公交站点" in text and "/dataset/bus-stops-follow" in text, text
    assert _mails_to(sink, bystander["email"]) == []
    # sent once: the next run has nothing new
    count = len(sink.messages)
    _send()
    assert len(sink.messages) == count


def test_no_mail_about_what_the_follower_may_not_see(sink, sysadmin, department, make_dataset, editor):
    public = make_dataset(title="公共停车场", name="parking-follow")
    secret = make_dataset(title="内部测试数据", name="internal-follow", private=True)
    follower = _subscriber(email="follower@example.cn")
    helpers.call_action("follow_group", {"user": follower["name"], "ignore_auth": False}, id=department["id"])
    for dataset in (public, secret):
        helpers.call_action("package_patch", {"user": editor["name"], "ignore_auth": False}, id=dataset["id"],
                            notes="更新。")
    _send()
    [mail] = _mails_to(sink, follower["email"])
    text = SmtpSink.text(mail)
    # the public update only: the private one is neither named nor counted
    assert "1 new activity" in text, text
    assert "内部测试数据" not in text and "internal-follow" not in text


def test_no_mail_unless_the_reader_subscribed(sink, sysadmin, department, make_dataset, editor):
    bus = make_dataset(title="公交线路", name="bus-lines-follow")
    quiet = factories.User(email="quiet@example.cn")
    helpers.call_action("follow_dataset", {"user": quiet["name"], "ignore_auth": False}, id=bus["id"])
    helpers.call_action("package_patch", {"user": editor["name"], "ignore_auth": False}, id=bus["id"],
                        notes="更新。")
    _send()
    assert _mails_to(sink, "quiet@example.cn") == []
