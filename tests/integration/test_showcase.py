"""The showcase (issue 17): registered users submit works that use datasets;
an editor or admin of a department whose dataset a work uses (or a sysadmin)
approves or rejects it; approved works appear in the gallery, on each
publicly listed dataset they use, and in the department figures.

Tried the way an attacker would, through the real pages and the Action API:
anonymous submissions, outsiders and editors of other departments deciding,
hostile text and links, images that are not images, image links to internal
addresses, pending items and restricted datasets on public surfaces.
"""
import io
import re
import struct
import zlib

import pytest
import sqlalchemy as sa

import ckan.model as model
import ckan.tests.factories as factories
import ckan.tests.helpers as helpers
from ckan.logic import NotAuthorized, NotFound, ValidationError
from tests.integration.api_auth import as_user, ctx
from tests.integration.conftest import PROVIDER_CODES, standard_fields
from tests.local_server import LocalServer

pytestmark = [pytest.mark.ckan_services, pytest.mark.usefixtures("with_plugins", "clean_all")]

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def png(width=32, height=18, rgb=(30, 90, 160)) -> bytes:
    """A real PNG image (a plain colour), small."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


@pytest.fixture(autouse=True)
def empty_showcase_tables(with_plugins, clean_all):
    """CKAN's clean_db empties only its own tables after the first test; ours too."""
    from ckanext.govopen.showcase import model as m
    for table in (m.showcase_dataset, m.showcase):
        model.Session.execute(table.delete())
    model.Session.commit()


@pytest.fixture(autouse=True)
def no_gate_checks(monkeypatch):
    """About the showcase, not about whether a dataset may be public: the gate's
    content checks are off (these datasets have no files)."""
    from ckanext.govopen.gate import core
    monkeypatch.setattr(core, "_checks", [])


@pytest.fixture
def people(department, sysadmin):
    other = factories.Organization(user=sysadmin, provider_code=next(PROVIDER_CODES))
    admin, editor, member, submitter, outsider, other_editor = (factories.User() for _ in range(6))
    for user, org, role in ((admin, department, "admin"), (editor, department, "editor"),
                            (member, department, "member"), (other_editor, other, "editor")):
        helpers.call_action("organization_member_create", id=org["id"], username=user["name"], role=role)
    return {"admin": admin, "editor": editor, "member": member, "submitter": submitter,
            "outsider": outsider, "other_editor": other_editor, "other": other}


def submit(user, **fields):
    data = {"title": "公交到站预测", "description": "用公交站点数据预测到站时间的手机应用。",
            "link": "https://example.cn/bus-app", "kind": "app"}
    data.update(fields)
    return helpers.call_action("govopen_showcase_create", ctx(user), **data)


def rows():
    from ckanext.govopen.showcase import model as m
    return model.Session.execute(sa.select(sa.func.count()).select_from(m.showcase)).scalar()


def csrf_field(html):
    found = re.search(r'name="_csrf_token"\s+value="([^"]+)"', html)
    return found.group(1) if found else None


# --- the whole path through the pages -------------------------------------------------------

def test_submit_review_approve_then_gallery_dataset_page_and_figures(app, make_dataset, department, people):
    used = make_dataset(title="公交站点")
    conditional = make_dataset(title="公交刷卡记录", open_type="conditional", open_condition="实名申请后提供",
                               legal_basis="《中华人民共和国数据安全法》第二十一条")
    # a registered user (no department) submits through the form, with an uploaded image
    created = app.post("/showcase/new", data={
        "title": "公交到站预测", "kind": "app", "description": "用公交站点数据预测到站时间的手机应用。",
        "link": "https://example.cn/bus-app", "datasets": f"{used['name']}, /dataset/{conditional['name']}",
        "image_upload": (io.BytesIO(png()), "cover.png")},
        follow_redirects=True, **as_user(people["submitter"])).body
    assert "正在等待审核" in created and 'data-showcase-status="pending"' in created
    [item] = helpers.call_action("govopen_showcase_list", ctx(people["submitter"]), mine=True)["results"]
    assert item["status"] == "pending" and item["has_image"]
    assert {d["name"] for d in item["datasets"]} == {used["name"], conditional["name"]}

    # pending: nowhere public, not even by its id
    app.get(f"/showcase/{item['id']}", status=404)
    app.get(f"/showcase/{item['id']}/image", status=404)
    app.get(f"/showcase/{item['id']}", status=404, **as_user(people["outsider"]))
    assert item["id"] not in app.get("/showcase").body
    assert 'data-showcase-count="0"' in app.get(f"/dataset/{used['name']}").body
    with pytest.raises(NotFound):
        helpers.call_action("govopen_showcase_show", ctx(None), id=item["id"])
    figures = helpers.call_action("govopen_open_data_figures", ctx(None), id=department["id"])
    assert figures["showcases"] == 0

    # the department's editor finds it in the review queue and approves it through the page
    queue = app.get("/showcase/mine", **as_user(people["editor"])).body
    assert item["id"] in queue[queue.index('data-showcase-list="review"'):]
    page = app.get(f"/showcase/{item['id']}", **as_user(people["editor"])).body
    assert "govopen-showcase-decide" in page and 'value="approved"' in page
    app.post(f"/showcase/{item['id']}/decide", data={"status": "approved", "reason": "数据使用规范"},
             **as_user(people["editor"]))

    # approved: in the gallery, on the item page, on the open dataset's page, in the figures
    gallery = app.get("/showcase").body
    assert item["id"] in gallery and "公交到站预测" in gallery
    public = app.get(f"/showcase/{item['id']}").body
    assert "公交站点" in public and f"/dataset/{used['name']}" in public
    # the conditionally open dataset is never named publicly
    assert conditional["name"] not in public and "公交刷卡记录" not in public
    assert "数据使用规范" not in public          # the reason is for the submitter
    dataset_page = app.get(f"/dataset/{used['name']}").body
    assert 'data-showcase-count="1"' in dataset_page and item["id"] in dataset_page
    assert "govopen-showcases" not in app.get(f"/dataset/{conditional['name']}").body
    image = app.get(f"/showcase/{item['id']}/image")
    assert image.headers["Content-Type"] == "image/png" and image.headers["X-Content-Type-Options"] == "nosniff"
    assert image.data == png()
    figures = helpers.call_action("govopen_open_data_figures", ctx(None), id=department["id"])
    assert figures["showcases"] == 1
    overview = helpers.call_action("govopen_open_data_figures", ctx(None))
    assert overview["all"]["showcases"] == 1
    dashboard = app.get("/dashboard/open-data").body
    assert re.search(r'data-figure="showcases"><a [^>]*>1</a>', dashboard)
    # the submitter sees the decision and its reason
    mine = app.get(f"/showcase/{item['id']}", **as_user(people["submitter"])).body
    assert "已通过" in mine and "数据使用规范" in mine and "公交刷卡记录" in mine


def test_english_pages_have_english_words(app, make_dataset, people):
    used = make_dataset(title="公交站点")
    item = submit(people["submitter"], datasets=used["name"], kind="visualisation")
    helpers.call_action("govopen_showcase_decide", ctx(people["admin"]), id=item["id"], status="approved")
    page = app.get("/en/showcase").body
    assert "Showcase" in page and "Visualisation" in page and "成果展示" not in page
    assert "Used in" in app.get(f"/en/dataset/{used['name']}").body
    assert "应用成果" in app.get(f"/dataset/{used['name']}").body


# --- who may submit and decide --------------------------------------------------------------

def test_anonymous_cannot_submit(app, make_dataset):
    used = make_dataset()
    data = {"title": "匿名提交", "description": "匿名用户想提交一个成果。", "link": "https://example.cn/",
            "kind": "app", "datasets": used["name"]}
    # the form sends a visitor to the login page; nothing is stored
    resp = app.post("/showcase/new", data=data)      # the test client follows the redirect
    assert resp.status_code == 200 and "<title>登录 -" in resp.body
    app.post("/api/3/action/govopen_showcase_create", json=data, status=403)
    with pytest.raises(NotAuthorized):
        helpers.call_action("govopen_showcase_create", ctx(None), **data)
    assert rows() == 0


def test_only_the_department_or_a_sysadmin_decides(app, make_dataset, people, sysadmin):
    used = make_dataset()
    item = submit(people["submitter"], datasets=used["id"])
    for who in ("outsider", "other_editor", "member", "submitter"):
        app.post(f"/showcase/{item['id']}/decide", data={"status": "approved"}, status=403,
                 **as_user(people[who]))
        app.post("/api/3/action/govopen_showcase_decide", json={"id": item["id"], "status": "approved"},
                 status=403, **as_user(people[who]))
    assert helpers.call_action("govopen_showcase_show", ctx(people["submitter"]), id=item["id"])["status"] \
        == "pending"
    app.get(f"/showcase/{item['id']}", status=404)
    # the sysadmin may
    helpers.call_action("govopen_showcase_decide", ctx(sysadmin), id=item["id"], status="approved")
    assert app.get(f"/showcase/{item['id']}").status_code == 200


def test_reject_needs_a_reason_the_submitter_reads(app, make_dataset, people):
    item = submit(people["submitter"], datasets=make_dataset()["name"])
    with pytest.raises(ValidationError) as err:
        helpers.call_action("govopen_showcase_decide", ctx(people["editor"]), id=item["id"], status="rejected")
    assert "理由" in err.value.error_dict["reason"][0] and "reason" in err.value.error_dict["reason"][0]
    with pytest.raises(ValidationError):
        helpers.call_action("govopen_showcase_decide", ctx(people["editor"]), id=item["id"], status="deleted")
    helpers.call_action("govopen_showcase_decide", ctx(people["editor"]), id=item["id"], status="rejected",
                        reason="链接打不开")
    app.get(f"/showcase/{item['id']}", status=404)
    page = app.get(f"/showcase/{item['id']}", **as_user(people["submitter"])).body
    assert "已退回" in page and "链接打不开" in page


# --- what may be submitted -------------------------------------------------------------------

LINKS = ["javascript:alert(1)", "JaVaScRiPt:alert(document.cookie)", "data:text/html,<script>alert(1)</script>",
         "//evil.example/x", "http://", "ftp://example.cn/x", "https://exa mple.cn/"]


def test_links_must_be_http_or_https(app, make_dataset, people):
    used = make_dataset()
    for link in LINKS:
        with pytest.raises(ValidationError) as err:
            submit(people["submitter"], datasets=used["name"], link=link)
        assert "http:// 或 https://" in err.value.error_dict["link"][0], link
        assert "http:// or https://" in err.value.error_dict["link"][0], link
        with pytest.raises(ValidationError):
            submit(people["submitter"], datasets=used["name"], image_url=link)
    page = app.post("/showcase/new", data={"title": "恶意链接", "kind": "app", "link": LINKS[0],
                                           "description": "一个带有恶意链接的提交。", "datasets": used["name"]},
                    **as_user(people["submitter"])).body
    assert 'data-error-for="link"' in page and "http:// 或 https://" in page
    assert rows() == 0


def test_hostile_text_is_stored_as_typed_and_shown_escaped(app, make_dataset, people):
    used = make_dataset()
    item = submit(people["submitter"], datasets=used["name"], title=HOSTILE[:120], description=HOSTILE,
                  link='https://example.cn/"><script>alert(1)</script>')
    helpers.call_action("govopen_showcase_decide", ctx(people["editor"]), id=item["id"], status="approved")
    for url in (f"/showcase/{item['id']}", "/showcase", f"/dataset/{used['name']}"):
        page = app.get(url).body
        assert "<script>alert" not in page and "<img src=x" not in page, url
        assert "&lt;script&gt;alert(" in page, url
    assert 'href="https://example.cn/&#34;&gt;&lt;script&gt;' in app.get(f"/showcase/{item['id']}").body


def test_datasets_the_submitter_may_not_see_read_as_missing(make_dataset, people, sysadmin):
    other_private = factories.Dataset(user=sysadmin, owner_org=people["other"]["id"], private=True,
                                      **standard_fields())
    for name in (other_private["name"], other_private["id"], "no-such-dataset"):
        with pytest.raises(ValidationError) as err:
            submit(people["submitter"], datasets=name)
        assert "找不到数据集" in err.value.error_dict["datasets"][0]
    with pytest.raises(ValidationError) as err:
        submit(people["submitter"], datasets="  ")
    assert "至少" in err.value.error_dict["datasets"][0]
    # the other department's editor may name it; it is never listed publicly, and only
    # that department (not the first one) reviews the work
    item = submit(people["other_editor"], datasets=other_private["name"])
    with pytest.raises(NotAuthorized):
        helpers.call_action("govopen_showcase_decide", ctx(people["editor"]), id=item["id"], status="approved")
    helpers.call_action("govopen_showcase_decide", ctx(people["other_editor"]), id=item["id"], status="approved")
    shown = helpers.call_action("govopen_showcase_show", ctx(None), id=item["id"])
    assert shown["datasets"] == []
    assert rows() == 1


def test_pending_items_per_user_are_capped(make_dataset, people, ckan_config, monkeypatch):
    monkeypatch.setitem(ckan_config, "govopen.showcase.max_pending", "2")
    used = make_dataset()
    submit(people["submitter"], datasets=used["name"])
    submit(people["submitter"], datasets=used["name"])
    with pytest.raises(ValidationError) as err:
        submit(people["submitter"], datasets=used["name"])
    assert "2" in err.value.error_dict["rate_limit"][0]
    assert rows() == 2


# --- images ----------------------------------------------------------------------------------

NOT_IMAGES = [b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
              b"<html><script>alert(1)</script></html>", b"GIF8"]


def test_an_upload_that_is_not_an_image_is_refused(app, make_dataset, people):
    used = make_dataset()
    for body in NOT_IMAGES:
        page = app.post("/showcase/new", data={
            "title": "伪装的图片", "kind": "app", "description": "上传的文件并不是图片。",
            "link": "https://example.cn/", "datasets": used["name"],
            "image_upload": (io.BytesIO(body), "cover.png")}, **as_user(people["submitter"])).body
        assert 'data-error-for="image"' in page and "PNG、JPEG、GIF 或 WebP" in page, body
    assert rows() == 0


def test_an_image_over_the_limit_is_refused(make_dataset, people, ckan_config, monkeypatch):
    from werkzeug.datastructures import FileStorage
    monkeypatch.setitem(ckan_config, "govopen.showcase.image_max_bytes", "100")
    with pytest.raises(ValidationError) as err:
        submit(people["submitter"], datasets=make_dataset()["name"],
               image_upload=FileStorage(io.BytesIO(png(64, 64, (1, 2, 3)) + b"\0" * 200), "big.png"))
    assert "100" in err.value.error_dict["image"][0]
    assert rows() == 0


@pytest.fixture
def inline_jobs(ckan_config, monkeypatch):
    monkeypatch.setitem(ckan_config, "govopen.jobs.inline", "true")


def test_an_image_link_is_fetched_through_the_guard_and_never_hotlinked(app, make_dataset, people, inline_jobs,
                                                                          ckan_config, monkeypatch):
    used = make_dataset()
    with LocalServer() as server:
        good = server.add_bytes("/cover.png", png(), "image/png")
        html = server.add_bytes("/cover2.png", b"<html>not an image</html>", "image/png")
        # an internal address (the server is not allow-listed yet): refused, nothing fetched
        internal = submit(people["submitter"], datasets=used["name"], image_url=good)
        assert server.hits == []
        monkeypatch.setitem(ckan_config, "govopen.outbound.allow", "127.0.0.1:%d" % server.httpd.server_port)
        fetched = submit(people["submitter"], datasets=used["name"], image_url=good)
        not_image = submit(people["submitter"], datasets=used["name"], image_url=html)
    states = {i["id"]: i for i in helpers.call_action("govopen_showcase_list", ctx(people["submitter"]),
                                                      mine=True)["results"]}
    assert states[internal["id"]]["image_state"] == "failed" and not states[internal["id"]]["has_image"]
    assert states[fetched["id"]]["image_state"] == "ready"
    assert states[not_image["id"]]["image_state"] == "failed"
    for item in (internal, fetched, not_image):
        helpers.call_action("govopen_showcase_decide", ctx(people["editor"]), id=item["id"], status="approved")
    # the pages show only the site's own copy, never the link
    for url in ("/showcase", f"/showcase/{fetched['id']}", f"/dataset/{used['name']}"):
        assert server.base not in app.get(url).body
    assert app.get(f"/showcase/{fetched['id']}/image").data == png()
    app.get(f"/showcase/{internal['id']}/image", status=404)
    why = app.get(f"/showcase/{internal['id']}", **as_user(people["submitter"])).body
    assert "无法从链接获取图片" in why


def test_a_web_request_never_fetches_the_image_link(app, make_dataset, people, inline_jobs, monkeypatch):
    """Even with inline jobs, a submission through the web app queues the fetch."""
    from ckanext.govopen.showcase import image
    queued = []
    monkeypatch.setattr(image.tk, "enqueue_job", lambda fn, args=None, **kw: queued.append((fn, args)))
    used = make_dataset()
    app.post("/showcase/new", data={
        "title": "图片链接", "kind": "news", "description": "一篇使用了公开数据的新闻报道。",
        "link": "https://example.cn/news", "datasets": used["name"],
        "image_url": "http://169.254.169.254/latest/meta-data/"}, **as_user(people["submitter"]))
    assert len(queued) == 1 and queued[0][0] is image.fetch_image
    assert image.fetch_image(*queued[0][1]) == "failed"
