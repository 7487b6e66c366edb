"""What a feature plugs into CKAN, declared in one object; the plugin composes them.

Each feature package says what it adds in one ``Feature`` (its ``feature.py``:
``FEATURE = Feature(...)``), with the functions themselves, not their dotted
names; ``plugin.FEATURES`` lists the features, and ``compose`` folds the list
into what CKAN's interfaces return (``get_actions`` ...) and what the plugin's
hooks run (``show_hooks`` ...). A new action, helper or hook is one entry in
its feature's declaration.

The hooks run in an order that matters (every show hook reads the verdict, so
it comes first; the index limits cut what the others added, so they come
last), and that order is written where it is declared: each ``Hook`` has an
``order`` number, and the composed list runs by that number whatever the order
of ``FEATURES``. Two hooks of one kind with the same number is an error, as is
one name declared by two features (a dict would silently keep the last).

A mapping field may be a zero-argument function returning the mapping: it is
called when composed (CKAN asks ``get_actions`` once every plugin is loaded,
so a feature can ask which plugins are). A leaf: imports nothing of govopen.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping, Optional, Union

#: ``context[CREATED]`` is true in the after-write hooks after a create
#: (nothing was committed before it); absent after an update.
CREATED = "govopen.created"

Names = Union[Mapping[str, Any], Callable[[], Mapping[str, Any]]]


@dataclass(frozen=True)
class Hook:
    """One function a plugin hook runs, and where in the run: lower ``order`` first."""
    fn: Callable
    order: int

    @property
    def name(self) -> str:
        return "%s:%s" % (self.fn.__module__, self.fn.__qualname__)


@dataclass(frozen=True)
class Feature:
    """The parts of one feature.

    Mappings (name -> function; a function returning one is called when composed):

    - ``actions``/``auth``: ``IActions``/``IAuthFunctions``; a chained action or
      auth function (``tk.chained_action``) goes in ``chained_actions``/
      ``chained_auth`` (the same registry for CKAN; kept apart for the reader);
    - ``helpers``: ``ITemplateHelpers``; ``validators``: ``IValidators``.

    Ordered (``Hook(fn, order)``):

    - ``blueprints``: ``fn() -> Blueprint`` (or a list of them), ``IBlueprint``;
    - ``index_hooks``: ``fn(pkg_dict) -> dict`` of extra Solr fields;
    - ``show_hooks``: ``fn(context, pkg_dict)``, may remove what the caller must not see;
    - ``search_hooks``: ``fn(search_results, search_params)``, the same for package_search;
    - ``after_write_hooks``: ``fn(context, pkg_dict)`` after package_create/update,
      before CKAN commits; ``context[CREATED]`` after a create;
    - ``middleware``: ``fn(flask_app) -> flask_app``, ``IMiddleware``;
    - ``resource_jobs``: ``fn(resource_id)``, run or queued when a resource's content
      may have changed (``events.resource_changed``);
    - ``content_checks``: name -> ``Hook(fn, order)``, ``fn(item)`` reads the one copy
      of a resource's content the content pipeline fetched (``content_job``);
    - ``verdict_hooks``: ``fn(package_id, verdict)`` wherever a dataset's verdict is
      stored (``verdict.hooks.stored``), before the transaction commits.

    Others: ``commands`` (click commands, ``IClick``); ``action_wrappers``
    (``fn(actions) -> actions`` over the whole composed action registry, in the
    order of ``FEATURES`` and then of the tuple: checks every action gets).
    """
    name: str
    actions: Names = field(default_factory=dict)
    chained_actions: Names = field(default_factory=dict)
    auth: Names = field(default_factory=dict)
    chained_auth: Names = field(default_factory=dict)
    helpers: Names = field(default_factory=dict)
    validators: Names = field(default_factory=dict)
    blueprints: tuple = ()
    commands: tuple = ()
    index_hooks: tuple = ()
    show_hooks: tuple = ()
    search_hooks: tuple = ()
    after_write_hooks: tuple = ()
    middleware: tuple = ()
    resource_jobs: tuple = ()
    action_wrappers: tuple = ()
    content_checks: Mapping[str, Hook] = field(default_factory=dict)
    verdict_hooks: tuple = ()


HOOK_KINDS = ("blueprints", "index_hooks", "show_hooks", "search_hooks",
              "after_write_hooks", "middleware", "resource_jobs", "verdict_hooks")


def _mapping(value: Names) -> Mapping[str, Any]:
    return value() if callable(value) else value


def merged(features: Iterable[Feature], *kinds: str) -> dict:
    """name -> function over the features' mappings of ``kinds``; a name twice is an error."""
    found: dict = {}
    where: dict = {}
    for feature in features:
        for kind in kinds:
            for name, fn in _mapping(getattr(feature, kind)).items():
                if name in found:
                    raise ValueError("%s %r declared by both %s and %s"
                                     % (kind, name, where[name], feature.name))
                found[name] = fn
                where[name] = feature.name
    return found


def ordered(features: Iterable[Feature], kind: str) -> list:
    """The functions of hook ``kind``, by their ``order``; one number twice is an error."""
    hooks = []
    for feature in features:
        for hook in getattr(feature, kind):
            if not isinstance(hook, Hook):
                raise TypeError("%s of %s: %r is not a Hook(fn, order)" % (kind, feature.name, hook))
            hooks.append(hook)
    numbers = [h.order for h in hooks]
    twice = sorted({n for n in numbers if numbers.count(n) > 1})
    if twice:
        raise ValueError("%s: order %s given to more than one hook: %s" % (
            kind, twice, [h.name for h in hooks if h.order in twice]))
    return [h.fn for h in sorted(hooks, key=lambda h: h.order)]


def actions(features: Iterable[Feature]) -> dict:
    """``IActions.get_actions``: every action, then every feature's wrappers over them."""
    features = list(features)
    found = merged(features, "actions", "chained_actions")
    for feature in features:
        for wrap in feature.action_wrappers:
            found = wrap(found)
    return found


def auth_functions(features: Iterable[Feature]) -> dict:
    return merged(features, "auth", "chained_auth")


def helpers(features: Iterable[Feature]) -> dict:
    return merged(features, "helpers")


def validators(features: Iterable[Feature]) -> dict:
    return merged(features, "validators")


def blueprints(features: Iterable[Feature]) -> list:
    found = []
    for make in ordered(features, "blueprints"):
        made = make()
        found.extend(made if isinstance(made, (list, tuple)) else [made])
    return found


def content_checks(features: Iterable[Feature]) -> list:
    """``[(name, fn)]`` of the content pipeline's checks, by their ``order``; a name
    or a number twice is an error."""
    found, where = [], {}
    for feature in features:
        for name, hook in feature.content_checks.items():
            if name in where:
                raise ValueError("content check %r declared by both %s and %s" % (name, where[name], feature.name))
            where[name] = feature.name
            found.append((name, hook))
    numbers = [h.order for _n, h in found]
    if len(set(numbers)) != len(numbers):
        raise ValueError("content checks: one order number given twice: %s" % sorted(numbers))
    return [(name, hook.fn) for name, hook in sorted(found, key=lambda nh: nh[1].order)]


def commands(features: Iterable[Feature]) -> list:
    return [command for feature in features for command in feature.commands]


# --- the features the plugin composed (for code that runs later: jobs, the API docs) ---

_installed: Optional[tuple] = None


def install(features: Iterable[Feature]) -> None:
    """The plugin's list of features, for ``installed()`` (called once, at plugin import)."""
    global _installed
    _installed = tuple(features)


def installed() -> tuple:
    """The features the plugin composes; an error before the plugin is imported
    (nothing would run, silently)."""
    if _installed is None:
        raise RuntimeError("ckanext.govopen.plugin not imported: no features installed")
    return _installed
