"""The gate's combining logic, without CKAN services."""
from ckanext.govopen.gate import Blocker, blockers, core, wants_public


def test_wants_public_reads_private_and_state():
    assert wants_public({"private": False})
    assert wants_public({"private": "false", "state": "active"})
    assert not wants_public({"private": True})
    assert not wants_public({"private": "True"})
    assert not wants_public({"private": False, "state": "draft"})
    assert not wants_public({"private": False, "state": "deleted"})


def test_blockers_combines_every_check_and_fails_closed(monkeypatch):
    def a(ds):
        return [Blocker("a", "one", {"zh": "一", "en": "one"})]

    def b(ds):
        raise ValueError("bad")

    monkeypatch.setattr(core, "_checks", [("a", a), ("b", b)])
    found = blockers({"name": "x"})
    assert [(x.gate, x.code) for x in found] == [("a", "one"), ("b", "check_failed")]
    assert found[0].text("zh_Hans_CN") == "一" and found[0].text("en") == "one"
    assert blockers({"name": "x"}, only=["a"]) == found[:1]


def test_every_check_module_is_discovered(monkeypatch):
    monkeypatch.setattr(core, "_checks", None)
    import pkgutil
    from ckanext.govopen.gate import checks as _  # noqa: F401  (the subpackage)
    import importlib
    package = importlib.import_module("ckanext.govopen.gate.checks")
    modules = sorted(i.name for i in pkgutil.iter_modules(package.__path__))
    found = core.all_checks()
    assert len(found) == len(modules)
    for _, check in found:
        assert callable(check)


def test_every_action_has_an_auth_function():
    """govopen's own actions; a chained one wraps another plugin's action, whose auth
    function (if it has one of its name) is that plugin's."""
    from ckanext.govopen import feature, plugin
    found = feature.actions(plugin.FEATURES)
    own = {name for name, fn in found.items() if not getattr(fn, "chained_action", False)}
    assert own and own <= set(feature.auth_functions(plugin.FEATURES))
    assert {n for n in found if n.startswith("govopen_")} <= own


def test_a_check_names_itself_in_words_and_a_new_one_needs_only_its_module(monkeypatch, tmp_path):
    """Before, a check's label was written again in dashboard/views.py and the harvest job
    template (``metadata_privacy`` had none in either); now each module's ``LABEL``."""
    import importlib
    package = importlib.import_module("ckanext.govopen.gate.checks")
    monkeypatch.setattr(core, "_checks", None)
    found = dict(core.all_checks())
    assert set(core._labels) == set(found)
    assert core._labels["metadata_privacy"] == "Personal information in metadata"
    assert len(set(core._labels.values())) == len(found)           # each its own words
    (tmp_path / "zz_planted.py").write_text(
        'from ckanext.govopen.gate.core import N_\nNAME = "planted"\nLABEL = N_("Planted check")\n'
        'def check(dataset):\n    return []\n', encoding="utf-8")
    monkeypatch.setattr(package, "__path__", list(package.__path__) + [str(tmp_path)])
    monkeypatch.setattr(core, "_checks", None)
    assert "planted" in dict(core.all_checks()) and core._labels["planted"] == "Planted check"
    monkeypatch.setattr(core, "_checks", None)
