"""
The example extension is real, working code: its sources (as the recipe's
SRC_URI lists them) build with real maturin, offline, from the crates that
BitBake's fetcher got for its crates.inc; the host python imports and calls
the module with the ptest's own test script. And the ext_suffix= line that
the class's root-cause step writes into pyo3.config names the module in the
wheel, with the maturin of scarthgap (1.4.0) and the newest.
"""
import os
import subprocess
import sys
import sysconfig
import zipfile

import pytest

from conftest import EXAMPLE_DIR, EXAMPLE_INC, LAYER, cargo_env, recipe_sources, write_yocto_sysconfigdata
from test_class_install import TARGET_PYDIR

SOURCES = ["Cargo.toml", "Cargo.lock", "pyproject.toml", "src", "test_maturin_fix_example.py", "COPYING.MIT"]
PYTHON = sysconfig.get_python_version()
HOST_SUFFIX = sysconfig.get_config_var("EXT_SUFFIX")


def maturin(version):
    """The maturin executable of that version, installed by run.sh."""
    if version == "newest":
        path = os.path.join(os.path.dirname(sys.executable), "maturin")
    else:
        path = os.environ.get("MATURIN_FIX_MATURIN_1_4",
                              os.path.join(LAYER, ".venv", "layer", "maturin-1.4.0", "bin", "maturin"))
        assert version == "1.4.0"
    if not os.access(path, os.X_OK):
        pytest.fail("maturin %s is not installed at %s: run tests/layer/run.sh" % (version, path))
    return path


@pytest.fixture(scope="module")
def example_src(tmp_path_factory):
    return recipe_sources(os.path.join(EXAMPLE_DIR, "files"), SOURCES, str(tmp_path_factory.mktemp("example")))


@pytest.fixture(scope="module")
def cargo_target(tmp_path_factory):
    """One target dir for the module's maturin builds, as CI would reuse it."""
    return os.path.join(os.environ.get("CARGO_TARGET_DIR") or os.path.join(LAYER, "target"), "layer-tests-example")


def pyo3_config(build, source, knob):
    """The pyo3.config that python_pyo3 and the class's root-cause step leave, for the host python."""
    write_yocto_sysconfigdata(build.path(TARGET_PYDIR.replace("3.12", PYTHON)), PYTHON, "arm-linux-gnueabihf")
    build.config += ['PYTHON_BASEVERSION = "%s"' % PYTHON, 'SITEINFO_BITS = "64"',
                     'FIXTURE_SOURCE = "%s"' % source, 'MATURIN_FIX_PYO3_CONFIG = "%s"' % knob]
    assert build.run("do_configure")["tasks"] == {"do_configure": 0}, build.log("do_configure")
    return build.path("pyo3.config")


def build_wheel(maturin_exe, src, outdir, cargo_home, target_dir, config=None):
    env = dict(cargo_env(cargo_home), CARGO_TARGET_DIR=target_dir)
    env.pop("PYO3_CONFIG_FILE", None)
    if config:
        env["PYO3_CONFIG_FILE"] = config
    proc = subprocess.run([maturin_exe, "build", "--release", "--frozen", "--offline", "--out", outdir,
                           "--interpreter", sys.executable], cwd=src, env=env, stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True)
    assert proc.returncode == 0, proc.stdout
    wheels = [os.path.join(outdir, w) for w in os.listdir(outdir) if w.endswith(".whl")]
    assert len(wheels) == 1, wheels
    return wheels[0]


def modules_in(wheel):
    with zipfile.ZipFile(wheel) as z:
        return sorted(n for n in z.namelist() if n.endswith(".so"))


def test_example_builds_offline_and_the_host_python_imports_and_calls_it(
        build, example_src, vendored, cargo_target, tmp_path):
    # Root-cause step off: maturin names the module for the host it builds on.
    config = pyo3_config(build, example_src, "0")
    wheel = build_wheel(maturin("newest"), example_src, str(tmp_path / "dist"), vendored(EXAMPLE_INC),
                        cargo_target, config)
    assert modules_in(wheel) == ["maturin_fix_example/maturin_fix_example" + HOST_SUFFIX]
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(venv / "bin" / "pip"), "install", "--no-index", "--quiet", wheel], check=True)
    # The ptest's script, run where run-ptest runs it: outside the sources.
    proc = subprocess.run([str(venv / "bin" / "python"), os.path.join(example_src, "test_maturin_fix_example.py")],
                          cwd=str(tmp_path), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          universal_newlines=True)
    assert proc.returncode == 0, proc.stdout
    assert sorted(l for l in proc.stdout.splitlines() if l.startswith(("PASS:", "FAIL:"))) == [
        "PASS: test_add", "PASS: test_add_overflow", "PASS: test_import", "PASS: test_target_arch"]
    assert "built for %s" % os.uname().machine in proc.stdout


@pytest.mark.parametrize("version", ["1.4.0", "newest"])
def test_root_cause_line_names_the_module_in_the_wheel(build, example_src, vendored, cargo_target, tmp_path,
                                                       version):
    config = pyo3_config(build, example_src, "auto")
    with open(config) as f:
        assert f.read().splitlines()[-1] == "ext_suffix=.cpython-%s-arm-linux-gnueabihf.so" % PYTHON.replace(".", "")
    wheel = build_wheel(maturin(version), example_src, str(tmp_path / "dist"), vendored(EXAMPLE_INC),
                        cargo_target + "-" + version, config)
    assert modules_in(wheel) == ["maturin_fix_example/maturin_fix_example.cpython-%s-arm-linux-gnueabihf.so"
                                 % PYTHON.replace(".", "")]


def test_ptest_runner_script_runs_the_test_script():
    with open(os.path.join(EXAMPLE_DIR, "files", "run-ptest")) as f:
        script = f.read()
    assert script.startswith("#!/bin/sh\n") and "python3 test_maturin_fix_example.py" in script
    assert os.access(os.path.join(EXAMPLE_DIR, "files", "run-ptest"), os.X_OK)
