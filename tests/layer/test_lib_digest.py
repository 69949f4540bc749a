"""
maturin_fix.configuration.digest, which conf/layer.conf puts into BitBake's configuration (so its
hash) for BitBake 2.8: it must follow the content of every Python file of lib/maturin_fix/ and
nothing else, and mark each as a dependency of the configuration. Run on copies of the package,
each imported from its own directory as addpylib would.
"""
import glob
import importlib.util
import os
import shutil

import pytest

from conftest import HERE, LAYER, datastore

PACKAGE = os.path.join(LAYER, "lib", "maturin_fix")
FILES = sorted(os.path.basename(p) for p in glob.glob(os.path.join(PACKAGE, "*.py")))


@pytest.fixture(autouse=True)
def bb_parse_importable(monkeypatch):
    # The package imports bb.parse, which imports hashserv: BitBake has it, the bb package
    # from PyPI does not; bbtask.py's stand-in is enough, as mark_dependency never uses it.
    monkeypatch.syspath_prepend(os.path.join(HERE, "bitbake_env", "lib"))


def package_copy(tmp_path, name="copy"):
    dest = tmp_path / name / "maturin_fix"
    shutil.copytree(PACKAGE, str(dest), ignore=shutil.ignore_patterns("__pycache__"))
    return dest


def digest(package):
    """configuration.digest of the copy at package, and the datastore it was given."""
    spec = importlib.util.spec_from_file_location(
        "maturin_fix_digest_%d" % id(package), str(package / "configuration.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    d = datastore()
    return module.digest(d), d


def test_the_package_has_modules():
    assert {"__init__.py", "configuration.py"} <= set(FILES) and len(FILES) > 2, FILES


def test_same_content_same_digest_wherever_and_whenever(tmp_path):
    first = package_copy(tmp_path, "first")
    second = package_copy(tmp_path, "second")
    for path in second.iterdir():
        os.utime(str(path), (1, 1))
    assert digest(first)[0] == digest(second)[0]


@pytest.mark.parametrize("name", FILES)
def test_a_change_to_any_file_changes_the_digest(tmp_path, name):
    package = package_copy(tmp_path)
    before = digest(package)[0]
    path = package / name
    path.write_text(path.read_text() + "\n# changed\n")
    assert digest(package)[0] != before, "a change to %s left the digest as it was" % name


def test_a_new_module_changes_the_digest(tmp_path):
    package = package_copy(tmp_path)
    before = digest(package)[0]
    (package / "new.py").write_text("")
    assert digest(package)[0] != before


def test_what_is_not_python_is_left_out(tmp_path):
    package = package_copy(tmp_path)
    before = digest(package)[0]
    (package / "__pycache__").mkdir()
    (package / "__pycache__" / "source.cpython-312.pyc").write_bytes(b"\0")
    (package / "notes.txt").write_text("x")
    assert digest(package)[0] == before


def test_every_file_is_a_dependency_of_the_configuration(tmp_path):
    package = package_copy(tmp_path)
    _, d = digest(package)
    depends = {path for path, _mtime in d.getVar("__depends", False) or []}
    assert depends == {str(package / name) for name in FILES}
