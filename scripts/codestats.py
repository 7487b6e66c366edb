#!/usr/bin/env python3
"""The shape of govopen's code, read with ``ast`` only (no CKAN, no imports run).

    python3 scripts/codestats.py [REPO_ROOT]

Prints: the number of Python modules per area (the CKAN extension, the
CKAN-free connectors, the standard), the ten largest modules (lines), the
imports written inside functions, the import cycles between govopen modules,
the cross-package imports of private names and the layering violations.

The same functions back the import contract in
``tests/unit/test_import_contract.py``: ``graph(root)`` gives every module
with its imports, at module top AND inside functions, as edges to other
govopen modules; ``cycles``, ``private_imports`` and ``layering`` read it.
"""
import ast
import os
import sys
from collections import namedtuple

# (folder under the repository root, the dotted name it is imported as)
ROOTS = (
    (os.path.join("ckanext-govopen", "ckanext", "govopen"), "ckanext.govopen"),
    ("harvesters", "govopen_harvesters"),
    ("standards", "govopen_standards"),
)
AREAS = (
    ("ckanext.govopen (CKAN extension, without standard/)", "ckanext.govopen"),
    ("ckanext.govopen.standard (the standard, CKAN-free)", "ckanext.govopen.standard"),
    ("govopen_harvesters (harvesters/, CKAN-free)", "govopen_harvesters"),
    ("govopen_standards (standards/, data)", "govopen_standards"),
)

# One import: the importing module, the govopen module it reaches, the names
# taken from it ("" for ``import x``), the line, and whether it sits in a function.
Edge = namedtuple("Edge", "source target names line in_function")
Module = namedtuple("Module", "name path lines is_package tree")


def modules(repo, roots=ROOTS):
    """Every ``.py`` file below the roots, as {dotted name: Module}."""
    found = {}
    for folder, dotted in roots:
        base = os.path.join(repo, folder)
        for dirpath, dirnames, filenames in os.walk(base):
            dirnames[:] = sorted(d for d in dirnames if d != "__pycache__" and not d.startswith("."))
            for filename in sorted(filenames):
                if not filename.endswith(".py"):
                    continue
                path = os.path.join(dirpath, filename)
                rel = os.path.relpath(path, base)[:-3].split(os.sep)
                is_package = rel[-1] == "__init__"
                if is_package:
                    rel = rel[:-1]
                name = ".".join([dotted] + rel)
                with open(path, encoding="utf-8") as f:
                    source = f.read()
                found[name] = Module(name, path, source.count("\n") + (not source.endswith("\n") and bool(source)),
                                     is_package, ast.parse(source, path))
    return found


def _package_of(module):
    """The package a module's relative imports start from."""
    return module.name if module.is_package else module.name.rpartition(".")[0]


def _resolve(module, node):
    """The absolute module name of a ``from ... import`` statement."""
    if not node.level:
        return node.module or ""
    base = _package_of(module).split(".")
    if node.level > 1:
        base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _walk(tree):
    """(node, inside a function?) for every node of a module."""
    stack = [(tree, False)]
    while stack:
        node, in_function = stack.pop()
        yield node, in_function
        inner = in_function or isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
        for child in ast.iter_child_nodes(node):
            stack.append((child, inner))


def imports(module):
    """Every import statement of a module: (node, absolute names, in function)."""
    for node, in_function in _walk(module.tree):
        if isinstance(node, ast.Import):
            yield node, [(alias.name, "") for alias in node.names], in_function
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(module, node)
            yield node, [(base, alias.name) for alias in node.names], in_function


def _known(name, known):
    """The govopen module a dotted name falls in (its longest known prefix)."""
    while name:
        if name in known:
            return name
        name = name.rpartition(".")[0]
    return None


def _literal_names(module, mods, bound, attr_owner, attr):
    """The strings of a module-level tuple/list ``attr`` of govopen module ``attr_owner``."""
    owner = mods.get(bound.get(attr_owner, ""))
    for node in getattr(owner, "tree", ast.Module(body=[])).body:
        if (isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == attr for t in node.targets)):
            try:
                value = ast.literal_eval(node.value)
            except ValueError:
                return []
            return [v for v in value if isinstance(v, str)] if isinstance(value, (tuple, list)) else []
    return []


def dynamic_edges(module, mods, registries=False):
    """Imports by ``importlib.import_module`` of a computed name, where the code
    says which: ``"pkg.%s" % kind`` in a comprehension over a literal tuple of
    a govopen module (``for kind in config.TYPES``). With ``registries``, also
    every string naming a govopen module (``"pkg.mod"`` or ``"pkg.mod:func"``)
    in a module that calls ``import_module`` (the string registries)."""
    if not any(isinstance(n, ast.Attribute) and n.attr == "import_module" or
               isinstance(n, ast.Name) and n.id == "import_module" for n, _ in _walk(module.tree)):
        return []
    bound = {}
    for node, pairs, _ in imports(module):
        for alias, (base, name) in zip(node.names, pairs):
            target = base + "." + name if name else base
            if target in mods:
                bound[alias.asname or (name or base.split(".")[0])] = target
    edges = []
    for node, in_function in _walk(module.tree):
        if isinstance(node, (ast.DictComp, ast.ListComp, ast.SetComp, ast.GeneratorExp)):
            for gen in node.generators:
                if not (isinstance(gen.iter, ast.Attribute) and isinstance(gen.iter.value, ast.Name)
                        and isinstance(gen.target, ast.Name)):
                    continue
                names = _literal_names(module, mods, bound, gen.iter.value.id, gen.iter.attr)
                for sub, _ in _walk(node):
                    if (isinstance(sub, ast.BinOp) and isinstance(sub.op, ast.Mod)
                            and isinstance(sub.left, ast.Constant) and isinstance(sub.left.value, str)
                            and isinstance(sub.right, ast.Name) and sub.right.id == gen.target.id):
                        for name in names:
                            target = sub.left.value % name
                            if target in mods and target != module.name:
                                edges.append(Edge(module.name, target, "", sub.lineno, in_function))
        elif registries and isinstance(node, ast.Constant) and isinstance(node.value, str):
            target = node.value.partition(":")[0]
            if target in mods and target != module.name:
                edges.append(Edge(module.name, target, "", node.lineno, in_function))
    return edges


def graph(mods, registries=False):
    """The import edges between govopen modules, at module top and in functions,
    and the dynamic imports ``dynamic_edges`` can read."""
    edges = [e for module in mods.values() for e in dynamic_edges(module, mods, registries)]
    for module in mods.values():
        for node, pairs, in_function in imports(module):
            for base, name in pairs:
                if name and base + "." + name in mods:   # ``from pkg import submodule``
                    target, names = base + "." + name, ""
                else:
                    target, names = _known(base, mods), name
                if target and target != module.name:
                    edges.append(Edge(module.name, target, names, node.lineno, in_function))
    return edges


def cycles(edges):
    """Strongly connected groups of more than one module (Tarjan), sorted."""
    succ = {}
    for e in edges:
        succ.setdefault(e.source, set()).add(e.target)
        succ.setdefault(e.target, set())
    index, low, on_stack, stack, found = {}, {}, set(), [], []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(succ[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10000))
    for v in sorted(succ):
        if v not in index:
            visit(v)
    return sorted(found)


def package(name, mods):
    """The package a module belongs to: itself for a package, else its parent."""
    module = mods.get(name)
    return name if module is not None and module.is_package else name.rpartition(".")[0]


def _private(name):
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def private_imports(mods, edges):
    """Private names reached from another package: ``from x import _name`` and
    ``x._name`` where ``x`` was imported as a govopen module of another package.
    Each as (importing module, line, "target._name")."""
    found = set()
    for e in edges:
        if e.names and _private(e.names) and package(e.source, mods) != package(e.target, mods):
            found.add((e.source, e.line, e.target + "." + e.names))
    for module in mods.values():
        bound = {}   # local name -> govopen module, for the module's imports
        for node, pairs, _ in imports(module):
            for alias, (base, name) in zip(node.names, pairs):
                if name and base + "." + name in mods:
                    bound[alias.asname or name] = base + "." + name
                elif not name and base in mods and alias.asname:
                    bound[alias.asname] = base
        for node, _ in _walk(module.tree):
            if (isinstance(node, ast.Attribute) and _private(node.attr)
                    and isinstance(node.value, ast.Name) and node.value.id in bound):
                target = bound[node.value.id]
                if package(module.name, mods) != package(target, mods):
                    found.add((module.name, node.lineno, target + "." + node.attr))
    return sorted(found)


def _under(name, prefix):
    return name == prefix or name.startswith(prefix + ".")


# The layering: (what, modules under this prefix, must not import these
# prefixes, except these prefixes). Edges at module top and in functions.
LAYERS = (
    ("the connectors (harvesters/) are CKAN-free: of ckanext.govopen they use only the standard",
     "govopen_harvesters", ("ckanext.govopen",), ("ckanext.govopen.standard",)),
    ("the standards' data package imports nothing of govopen",
     "govopen_standards", ("ckanext.govopen", "govopen_harvesters"), ()),
    ("the standard (ckanext.govopen.standard) imports no feature package and no connector",
     "ckanext.govopen.standard", ("ckanext.govopen", "govopen_harvesters"),
     ("ckanext.govopen.standard", "ckanext.govopen.common")),
    ("the leaf ckanext.govopen.common imports nothing else of govopen",
     "ckanext.govopen.common", ("ckanext.govopen", "govopen_harvesters", "govopen_standards"), ()),
)


def layering(edges, layers=LAYERS):
    """Edges against the layering, and imports of the plugin from anywhere but itself.
    Each as (importing module, line, imported module, the rule's text)."""
    found = []
    for e in edges:
        for text, source, forbidden, allowed in layers:
            if (_under(e.source, source) and any(_under(e.target, f) for f in forbidden)
                    and not any(_under(e.target, a) for a in allowed)):
                found.append((e.source, e.line, e.target, text))
        if _under(e.target, "ckanext.govopen.plugin") and not _under(e.source, "ckanext.govopen.plugin"):
            found.append((e.source, e.line, e.target, "nothing but plugin.py imports ckanext.govopen.plugin"))
    return sorted(set(found))


def in_function_imports(mods):
    """Import statements inside functions: (all, of govopen modules)."""
    total, govopen = 0, 0
    for module in mods.values():
        for node, pairs, in_function in imports(module):
            if in_function:
                total += 1
                if any(_known(base + "." + name if name else base, mods) or _known(base, mods)
                       for base, name in pairs):
                    govopen += 1
    return total, govopen


def report(repo, out=sys.stdout):
    mods = modules(repo)
    edges = graph(mods)
    say = lambda *a: print(*a, file=out)   # noqa: E731
    say("Python modules: %d" % len(mods))
    for label, prefix in AREAS:
        if prefix == "ckanext.govopen":
            n = sum(1 for m in mods if _under(m, prefix) and not _under(m, "ckanext.govopen.standard"))
        else:
            n = sum(1 for m in mods if _under(m, prefix))
        say("  %-55s %d" % (label, n))
    say("Largest modules (lines):")
    for m in sorted(mods.values(), key=lambda m: (-m.lines, m.name))[:10]:
        say("  %5d  %s" % (m.lines, os.path.relpath(m.path, repo)))
    total, govopen = in_function_imports(mods)
    say("Imports inside functions: %d (of govopen modules: %d)" % (total, govopen))
    top = [e for e in edges if not e.in_function]
    found = cycles(edges)
    say("Import cycles (all imports): %d; with module-top imports only: %d" % (len(found), len(cycles(top))))
    for group in found:
        say("  " + " <-> ".join(group))
    strings = cycles(graph(mods, registries=True))
    say("Import cycles if the string registries (\"module:function\") counted as imports: %d" % len(strings))
    for group in strings:
        say("  %d modules: %s ..." % (len(group), ", ".join(group[:4])))
    private = private_imports(mods, edges)
    say("Cross-package imports of private names: %d" % len(private))
    for source, line, name in private:
        say("  %s:%d  %s" % (source, line, name))
    bad = layering(edges)
    say("Layering violations: %d" % len(bad))
    for source, line, target, text in bad:
        say("  %s:%d -> %s  (%s)" % (source, line, target, text))
    return mods, edges


if __name__ == "__main__":
    report(sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
