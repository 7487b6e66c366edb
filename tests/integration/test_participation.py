"""Public participation (issue: public portal): ratings, feedback, data
requests, through the Action API and the real pages.

Anonymous visitors rate, comment and ask for data; the department hides
feedback, replies and answers requests in public; requesters' contact
details never reach a public surface; private datasets show no rating or
feedback to anyone outside their department.
"""
import html
import re

import pytest

import ckan.tests.factories as factories
import ckan.tests.helpers as helpers
from ckan.logic import NotAuthorized, NotFound, ValidationError
from tests.integration.api_auth import as_user, ctx, token

pytestmark = [pytest.mark.ckan_services, pytest.mark.usefixtures("with_plugins", "clean_all")]

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)> & "quotes"'
CONTACT = "zhang.san@example.cn 13800138000"


@pytest.fixture(autouse=True)
def empty_participation_tables(with_plugins, clean_all):
    """CKAN's clean_db empties only its own tables after the first test; ours too."""
    import ckan.model as model
    from ckanext.govopen.participation import model as m
    for table in (m.rating, m.feedback, m.data_request):
        model.Session.execute(table.delete())
    model.Session.commit()


@pytest.fixture(autouse=True)
def no_gate_checks(monkeypatch):
    """About participation, not about whether a dataset may be public: the
    gate's content checks are off (these datasets have no files)."""
    from ckanext.govopen.gate import core
    monkeypatch.setattr(core, "_checks", [])


def anon(address="198.51.100.7"):
    return {"user": "", "ignore_auth": False, "govopen_client_address": address}


def csrf_field(html):
    found = re.search(r'name="_csrf_token"\s+value="([^"]+)"', html)
    return found.group(1) if found else None


@pytest.fixture
def people(department):
    admin, editor, outsider = factories.User(), factories.User(), factories.User()
    helpers.call_action("organization_member_create", id=department["id"], username=admin["name"], role="admin")
    helpers.call_action("organization_member_create", id=department["id"], username=editor["name"], role="editor")
    return {"admin": admin, "editor": editor, "outsider": outsider}


# --- ratings ------------------------------------------------------------------------------

def test_rating_average_one_per_rater_and_rerating_replaces(make_dataset, people):
    d = make_dataset()
    helpers.call_action("govopen_rating_create", anon("198.51.100.1"), package_id=d["name"], score=5)
    helpers.call_action("govopen_rating_create", anon("198.51.100.2"), package_id=d["name"], score=2)
    out = helpers.call_action("govopen_rating_create", ctx(people["outsider"]), package_id=d["id"], score="4")
    assert out["count"] == 3 and out["average"] == pytest.approx(11 / 3, abs=0.01) and out["mine"] == 4
    # the same anonymous address rates again: its score is replaced, not added
    out = helpers.call_action("govopen_rating_create", anon("198.51.100.1"), package_id=d["name"], score=1)
    assert out["count"] == 3 and out["average"] == pytest.approx(7 / 3, abs=0.01) and out["mine"] == 1
    shown = helpers.call_action("govopen_rating_show", anon("203.0.113.9"), package_id=d["id"])
    assert shown["count"] == 3 and shown["mine"] is None


@pytest.mark.parametrize("score", [0, 6, "x", "", None, 3.5])
def test_rating_outside_one_to_five_is_refused_in_both_languages(make_dataset, score):
    d = make_dataset()
    with pytest.raises(ValidationError) as err:
        helpers.call_action("govopen_rating_create", anon(), package_id=d["id"], score=score)
    message = " ".join(err.value.error_dict["score"])
    assert "1 到 5" in message and "1 to 5" in message
    assert helpers.call_action("govopen_rating_show", anon(), package_id=d["id"])["count"] == 0


# --- private datasets --------------------------------------------------------------------

def test_private_datasets_expose_no_rating_or_feedback(app, make_dataset, people):
    d = make_dataset(private=True)
    for action, extra in (("govopen_rating_show", {}), ("govopen_feedback_list", {}),
                          ("govopen_rating_create", {"score": 5}),
                          ("govopen_feedback_create", {"text": "有用的数据"})):
        # the same NotFound as for a dataset that does not exist (issue 14)
        with pytest.raises(NotFound):
            helpers.call_action(action, anon(), package_id=d["id"], **extra)
        with pytest.raises(NotFound):
            helpers.call_action(action, ctx(people["outsider"]), package_id=d["id"], **extra)
    # even the department cannot open it to public participation while it is private
    with pytest.raises(ValidationError):
        helpers.call_action("govopen_feedback_create", ctx(people["editor"]), package_id=d["id"], text="内部意见")
    app.get(f"/dataset/{d['name']}", status=404)
    token_ = csrf_field(app.get("/user/login").body)
    app.post(f"/dataset/{d['name']}/rate", data={"score": "5", "_csrf_token": token_}, status=404)
    app.post(f"/dataset/{d['name']}/feedback", data={"text": "有用的数据", "_csrf_token": token_}, status=404)
    page = app.get(f"/dataset/{d['name']}", **as_user(people["editor"])).body
    assert "govopen-participation" not in page


# --- feedback ------------------------------------------------------------------------------

def test_feedback_is_stored_as_typed_and_shown_escaped(app, make_dataset):
    d = make_dataset()
    out = helpers.call_action("govopen_feedback_create", anon(), package_id=d["id"], text=HOSTILE,
                              author_name="<b>访客</b>")
    assert out["text"] == HOSTILE and out["state"] == "published"
    assert "source_key" not in out and "user_id" not in out
    page = app.get(f"/dataset/{d['name']}").body
    assert "<script>alert" not in page and "<img src=x" not in page and "<b>访客</b>" not in page
    assert "&lt;script&gt;alert(" in page and "&lt;b&gt;访客&lt;/b&gt;" in page


def test_a_logged_in_author_who_gives_no_name_stays_anonymous(make_dataset, people):
    d = make_dataset()
    helpers.call_action("govopen_feedback_create", ctx(people["outsider"]), package_id=d["id"], text="数据很有用")
    [public] = helpers.call_action("govopen_feedback_list", anon(), package_id=d["id"])
    assert public["author"] is None and people["outsider"]["name"] not in str(public)
    [moderated] = helpers.call_action("govopen_feedback_list", ctx(people["editor"]), package_id=d["id"])
    assert moderated["account"] == people["outsider"]["display_name"]


def test_feedback_length_limits(make_dataset):
    d = make_dataset()
    for text in ("", " x ", "长" * 2001):
        with pytest.raises(ValidationError) as err:
            helpers.call_action("govopen_feedback_create", anon(), package_id=d["id"], text=text)
        assert "2 到 2000" in err.value.error_dict["text"][0] and "2 to 2000" in err.value.error_dict["text"][0]
    assert helpers.call_action("govopen_feedback_list", anon(), package_id=d["id"]) == []


def test_rate_limit_per_anonymous_address(make_dataset, ckan_config, monkeypatch):
    monkeypatch.setitem(ckan_config, "govopen.participation.posts_per_hour", "3")
    d = make_dataset()
    for n in range(3):
        helpers.call_action("govopen_feedback_create", anon("192.0.2.1"), package_id=d["id"], text=f"意见 {n}")
    with pytest.raises(ValidationError) as err:
        helpers.call_action("govopen_data_request_create", anon("192.0.2.1"), title="公交线路数据",
                            description="需要全市公交线路和站点数据")
    assert "每小时最多 3 条" in err.value.error_dict["rate_limit"][0]
    # another address is not affected
    helpers.call_action("govopen_feedback_create", anon("192.0.2.2"), package_id=d["id"], text="另一位访客")
    assert len(helpers.call_action("govopen_feedback_list", anon(), package_id=d["id"])) == 4


def test_rate_limit_and_ratings_follow_the_visitor_address_behind_the_proxy(app, make_dataset, ckan_config,
                                                                         monkeypatch):
    """Behind the deployment's proxy (a loopback peer) the address it appended
    to X-Forwarded-For is the visitor's: two visitors rate separately, and one
    visitor's limit does not block the other."""
    monkeypatch.setitem(ckan_config, "govopen.participation.posts_per_hour", "1")
    d = make_dataset()
    token_ = csrf_field(app.get(f"/dataset/{d['name']}").body)
    one, two = {"X-Forwarded-For": "198.51.100.20"}, {"X-Forwarded-For": "10.0.0.9, 198.51.100.21"}
    for visitor, score in ((one, "5"), (two, "3"), (one, "4")):
        app.post(f"/dataset/{d['name']}/rate", data={"score": score, "_csrf_token": token_}, headers=visitor)
    shown = helpers.call_action("govopen_rating_show", anon(), package_id=d["id"])
    assert shown["count"] == 2 and shown["average"] == pytest.approx(3.5)
    app.post(f"/dataset/{d['name']}/feedback", data={"text": "第一条", "_csrf_token": token_}, headers=one)
    page = app.post(f"/dataset/{d['name']}/feedback", data={"text": "第二条", "_csrf_token": token_},
                    headers=one, follow_redirects=True).body
    assert "每小时最多 1 条" in page
    app.post(f"/dataset/{d['name']}/feedback", data={"text": "另一位", "_csrf_token": token_}, headers=two)
    texts = [f["text"] for f in helpers.call_action("govopen_feedback_list", anon(), package_id=d["id"])]
    assert texts == ["第一条", "另一位"]
    # not trusted: the header is ignored, the connection's own address counts
    monkeypatch.setitem(ckan_config, "govopen.participation.trust_forwarded_for", "false")
    app.post(f"/dataset/{d['name']}/rate", data={"score": "1", "_csrf_token": token_}, headers=one)
    shown = helpers.call_action("govopen_rating_show", anon(), package_id=d["id"])
    assert shown["count"] == 3 and shown["average"] == pytest.approx((4 + 3 + 1) / 3, abs=0.01)


def test_department_hides_and_replies_others_may_not(make_dataset, people):
    d = make_dataset()
    spam = helpers.call_action("govopen_feedback_create", anon(), package_id=d["id"], text="广告广告")
    good = helpers.call_action("govopen_feedback_create", anon(), package_id=d["id"], text="请按月更新")
    for who in (anon(), ctx(people["outsider"])):
        with pytest.raises(NotAuthorized):
            helpers.call_action("govopen_feedback_moderate", who, id=spam["id"], state="hidden")
    helpers.call_action("govopen_feedback_moderate", ctx(people["editor"]), id=spam["id"], state="hidden")
    helpers.call_action("govopen_feedback_moderate", ctx(people["admin"]), id=good["id"], reply="已改为按月更新。")
    public = helpers.call_action("govopen_feedback_list", anon(), package_id=d["id"])
    assert [f["id"] for f in public] == [good["id"]]
    assert public[0]["reply"] == "已改为按月更新。" and public[0]["replied_by"]
    moderated = helpers.call_action("govopen_feedback_list", ctx(people["editor"]), package_id=d["id"])
    assert {f["id"]: f["state"] for f in moderated} == {spam["id"]: "hidden", good["id"]: "published"}
    with pytest.raises(ValidationError):
        helpers.call_action("govopen_feedback_moderate", ctx(people["editor"]), id=spam["id"], state="deleted")


def test_rate_and_feedback_through_the_dataset_page(app, make_dataset, people):
    d = make_dataset()
    page = app.get(f"/dataset/{d['name']}").body
    assert "govopen-rating-form" in page and "govopen-feedback-form" in page and 'data-rating-count="0"' in page
    token_ = csrf_field(page[page.index("govopen-rating-form"):])
    assert token_, "the forms carry CKAN's CSRF token"
    shown = app.post(f"/dataset/{d['name']}/rate", data={"score": "4", "_csrf_token": token_},
                     follow_redirects=True).body
    assert 'data-rating-count="1"' in shown and 'data-rating-average="4.0"' in shown
    shown = app.post(f"/dataset/{d['name']}/feedback",
                     data={"text": "字段说明不清楚", "author_name": "王五", "_csrf_token": token_},
                     follow_redirects=True).body
    assert "字段说明不清楚" in shown and "王五" in shown
    shown = app.post(f"/dataset/{d['name']}/feedback", data={"text": "x", "_csrf_token": token_},
                     follow_redirects=True).body
    assert "2 to 2000" in shown
    [item] = helpers.call_action("govopen_feedback_list", anon(), package_id=d["id"])
    # the department replies through the page
    page = app.get(f"/dataset/{d['name']}", **as_user(people["editor"])).body
    assert "govopen-feedback-moderate" in page
    app.post(f"/dataset/{d['name']}/feedback/{item['id']}/moderate", data={"reply": "已补充字段说明", "state": "published"},
             **as_user(people["editor"]))
    assert "已补充字段说明" in app.get(f"/dataset/{d['name']}").body
    app.post(f"/dataset/{d['name']}/feedback/{item['id']}/moderate", data={"state": "hidden"},
             status=403, **as_user(people["outsider"]))


# --- data requests ---------------------------------------------------------------------------

def test_data_request_lifecycle(app, make_dataset, department, people):
    answer_dataset = make_dataset(title="公交线路")
    req = helpers.call_action("govopen_data_request_create", anon(), title="全市公交线路和站点",
                              description="希望开放公交线路、站点坐标，用于出行应用。", contact=CONTACT,
                              org_id=department["name"])
    assert req["status"] == "open" and req["organization"]["id"] == department["id"]
    assert "contact" not in req   # an anonymous requester cannot be recognised later

    # public: listed and shown without the contact, through the API and the pages
    listed = helpers.call_action("govopen_data_request_list", anon("203.0.113.5"))
    assert [r["id"] for r in listed["results"]] == [req["id"]]
    assert "contact" not in listed["results"][0] and "requester" not in listed["results"][0]
    for who in (anon("203.0.113.5"), ctx(people["outsider"])):
        shown = helpers.call_action("govopen_data_request_show", who, id=req["id"])
        assert "contact" not in shown and CONTACT not in str(shown)
    for url in ("/data-request", f"/data-request/{req['id']}", "/data-request?status=open"):
        body = app.get(url).body
        assert "全市公交线路和站点" in body and "zhang.san" not in body and "13800138000" not in body

    # the department sees the contact and the request among its open ones
    officer = helpers.call_action("govopen_data_request_show", ctx(people["admin"]), id=req["id"])
    assert officer["contact"] == CONTACT
    mine = helpers.call_action("govopen_data_request_list", ctx(people["editor"]), officer=True, status="open")
    assert [r["id"] for r in mine["results"]] == [req["id"]]
    assert helpers.call_action("govopen_data_request_list", ctx(people["outsider"]), officer=True)["count"] == 0
    dashboard = app.get("/dashboard/data-requests", **as_user(people["editor"])).body
    assert req["id"] in dashboard and 'data-open-requests="1"' in dashboard

    # only the department answers
    for who in (anon(), ctx(people["outsider"])):
        with pytest.raises(NotAuthorized):
            helpers.call_action("govopen_data_request_answer", who, id=req["id"], answer="我来答")
    with pytest.raises(ValidationError):
        helpers.call_action("govopen_data_request_answer", ctx(people["admin"]), id=req["id"], answer="")
    app.post(f"/data-request/{req['id']}/answer",
             data={"answer": "已开放，见“公交线路”数据集。", "status": "answered", "package_id": answer_dataset["name"]},
             **as_user(people["admin"]))

    # the answer is public; the contact still is not
    page = app.get(f"/data-request/{req['id']}").body
    assert "已开放，见“公交线路”数据集。" in page and f"/dataset/{answer_dataset['name']}" in page
    assert "zhang.san" not in page and "13800138000" not in page
    shown = helpers.call_action("govopen_data_request_show", anon(), id=req["id"])
    assert shown["status"] == "answered" and shown["dataset"]["id"] == answer_dataset["id"]
    assert helpers.call_action("govopen_data_request_list", ctx(people["editor"]), officer=True,
                               status="open")["count"] == 0


def test_data_request_through_the_form_escapes_and_validates(app, department):
    form = app.get("/data-request/new").body
    token_ = csrf_field(form)
    assert token_
    shown = app.post("/data-request/new", data={"title": "短", "description": "太短", "_csrf_token": token_},
                     follow_redirects=True).body
    assert "4 to 200" in shown and "10 to 4000" not in shown or "4 到 200" in shown
    assert helpers.call_action("govopen_data_request_list", anon())["count"] == 0
    shown = app.post("/data-request/new", data={"title": HOSTILE, "description": "需要这份数据用于研究。" + HOSTILE,
                                                "contact": CONTACT, "org_id": department["id"],
                                                "_csrf_token": token_}, follow_redirects=True).body
    assert "&lt;script&gt;alert(" in shown and "<script>alert" not in shown
    assert "zhang.san" not in shown
    [req] = helpers.call_action("govopen_data_request_list", anon())["results"]
    assert req["title"] == HOSTILE


def test_a_search_that_finds_nothing_offers_a_data_request_with_the_query(app, make_dataset):
    make_dataset(title="北京市公交站点")
    found = app.get("/dataset/", query_string={"q": "公交"}).body
    assert "govopen-no-results" not in found                       # results: no offer
    query = "养老院床位 " + HOSTILE
    empty = app.get("/dataset/", query_string={"q": query}).body
    offer = re.search(r'<div class="govopen-no-results.*?</div>', empty, re.S)
    assert offer, "no data request offered on an empty result page"
    assert "<script>alert" not in offer.group(0)
    link = html.unescape(re.search(r'href="([^"]*data-request/new[^"]*)"', offer.group(0)).group(1))
    form = app.get(link).body                                      # the link opens the form, filled in
    value = html.unescape(re.search(r'id="dr-title"[^>]*value="([^"]*)"', form).group(1))
    assert value == query
    assert "<script>alert" not in form


def test_hidden_data_requests_leave_public_surfaces(app, department, people):
    req = helpers.call_action("govopen_data_request_create", anon(), title="垃圾广告标题",
                              description="这是一条广告内容，应被隐藏。", org_id=department["id"])
    helpers.call_action("govopen_data_request_answer", ctx(people["editor"]), id=req["id"], published=False)
    assert helpers.call_action("govopen_data_request_list", anon())["count"] == 0
    with pytest.raises(NotAuthorized):
        helpers.call_action("govopen_data_request_show", anon(), id=req["id"])
    app.get(f"/data-request/{req['id']}", status=404)
    assert "垃圾广告标题" not in app.get("/data-request").body
    assert helpers.call_action("govopen_data_request_list", ctx(people["editor"]), officer=True)["count"] == 1


def test_unaddressed_requests_are_answered_by_sysadmins_only(app, department, people, sysadmin):
    req = helpers.call_action("govopen_data_request_create", anon(), title="不知道哪个部门的数据",
                              description="我不知道该问哪个部门，请帮忙转交。")
    with pytest.raises(NotAuthorized):
        helpers.call_action("govopen_data_request_answer", ctx(people["admin"]), id=req["id"], answer="不归我们")
    with pytest.raises(NotAuthorized):   # only sysadmins hand requests on
        helpers.call_action("govopen_data_request_answer", ctx(people["admin"]), id=req["id"], answer="x",
                            org_id=department["id"])
    page = app.get("/dashboard/data-requests", **as_user(sysadmin)).body
    assert 'class="govopen-unassigned-requests" data-open-requests="1"' in page and req["id"] in page
    assert "govopen-unassigned-requests" not in app.get("/dashboard/data-requests", **as_user(people["admin"])).body
    # handed on through the page
    app.post(f"/data-request/{req['id']}/answer", data={"answer": "已转交交通部门。", "status": "open",
                                                       "org_id": department["id"]}, **as_user(sysadmin))
    mine = helpers.call_action("govopen_data_request_list", ctx(people["editor"]), officer=True, status="open")
    assert [r["id"] for r in mine["results"]] == [req["id"]]


# --- the migration ------------------------------------------------------------------------------

def test_migration_0006_downgrade_drops_and_upgrade_restores(migrate_db_for):
    import sqlalchemy as sa
    import ckan.model as model

    def tables():
        return {t for t in sa.inspect(model.Session.get_bind()).get_table_names()
                if t in ("govopen_rating", "govopen_feedback", "govopen_data_request")}

    assert tables() == {"govopen_rating", "govopen_feedback", "govopen_data_request"}
    model.Session.remove()
    migrate_db_for("govopen", "0005_access", forward=False)
    assert tables() == set()
    assert "govopen_access_request" in sa.inspect(model.Session.get_bind()).get_table_names()
    migrate_db_for("govopen")
    assert tables() == {"govopen_rating", "govopen_feedback", "govopen_data_request"}
