"""
The class's logic lives in lib/maturin_fix/, yet stays in the task
signatures: conf/layer.conf's addpylib makes BitBake hash each function of
the modules that maturin_fix.BBIMPORTS names into every task that calls it.
Checked on the basehashes of the real BitBake's SignatureGeneratorBasic for
the fixture recipe, on a copy of the layer whose module functions are
changed one at a time: a change reruns exactly the tasks it concerns.
"""
import ast
import glob
import os
import shutil

import pytest

from conftest import LAYER, Build

TASKS = ["do_configure", "do_compile", "do_install", "do_package", "do_package_qa"]
# Called at parse time, not by a task: by the class's __anonymous (what it
# decides, which variables are exported, is in the signatures as variables)
# and by conf/layer.conf (the configuration hash, lib/maturin_fix/configuration.py);
# all of maturin_fix.auto, by maturin-fix-auto.bbclass's event handler (what it
# decides, which class a recipe inherits, is in the signatures as that class).
PARSE_TIME_ONLY = {"maturin_fix.source.exports", "maturin_fix.configuration.digest"}
PARSE_TIME_ONLY_MODULES = {"maturin_fix.auto"}


def layer_copy(tmp_path):
    dest = tmp_path / "layer"
    for part in ("conf", "classes-recipe", "lib"):
        shutil.copytree(os.path.join(LAYER, part), str(dest / part),
                        ignore=shutil.ignore_patterns("__pycache__"))
    return dest


def edit(layer, module, old, new):
    path = layer / "lib" / "maturin_fix" / module
    text = path.read_text()
    assert text.count(old) == 1, "%s: %r is not there exactly once" % (module, old)
    path.write_text(text.replace(old, new))


@pytest.fixture
def signatures(tmp_path, tool):
    """The signatures of the fixture recipe's tasks for a layer, in symlink mode (dev-so wrapped)."""
    build = Build(tmp_path / "build", tool)
    build.config += ['BB_SIGNATURE_HANDLER = "basic"', 'MATURIN_FIX_MODE = "symlink"']

    def of(layer):
        return build.run(layer=layer, signatures=True)
    return of


def modules():
    """{module name: its syntax tree} of lib/maturin_fix/."""
    trees = {}
    for path in glob.glob(os.path.join(LAYER, "lib", "maturin_fix", "*.py")):
        with open(path) as f:
            trees[os.path.basename(path)[:-3]] = ast.parse(f.read())
    return trees


def module_functions():
    """maturin_fix.<module>.<function> for each function the modules define."""
    return {"maturin_fix.%s.%s" % (module, node.name) for module, tree in modules().items()
            for node in tree.body if isinstance(node, ast.FunctionDef)}


def test_the_modules_hold_nothing_bitbake_cannot_hash():
    # BitBake hashes the source of the public functions of the modules in
    # BBIMPORTS, and follows a call only by its full name.
    trees = modules()
    init = trees.pop("__init__")
    assert [type(node) for node in init.body] == [ast.Expr, ast.Assign]
    assert sorted(ast.literal_eval(init.body[1].value)) == sorted(trees)
    for module, tree in trees.items():
        for node in tree.body[1:]:
            # No module-level values and no private functions: neither is hashed.
            assert isinstance(node, (ast.Import, ast.FunctionDef)), (module, ast.dump(node)[:80])
            assert not getattr(node, "name", "").startswith("_"), (module, node.name)
        for node in ast.walk(tree):
            # maturin_fix.<module>.<function> only, never a shorter name for it.
            if isinstance(node, ast.ImportFrom):
                assert not (node.module or "").startswith("maturin_fix"), (module, ast.dump(node))
            if isinstance(node, ast.Import):
                assert all(a.asname is None for a in node.names), (module, ast.dump(node))


def test_every_module_function_is_in_a_task_signature(tmp_path, signatures):
    taskdeps = signatures(layer_copy(tmp_path))["taskdeps"]
    covered = set().union(*(taskdeps[task] for task in TASKS))
    task_time = {f for f in module_functions() if f.rsplit(".", 1)[0] not in PARSE_TIME_ONLY_MODULES}
    assert task_time - PARSE_TIME_ONLY - covered == set()
    # And each postfunc and QA check reaches its module.
    assert {"maturin_fix.pyo3config.add_ext_suffix", "maturin_fix.source.args",
            "maturin_fix.tool.run"} <= set(taskdeps["do_configure"])
    assert {"maturin_fix.install.fix", "maturin_fix.source.args",
            "maturin_fix.tool.run"} <= set(taskdeps["do_install"])
    assert {"maturin_fix.qa.check_ext_suffix", "maturin_fix.qa.check_dev_so",
            "maturin_fix.qa.is_module_symlink"} <= set(taskdeps["do_package_qa"])


ALL_THREE = {"do_configure", "do_install", "do_package_qa"}


@pytest.mark.parametrize("module,old,new,changed", [
    # What the target python imports: every task that runs the tool.
    ("source.py", 'return "it is empty"', 'return "it is blank"', ALL_THREE),
    ("tool.py", 'env["PATH"] = path', 'env["PATH"] = path + ":/opt/bin"', ALL_THREE),
    # The tool's words on failure: do_configure only warns with its stderr.
    ("tool.py", 'or "(maturin-fix gave no message)"', 'or "(no message)"', {"do_install", "do_package_qa"}),
    # One postfunc each.
    ("install.py", "(%s rows changed, %s added)", "(%s rows changed, %s rows added)", {"do_install"}),
    ("pyo3config.py", "< (0, 18, 1)]", "< (0, 19, 0)]", {"do_configure"}),
    ("pyo3config.py", '(".git", ".pc", "target")', '(".git", "target")', {"do_configure"}),
    # The QA checks, dev-so's wrapper included.
    ("qa.py", "would name it ", "would call it ", {"do_package_qa"}),
    ("qa.py", "len(parts) >= 3 and", "len(parts) >= 2 and", {"do_package_qa"}),
], ids=["source", "tool-run", "tool-problems", "install", "pyo3-gate", "pyo3-walk", "qa-ext-suffix",
        "qa-dev-so"])
def test_a_change_to_a_module_function_changes_the_tasks_that_call_it(tmp_path, signatures,
                                                                      module, old, new, changed):
    layer = layer_copy(tmp_path)
    before = signatures(layer)["basehashes"]
    assert signatures(layer)["basehashes"] == before, "the signatures are not deterministic"
    edit(layer, module, old, new)
    after = signatures(layer)["basehashes"]
    assert {task for task in TASKS if after[task] != before[task]} == changed


def test_without_bbimports_a_change_goes_unnoticed(tmp_path, signatures):
    # What makes the test above mean something: a module that BBIMPORTS does
    # not name is in no signature, whatever the class calls in it.
    layer = layer_copy(tmp_path)
    edit(layer, "__init__.py", '"install", ', "")
    before = signatures(layer)["basehashes"]
    edit(layer, "install.py", "(%s rows changed, %s added)", "(%s rows changed, %s rows added)")
    assert signatures(layer)["basehashes"] == before
