"""Every context key the addons' code reads is listed, with why it is safe, in
docs/architecture.md (*Context keys the addons read*): a new read of a key a client can send
fails here until someone has written down why it cannot change a business result.
"""

import ast
import os
import re

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ADDONS = os.path.join(ROOT, "addons")
DOC = os.path.join(ROOT, "docs", "architecture.md")


def _is_context(node):
    """`self.env.context`, `env.context`, `self._context`, `records.env.context`…"""
    return isinstance(node, ast.Attribute) and node.attr in ("context", "_context")


def _constants(tree):
    found = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant):
            for target in node.targets:
                if isinstance(target, ast.Name) and isinstance(node.value.value, str):
                    found[target.id] = node.value.value
    return found


def _key(node, constants):
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Name) and node.id in constants:
        return constants[node.id]
    if isinstance(node, ast.JoinedStr | ast.BinOp):
        return "<computed>"
    return f"<{ast.unparse(node)}>"


def context_reads(path):
    """(key, line) of every context read in one Python file."""
    with open(path, encoding="utf-8") as handle:
        tree = ast.parse(handle.read(), path)
    constants = _constants(tree)
    reads = []
    for node in ast.walk(tree):
        # context.get(KEY, …)
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "get"
            and _is_context(node.func.value)
            and node.args
        ):
            reads.append((_key(node.args[0], constants), node.lineno))
        # context[KEY]
        elif isinstance(node, ast.Subscript) and _is_context(node.value):
            reads.append((_key(node.slice, constants), node.lineno))
        # KEY in context
        elif (
            isinstance(node, ast.Compare)
            and any(isinstance(op, ast.In | ast.NotIn) for op in node.ops)
            and any(_is_context(comparator) for comparator in node.comparators)
        ):
            reads.append((_key(node.left, constants), node.lineno))
        # context.items(): the guard reads every `default_<field>` key
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("items", "keys", "values")
            and _is_context(node.func.value)
        ):
            reads.append(("default_<field>", node.lineno))
    return reads


def all_context_reads():
    reads = []
    for folder, dirs, files in os.walk(ADDONS):
        dirs[:] = [name for name in dirs if name not in ("tests", "fake_servers", "migrations")]
        for name in files:
            if name.endswith(".py"):
                path = os.path.join(folder, name)
                reads += [(key, os.path.relpath(path, ROOT), line) for key, line in context_reads(path)]
    return reads


def documented_keys():
    with open(DOC, encoding="utf-8") as handle:
        text = handle.read()
    section = text.split("**Context keys the addons read.**", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\| `([^`]+)`", section, re.M)) | {
        key
        for cell in re.findall(r"^\| (`[^|]+`) \|", section, re.M)
        for key in re.findall(r"`([^`]+)`", cell)
    }


def _listed(key, listed):
    return key in listed or (key.startswith("default_") and "default_<field>" in listed)


def test_every_context_key_read_is_documented():
    listed = documented_keys()
    unlisted = [
        f"{path}:{line}: {key}" for key, path, line in all_context_reads() if not _listed(key, listed)
    ]
    assert not unlisted, (
        "These context keys are read but not listed, with why they are safe, in docs/architecture.md "
        "(Context keys the addons read):\n" + "\n".join(unlisted)
    )


def test_the_scan_sees_the_reads_it_must(tmp_path):
    # The scanner itself: a plain flag, a constant key, a membership test and a subscript.
    source = tmp_path / "probe.py"
    source.write_text(
        'KEY = "kobo_switch"\n'
        "def f(self, env):\n"
        '    a = self.env.context.get("kobo_today")\n'
        "    b = env.context.get(KEY)\n"
        '    c = "kobo_mode" in self._context\n'
        '    d = self.env.context["kobo_flag"]\n'
    )
    keys = [key for key, _line in context_reads(str(source))]
    assert sorted(keys) == sorted(["kobo_today", "kobo_switch", "kobo_mode", "kobo_flag"])
    assert not _listed("kobo_today", documented_keys())
    assert _listed("default_company_id", documented_keys())
