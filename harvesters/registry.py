"""The harvest source types: every connector module that declares ``SOURCE_TYPE``.

A connector is a module of this package with a ``read(config, state)``
generator and, at its top level, one declaration::

    SOURCE_TYPE = SourceType(
        name="govopen_datajson",                    # ckanext-harvest's source type, the CKAN plugin
        title={"zh": "data.json (DCAT-US)", "en": "data.json (DCAT-US)"},
        description={"zh": "DCAT-US 1.1 data.json 目录。", "en": "A DCAT-US 1.1 data.json catalog."},
        origin=origins.WEB_OR_SHARE,                # where it reads: the config check
        order=30)                                   # its place in lists

Its kind (a config's ``type:``) is the module's name; its built-in mapping is
``mappings/<kind>.yaml`` beside the module, when there is one. Everything
that lists source types derives from these declarations: the config loader's
known types (``config``), the pipeline's connectors, the CKAN harvester
plugins (``ckanext.govopen.harvest.harvesters``), setup.py's ``ckan.plugins``
entry points, the ``ckan.plugins`` line of a deployment's ini
(``plugins_line``: ``scripts/govopen``, ``docker/ckan/render_ini.py``) and
the table of source types (``markdown``; ``ckan govopen harvest types``).
A new source type is its connector module and its mapping, nothing else.

setup.py reads the names without importing anything (``declared_names``:
the ``name=`` of each top-level ``SOURCE_TYPE = SourceType(...)`` call, a
string literal), so this module imports only the standard library; the
connectors themselves are imported when the types are first asked for
(``source_types``). Both readings must agree, or the registry refuses to start.

``python -m govopen_harvesters.registry [names|markdown|json|ckan-plugins INI]``
prints them; run as a file (``python3 harvesters/registry.py``, nothing
installed) it prints the declared names, what setup.py sees.
"""
import ast
import configparser
import dataclasses
import importlib
import json
import os
import re
import sys
from typing import Any, Optional

PACKAGE = "govopen_harvesters"
NAME = re.compile(r"^[a-z][a-z0-9_]{0,60}$")
#: ckanext-harvest's own plugin: the source types come right after it in ``ckan.plugins``.
HARVEST_PLUGIN = "harvest"


class RegistryError(RuntimeError):
    """A connector declaration that cannot be used: the registry fails closed."""


@dataclasses.dataclass(frozen=True)
class SourceType:
    """What a connector says about itself. ``kind``, ``module`` and ``mapping`` are
    filled in by the registry (the module's name, the module, its mapping file)."""
    name: str
    title: dict
    description: dict
    origin: Any
    order: int = 100
    kind: str = ""
    module: Any = dataclasses.field(default=None, compare=False, repr=False)
    mapping: Optional[str] = None

    def check(self, cfg, roots=None, secrets=None):
        """The config check: credentials and where the source reads (``origins``);
        raises ``places.PlaceError`` (``zh``, ``en``)."""
        self.origin.check(cfg, roots, secrets)

    def read(self, cfg, state):
        return self.module.read(cfg, state)

    def text(self, what, lang=None):
        """``title`` or ``description`` in ``lang`` (``zh``/``en``), or both as ``zh / en``."""
        words = getattr(self, what)
        if lang:
            return words["zh" if str(lang).lower().startswith("zh") else "en"]
        return words["zh"] if words["zh"] == words["en"] else "%s / %s" % (words["zh"], words["en"])


# --- reading the declarations ------------------------------------------------------------


def _declaration(path):
    """``name`` of the top-level ``SOURCE_TYPE = SourceType(name=...)`` in the file, or None."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if "SOURCE_TYPE" not in text:
        return None
    for node in ast.parse(text, filename=path).body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "SOURCE_TYPE"
                                                for t in node.targets):
            call = node.value
            name = None
            if isinstance(call, ast.Call):
                name = next((k.value for k in call.keywords if k.arg == "name"), None)
            if not (isinstance(name, ast.Constant) and isinstance(name.value, str)):
                raise RegistryError("%s: SOURCE_TYPE must be SourceType(name=\"...\", ...) with the name "
                                    "written out (setup.py reads it without importing)" % path)
            return name.value
    return None


def declared(folders):
    """``[(kind, name)]`` of the connector modules in ``folders``, read from their text."""
    found = []
    for folder in folders:
        for entry in sorted(os.listdir(folder)):
            kind, ext = os.path.splitext(entry)
            if ext != ".py" or kind.startswith("_") or not os.path.isfile(os.path.join(folder, entry)):
                continue
            name = _declaration(os.path.join(folder, entry))
            if name is not None:
                found.append((kind, name))
    return found


def declared_names(folder):
    """The source type names declared in ``folder`` (setup.py's entry points)."""
    return sorted(name for _kind, name in declared([folder]))


_cache = {}


def source_types():
    """Every source type, ordered (``order``, then kind); connectors imported on the first call.

    The package's path is the search path: a folder added to
    ``govopen_harvesters.__path__`` adds its connectors."""
    package = importlib.import_module(PACKAGE)
    key = tuple(package.__path__)
    if key not in _cache:
        _cache.clear()
        _cache[key] = _discover(package)
    return list(_cache[key])


def _discover(package):
    types, names = [], {}
    for kind, name in declared(package.__path__):
        module = importlib.import_module("%s.%s" % (package.__name__, kind))
        st = getattr(module, "SOURCE_TYPE", None)
        where = "%s.%s" % (package.__name__, kind)
        if not isinstance(st, SourceType):
            raise RegistryError("%s: SOURCE_TYPE is not a SourceType" % where)
        problems = _problems(st, module)
        if st.name != name:
            problems.append("name %r is not the written-out name %r" % (st.name, name))
        if name in names:
            problems.append("name %s is declared by %s too" % (name, names[name]))
        if problems:
            raise RegistryError("%s: %s" % (where, "; ".join(problems)))
        names[name] = where
        mapping = os.path.join(os.path.dirname(module.__file__), "mappings", "%s.yaml" % kind)
        types.append(dataclasses.replace(st, kind=kind, module=module,
                                         mapping=mapping if os.path.isfile(mapping) else None))
    return sorted(types, key=lambda t: (t.order, t.kind))


def _problems(st, module):
    out = []
    if not NAME.match(st.name or ""):
        out.append("name %r is not a plugin name (lowercase letters, digits, _)" % (st.name,))
    for what in ("title", "description"):
        words = getattr(st, what)
        if not (isinstance(words, dict) and all(isinstance(words.get(lang), str) and words[lang].strip()
                                                for lang in ("zh", "en"))):
            out.append("%s needs zh and en text" % what)
    if not callable(getattr(st.origin, "check", None)):
        out.append("origin has no check (see origins)")
    if not callable(getattr(module, "read", None)):
        out.append("no read(config, state)")
    return out


def get(kind):
    """The source type of a config's ``type:``; ``KeyError`` when there is none."""
    for st in source_types():
        if st.kind == kind:
            return st
    raise KeyError(kind)


def by_name(name):
    """The source type of a harvest source's ``source_type`` (``govopen_datajson``); ``KeyError``."""
    for st in source_types():
        if st.name == name:
            return st
    raise KeyError(name)


def kinds():
    return [st.kind for st in source_types()]


def names():
    return [st.name for st in source_types()]


# --- what derives from it ----------------------------------------------------------------


def plugins_line(plugins):
    """A ``ckan.plugins`` value with every source type's plugin right after ``harvest``
    (once: names already there move); unchanged without ``harvest``."""
    words = str(plugins or "").split()
    if HARVEST_PLUGIN not in words:
        return " ".join(words)
    ours = names()
    words = [w for w in words if w not in ours]
    at = words.index(HARVEST_PLUGIN) + 1
    return " ".join(words[:at] + ours + words[at:])


def ini_plugins(path):
    """``ckan.plugins`` of an ini file's ``[app:main]`` (``use = config:`` files followed)."""
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.read(path, encoding="utf-8")
    if parser.has_option("app:main", "ckan.plugins"):
        return parser.get("app:main", "ckan.plugins")
    use = parser.get("app:main", "use", fallback="")
    if use.startswith("config:"):
        return ini_plugins(os.path.join(os.path.dirname(os.path.abspath(path)), use[len("config:"):]))
    return ""


def as_dicts(lang=None):
    return [{"name": st.name, "kind": st.kind, "title": st.text("title", lang),
             "description": st.text("description", lang), "origin": st.origin.text(lang),
             "mapping": _shown(st.mapping),
             "module": st.module.__name__} for st in source_types()]


def _shown(path):
    """A mapping file as the repository names it (``harvesters/mappings/x.yaml``), else its path."""
    if not path:
        return None
    here = os.path.dirname(os.path.abspath(__file__))
    if os.path.dirname(os.path.dirname(path)) == here:
        return "harvesters/mappings/" + os.path.basename(path)
    return path


def markdown(lang=None):
    """The table of source types (for the README, ``ckan govopen harvest types``)."""
    head = ("| source type | config `type:` | title | what it reads | reads from | built-in mapping |\n"
            "|---|---|---|---|---|---|\n")
    rows = ["| `%s` | `%s` | %s | %s | %s | %s |" % (
        d["name"], d["kind"], d["title"], d["description"], d["origin"],
        "`%s`" % d["mapping"] if d["mapping"] else "-") for d in as_dicts(lang)]
    return head + "\n".join(rows) + "\n"


def main(argv):
    what = argv[0] if argv else "names"
    if what == "names":
        print(" ".join(names()))
    elif what == "markdown":
        sys.stdout.write(markdown(argv[1] if len(argv) > 1 else None))
    elif what == "json":
        print(json.dumps(as_dicts(argv[1] if len(argv) > 1 else None), ensure_ascii=False, indent=1))
    elif what == "ckan-plugins" and len(argv) == 2:
        print(plugins_line(ini_plugins(argv[1])))
    else:
        print("usage: python -m govopen_harvesters.registry [names | markdown [zh|en] | json [zh|en] "
              "| ckan-plugins INI]", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    if not __package__:
        # Run as a file, nothing installed (scripts/install.sh): the names setup.py sees.
        print(" ".join(declared_names(os.path.dirname(os.path.abspath(__file__)))))
    else:
        # As ``-m``: the package's own copy of this module, which the connectors import.
        sys.exit(importlib.import_module(__spec__.name).main(sys.argv[1:]))
