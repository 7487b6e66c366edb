"""The leak walk, generated from CKAN's registries: every read action and every
GET route, as the anonymous visitor, a logged-in outsider and an editor of
another department, over datasets of every kind. Nothing restricted, no
restricted file location and no personal value may reach them; no answer may
be a 500.

What is walked comes from ``ckan.logic._actions`` and the Flask ``url_map``
at test time (``leak_walk_registry``); how each one is called from the seeded
objects (``leak_walk_plan``); how answers are searched and what counts as an
echo of the request (``leak_walk_search``). What is not walked is in ONE list,
``leak_walk_registry.EXEMPT``, each with its reason; a registered read action
or GET route that is in neither fails ``test_every_read_action_and_get_route_is_walked_or_exempted``.

The catalog is seeded once, in ``walked`` (a module-scoped cache filled by
the first test that needs it: CKAN's ``clean_db`` fixtures are
function-scoped, so the seeding test clears the database and the others
reuse its results without touching it).

About 1,500 requests per caller; on 699b6aa with six test runs sharing two
cores the module took 29 minutes (anonymous 337 s, outsider 727 s, editor
570 s: every API-token request commits the token's last access).
"""
import io
import json
import time

import pytest
from werkzeug.datastructures import FileStorage

import ckan.tests.factories as factories
import ckan.tests.helpers as helpers

from tests.integration import leak_walk_plan as plan_mod
from tests.integration import leak_walk_registry as registry
from tests.integration import leak_walk_search as search_mod
from tests.integration.api_auth import ctx, token
from tests.integration.conftest import PROVIDER_CODES, standard_fields
from tests.integration.test_leak import (  # noqa: F401 - fixtures, used by name
    COND_EXTRA_URL, COND_URL, COND_VIEW_URL, GRANTED_URL, OPEN_URL, UPLOAD_CONTENT, inline_jobs,
    no_gate_checks, restricted_tokens, seeded)
from tests.integration.test_privacy_scan import IDS

pytestmark = [pytest.mark.ckan_services, pytest.mark.usefixtures("with_plugins")]

PHONES = ["13912345678", "15876543210"]
PII_CSV = "姓名,身份证号码,手机号码,区\n" + "".join(
    "居民%s,%s,%s,朝阳区\n" % (n, i, p) for n, i, p in zip(("甲乙", "丙丁"), IDS, PHONES))
#: anonymised: every (age band, district) occurs 5 times: k-anonymous for k=5
ANON_OK_CSV = "年龄段,区,人数\n" + "".join("%s,%s,%d\n" % (a, d, n) for a in ("20-29", "30-39")
                                            for d in ("东城区", "西城区") for n in range(5))
#: anonymised in name only: every row is its own class (k=1); a marker in the cells
ANON_BAD_CSV = "年龄段,区,人数\n" + "".join("%d,anb5xrow%d,1\n" % (30 + n, n) for n in range(6))
DEID_URL = "http://files.example.gov.cn/restricted/deidentified-dei4s.csv"
DEID_CONTENT = "区,病例\ndei4scontent,3\n"
SOURCE_SECRET = "hsecret9w"
SOURCE_URL = "postgresql://reader@db.dept-a.example.gov.cn/stats"   # the password is a named secret
EDITOR_A_EMAIL = "editor-a-eml7k@dept-a.example.gov.cn"
EDITOR_B_EMAIL = "editor-b-eml2q@dept-b.example.gov.cn"
OUTSIDER_EMAIL = "outsider-eml5v@example.org"


def _upload(text, name):
    return FileStorage(io.BytesIO(text.encode("utf-8")), filename=name, content_type="text/csv")


def _private_with_file(sysadmin, org, name, title, csv, filename, **fields):
    ds = helpers.call_action("package_create", ctx(sysadmin), name=name, title=title, notes="Notes of %s." % title,
                             owner_org=org["id"], private=True, tags=[{"name": "leaktag"}],
                             **standard_fields(**fields))
    res = helpers.call_action("resource_create", ctx(sysadmin), package_id=ds["id"], name="file of " + title,
                              format="CSV", url=filename, upload=_upload(csv, filename))
    return ds, res


def _scan(sysadmin, resource_id):
    return helpers.call_action("govopen_scan_show", ctx(sysadmin), id=resource_id)


def seed_more(seeded, sysadmin, department):
    """Add to test_leak's catalog: a second department with its editor, an
    editor of the first, the outsider and their approved request, a scanned
    file of resident ID numbers, anonymised data that passes and that fails
    k-anonymity, de-identified (conditional) data, a private dataset of the
    second department, a harvest source with a password in its URL."""
    admin = ctx(sysadmin)
    dept_b = factories.Organization(user=sysadmin, name="leak-dept-b", provider_code=next(PROVIDER_CODES))
    editor_a = factories.User(name="leak-editor-a", email=EDITOR_A_EMAIL)
    editor_b = factories.User(name="leak-editor-b", email=EDITOR_B_EMAIL)
    outsider = factories.User(name="leak-outsider", email=OUTSIDER_EMAIL)
    helpers.call_action("organization_member_create", id=department["id"], username=editor_a["name"], role="editor")
    helpers.call_action("organization_member_create", id=dept_b["id"], username=editor_b["name"], role="editor")
    granted = seeded["granted"]
    req = helpers.call_action("govopen_access_request_create", ctx(outsider), package_id=granted["id"],
                              purpose="研究门诊分布，用于学术论文。")
    helpers.call_action("govopen_access_request_decide", admin, id=req["id"], decision="approved",
                        reason="符合开放条件。")

    pii, pii_res = _private_with_file(sysadmin, department, "leak-piifile-pif3v", "Resident file pif3v", PII_CSV,
                                      "residents-pif3v.csv", personal_info="personal", open_type="none",
                                      legal_basis="《中华人民共和国个人信息保护法》")
    anon_ok, anon_ok_res = _private_with_file(sysadmin, department, "leak-anonymised-ano8k", "Age bands ano8k",
                                              ANON_OK_CSV, "bands-ano8k.csv", personal_info="anonymized",
                                              quasi_identifiers=["年龄段", "区"])
    anon_ok = helpers.call_action("package_patch", admin, id=anon_ok["id"], private=False)
    anon_bad, anon_bad_res = _private_with_file(sysadmin, department, "leak-anonbad-anb5x", "Age rows anb5x",
                                                ANON_BAD_CSV, "rows-anb5x.csv", personal_info="anonymized",
                                                quasi_identifiers=["年龄段", "区"])
    deid = factories.Dataset(user=sysadmin, name="leak-deidentified-dei4s", title="Cases dei4s",
                             notes="De-identified cases.", owner_org=department["id"], private=False,
                             tags=[{"name": "leaktag"}],
                             resources=[{"name": "cases link", "url": DEID_URL, "format": "CSV"}],
                             **standard_fields(personal_info="deidentified", open_type="conditional",
                                               open_condition="实名申请后提供",
                                               legal_basis="《中华人民共和国个人信息保护法》"))
    deid_up = helpers.call_action("resource_create", admin, package_id=deid["id"], name="cases upload",
                                  format="CSV", url="cases-dei4s.csv",
                                  upload=_upload(DEID_CONTENT, "cases-dei4s.csv"))
    private_b = factories.Dataset(user=sysadmin, name="leak-privateb-pvb5w", title="Dept B roster pvb5w",
                                  owner_org=dept_b["id"], private=True, tags=[{"name": "leaktag"}],
                                  resources=[{"name": "file of pvb5w",
                                              "url": "http://files.example.gov.cn/b/pvb5wfile.csv",
                                              "format": "CSV"}],
                                  **standard_fields())
    # the sysadmin keeps the source's password in the server's secrets file; the source names it
    import os
    import tempfile
    from ckan.common import config as ckan_config
    secrets = os.path.join(tempfile.mkdtemp(prefix="leak-walk-secrets-"), "harvest")
    with open(secrets, "w", encoding="utf-8") as f:
        f.write("leak_stats@%s = %s\n" % (department["name"], SOURCE_SECRET))
    os.chmod(secrets, 0o600)
    before = ckan_config.get("govopen.harvest.secrets_file")
    ckan_config["govopen.harvest.secrets_file"] = secrets
    try:
        source = helpers.call_action("harvest_source_create", admin, name="leak-source-hsr6t",
                                     title="Dept A statistics database", url=SOURCE_URL,
                                     source_type="govopen_sql", owner_org=department["id"], frequency="MANUAL",
                                     config=json.dumps({"secret": "leak_stats",
                                                        "tables": [{"table": "stats", "title": "统计"}]}))
    finally:
        ckan_config["govopen.harvest.secrets_file"] = before
    return {"dept_b": dept_b, "editor_a": editor_a, "editor_b": editor_b, "outsider": outsider,
            "request": req, "pii": pii, "pii_res": pii_res, "anon_ok": anon_ok, "anon_ok_res": anon_ok_res,
            "anon_bad": anon_bad, "anon_bad_res": anon_bad_res, "deid": deid, "deid_up": deid_up,
            "private_b": private_b, "source": source}


# --- what each caller must never receive ------------------------------------------------------

def _dataset_tokens(d, what):
    out = {d["id"]: what, d["name"]: what, d["title"]: what, d["name"].rsplit("-", 1)[1]: what + " (marker)"}
    for r in d["resources"]:
        out[r["id"]] = what + " (resource id)"
        if r.get("url"):
            out[r["url"]] = what + " (file location)"
    return out


def tokens_for(caller, seeded, more):
    """Every string ``caller`` must never receive -> what it is."""
    tokens = dict(restricted_tokens(seeded, except_granted=(caller == "outsider")))
    for url in (COND_URL, COND_EXTRA_URL, COND_VIEW_URL):
        tokens[url] = "conditional file URL"
    if caller != "outsider":
        tokens[GRANTED_URL] = "conditional file URL (granted to the outsider only)"
    for d in seeded["hidden"].values():
        tokens.update(_dataset_tokens(d, "hidden dataset %s" % d["name"]))
    for key in ("pii", "anon_bad"):
        d = helpers.call_action("package_show", id=more[key]["id"])
        tokens.update(_dataset_tokens(d, "hidden dataset %s" % d["name"]))
    if caller != "editor_b":
        d = helpers.call_action("package_show", id=more["private_b"]["id"])
        tokens.update(_dataset_tokens(d, "hidden dataset %s (department B)" % d["name"]))
    tokens[DEID_URL] = "de-identified (conditional) file URL"
    tokens["dei4s.csv"] = "de-identified (conditional) file URL or upload name"
    tokens["dei4scontent"] = "de-identified (conditional) uploaded file contents"
    tokens[UPLOAD_CONTENT.splitlines()[1]] = "conditional uploaded file contents"
    for n in IDS:
        tokens[n] = "personal value: resident ID number"
    for p in PHONES:
        tokens[p] = "personal value: phone number"
    tokens["居民甲乙"] = tokens["居民丙丁"] = "personal value: a resident's name in the PII file"
    tokens["anb5xrow"] = "contents of the anonymised file that fails k-anonymity"
    tokens[SOURCE_SECRET] = "harvest source password"
    emails = {"anonymous": [EDITOR_A_EMAIL, EDITOR_B_EMAIL, OUTSIDER_EMAIL],
              "outsider": [EDITOR_A_EMAIL, EDITOR_B_EMAIL], "editor_b": [EDITOR_A_EMAIL, OUTSIDER_EMAIL]}
    for e in emails[caller]:
        tokens[e] = "personal value: another user's e-mail"
    return tokens


# --- the seeded objects, as the plan fills arguments from them -------------------------------------

def _activities(action, **kw):
    try:
        return [a["id"] for a in helpers.call_action(action, limit=100, **kw)][:3]
    except Exception:  # noqa: BLE001 - an object without a stream
        return []


def objects_of(seeded, more, department, sysadmin):
    names = ["leak-open-opn4w", "leak-conditional-cnd7q", "leak-granted-grt3h", *seeded["hidden"],
             more["pii"]["name"], more["anon_ok"]["name"], more["anon_bad"]["name"], more["deid"]["name"],
             more["private_b"]["name"]]
    hidden = set(seeded["hidden"]) | {more["pii"]["name"], more["anon_bad"]["name"], more["private_b"]["name"]}
    datasets = []
    for name in names:
        d = helpers.call_action("package_show", id=name)
        resources = []
        for r in d["resources"]:
            views = [v["id"] for v in helpers.call_action("resource_view_list", id=r["id"])]
            filename = r["url"].rsplit("/", 1)[-1] if r.get("url_type") == "upload" else None
            resources.append({"id": r["id"], "views": views, "filename": filename})
        datasets.append({"id": d["id"], "name": d["name"], "hidden": name in hidden, "resources": resources,
                         "conditional": d.get("open_type") == "conditional",
                         "activities": _activities("package_activity_list", id=d["id"],
                                                   include_hidden_activity=True)})
    users = [more["editor_a"], more["editor_b"], more["outsider"], sysadmin]
    markers = [n.rsplit("-", 1)[1] for n in hidden] + ["fu7q", "fx2m", "fv5k", "dei4s"]
    return {
        "datasets": datasets,
        "organizations": [department, more["dept_b"]],
        "groups": [seeded["group"]],
        "users": [{"id": u["id"], "name": u["name"], "email": u.get("email")} for u in users],
        "harvest_sources": [{"id": more["source"]["id"], "name": more["source"]["name"], "url": SOURCE_URL}],
        "harvest_jobs": [], "harvest_objects": [], "data_requests": [],
        "activities": {
            "dataset": [a for d in datasets if d["hidden"] or "cnd7q" in d["name"] for a in d["activities"]],
            "organization": _activities("organization_activity_list", id=department["id"],
                                        include_hidden_activity=True),
            "group": _activities("group_activity_list", id=seeded["group"]["id"]),
            "user": _activities("user_activity_list", id=sysadmin["id"]),
        },
        "markers": markers,
        "probe": " OR ".join(markers),
    }


# --- one seeding, one walk per module ----------------------------------------------------------------

_CACHE = {}


@pytest.fixture
def walked(request):
    """Seed (once per module, clearing the database first) and walk as all three callers."""
    if "walk" not in _CACHE:
        _CACHE["walk"] = request.getfixturevalue("_seed_and_walk")
    return _CACHE["walk"]


@pytest.fixture
def _seed_and_walk(app, clean_all, sysadmin, department, seeded, inline_jobs, no_gate_checks):  # noqa: F811
    more = seed_more(seeded, sysadmin, department)
    o = objects_of(seeded, more, department, sysadmin)
    reqs, actions, routes, unfilled = plan_mod.plan(app.flask_app, o, registry.get_routes)
    callers = {"anonymous": {},
               "outsider": {"Authorization": token(more["outsider"])},
               "editor_b": {"Authorization": token(more["editor_b"])}}
    result = search_mod.Walk()
    started = time.monotonic()
    for caller, headers in callers.items():
        search_mod.walk(app, caller, headers, reqs, tokens_for(caller, seeded, more), result)
        result.timings[caller] = round(time.monotonic() - started, 1)
    checks = _controls(app, seeded, more, callers)
    return {"result": result, "actions": actions, "routes": routes, "unfilled": unfilled,
            "uncovered": registry.uncovered(actions, routes, app.flask_app), "requests": reqs,
            "checks": checks, "seeded": seeded, "more": more, "objects": o, "sysadmin": sysadmin}


def _controls(app, seeded, more, callers):
    """The walk is not blind: what must be visible is, the seeding did what it says."""
    sysadmin_scan = {}
    for key in ("pii_res", "anon_ok_res", "anon_bad_res"):
        sysadmin_scan[key] = _scan({"name": helpers.call_action("get_site_user")["name"]}, more[key]["id"])
    anon_search = app.get("/api/3/action/package_search?q=*:*&rows=1000").json["result"]
    outsider_granted = app.get("/api/3/action/package_show?id=" + seeded["granted"]["id"],
                               headers=callers["outsider"]).json["result"]
    editor_b_private = app.get("/api/3/action/package_show?id=" + more["private_b"]["id"],
                               headers=callers["editor_b"])
    return {"scan": sysadmin_scan, "anon_names": sorted(d["name"] for d in anon_search["results"]),
            "open_urls": [r["url"] for d in anon_search["results"] if d["name"] == "leak-open-opn4w"
                          for r in d["resources"]],
            "outsider_granted_urls": [r["url"] for r in outsider_granted["resources"]],
            "editor_b_private_status": editor_b_private.status_code}


# --- the tests ------------------------------------------------------------------------------------------

def _summary(w):
    r = w["result"]
    actions, routes = r.summary()
    exempt = [k for k in registry.EXEMPT]
    return ("leak walk: %d read actions walked, %d GET routes walked, %d exempted (%d actions, %d routes), "
            "%d requests (%d per caller), %d leaks, %d 5xx; seconds elapsed after each caller: %s"
            % (len(actions), len(routes), len(exempt), sum(k.startswith("action:") for k in exempt),
               sum(k.startswith("route:") for k in exempt), r.requests, len(w["requests"]), len(r.leaks),
               len(r.errors), r.timings))


def test_the_seeding_is_what_the_walk_assumes(walked):
    c = walked["checks"]
    pii = c["scan"]["pii_res"]
    assert pii["status"] == "done" and pii["result"]["has_pii"] is True, pii
    assert "resident_id" in pii["result"]["entities"]
    kanon = c["scan"]["anon_ok_res"]["result"]["kanon"]
    assert kanon["satisfied"] is True, kanon
    assert c["scan"]["anon_bad_res"]["result"]["kanon"]["satisfied"] is False
    # public, conditional, anonymised and de-identified datasets are there for the anonymous visitor...
    for name in ("leak-open-opn4w", "leak-conditional-cnd7q", "leak-granted-grt3h", "leak-anonymised-ano8k",
                 "leak-deidentified-dei4s"):
        assert name in c["anon_names"], name
    assert c["open_urls"] == [OPEN_URL]
    # ...the hidden ones are not; the outsider's grant and department B's own dataset work
    hidden = [d["name"] for d in walked["objects"]["datasets"] if d["hidden"]]
    assert len(hidden) == 8 and not set(hidden) & set(c["anon_names"])
    assert c["outsider_granted_urls"] == [GRANTED_URL]
    assert c["editor_b_private_status"] == 200


def test_every_read_action_and_get_route_is_walked_or_exempted(walked):
    print(_summary(walked))
    assert walked["unfilled"] == [], "GET routes with arguments the plan cannot fill: %s" % walked["unfilled"]
    assert walked["uncovered"] == [], "neither walked nor exempted:\n  " + "\n  ".join(walked["uncovered"])
    stale = [k for k in registry.EXEMPT if k.startswith("action:") and k[7:] not in registry.all_actions()]
    assert stale == [], "exempted actions that no longer exist: %s" % stale


#: Surfaces where the walk still finds something, found and not yet fixed: each with what it
#: is. Anything the walk finds elsewhere fails the tests below. Empty: the last entries (the
#: resource history page's upload name and its KeyError) were fixed by keeping upload names
#: and older activity copies apart (access.locations) and a 404 for an activity that is not
#: a dataset's (web.errors).
KNOWN_OPEN_LEAKS: dict = {}
KNOWN_OPEN_ERRORS: dict = {}


def _open(findings, known):
    return [f for f in findings if f.surface not in known]


def test_nothing_restricted_or_personal_reaches_anyone_outside(walked):
    print(_summary(walked))
    leaks = walked["result"].leaks
    for f in leaks:
        print("known open:", f.line())
    leaks = _open(leaks, KNOWN_OPEN_LEAKS)
    assert leaks == [], "%d restricted tokens reached callers outside:\n%s" % (
        len(leaks), "\n".join(f.line() for f in leaks))


def test_no_walked_surface_answers_500(walked):
    errors = _open(walked["result"].errors, KNOWN_OPEN_ERRORS)
    assert errors == [], "%d answers were 5xx:\n%s" % (len(errors), "\n".join(f.line() for f in errors))


# --- the walk can fail: planted leaks are caught, planted surfaces are noticed --------------------------

PLANTED = "leakwalk_planted_show"


def _planted_action(context, data_dict):
    """A read a careless plugin might add: it returns a restricted location and a personal value.

    :param id: the dataset id
    """
    return {"location": COND_URL, "who": "居民甲乙", "id": data_dict.get("id")}


_planted_action.side_effect_free = True


def _minimal_objects():
    one = {"id": "d1", "name": "leak-x-x1", "hidden": True, "activities": [],
           "resources": [{"id": "r1", "views": [], "filename": None}]}
    return {"datasets": [one], "organizations": [{"id": "o1", "name": "o1"}], "groups": [{"id": "g1", "name": "g1"}],
            "users": [{"id": "u1", "name": "u1"}], "harvest_sources": [{"id": "s1", "name": "s1"}],
            "harvest_jobs": [], "harvest_objects": [], "data_requests": [], "activities": {},
            "markers": ["x1"], "probe": "x1"}


def test_a_planted_leak_is_caught_and_a_new_surface_is_noticed(app, monkeypatch):
    import ckan.logic as logic
    from werkzeug.routing import Map, Rule

    registry.all_actions()
    monkeypatch.setitem(logic._actions, PLANTED, _planted_action)
    reqs = plan_mod.action_requests(PLANTED, "GET", _minimal_objects())
    assert [r.path for r in reqs] == ["/api/3/action/%s?id=d1" % PLANTED], [r.path for r in reqs]
    tokens = {COND_URL: "conditional file URL", "居民甲乙": "personal value", "d1": "hidden id (echoed)"}
    w = search_mod.walk(app, "anonymous", {}, reqs, tokens)
    assert w.errors == [] and w.requests == 1
    # both are found (the name whether or not the JSON \\u-escapes it); the echoed id is the request's own
    assert sorted(f.token for f in w.leaks) == sorted([COND_URL, "居民甲乙"]), [f.line() for f in w.leaks]

    # a read action or GET route nobody walked or exempted fails the coverage check
    class Flask:
        url_map = Map([Rule("/planted/<id>", endpoint="planted.read", methods=["GET"]),
                       Rule("/planted/<id>/write", endpoint="planted.write", methods=["POST"])])
    missing = registry.uncovered(set(), set(), Flask)
    assert "action:%s (read action, not walked)" % PLANTED in missing
    assert "route:/planted/<id> (planted.read)" in missing
    assert not [m for m in missing if "planted/<id>/write" in m]


def test_answers_are_searched_decoded_and_echoes_are_not_leaks():
    s = search_mod.search
    tokens = {"http://files.example.gov.cn/restricted/patients-fu7q.csv": "url", "Private roster pvt9k": "title"}
    assert s('{"u": "http:\\/\\/files.example.gov.cn\\/restricted\\/patients-fu7q.csv"}', tokens)
    assert s("<a href='/x?u=http%3A%2F%2Ffiles.example.gov.cn%2Frestricted%2Fpatients-fu7q.csv'>", tokens)
    assert s("<td>Private&#32;roster&nbsp;PVT9K</td>".replace("&nbsp;", " "), tokens)
    assert s("?title=Private+roster+pvt9k", tokens)
    assert s('{"t": "Private roster pvt9k"}', tokens, carried="/api/3/action/package_search?q=pvt9k")
    assert not s("Not found: Private roster pvt9k", tokens, carried="/dataset/?q=private roster pvt9k")
    assert not s("nothing to see", tokens)
