"""
maturin-fix.bbclass's do_install postfunc, run by the real BitBake
(bb.build.exec_task) on a recipe that inherits the real class; the tool is
the freshly built binary, the target python a sysconfigdata in the sysroot.

Runs on the stand-in metadata of bitbake_env/, not on oe-core: why, and
what tests/oe proves on the real one instead, is in bitbake_env/README.md.
"""
import ast
import glob
import json
import os
import shutil
import subprocess

import pytest

from conftest import LAYER, Build, install_module, write_yocto_sysconfigdata

ARM_SITE = os.path.join("image", "usr", "lib", "python3.12", "site-packages")
TARGET_PYDIR = os.path.join("recipe-sysroot", "usr", "lib", "python3.12")
# What maturin <= 1.7.1 names a qemuarm module, and what CPython imports there.
MATURIN_ARM = "rpds.cpython-312-armv7l-linux-gnueabihf.so"
CPYTHON_ARM = "rpds.cpython-312-arm-linux-gnueabihf.so"


def arm_target(build, armhf_so):
    """qemuarm: a mis-named, a right, an abi3 and a plain module, and the target python."""
    suffix = write_yocto_sysconfigdata(build.path(TARGET_PYDIR), "3.12", "arm-linux-gnueabihf")
    assert suffix == ".cpython-312-arm-linux-gnueabihf.so"
    install_module(build.sitepackages_src, "rpds", MATURIN_ARM, armhf_so)
    install_module(build.sitepackages_src, "markupsafe", "_speedups.cpython-312-arm-linux-gnueabihf.so",
                   armhf_so, record=False)
    install_module(build.sitepackages_src, "bcrypt", "_bcrypt.abi3.so", armhf_so, record=False)
    install_module(build.sitepackages_src, "plain", "plain.so", armhf_so, record=False)


def listing(root):
    return sorted(os.path.relpath(os.path.join(top, f), root)
                  for top, dirs, files in os.walk(root) for f in files)


def test_symlink_mode_adds_a_link_and_keeps_the_file(build, armhf_so):
    arm_target(build, armhf_so)
    build.config.append('MATURIN_FIX_MODE = "symlink"')
    assert build.run("do_install")["tasks"] == {"do_install": 0}, build.log("do_install")
    link = build.path(ARM_SITE, "rpds", CPYTHON_ARM)
    assert os.path.islink(link) and os.readlink(link) == MATURIN_ARM
    assert os.path.isfile(build.path(ARM_SITE, "rpds", MATURIN_ARM))
    assert "maturin-fix: symlink" in build.log("do_install")


def test_ext_suffix_override_wins_over_the_sysroot(build, armhf_so):
    arm_target(build, armhf_so)
    # The sysroot says hard-float; the override (soft-float EABI) must win.
    build.config.append('MATURIN_FIX_EXT_SUFFIX = ".cpython-312-arm-linux-gnueabi.so"')
    assert build.run("do_install")["tasks"] == {"do_install": 0}, build.log("do_install")
    assert os.path.isfile(build.path(ARM_SITE, "rpds", "rpds.cpython-312-arm-linux-gnueabi.so"))
    assert not os.path.lexists(build.path(ARM_SITE, "rpds", MATURIN_ARM))


def test_sysconfigdata_override_wins_over_the_sysroot(build, armhf_so, tmp_path):
    arm_target(build, armhf_so)
    other = write_yocto_sysconfigdata(str(tmp_path / "elsewhere" / "python3.12"), "3.12", "arm-linux-gnueabi")
    build.config.append('MATURIN_FIX_SYSCONFIGDATA = "%s"'
                        % (tmp_path / "elsewhere" / "python3.12" / "_sysconfigdata__linux_arm-linux-gnueabi.py"))
    assert build.run("do_install")["tasks"] == {"do_install": 0}, build.log("do_install")
    assert os.path.isfile(build.path(ARM_SITE, "rpds", "rpds" + other))


def test_extra_args_reach_the_tool(build, armhf_so):
    arm_target(build, armhf_so)
    build.config.append('MATURIN_FIX_EXTRA_ARGS = "--dry-run"')
    result = build.run("do_install")
    # A dry run that finds work exits 1: the task fails and nothing moved.
    assert result["tasks"] == {"do_install": 1}
    assert os.path.isfile(build.path(ARM_SITE, "rpds", MATURIN_ARM))


# A CPython 3.11 module beside the 3.12 target's: not maturin-fix's to change.
DECOY = "foo.cpython-311-arm-linux-gnueabihf.so"


def test_module_for_another_python_does_not_fail_the_install(build, armhf_so, armhf_so_other):
    arm_target(build, armhf_so)
    install_module(build.sitepackages_src, "rpds", DECOY, armhf_so_other, record=False)
    # And a vendored library: no Python module at all.
    os.makedirs(os.path.join(build.sitepackages_src, "vendored"))
    shutil.copy(armhf_so, os.path.join(build.sitepackages_src, "vendored", "libfoo-1.2.so"))
    result = build.run("do_install")
    assert result["tasks"] == {"do_install": 0}, build.log("do_install")
    site = build.path(ARM_SITE)
    # Everything fixable was fixed, the decoy kept as it was.
    assert sorted(os.listdir(os.path.join(site, "rpds"))) == sorted(["__init__.py", CPYTHON_ARM, DECOY])
    with open(os.path.join(site, "rpds", DECOY), "rb") as f, open(armhf_so_other, "rb") as g:
        assert f.read() == g.read()
    log = build.log("do_install")
    assert "NOTE: maturin-fix: rename usr/lib/python3.12/site-packages/rpds/%s -> " \
           "usr/lib/python3.12/site-packages/rpds/%s" % (MATURIN_ARM, CPYTHON_ARM) in log
    left = [line for line in log.splitlines() if line.startswith("NOTE: maturin-fix: left ")]
    assert len(left) == 1 and left[0].startswith(
        "NOTE: maturin-fix: left usr/lib/python3.12/site-packages/rpds/%s alone: " % DECOY) and "3.11" in left[0], log


@pytest.mark.parametrize("decoy", [False, True])
def test_conflict_fails_the_task_with_the_tools_message(build, tool, tmp_path, armhf_so, armhf_so_other, decoy):
    arm_target(build, armhf_so)
    if decoy:
        # A module left alone does not make a conflict pass.
        install_module(build.sitepackages_src, "rpds", DECOY, armhf_so, record=False)
    # The right name is taken by a different file: nothing may change.
    install_module(build.sitepackages_src, "rpds", CPYTHON_ARM, armhf_so_other, record=False)
    # What the tool itself says about that tree.
    shutil.copytree(build.sitepackages_src, str(tmp_path / "copy"))
    report = json.loads(subprocess.run(
        [tool, "fix", "--dry-run", "--format", "json", "--root", str(tmp_path / "copy"),
         "--sysroot", build.path("recipe-sysroot"), "--python", "3.12"],
        stdout=subprocess.PIPE, universal_newlines=True).stdout)
    messages = [p["message"] for p in report["problems"]]
    assert messages
    result = build.run("do_install")
    assert result["tasks"] == {"do_install": 1}
    log = build.log("do_install")
    assert "maturin-fix could not fix the extension modules" in log
    for message in messages:
        assert message in log.split("could not fix")[1]
    with open(build.path(ARM_SITE, "rpds", CPYTHON_ARM), "rb") as f, open(armhf_so_other, "rb") as g:
        assert f.read() == g.read()
    assert os.path.isfile(build.path(ARM_SITE, "rpds", MATURIN_ARM))


def test_no_sysconfigdata_falls_back_to_the_triple_with_a_warning(build, armhf_so):
    arm_target(build, armhf_so)
    shutil.rmtree(build.path("recipe-sysroot"))
    assert build.run("do_install")["tasks"] == {"do_install": 0}, build.log("do_install")
    log = build.log("do_install")
    assert "WARNING: maturin-fix: no sysconfigdata of python 3.12" in log
    assert "--target armv7-poky-linux-gnueabihf --python 3.12" in log
    # CPython's configure gives an armv7 hard-float EABI glibc target this triplet.
    assert os.path.isfile(build.path(ARM_SITE, "rpds", CPYTHON_ARM))


def test_multilib_libdir_is_followed(build, armhf_so):
    build.config.append('baselib = "lib32"')
    site = os.path.join("image", "usr", "lib32", "python3.12", "site-packages")
    write_yocto_sysconfigdata(build.path("recipe-sysroot", "usr", "lib32", "python3.12"),
                              "3.12", "arm-linux-gnueabihf")
    install_module(build.sitepackages_src, "rpds", MATURIN_ARM, armhf_so)
    assert build.run("do_install")["tasks"] == {"do_install": 0}, build.log("do_install")
    assert os.path.isfile(build.path(site, "rpds", CPYTHON_ARM))
    assert "--libdir /usr/lib32" in build.log("do_install")


def test_native_variant_uses_the_native_sysroot(tmp_path, tool, host_so):
    build = Build(tmp_path, tool, variant="native")
    # python3-native in the native sysroot ...
    build.config.append('PYTHON_BASEVERSION = "3.13"')
    native_sysroot = build.path("recipe-sysroot-native")
    suffix = write_yocto_sysconfigdata(os.path.join(native_sysroot, "usr", "lib", "python3.13"),
                                       "3.13", "x86_64-linux-gnu")
    # ... and a target python in recipe-sysroot that a native build must ignore.
    write_yocto_sysconfigdata(build.path("recipe-sysroot", "usr", "lib", "python3.13"), "3.13", "arm-linux-gnueabihf")
    install_module(build.sitepackages_src, "fast", "fast.cpython-313-x86_64-linux-musl.so", host_so)
    result = build.run("do_install", show=["D", "PYTHON_SITEPACKAGES_DIR"])
    assert result["tasks"] == {"do_install": 0}, build.log("do_install")
    # The tool was told this sysroot and nothing else, so the answer is this
    # file's, whatever python the build host has (test_sysroot_is_never_the_hosts).
    assert "--sysroot %s --libdir /usr/lib --python 3.13" % native_sysroot in build.log("do_install")
    # Native recipes install by absolute path into the native sysroot.
    assert result["vars"]["PYTHON_SITEPACKAGES_DIR"].startswith(build.path("recipe-sysroot-native"))
    site = result["vars"]["D"] + result["vars"]["PYTHON_SITEPACKAGES_DIR"]
    assert sorted(os.listdir(os.path.join(site, "fast"))) == ["__init__.py", "fast" + suffix]


@pytest.mark.parametrize("config,value,why", [
    ('MATURIN_FIX_SYSROOT = ""', "", "it is empty"),
    ('MATURIN_FIX_SYSROOT = "/"', "/", "it is the build host's own /"),
    ('MATURIN_FIX_SYSROOT = "recipe-sysroot"', "recipe-sysroot", "it is not an absolute path"),
    # What a native recipe has, were it not for the class's :class-native default.
    ('STAGING_DIR_HOST = ""', "", "it is empty"),
])
def test_sysroot_is_never_the_hosts(build, armhf_so, config, value, why):
    arm_target(build, armhf_so)
    build.config.append(config)
    result = build.run("do_install")
    assert result["tasks"] == {"do_install": 1}
    log = build.log("do_install")
    assert ('ERROR: maturin-fix: MATURIN_FIX_SYSROOT = "%s" cannot hold the target python: %s. '
            "Set MATURIN_FIX_SYSROOT to the sysroot that holds it (STAGING_DIR_HOST, or "
            "STAGING_DIR_NATIVE for native recipes), or set MATURIN_FIX_SYSCONFIGDATA or "
            "MATURIN_FIX_EXT_SUFFIX" % (value, why)) in log, log
    assert "Running maturin-fix" not in log
    assert os.path.isfile(build.path(ARM_SITE, "rpds", MATURIN_ARM))


def test_nativesdk_variant_uses_the_sdk_libdir(tmp_path, tool, host_so):
    build = Build(tmp_path, tool, variant="nativesdk")
    sdk_lib = os.path.join("usr", "local", "oecore-x86_64", "sysroots", "x86_64-pokysdk-linux", "usr", "lib")
    suffix = write_yocto_sysconfigdata(build.path("recipe-sysroot", sdk_lib, "python3.12"),
                                       "3.12", "x86_64-linux-gnu")
    install_module(build.sitepackages_src, "fast", "fast.cpython-312-x86_64-linux-musl.so", host_so)
    assert build.run("do_install")["tasks"] == {"do_install": 0}, build.log("do_install")
    moddir = build.path("image", sdk_lib, "python3.12", "site-packages", "fast")
    assert sorted(os.listdir(moddir)) == ["__init__.py", "fast" + suffix]


def test_devshell_environment_lets_the_bare_tool_work(build, armhf_so):
    arm_target(build, armhf_so)
    # Not fixed yet: a bare `maturin-fix check` in the task environment finds it.
    build.config.append('MATURIN_FIX_ENABLED = "0"')
    result = build.run("do_install", "do_bare_check")
    assert result["tasks"] == {"do_install": 0, "do_bare_check": 1}
    log = build.log("do_bare_check")
    assert ".cpython-312-arm-linux-gnueabihf.so" in log and MATURIN_ARM in log
    # Fixed: the same bare command passes.
    build.config.remove('MATURIN_FIX_ENABLED = "0"')
    result = build.run("do_install", "do_bare_check")
    assert result["tasks"] == {"do_install": 0, "do_bare_check": 0}, build.log("do_bare_check")


def test_devshell_environment_names_one_source(build):
    result = build.run(show=["MATURIN_FIX_ROOT"])
    assert result["vars"]["MATURIN_FIX_ROOT"] == build.path(ARM_SITE)
    build.config.append('MATURIN_FIX_EXT_SUFFIX = ".cpython-312-arm-linux-gnueabi.so"')
    build.run("do_bare_check")
    with open(build.path("temp", "run.do_bare_check")) as f:
        exports = [line for line in f if line.startswith("export MATURIN_FIX_")]
    assert sorted(line.split("=")[0] for line in exports) == [
        "export MATURIN_FIX_EXT_SUFFIX", "export MATURIN_FIX_MODE", "export MATURIN_FIX_ROOT"]


def fixture_ext_suffix(sysroot):
    """EXT_SUFFIX of the (first) sysconfigdata in a sysroot, read with ast."""
    path = sorted(glob.glob(os.path.join(sysroot, "usr", "lib*", "python3.*", "_sysconfigdata_*.py")))[0]
    with open(path) as f:
        for node in ast.parse(f.read()).body:
            if isinstance(node, ast.Assign) and node.targets[0].id == "build_time_vars":
                return ast.literal_eval(node.value)["EXT_SUFFIX"]
    raise AssertionError("no build_time_vars in " + path)


@pytest.mark.parametrize("sysroot,python,baselib,elf,wrong_platform", [
    ("debian-bookworm-armhf", "3.11", "lib", "armhf_so", "armv7l-linux-gnueabihf"),
    ("debian-sid-armhf", "3.13", "lib", "armhf_so", "armv7l-linux-gnueabihf"),
    ("yocto-armhf-3.13", "3.13", "lib", "armhf_so", "armv7l-linux-gnueabihf"),
    ("yocto-x86-64-lib64-3.13", "3.13", "lib64", "host_so", "x86_64-linux-musl"),
])
def test_real_sysconfigdata_in_the_sysroot(build, request, sysroot, python, baselib, elf, wrong_platform):
    """Sysroots with the sysconfigdata files of real interpreters (tests/data/sysroots)."""
    source = os.path.join(LAYER, "tests", "data", "sysroots", sysroot)
    shutil.copytree(source, build.path("recipe-sysroot"), symlinks=True)
    suffix = fixture_ext_suffix(source)
    build.config += ['PYTHON_BASEVERSION = "%s"' % python, 'baselib = "%s"' % baselib]
    nodot = python.replace(".", "")
    install_module(build.sitepackages_src, "rpds", "rpds.cpython-%s-%s.so" % (nodot, wrong_platform),
                   request.getfixturevalue(elf))
    assert build.run("do_install")["tasks"] == {"do_install": 0}, build.log("do_install")
    moddir = build.path("image", "usr", baselib, "python" + python, "site-packages", "rpds")
    assert sorted(os.listdir(moddir)) == ["__init__.py", "rpds" + suffix]
