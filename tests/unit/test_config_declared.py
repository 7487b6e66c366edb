"""Configuration options live in one place: ``config_declaration.yml``.

CKAN 2.10+ loads the declared defaults into the config, so the code reads an
option as ``tk.config.get(key)`` and gets the declared default; a default
written again in the code drifts away from the declaration (and from what
``ckan config declaration govopen`` tells an operator). The scan reads the
extension's source: every ``govopen.*`` option name in it must be declared,
and no read of a declared option may carry its own default.
"""
import ast
import os
import re

import pytest
import yaml

from tests.conftest import REPO

PACKAGE = os.path.join(REPO, "ckanext-govopen", "ckanext", "govopen")
DECLARATION = os.path.join(PACKAGE, "config_declaration.yml")

#: What an option name looks like (at least two dotted parts after ``govopen``).
OPTION = re.compile(r"^govopen(\.[a-z0-9_]+){2,}$|^govopen\.[a-z0-9_]+$")

#: ``govopen.*`` strings in the code that are not configuration options.
NOT_OPTIONS = {
    "govopen.created": "a context flag set by the dataset-create hook (feature.CREATED)",
    "govopen.just_created": "a request-scoped flag (written.py)",
    "govopen.scan.count": "a codecs error handler name (scan/readers.py)",
}


def declared_options(path=DECLARATION):
    with open(path, encoding="utf-8") as f:
        doc = yaml.safe_load(f)
    return {o["key"]: o for group in doc["groups"] for o in group["options"]}


def sources(root=PACKAGE):
    for folder, _, files in os.walk(root):
        for name in sorted(files):
            if name.endswith(".py"):
                path = os.path.join(folder, name)
                with open(path, encoding="utf-8") as f:
                    yield os.path.relpath(path, root), ast.parse(f.read(), path)


def _constants(tree):
    """Module-level ``NAME = "govopen.x"`` assignments."""
    out = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) \
                and isinstance(node.value.value, str):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    out[target.id] = node.value.value
    return out


def option_names(tree):
    """``[(line, name)]`` for every string constant that looks like an option."""
    return [(n.lineno, n.value) for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and OPTION.match(n.value)]


def _is_literal(node):
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, ast.UnaryOp):
        return _is_literal(node.operand)
    if isinstance(node, ast.BinOp):
        return _is_literal(node.left) and _is_literal(node.right)
    return False


def _value(node):
    """The value of a literal expression (constants and arithmetic only)."""
    return eval(compile(ast.Expression(node), "<literal>", "eval"), {"__builtins__": {}})


def _is_config(node):
    """``config``, ``tk.config``, ``toolkit.config``, ``ckan_config`` ..."""
    name = node.attr if isinstance(node, ast.Attribute) else getattr(node, "id", "")
    return name.endswith("config")


def _option_key(node, constants):
    """The option a ``config.get(...)`` reads, when its first argument names one."""
    if not node.args:
        return None
    arg = node.args[0]
    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
        return arg.value
    if isinstance(arg, ast.Name):
        return constants.get(arg.id)
    return None


def literal_defaults(tree):
    """``[(line, option, how)]`` where a read of a ``govopen.*`` option brings its
    own default: ``config.get(key, <literal>)`` or ``config.get(key) or <literal>``
    (a falsy literal such as ``or ""`` / ``or 0`` only normalises an empty value)."""
    constants = _constants(tree)

    def reads(node):
        """The option a call reads: ``config.get(key)`` or any ``f(key)``
        (a helper such as ``_limit(key)`` that reads it)."""
        if isinstance(node, ast.Call):
            key = _option_key(node, constants)
            if key and key.startswith("govopen."):
                return key
        return None

    def config_get(node):
        if reads(node) and isinstance(node.func, ast.Attribute) \
                and node.func.attr == "get" and _is_config(node.func.value):
            return reads(node)
        return None

    found = []
    for node in ast.walk(tree):
        key = config_get(node)
        if key and (len(node.args) > 1 or node.keywords):
            found.append((node.lineno, key, "config.get(key, default)"))
        if isinstance(node, ast.BoolOp) and isinstance(node.op, ast.Or):
            for before, after in zip(node.values, node.values[1:]):
                key = reads(before)
                if key and _is_literal(after) and _value(after):
                    found.append((node.lineno, key, "config.get(key) or <literal>"))
    return found


def undeclared(root=PACKAGE, declaration=DECLARATION):
    known = declared_options(declaration)
    return sorted({(path, line, name) for path, tree in sources(root)
                   for line, name in option_names(tree)
                   if name not in known and name not in NOT_OPTIONS})


def repeated_defaults(root=PACKAGE, declaration=DECLARATION):
    known = declared_options(declaration)
    return sorted((path, line, key, how) for path, tree in sources(root)
                  for line, key, how in literal_defaults(tree) if key in known)


def test_every_option_the_code_names_is_declared():
    assert undeclared() == []


#: Files that set options for a running site: the ini the site is built from.
SETTERS = [os.path.join(REPO, "config", "ckan-base.ini"), os.path.join(REPO, "scripts", "govopen")]
SET_LINE = re.compile(r"^\s*(govopen\.[a-z0-9_.]+)\s*=", re.MULTILINE)


def test_every_option_the_setup_sets_is_declared():
    found = set()
    for path in SETTERS:
        with open(path, encoding="utf-8") as f:
            found |= set(SET_LINE.findall(f.read()))
    assert found, "the pattern still finds the options scripts/govopen sets"
    assert sorted(found - set(declared_options())) == []


def test_no_read_repeats_a_default():
    assert repeated_defaults() == []


def test_every_declared_option_is_read_somewhere():
    named = {name for _, tree in sources() for _, name in option_names(tree)}
    assert sorted(set(declared_options()) - named) == []


def test_declared_options_have_a_default_and_a_description():
    for key, option in declared_options().items():
        assert "default" in option and option.get("description"), key


def test_the_names_that_are_not_options_are_still_in_the_code():
    named = {name for _, tree in sources() for _, name in option_names(tree)}
    assert set(NOT_OPTIONS) <= named


# --- the scan bites -----------------------------------------------------------

@pytest.fixture
def package(tmp_path):
    """A copy of the declaration and one module, to add offending code to."""
    with open(DECLARATION, encoding="utf-8") as f:
        (tmp_path / "config_declaration.yml").write_text(f.read(), encoding="utf-8")
    module = tmp_path / "feature.py"
    module.write_text('import ckan.plugins.toolkit as tk\n\n'
                      'def limit():\n    return int(tk.config.get("govopen.validation.max_bytes"))\n',
                      encoding="utf-8")
    return tmp_path, module


def _scan(root):
    return (undeclared(str(root), str(root / "config_declaration.yml")),
            repeated_defaults(str(root), str(root / "config_declaration.yml")))


def test_the_clean_copy_passes(package):
    root, _ = package
    assert _scan(root) == ([], [])


def test_a_new_undeclared_option_fails(package):
    root, module = package
    module.write_text(module.read_text() + '\nKEY = "govopen.feature.new_option"\n'
                      'def new():\n    return tk.config.get(KEY)\n', encoding="utf-8")
    assert _scan(root)[0] == [("feature.py", 6, "govopen.feature.new_option")]


@pytest.mark.parametrize("code,how", [
    ('tk.config.get("govopen.jobs.timeout", 3600)', "config.get(key, default)"),
    ('tk.config.get("govopen.jobs.timeout", default=3600)', "config.get(key, default)"),
    ('tk.asint(config.get(KEY, 3600))', "config.get(key, default)"),
    ('int(tk.config.get("govopen.jobs.timeout") or 3600)', "config.get(key) or <literal>"),
    ('int(tk.config.get(KEY) or 2 * 1800)', "config.get(key) or <literal>"),
    ('_limit("govopen.jobs.timeout") or 3600', "config.get(key) or <literal>"),
])
def test_a_repeated_default_fails(package, code, how):
    root, module = package
    module.write_text(module.read_text() + '\nKEY = "govopen.jobs.timeout"\n'
                      'def timeout():\n    return %s\n' % code, encoding="utf-8")
    assert _scan(root)[1] == [("feature.py", 8, "govopen.jobs.timeout", how)]


@pytest.mark.parametrize("code", [
    'tk.config.get("govopen.jobs.timeout")',
    'tk.config.get("govopen.outbound.allow") or ""',
    'int(tk.config.get("govopen.participation.posts_per_hour") or 0)',
    'tk.config.get("ckan.site_title") or "govopen"',
    'data_dict.get("govopen.jobs.timeout", 5)',
    'tk.config.get("govopen.dcat.contact_email") or site_email()',
])
def test_reads_without_a_repeated_default_pass(package, code):
    root, module = package
    module.write_text(module.read_text() + '\ndef timeout(data_dict):\n    return %s\n' % code,
                      encoding="utf-8")
    assert _scan(root)[1] == []
