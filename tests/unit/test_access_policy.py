"""What counts as a restricted dataset and as a file location (CKAN-free)."""
from ckanext.govopen.access import policy
from ckanext.govopen.verdict import compute


def dataset(**kw):
    d = {"id": "d1", "open_type": "conditional", "url": "http://src.example.cn/page",
         "resources": [{"id": "r1", "url": "http://f.example.cn/a.csv", "url_type": "",
                        "download_url": "http://f.example.cn/b.csv", "name": "a",
                        "format": "CSV"}]}
    d.update(kw)
    return d


def test_location_keys():
    for key in ("url", "download_url", "accessURL", "image_url", "page_url", "source_uri"):
        assert policy.is_location_key(key), key
    for key in ("url_type", "name", "format", "description", "id"):
        assert not policy.is_location_key(key), key


def test_strip_blanks_every_location_and_keeps_the_metadata():
    d = policy.strip_dataset(dataset())
    [r] = d["resources"]
    assert r["url"] == "" and r["download_url"] == ""
    assert (r["name"], r["format"], r["url_type"]) == ("a", "CSV", "")
    assert d["url"] == "http://src.example.cn/page"  # a source page, not a file
    assert d["govopen_files_restricted"] is True


def test_a_dataset_url_that_is_one_of_its_files_is_blanked_too():
    d = policy.strip_dataset(dataset(url="http://f.example.cn/a.csv"))
    assert d["url"] == ""


def verdict(open_type, **kw):
    return {"open_type": open_type, "policy": compute.policy_version(), **kw}


def test_restricted_is_what_the_carried_verdict_says_not_the_declared_open_type():
    assert policy.is_restricted(dataset(open_type="unconditional", govopen_verdict=verdict("conditional")))
    assert policy.is_restricted(dataset(govopen_verdict=verdict("none")))
    assert not policy.is_restricted(dataset(open_type="conditional", govopen_verdict=verdict("unconditional")))


def test_without_a_current_verdict_the_same_function_decides():
    # no verdict carried, or one of another policy: computed (no resources: no stored findings to read)
    assert policy.is_restricted({"open_type": "conditional", "resources": []})
    assert policy.is_restricted({"open_type": "unconditional", "security_level": "core", "resources": []})
    assert not policy.is_restricted({"open_type": "unconditional", "personal_info": "none",
                                     "security_level": "general", "resources": []})
    stale = {"open_type": "unconditional", "policy": "another-policy"}
    assert policy.is_restricted({"open_type": "none", "resources": [], "govopen_verdict": stale})


def test_an_unknown_or_missing_open_type_counts_as_restricted():
    assert policy.is_restricted({"open_type": "sometimes", "resources": []})
    assert policy.is_restricted({"resources": []})
    assert policy.is_restricted({"resources": [], "govopen_verdict": verdict("sometimes")})


def test_file_locations():
    assert policy.file_locations(dataset()) == {"http://f.example.cn/a.csv",
                                               "http://f.example.cn/b.csv"}
