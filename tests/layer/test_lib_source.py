"""
Unit tests of lib/maturin_fix/source.py: what the class tells maturin-fix
about the target python (overrides, the sysroot, the RUST_HOST_SYS fallback),
the sysroots it refuses, and which defaults it exports for the devshell.
"""
import os

import bb
import pytest

from conftest import datastore, layer_lib

source = layer_lib("source")

ARM = "armv7-poky-linux-gnueabihf"


def target(sysroot, **extra):
    """A target recipe's datastore: python 3.12 in sysroot/usr/lib, built for ARM."""
    variables = dict(MATURIN_FIX_SYSROOT=str(sysroot), MATURIN_FIX_LIBDIR="/usr/lib",
                     MATURIN_FIX_PYTHON="3.12", RUST_HOST_SYS=ARM)
    variables.update(extra)
    return datastore(**variables)


def put(path, text=""):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


@pytest.mark.parametrize("sysroot,why", [
    ("", "it is empty"),
    ("recipe-sysroot", "it is not an absolute path"),
    ("./recipe-sysroot", "it is not an absolute path"),
    ("/", "it is the build host's own /"),
    ("/usr/..", "it is the build host's own /"),
    ("/nonexistent/recipe-sysroot", None),
])
def test_sysroot_problem(sysroot, why):
    assert source.sysroot_problem(sysroot) == why


def test_a_link_to_the_hosts_root_is_the_hosts_root(tmp_path):
    os.symlink("/", str(tmp_path / "sysroot"))
    assert source.sysroot_problem(str(tmp_path / "sysroot")) == "it is the build host's own /"
    assert source.sysroot_problem(str(tmp_path)) is None


def test_python_dirs_follow_sysroot_libdir_and_version():
    d = target("/build/w/recipe-sysroot", MATURIN_FIX_LIBDIR="/usr/lib32", MATURIN_FIX_PYTHON="3.13")
    assert source.python_dirs(d) == ["/build/w/recipe-sysroot/usr/lib32/python3.13",
                                     "/build/w/recipe-sysroot/usr/lib32/python-sysconfigdata"]


@pytest.mark.parametrize("staged", [
    # CPython's own file, and oe-core's staged copy of it.
    "usr/lib/python3.12/_sysconfigdata__linux_arm-linux-gnueabihf.py",
    "usr/lib/python-sysconfigdata/_sysconfigdata.py",
    # PEP 739, Python 3.14 and later.
    "usr/lib/python3.12/build-details.json",
])
def test_the_sysroots_python_is_read(tmp_path, bb_log, staged):
    put(str(tmp_path / staged))
    d = target(tmp_path)
    assert source.sysroot_has_python(d)
    assert source.args(d) == ["--sysroot", str(tmp_path), "--libdir", "/usr/lib", "--python", "3.12"]
    assert bb_log() == []


@pytest.mark.parametrize("staged", [
    # Another version's sysconfigdata is not this python's.
    "usr/lib/python3.11/_sysconfigdata__linux_arm-linux-gnueabihf.py",
    # Not a sysconfigdata file.
    "usr/lib/python3.12/sysconfig.py",
    # Another libdir (multilib).
    "usr/lib64/python3.12/_sysconfigdata__linux_arm-linux-gnueabihf.py",
])
def test_no_python_in_the_sysroot_falls_back_to_the_triple(tmp_path, bb_log, staged):
    put(str(tmp_path / staged))
    d = target(tmp_path)
    assert not source.sysroot_has_python(d)
    assert source.args(d) == ["--target", ARM, "--python", "3.12"]
    assert bb_log() == [("WARNING",
                         "maturin-fix: no sysconfigdata of python 3.12 in %s/usr/lib/python3.12 or "
                         "%s/usr/lib/python-sysconfigdata; deriving the suffix from RUST_HOST_SYS=%s "
                         "instead (set MATURIN_FIX_SYSCONFIGDATA or MATURIN_FIX_EXT_SUFFIX to be exact)"
                         % (tmp_path, tmp_path, ARM))]


def test_the_fallback_is_a_note_where_asked(tmp_path, bb_log):
    assert source.args(target(tmp_path), warn=False) == ["--target", ARM, "--python", "3.12"]
    assert [level for level, _ in bb_log()] == ["NOTE"]
    assert bb_log()[0][1].startswith("maturin-fix: no sysconfigdata of python 3.12 in ")


def test_ext_suffix_wins_over_everything(tmp_path, bb_log):
    put(str(tmp_path / "usr/lib/python3.12/_sysconfigdata__linux_arm-linux-gnueabihf.py"))
    d = target(tmp_path, MATURIN_FIX_EXT_SUFFIX=".cpython-312-arm-linux-gnueabi.so",
               MATURIN_FIX_SYSCONFIGDATA="/elsewhere/_sysconfigdata__linux_arm-linux-gnueabi.py")
    assert source.args(d) == ["--ext-suffix", ".cpython-312-arm-linux-gnueabi.so"]
    assert bb_log() == []


def test_sysconfigdata_wins_over_the_sysroot(tmp_path, bb_log):
    put(str(tmp_path / "usr/lib/python3.12/_sysconfigdata__linux_arm-linux-gnueabihf.py"))
    d = target(tmp_path, MATURIN_FIX_SYSCONFIGDATA="/elsewhere/_sysconfigdata__linux_arm-linux-gnueabi.py")
    assert source.args(d) == ["--sysconfigdata", "/elsewhere/_sysconfigdata__linux_arm-linux-gnueabi.py"]
    assert bb_log() == []


@pytest.mark.parametrize("override,option", [("MATURIN_FIX_EXT_SUFFIX", "--ext-suffix"),
                                             ("MATURIN_FIX_SYSCONFIGDATA", "--sysconfigdata")])
def test_an_override_needs_no_sysroot(bb_log, override, option):
    # The sysroot is only looked at when no override names the target.
    assert source.args(target("", **{override: "x"})) == [option, "x"]
    assert bb_log() == []


@pytest.mark.parametrize("sysroot,why", [
    ("", "it is empty"),
    ("recipe-sysroot", "it is not an absolute path"),
    ("/", "it is the build host's own /"),
])
def test_a_sysroot_that_cannot_hold_the_target_python_stops(bb_log, sysroot, why):
    with pytest.raises(bb.BBHandledException):
        source.args(target(sysroot))
    assert bb_log() == [("FATAL",
                         'maturin-fix: MATURIN_FIX_SYSROOT = "%s" cannot hold the target python: %s. '
                         "Set MATURIN_FIX_SYSROOT to the sysroot that holds it (STAGING_DIR_HOST, or "
                         "STAGING_DIR_NATIVE for native recipes), or set MATURIN_FIX_SYSCONFIGDATA or "
                         "MATURIN_FIX_EXT_SUFFIX" % (sysroot, why))]


@pytest.mark.parametrize("overrides,source_vars", [
    ({}, ["MATURIN_FIX_SYSROOT", "MATURIN_FIX_LIBDIR", "MATURIN_FIX_PYTHON"]),
    ({"MATURIN_FIX_SYSCONFIGDATA": "/x/_sysconfigdata.py"}, ["MATURIN_FIX_SYSCONFIGDATA"]),
    ({"MATURIN_FIX_EXT_SUFFIX": ".abi.so"}, ["MATURIN_FIX_EXT_SUFFIX"]),
    ({"MATURIN_FIX_EXT_SUFFIX": ".abi.so", "MATURIN_FIX_SYSCONFIGDATA": "/x/_sysconfigdata.py"},
     ["MATURIN_FIX_EXT_SUFFIX"]),
])
def test_exports_name_the_one_source_args_takes(overrides, source_vars):
    d = target("/build/w/recipe-sysroot", **overrides)
    assert source.exports(d) == ["MATURIN_FIX_ROOT", "MATURIN_FIX_MODE"] + source_vars
