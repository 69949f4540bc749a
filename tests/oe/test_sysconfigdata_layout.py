"""
The Yocto-layout sysconfigdata committed in tests/data and examples/ (which the Rust tests, the
layer tests and the demo read) is what the real python3 recipe of oe-core master and scarthgap
stages: its own reformat_sysconfig.py, run on the Debian file each was made from, must give
them byte for byte.
"""
import glob
import os
import shutil
import subprocess
import sys

import pytest

from conftest import LAYER, RELEASES, need_snapshots

DATA = os.path.join(LAYER, "tests", "data", "sysroots")
# (Debian's real file, the Yocto-layout sysroot made from it, libdir, python version)
FIXTURES = [
    ("debian-sid-armhf/usr/lib/python3.13/_sysconfigdata__linux_arm-linux-gnueabihf.py",
     os.path.join(DATA, "yocto-armhf-3.13"), "usr/lib", "3.13"),
    ("debian-sid-amd64/usr/lib/python3.13/_sysconfigdata__linux_x86_64-linux-gnu.py",
     os.path.join(DATA, "yocto-x86-64-lib64-3.13"), "usr/lib64", "3.13"),
    ("debian-sid-armhf/usr/lib/python3.13/_sysconfigdata__linux_arm-linux-gnueabihf.py",
     os.path.join(LAYER, "examples", "qemuarm", "sysroot"), "usr/lib", "3.13"),
]


def python3_recipe_dir(release):
    return os.path.join(need_snapshots(release), "openembedded-core", "meta", "recipes-devtools",
                        "python")


@pytest.mark.parametrize("release", RELEASES)
def test_recipe_reformats_sysconfigdata(release):
    """The python3 recipe really runs reformat_sysconfig.py on the installed sysconfigdata."""
    recipes = glob.glob(os.path.join(python3_recipe_dir(release), "python3_*.bb"))
    assert len(recipes) == 1, recipes
    with open(recipes[0]) as f:
        text = f.read()
    assert "reformat_sysconfig.py" in text, "%s no longer runs reformat_sysconfig.py" % recipes[0]


@pytest.mark.parametrize("release", RELEASES)
@pytest.mark.parametrize("debian, sysroot, libdir, version", FIXTURES,
                         ids=["armhf", "x86-64-lib64", "example-qemuarm"])
def test_committed_layout_is_oe_cores(release, debian, sysroot, libdir, version, tmp_path):
    script = os.path.join(python3_recipe_dir(release), "python3", "reformat_sysconfig.py")
    staged = tmp_path / os.path.basename(debian)
    shutil.copy(os.path.join(DATA, debian), staged)
    subprocess.run([sys.executable, script, str(staged)], check=True, stdin=subprocess.DEVNULL)
    expected = staged.read_text()
    for path in (os.path.join(sysroot, libdir, "python" + version, os.path.basename(debian)),
                 os.path.join(sysroot, libdir, "python-sysconfigdata", "_sysconfigdata.py")):
        with open(path) as f:
            assert f.read() == expected, \
                "%s is not what %s's reformat_sysconfig.py stages: regenerate it with " \
                "tests/data/make-yocto-sysconfigdata.py" % (path, release)
