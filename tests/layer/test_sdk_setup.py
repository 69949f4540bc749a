"""
nativesdk-maturin-fix's environment-setup.d script in an SDK shell: the
real script, sourced by an environment-setup-<target> shaped like the one
oe-core's toolchain-scripts.bbclass writes, in dash, bash and zsh, with the
freshly built tool run bare in that shell. The target sysroot holds a real
Yocto target python's sysconfigdata from tests/data; the expected suffix is
what Python itself reads from that file, not what the tool says.

And the tool's recipe, parsed by the real BitBake on the stand-in metadata
(bitbake_env/): only its nativesdk variant unpacks, installs and packages
the script.
"""
import filecmp
import json
import os
import runpy
import shutil
import subprocess
import sys

import pytest

from conftest import HERE, LAYER, install_module

RECIPE_DIR = os.path.join(LAYER, "recipes-devtools", "maturin-fix")
RECIPE = os.path.join(RECIPE_DIR, "maturin-fix_0.1.0.bb")
SCRIPT = os.path.join(RECIPE_DIR, "files", "environment.d-maturin-fix.sh")
DATA_SYSROOTS = os.path.join(LAYER, "tests", "data", "sysroots")
# The SDK's own sysroot, as SDKPATHNATIVE names it for an x86_64 host.
SDK_NATIVE = "x86_64-pokysdk-linux"
# Two Yocto targets: qemuarm (python in /usr/lib) and a lib64 x86-64 machine.
ARM = ("cortexa15t2hf-neon-poky-linux-gnueabi", "yocto-armhf-3.13", "usr/lib/python3.13")
X86_64 = ("core2-64-poky-linux", "yocto-x86-64-lib64-3.13", "usr/lib64/python3.13")
SHELLS = ["dash", "bash", "zsh"]


def ext_suffix_of(data_sysroot, pydir):
    """EXT_SUFFIX as Python reads it: by running the target's sysconfigdata module."""
    path = os.path.join(DATA_SYSROOTS, data_sysroot, pydir)
    names = [n for n in os.listdir(path) if n.startswith("_sysconfigdata_") and n.endswith(".py")]
    assert len(names) == 1, names
    return runpy.run_path(os.path.join(path, names[0]))["build_time_vars"]["EXT_SUFFIX"]


class Sdk:
    """
    An installed SDK's layout: <sdk>/environment-setup-<target> and
    <sdk>/sysroots/{<target>,x86_64-pokysdk-linux}, the script installed in
    the native sysroot's environment-setup.d and the tool in its usr/bin.
    """

    def __init__(self, root, tool):
        self.root = str(root)
        self.native = os.path.join(self.root, "sysroots", SDK_NATIVE)
        setup_d = os.path.join(self.native, "environment-setup.d")
        os.makedirs(setup_d)
        shutil.copy(SCRIPT, os.path.join(setup_d, "maturin-fix.sh"))
        bindir = os.path.join(self.native, "usr", "bin")
        os.makedirs(bindir)
        os.symlink(tool, os.path.join(bindir, "maturin-fix"))

    def add_target(self, target, data_sysroot=None, baselib="lib"):
        """A target sysroot (a copy of a tests/data sysroot, or without python) and its setup script."""
        sysroot = os.path.join(self.root, "sysroots", target)
        if data_sysroot:
            shutil.copytree(os.path.join(DATA_SYSROOTS, data_sysroot), sysroot, symlinks=True)
        else:
            os.makedirs(os.path.join(sysroot, "usr", baselib))
        script = os.path.join(self.root, "environment-setup-" + target)
        # What toolchain-scripts.bbclass's generated script does that matters
        # here: the variables, then every environment-setup.d/*.sh of the
        # target and native sysroots, sourced unquoted, in that order.
        with open(script, "w") as f:
            f.write(
                "export SDKTARGETSYSROOT=%(sysroot)s\n"
                "export PATH=%(native)s/usr/bin:%(native)s/usr/sbin:$PATH\n"
                "export PKG_CONFIG_SYSROOT_DIR=$SDKTARGETSYSROOT\n"
                'export OECORE_NATIVE_SYSROOT="%(native)s"\n'
                'export OECORE_TARGET_SYSROOT="$SDKTARGETSYSROOT"\n'
                'export OECORE_BASELIB="%(baselib)s"\n'
                'export TARGET_PREFIX=%(target)s-\n'
                'if [ -d "$OECORE_TARGET_SYSROOT/environment-setup.d" ]; then\n'
                "    for envfile in $OECORE_TARGET_SYSROOT/environment-setup.d/*.sh; do\n"
                "        . $envfile\n"
                "    done\n"
                "fi\n"
                'if [ -d "$OECORE_NATIVE_SYSROOT/environment-setup.d" ]; then\n'
                "    for envfile in $OECORE_NATIVE_SYSROOT/environment-setup.d/*.sh; do\n"
                "        . $envfile\n"
                "    done\n"
                "fi\n"
                % {"sysroot": sysroot, "native": self.native, "baselib": baselib, "target": target})
        return script, sysroot

    def shell(self, shell, commands, env=None, cwd=None):
        """Run commands in a fresh non-interactive shell with only a minimal environment (and env)."""
        exe = shutil.which(shell)
        if not exe:
            pytest.fail("%s is missing: run tests/layer/run.sh" % shell)
        environment = {"PATH": "/usr/bin:/bin", "HOME": self.root, "LC_ALL": "C"}
        environment.update(env or {})
        return subprocess.run([exe, "-c", commands], env=environment, cwd=cwd or self.root,
                              stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              universal_newlines=True)


@pytest.fixture
def sdk(tmp_path, tool):
    return Sdk(tmp_path / "sdk", tool)


# `set -eu` as many users' shells have it: sourcing must neither fail nor
# touch an unset variable. The marker line shows the shell lived on, and
# that sourcing printed nothing before it.
SOURCED = 'set -eu\n. "%s"\necho sourced\n'


@pytest.mark.parametrize("shell", SHELLS)
@pytest.mark.parametrize("target,data_sysroot,pydir", [ARM, X86_64], ids=["qemuarm", "x86-64-lib64"])
def test_bare_suffix_in_an_sdk_shell_is_the_targets(sdk, shell, target, data_sysroot, pydir):
    baselib = pydir.split("/")[1]
    script, sysroot = sdk.add_target(target, data_sysroot, baselib)
    proc = sdk.shell(shell, SOURCED % script + 'echo "$MATURIN_FIX_SYSROOT"\nmaturin-fix suffix\n')
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    assert proc.stdout.splitlines() == ["sourced", sysroot, ext_suffix_of(data_sysroot, pydir)]


@pytest.mark.parametrize("shell", SHELLS)
def test_bare_check_and_fix_in_an_sdk_shell_use_the_target(sdk, shell, armhf_so, tmp_path):
    script, _ = sdk.add_target(*ARM[:2])
    suffix = ext_suffix_of(*ARM[1:])
    site = str(tmp_path / "image" / "usr" / "lib" / "python3.13" / "site-packages")
    # What maturin <= 1.7.1 names a qemuarm module.
    install_module(site, "rpds", "rpds.cpython-313-armv7l-linux-gnueabihf.so", armhf_so)
    right = os.path.join(site, "rpds", "rpds" + suffix)

    check = sdk.shell(shell, SOURCED % script + 'maturin-fix check --root "%s"\n' % site)
    assert check.returncode == 1, check.stdout + check.stderr
    assert "would rename: %s/rpds/rpds.cpython-313-armv7l-linux-gnueabihf.so -> rpds%s" % (site, suffix) \
        in check.stdout.splitlines(), check.stdout
    assert not os.path.exists(right)

    fix = sdk.shell(shell, SOURCED % script + 'maturin-fix fix --root "%s"\nmaturin-fix check --root "%s"\n'
                    % (site, site))
    assert fix.returncode == 0, fix.stdout + fix.stderr
    assert os.path.isfile(right)
    assert fix.stdout.splitlines()[-1].startswith("1 .so file(s): 1 ok, 0 fixed, 0 to fix"), fix.stdout


@pytest.mark.parametrize("shell", SHELLS)
@pytest.mark.parametrize("variable,value,expected", [
    # Another sysroot the user chose: x86-64's, not the SDK's arm one.
    ("MATURIN_FIX_SYSROOT", os.path.join(DATA_SYSROOTS, X86_64[1]), ext_suffix_of(*X86_64[1:])),
    # Another kind of target: the script must not add a second one (the tool refuses two).
    ("MATURIN_FIX_EXT_SUFFIX", ".cpython-313-arm-linux-gnueabi.so", ".cpython-313-arm-linux-gnueabi.so"),
    ("MATURIN_FIX_SYSCONFIGDATA",
     os.path.join(DATA_SYSROOTS, X86_64[1], X86_64[2], "_sysconfigdata__linux_x86_64-linux-gnu.py"),
     ext_suffix_of(*X86_64[1:])),
])
def test_a_target_the_user_set_is_kept(sdk, shell, variable, value, expected):
    script, _ = sdk.add_target(*ARM[:2])
    proc = sdk.shell(shell, SOURCED % script + 'echo "${MATURIN_FIX_SYSROOT-unset}"\nmaturin-fix suffix\n',
                     env={variable: value})
    assert proc.returncode == 0, proc.stderr
    kept_sysroot = value if variable == "MATURIN_FIX_SYSROOT" else "unset"
    assert proc.stdout.splitlines() == ["sourced", kept_sysroot, expected]


@pytest.mark.parametrize("shell", SHELLS)
def test_sourcing_another_targets_setup_follows_it_but_keeps_the_users_value(sdk, shell):
    arm_script, _ = sdk.add_target(*ARM[:2])
    x86_script, x86_sysroot = sdk.add_target(X86_64[0], X86_64[1], "lib64")
    both = SOURCED % arm_script + '. "%s"\necho "$MATURIN_FIX_SYSROOT"\nmaturin-fix suffix\n' % x86_script
    proc = sdk.shell(shell, both)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == ["sourced", x86_sysroot, ext_suffix_of(*X86_64[1:])]

    users = os.path.join(DATA_SYSROOTS, ARM[1])
    proc = sdk.shell(shell, both, env={"MATURIN_FIX_SYSROOT": users})
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == ["sourced", users, ext_suffix_of(*ARM[1:])]


@pytest.mark.parametrize("shell", SHELLS)
def test_a_sysroot_without_python_leaves_the_shell_working(sdk, shell):
    script, sysroot = sdk.add_target("cortexa57-poky-linux")
    proc = sdk.shell(shell, SOURCED % script + 'maturin-fix suffix || echo "suffix exited $?"\necho still here\n')
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == ["sourced", "suffix exited 2", "still here"]
    # The tool names the sysroot and what is missing in it.
    assert sysroot in proc.stderr and "is the target python3 in the sysroot?" in proc.stderr, proc.stderr


def test_the_script_is_posix_sh():
    # dash -n parses without running: no bashisms that stop a POSIX shell outright.
    proc = subprocess.run(["dash", "-n", SCRIPT], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          universal_newlines=True)
    assert proc.returncode == 0, proc.stdout
    with open(SCRIPT) as f:
        text = f.read()
    # Sourced into the user's shell: an exit would close it.
    assert "exit" not in [word for line in text.splitlines() if not line.lstrip().startswith("#")
                          for word in line.split()]


def run_recipe(topdir, variant, tasks):
    """The tool's recipe, parsed by the real BitBake (stand-in oe-core), a variant's tasks run."""
    os.makedirs(str(topdir))
    cmd = [sys.executable, os.path.join(HERE, "bbtask.py"), str(topdir), RECIPE, "--variant", variant]
    for task in tasks:
        cmd += ["--task", task]
    # The stand-in names a variant's PN as BitBake does by default (oe-core's nativesdk-<pn>).
    pn = "maturin-fix" + ("-" + variant if variant else "")
    for var in ("SRC_URI", "D", "S", "SDKPATHNATIVE", "FILES:" + pn):
        cmd += ["--show", var]
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True,
                          stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, "bbtask.py failed:\n%s\n%s" % (proc.stdout, proc.stderr)
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["tasks"] == {task: 0 for task in tasks}, result
    return result["vars"], pn


def installed(d):
    return sorted("/" + os.path.relpath(os.path.join(top, f), d)
                  for top, dirs, files in os.walk(d) for f in files)


def test_only_the_nativesdk_recipe_installs_and_packages_the_script(tmp_path):
    tasks = ["do_unpack", "do_install"]
    v, pn = run_recipe(tmp_path / "nativesdk", "nativesdk", tasks)
    script = v["SDKPATHNATIVE"] + "/environment-setup.d/maturin-fix.sh"
    # Unpacked from files/ by the fetcher, into S like the tool's sources.
    assert "file://environment.d-maturin-fix.sh;subdir=%s" % os.path.basename(v["S"]) in v["SRC_URI"].split()
    assert filecmp.cmp(os.path.join(v["S"], "environment.d-maturin-fix.sh"), SCRIPT, shallow=False)
    assert installed(v["D"]) == [script]
    assert filecmp.cmp(v["D"] + script, SCRIPT, shallow=False)
    assert os.stat(v["D"] + script).st_mode & 0o777 == 0o644
    assert script in v["FILES:" + pn].split()

    for variant in ("", "native"):
        v, pn = run_recipe(tmp_path / (variant or "target"), variant, tasks)
        assert "environment.d-maturin-fix.sh" not in v["SRC_URI"], variant
        assert not os.path.exists(os.path.join(v["S"], "environment.d-maturin-fix.sh")), variant
        assert installed(v["D"]) == [], variant
        assert "environment-setup.d" not in (v["FILES:" + pn] or ""), variant
