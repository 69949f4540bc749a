"""
maturin-fix.bbclass in the real tasks of the real oe-core and BitBake (master and scarthgap):
tests/oe/oetask.py parses the configuration and the example recipe as bitbake-worker does and
runs its tasks with bb.build.exec_task, the fakeroot ones under pseudo.

Real, on both releases: do_fetch and do_unpack (the crates from crates.io into DL_DIR once),
do_configure (python_maturin_do_configure: python_pyo3's pyo3.config, cargo_common,
python_pep517; then the class's postfunc), do_install (python_pep517_do_install: pypa/installer
with the release's own interpreter.patch, python3targetconfig's target sysconfigdata; then the
class's postfunc), do_package (split, strip, fixup_perms under pseudo, shlibs, filedeps),
do_packagedata and do_package_qa (insane.bbclass calling the class's QA functions), with every
prefunc and postfunc of theirs (sysroot extension, sstate archives) and their logs in ${T}.

Stand-ins, each for something only a BitBake build of a toolchain would give:
- do_compile (cargo and maturin-native for the target): the wheel REAL maturin 1.7.1 built
  from tests/e2e/pyo3-ext for armhf (provision-wheels.sh) is put into ${PEP517_WHEEL_PATH}.
  That the ext_suffix= line makes maturin name the module right is tests/e2e part B's.
- do_prepare_recipe_sysroot (the dependencies' sstate): stage_target_python and stage_native
  put there what python3, maturin-fix-native, python3-native + python3-installer-native,
  binutils-cross, rpm-native and pseudo-native would: Debian's real sysconfigdata laid out by
  oe-core's own reformat_sysconfig.py, the tool run.sh built, Debian's python3 as
  nativepython3 (SITECUSTOMIZE: what oe-core's python3-native does differently), Debian's
  binutils-multiarch, rpm's rpmdeps and pseudo.
- the python version on qemuarm: see PYTHON_STAND_IN.
- TASK_CONF: two narrow knobs, each for a tool or dependency that is not built.
- The stand-in nativepython3 is Debian's 3.11, so the __init__.cpython-311.pyc installer
  compiles into ${D} is 3.11 bytecode (oe-core's would be the target version's).
"""
import base64
import glob
import hashlib
import json
import os
import re
import shutil
import subprocess

import pytest

import conftest
from conftest import CACHE, LAYER, RELEASES, TOOL, BuildDir

HERE = os.path.dirname(os.path.abspath(__file__))
RECIPE = os.path.join(LAYER, "recipes-example", "python3-maturin-fix-example",
                      "python3-maturin-fix-example_0.1.0.bb")
SYSROOTS = os.path.join(LAYER, "tests", "data", "sysroots")
WHEEL_DIR = os.path.join(CACHE, "wheels", "armhf-3.13")
VENV_PYTHON = os.path.join(CACHE, "venv", "bin", "python3")

# THE one stand-in of the python version: oe-core master's python3 is 3.14, scarthgap's 3.12, and
# no Debian suite reachable here has an armhf CPython 3.14 or any 3.12. On qemuarm the task
# builds take PYTHON_BASEVERSION = 3.13, as a distro with a 3.13 python3 recipe would have it,
# with Debian sid's real armhf 3.13 sysconfigdata and a wheel built for 3.13. Master's own 3.14
# is used unforced on qemuarm64 (Debian sid's real arm64 3.14 sysconfigdata), configure only.
PYTHON_STAND_IN = 'PYTHON_BASEVERSION:forcevariable = "3.13"'
TARGETS = {
    # MACHINE: (real sysconfigdata, python version, conf lines, EXT_SUFFIX it gives)
    "qemuarm": ("debian-sid-armhf/usr/lib/python3.13/_sysconfigdata__linux_arm-linux-gnueabihf.py",
                "3.13", [PYTHON_STAND_IN], ".cpython-313-arm-linux-gnueabihf.so"),
    "qemuarm64": ("debian-sid-arm64/usr/lib/python3.14/_sysconfigdata__linux_aarch64-linux-gnu.py",
                  "3.14", [], ".cpython-314-aarch64-linux-gnu.so"),
}
MISNAMED = "e2e_ext.cpython-313-armv7l-linux-gnueabihf.so"  # what maturin 1.7.1 names it
RIGHT = "e2e_ext.cpython-313-arm-linux-gnueabihf.so"  # what CPython on qemuarm imports
SITE = "usr/lib/python3.13/site-packages"

# The task build's own local.conf lines (its own build directory: the parse tests' caches stay).
TASK_CONF = [
    # split_and_strip_files lists a module's DWARF sources with dwarfsrcfiles, an oe-core tool
    # (dwarfsrcfiles-native) that is not built here; the module has no DWARF (release profile,
    # debug = false), so there is nothing to list. Debug info is still split and stripped.
    'PACKAGE_DEBUG_SPLIT_STYLE = "debug-without-src"',
    # python3, glibc and libgcc are not built, so there is no pkgdata of theirs: the
    # runtime-dependency checks would find no provider of python3-core, libc.so.6 ...
    'INSANE_SKIP:${PN} += "build-deps file-rdeps"',
    'INSANE_SKIP:${PN}-ptest += "build-deps"',
    # The sstate archives of these runs (their task hashes are stand-ins) stay apart.
    'SSTATE_DIR = "%s"' % os.path.join(CACHE, "sstate", "tasks"),
]
NATIVE_BINUTILS = ["addr2line", "ar", "nm", "objcopy", "objdump", "ranlib", "readelf", "size",
                   "strings", "strip"]

# What python3-native's sysconfig does in oe-core (not built here), for the nativepython3
# stand-in: 0001-Lib-sysconfig.py-use-prefix-value-from-build-configu.patch takes the install
# base from the build configuration it loaded, which python3targetconfig.bbclass makes the
# target's (_PYTHON_SYSCONFIGDATA_NAME=_sysconfigdata from ${STAGING_LIBDIR}/python-sysconfigdata);
# and python3-native is the target's python version, which Debian's python3 here is not.
SITECUSTOMIZE = '''\
# Written by tests/oe/test_tasks.py: the nativepython3 stand-in's oe-core behaviour.
import sysconfig
_vars = sysconfig.get_config_vars()
for _key in ("installed_base", "base", "installed_platbase", "platbase"):
    _vars[_key] = _vars["prefix"]
_vars["platlibdir"] = _vars.get("PLATLIBDIR") or "lib"
if _vars.get("VERSION"):
    _vars["py_version_short"] = _vars["VERSION"]
    _vars["py_version_nodot"] = _vars["VERSION"].replace(".", "")
'''


class TaskBuild(BuildDir):
    """A build directory of its own for the task tests: <cache>/build-tasks/<release>."""

    def __init__(self, release):
        super().__init__(release, name="build-tasks", local_conf_extra=TASK_CONF)
        self.runs = 0

    def oetask(self, machine, conf, tasks=(), show=()):
        """Run oetask.py with conf (lines) as BitBake's postfile; returns its JSON."""
        self.runs += 1
        postfile = os.path.join(self.path, "conf", "oetask-%d.conf" % self.runs)
        with open(postfile, "w") as f:
            f.write("\n".join(TARGETS[machine][2] + list(conf)) + "\n")
        # Debian's python3, the one BitBake runs on (not the venv's).
        cmd = ["/usr/bin/python3", os.path.join(HERE, "oetask.py"),
               os.path.join(self.bitbake_dir, "lib"), RECIPE, "--postfile", postfile]
        for task in tasks:
            cmd += ["--task", task]
        for var in show:
            cmd += ["--show", var]
        proc = subprocess.run(cmd, cwd=self.path, env=self.env(machine), stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              universal_newlines=True, timeout=900)
        try:
            result = json.loads(proc.stdout.strip().splitlines()[-1])
        except (ValueError, IndexError):
            pytest.fail("oetask.py %s (%s, %s) failed with exit %d:\n%s\n%s"
                        % (" ".join(tasks), self.release, machine, proc.returncode, proc.stdout,
                           proc.stderr[-6000:]))
        result["stderr"] = proc.stderr
        return result


class Chain:
    """The task runs of one release and machine, and what they left in ${WORKDIR}."""

    VARS = ["WORKDIR", "S", "T", "D", "PKGDEST", "PN", "STAGING_DIR_HOST", "STAGING_DIR_NATIVE",
            "STAGING_BINDIR_NATIVE", "STAGING_LIBDIR_NATIVE", "STAGING_BINDIR_TOOLCHAIN",
            "TARGET_PREFIX", "PSEUDO_SYSROOT", "bindir_native", "libdir", "PEP517_WHEEL_PATH",
            "PYO3_CONFIG_FILE", "PYTHON_BASEVERSION", "PYTHON_SITEPACKAGES_DIR", "FAKEROOTCMD",
            "ERROR_QA", "WARN_QA"]

    def __init__(self, build, machine):
        self.build, self.machine = build, machine
        self.v = build.oetask(machine, [], show=self.VARS)["vars"]

    def run(self, tasks, conf=()):
        return self.build.oetask(self.machine, conf, tasks=tasks)

    def log(self, task):
        """The task's log in ${T} ("" when BitBake removed an empty one or it did not run)."""
        try:
            with open(os.path.join(self.v["T"], "log." + task)) as f:
                return f.read()
        except FileNotFoundError:
            return ""

    def fresh(self):
        """An empty ${WORKDIR} with the sysroots do_prepare_recipe_sysroot would make."""
        shutil.rmtree(self.v["WORKDIR"], ignore_errors=True)
        stage_target_python(self.build, self.v, self.machine)
        stage_native(self.build, self.v)

    def put_wheel(self):
        """What do_compile would leave in ${PEP517_WHEEL_PATH}: the wheel maturin built."""
        wheels = glob.glob(os.path.join(WHEEL_DIR, "*.whl"))
        if len(wheels) != 1:
            pytest.fail("expected one wheel in %s, found %s: run tests/oe/run.sh (provision-wheels.sh)"
                        % (WHEEL_DIR, wheels))
        shutil.rmtree(self.v["PEP517_WHEEL_PATH"], ignore_errors=True)
        os.makedirs(self.v["PEP517_WHEEL_PATH"])
        shutil.copy(wheels[0], self.v["PEP517_WHEEL_PATH"])

    def tree(self, *parts):
        root = os.path.join(*parts)
        found = {}
        for top, dirs, files in os.walk(root):
            for name in files + [x for x in dirs if os.path.islink(os.path.join(top, x))]:
                path = os.path.join(top, name)
                rel = os.path.relpath(path, root)
                found[rel] = ("-> " + os.readlink(path)) if os.path.islink(path) else "file"
        return found


def stage_target_python(build, v, machine):
    """
    ${STAGING_DIR_HOST} as oe-core's python3 recipe stages it: its do_install runs the recipe's
    own reformat_sysconfig.py over ${libdir}/python3.X/_sysconfigdata_*.py and copies the result
    to ${libdir}/python-sysconfigdata/_sysconfigdata.py (after seds of build paths that do not
    occur in Debian's file); populate_sysroot stages ${libdir}. The data is Debian's real one.
    """
    source, python = TARGETS[machine][0], TARGETS[machine][1]
    libdir = v["STAGING_DIR_HOST"] + v["libdir"]
    dest = os.path.join(libdir, "python" + python, os.path.basename(source))
    os.makedirs(os.path.dirname(dest))
    shutil.copy(os.path.join(SYSROOTS, source), dest)
    reformat = os.path.join(build.oe_core, "meta", "recipes-devtools", "python", "python3",
                            "reformat_sysconfig.py")
    subprocess.run(["/usr/bin/python3", reformat, dest], check=True)
    os.makedirs(os.path.join(libdir, "python-sysconfigdata"))
    shutil.copy(dest, os.path.join(libdir, "python-sysconfigdata", "_sysconfigdata.py"))


def link(target, path):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if os.path.lexists(path):
        os.remove(path)
    os.symlink(target, path)


def stage_native(build, v):
    """The native tools the recipe's tasks call, where oe-core puts the ones it builds."""
    bindir = v["STAGING_BINDIR_NATIVE"]
    os.makedirs(bindir, exist_ok=True)
    # maturin-fix-native (DEPENDS of the class): the tool run.sh built.
    shutil.copy(TOOL, os.path.join(bindir, "maturin-fix"))
    # python3-native + python3-installer-native: Debian's python3 (in the cache's venv) with
    # pypa/installer of this release's recipe version and its interpreter.patch (run.sh).
    installer = os.path.join(CACHE, "python3-installer-native", build.release)
    if not os.path.isfile(os.path.join(installer, "installer", "__main__.py")):
        pytest.fail("%s is missing: run tests/oe/run.sh (provision-wheels.sh)" % installer)
    stand_in = os.path.join(v["STAGING_LIBDIR_NATIVE"], "nativepython3-stand-in")
    os.makedirs(stand_in, exist_ok=True)
    with open(os.path.join(stand_in, "sitecustomize.py"), "w") as f:
        f.write(SITECUSTOMIZE)
    with open(os.path.join(bindir, "nativepython3"), "w") as f:
        f.write('#!/bin/sh\n# Stand-in for python3-native (tests/oe/test_tasks.py).\n'
                'PYTHONPATH="%s:%s${PYTHONPATH:+:$PYTHONPATH}" exec %s "$@"\n'
                % (stand_in, installer, VENV_PYTHON))
    os.chmod(os.path.join(bindir, "nativepython3"), 0o755)
    # binutils-cross (objdump, objcopy, strip ... with ${TARGET_PREFIX}): Debian's
    # binutils-multiarch, which reads and writes every ELF machine.
    for tool in NATIVE_BINUTILS:
        link("/usr/bin/" + tool, os.path.join(v["STAGING_BINDIR_TOOLCHAIN"], v["TARGET_PREFIX"] + tool))
    # rpm-native's rpmdeps (package_do_filedeps): Debian's rpm.
    link("/usr/lib/rpm/rpmdeps", os.path.join(v["STAGING_LIBDIR_NATIVE"], "rpm", "rpmdeps"))
    # pseudo-native (FAKEROOTCMD, FAKEROOTBASEENV, FAKEROOTENV point into PSEUDO_SYSROOT): Debian's
    # pseudo, the same upstream project.
    pseudo = v["PSEUDO_SYSROOT"]
    link("/usr/bin/pseudo", pseudo + v["bindir_native"] + "/pseudo")
    link("/usr/lib/x86_64-linux-gnu/pseudo", pseudo + "/usr/lib/pseudo/lib")


INSTALL_TO_QA = ["do_install", "do_package", "do_packagedata", "do_package_qa"]
AS_ERROR = 'ERROR_QA:append = " python-ext-suffix"'
DISABLED = 'MATURIN_FIX_ENABLED = "0"'
SYMLINK = 'MATURIN_FIX_MODE = "symlink"'


class Snapshot:
    """What one oetask.py run left: exit codes, task logs, ${D} and ${PKGDEST}."""

    def __init__(self, chain, result, tasks):
        self.codes = result["tasks"]
        self.stderr = result["stderr"]
        self.logs = {task: chain.log(task) for task in tasks}
        self.image = chain.tree(chain.v["D"])
        self.packages = chain.tree(chain.v["PKGDEST"])
        record = os.path.join(chain.v["D"], SITE, "e2e_ext-0.1.0.dist-info", "RECORD")
        self.record = open(record).read() if os.path.exists(record) else None
        self.digests = {}
        for rel, kind in self.image.items():
            if rel.endswith(".so") and kind == "file":
                with open(os.path.join(chain.v["D"], rel), "rb") as f:
                    data = f.read()
                self.digests[rel] = "sha256=%s,%d" % (
                    base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode(),
                    len(data))

    def expect(self, codes):
        assert self.codes == codes, "task exit codes %s, expected %s\n%s\n%s" % (
            self.codes, codes, "\n".join("== log.%s\n%s" % item for item in self.logs.items()),
            self.stderr[-4000:])


def run_chains(release):
    """Every task run of the release on qemuarm, in the order they share ${WORKDIR}."""
    build = TaskBuild(release)
    chain = Chain(build, "qemuarm")
    runs = {"vars": chain.v}
    chain.fresh()
    configure = ["do_fetch", "do_unpack", "do_configure"]
    runs["configure"] = Snapshot(chain, chain.run(configure), configure)
    with open(chain.v["PYO3_CONFIG_FILE"]) as f:
        runs["pyo3.config"] = f.read()
    chain.put_wheel()

    def run(name, conf, tasks=INSTALL_TO_QA):
        runs[name] = Snapshot(chain, chain.run(tasks, conf), tasks)

    # The class at its defaults; python-ext-suffix an error, to show the fixed package passes it.
    run("rename", [AS_ERROR])
    # The class does nothing but its QA check: the module stays as maturin named it.
    run("disabled", [DISABLED])
    run("disabled-error", [DISABLED, AS_ERROR], ["do_package_qa"])
    run("disabled-skip", [DISABLED, AS_ERROR, 'INSANE_SKIP:${PN} += "python-ext-suffix"'],
        ["do_package_qa"])
    # Symlink mode: the class wraps dev-so, so that its module symlink passes.
    # (dev-so is in oe-core's default ERROR_QA: test_dev_so_is_an_error_by_default.)
    run("symlink", [SYMLINK, AS_ERROR])
    # The same packages, checked by oe-core's own dev-so (rename mode wraps nothing).
    run("symlink-unwrapped", [], ["do_package_qa"])
    return runs


_runs = []


@pytest.fixture(scope="module", params=RELEASES)
def runs(request):
    """run_chains of each release; the selected releases run at once (a build directory each)."""
    if not _runs:
        keys = conftest.selected_params(request.session, __name__, "runs")
        _runs.append(conftest.Prefetched(keys, lambda key: run_chains(key[0])))
    return _runs[0].get((request.param,))


def log_lines(log, prefix):
    return [line for line in log.splitlines() if line.startswith(prefix)]


def qa_lines(log, level, check="python-ext-suffix"):
    return [line for line in log.splitlines()
            if line.startswith(level + ": QA Issue:") and line.endswith("[%s]" % check)]


# --- do_configure ---------------------------------------------------------------------------------

def test_the_target_python_is_staged_as_oe_cores_python3_stages_it(runs):
    libdir = runs["vars"]["STAGING_DIR_HOST"] + runs["vars"]["libdir"]
    staged = os.path.join(libdir, "python3.13", "_sysconfigdata__linux_arm-linux-gnueabihf.py")
    with open(staged) as f:
        text = f.read()
    # reformat_sysconfig.py (pprint, width=1): one key per line, no comment header.
    assert text.startswith("build_time_vars = {'ABIFLAGS': '',\n 'ABI_THREAD': '',\n"), text[:200]
    assert "'EXT_SUFFIX': '.cpython-313-arm-linux-gnueabihf.so',\n" in text
    with open(os.path.join(libdir, "python-sysconfigdata", "_sysconfigdata.py")) as f:
        assert f.read() == text


def test_configure_writes_pyo3_config_and_the_class_adds_the_target_ext_suffix(runs):
    runs["configure"].expect({"do_fetch": 0, "do_unpack": 0, "do_configure": 0})
    v = runs["vars"]
    # python_pyo3_do_configure's file, then the one line the class's postfunc appends.
    assert runs["pyo3.config"] == (
        "implementation=CPython\nversion=3.13\nshared=true\nabi3=false\nlib_name=python3.13\n"
        "lib_dir=%s/usr/lib\npointer_width=32\nbuild_flags=WITH_THREAD\n"
        "suppress_build_script_link_lines=false\next_suffix=.cpython-313-arm-linux-gnueabihf.so\n"
        % v["STAGING_DIR_HOST"])
    assert log_lines(runs["configure"].logs["do_configure"], "NOTE: maturin-fix:") == [
        "NOTE: maturin-fix: added ext_suffix=.cpython-313-arm-linux-gnueabihf.so to %s"
        % v["PYO3_CONFIG_FILE"]]


def test_configure_on_master_qemuarm64_with_its_own_python_314():
    """No stand-in of the python version: master's PYTHON_BASEVERSION, Debian's arm64 3.14."""
    chain = Chain(TaskBuild("master"), "qemuarm64")
    assert chain.v["PYTHON_BASEVERSION"] == "3.14"
    chain.fresh()
    tasks = ["do_fetch", "do_unpack", "do_configure"]
    Snapshot(chain, chain.run(tasks), tasks).expect({task: 0 for task in tasks})
    with open(chain.v["PYO3_CONFIG_FILE"]) as f:
        lines = f.read().splitlines()
    assert "version=3.14" in lines and "pointer_width=64" in lines
    suffix = TARGETS["qemuarm64"][3]
    assert lines[-1] == "ext_suffix=" + suffix
    assert "NOTE: maturin-fix: added ext_suffix=%s to %s" % (suffix, chain.v["PYO3_CONFIG_FILE"]) \
        in chain.log("do_configure")


# --- do_install -----------------------------------------------------------------------------------

# The shape of the README's example log line (bbclass section).
RENAME_LINE = re.compile(r"^NOTE: maturin-fix: rename (usr/lib/python3\.\d+/site-packages/(\S+)/(\w+)"
                         r"\.cpython-3\d+-[\w-]+\.so) -> (usr/lib/python3\.\d+/site-packages/\2/\3"
                         r"\.cpython-3\d+-[\w-]+\.so)$")


def test_the_readme_shows_the_rename_log_line():
    with open(os.path.join(LAYER, "README.md")) as f:
        readme = [line.strip() for line in f if line.strip().startswith("NOTE: maturin-fix: rename")]
    assert readme and all(RENAME_LINE.match(line) for line in readme), readme


def test_install_renames_the_module_with_the_readmes_log_line(runs):
    snap, v = runs["rename"], runs["vars"]
    snap.expect({task: 0 for task in INSTALL_TO_QA})
    log = snap.logs["do_install"]
    assert "NOTE: Running maturin-fix fix --format json --mode rename --root %s/%s --sysroot %s " \
           "--libdir /usr/lib --python 3.13" % (v["D"], SITE, v["STAGING_DIR_HOST"]) in log, log
    renames = log_lines(log, "NOTE: maturin-fix: rename")
    assert renames == ["NOTE: maturin-fix: rename %s/e2e_ext/%s -> %s/e2e_ext/%s"
                       % (SITE, MISNAMED, SITE, RIGHT)], log
    assert RENAME_LINE.match(renames[0])
    assert snap.image.get(SITE + "/e2e_ext/" + RIGHT) == "file"
    assert SITE + "/e2e_ext/" + MISNAMED not in snap.image


def test_install_record_as_each_releases_python_pep517_leaves_it(runs, request):
    release = request.node.callspec.params["runs"]
    snap = runs["rename"]
    pep517 = os.path.join(CACHE, "src", release, "openembedded-core", "meta", "classes-recipe",
                          "python_pep517.bbclass")
    with open(pep517) as f:
        deletes_record = "-path *.dist-info/RECORD -delete" in f.read()
    # master deletes RECORD in python_pep517_do_install, scarthgap keeps it.
    assert deletes_record == (release == "master")
    updated = log_lines(snap.logs["do_install"], "NOTE: maturin-fix: updated")
    if deletes_record:
        assert snap.record is None and updated == []
    else:
        assert updated == ["NOTE: maturin-fix: updated %s/e2e_ext-0.1.0.dist-info/RECORD "
                           "(1 rows changed, 0 added)" % SITE]
        rows = dict(line.split(",", 1) for line in snap.record.splitlines())
        assert "e2e_ext/" + MISNAMED not in rows
        # The renamed row keeps the module's real hash and size.
        assert rows["e2e_ext/" + RIGHT] == snap.digests["%s/e2e_ext/%s" % (SITE, RIGHT)]


def test_disabled_install_leaves_the_module_as_maturin_named_it(runs):
    snap = runs["disabled"]
    snap.expect({task: 0 for task in INSTALL_TO_QA})
    assert "maturin-fix" not in snap.logs["do_install"]
    assert snap.image.get(SITE + "/e2e_ext/" + MISNAMED) == "file"
    assert SITE + "/e2e_ext/" + RIGHT not in snap.image


# --- do_package and do_package_qa ---------------------------------------------------------------

def test_the_fakeroot_tasks_ran_under_pseudo(runs):
    # FAKEROOTENV's PSEUDO_LOCALSTATEDIR: pseudo's database of do_install's and do_package's files.
    assert os.path.isfile(os.path.join(runs["vars"]["WORKDIR"], "pseudo", "files.db"))
    assert "(fakeroot)" in runs["rename"].stderr


def test_the_fixed_package_passes_python_ext_suffix_as_an_error(runs):
    snap = runs["rename"]
    assert snap.packages.get("python3-maturin-fix-example/%s/e2e_ext/%s" % (SITE, RIGHT)) == "file"
    # do_package split the debug info off and stripped the module (binutils-multiarch).
    assert snap.packages.get("python3-maturin-fix-example-dbg/%s/e2e_ext/.debug/%s" % (SITE, RIGHT)) == "file"
    assert "[python-ext-suffix]" not in snap.logs["do_package_qa"]


@pytest.mark.parametrize("release", RELEASES)
def test_insane_calls_the_qa_functions_through_the_releases_qa_api(release):
    """Which of the class's two QA paths the real insane.bbclass of each release takes."""
    with open(os.path.join(CACHE, "src", release, "openembedded-core", "meta", "classes-global",
                           "insane.bbclass")) as f:
        insane = f.read()
    # scarthgap: QAPKGTEST and QAPATHTEST functions get a messages dict (so the class reports
    # with oe.qa.add_message); master: no such argument (the class calls oe.qa.handle_error).
    scarthgap = release == "scarthgap"
    assert ("        func(package, d, warnings)\n" in insane) == scarthgap
    assert ("            func(package, d)\n" in insane) == (not scarthgap)
    assert ("func(path, package, d, elf)\n" in insane) == (not scarthgap)


def test_a_misnamed_module_is_a_qa_warning(runs):
    snap = runs["disabled"]
    log = snap.logs["do_package_qa"]
    warnings = qa_lines(log, "WARNING")
    # One: the -dbg copy of the module is never imported and not checked.
    assert len(warnings) == 1, log
    assert warnings[0] == (
        "WARNING: QA Issue: python3-maturin-fix-example: /%s/e2e_ext/%s cannot be imported by the "
        "target python (it imports .cpython-313-arm-linux-gnueabihf.so): %s [python-ext-suffix]"
        % (SITE, MISNAMED, warnings[0].split("): ", 1)[1][:-len(" [python-ext-suffix]")]))
    assert warnings[0].endswith("; `maturin-fix fix` would name it %s [python-ext-suffix]" % RIGHT)
    assert not qa_lines(log, "ERROR")


def test_python_ext_suffix_in_error_qa_fails_the_task(runs):
    snap = runs["disabled-error"]
    snap.expect({"do_package_qa": 1})
    log = snap.logs["do_package_qa"]
    errors = qa_lines(log, "ERROR")
    assert len(errors) == 1 and MISNAMED in errors[0], log
    assert not qa_lines(log, "WARNING")
    assert "ERROR: Fatal QA errors were found, failing task." in log


def test_insane_skip_silences_python_ext_suffix(runs):
    snap = runs["disabled-skip"]
    snap.expect({"do_package_qa": 0})
    log = snap.logs["do_package_qa"]
    assert "[python-ext-suffix]" not in log
    skipping = log_lines(log, "NOTE: Package python3-maturin-fix-example skipping QA tests:")
    assert len(skipping) == 1 and "'python-ext-suffix'" in skipping[0], log


def test_dev_so_is_an_error_and_python_ext_suffix_a_warning_by_default(runs):
    assert "dev-so" in runs["vars"]["ERROR_QA"].split()
    assert "python-ext-suffix" in runs["vars"]["WARN_QA"].split()
    assert "python-ext-suffix" not in runs["vars"]["ERROR_QA"].split()


def test_symlink_mode_passes_the_real_dev_so_check(runs):
    snap = runs["symlink"]
    snap.expect({task: 0 for task in INSTALL_TO_QA})
    main = "python3-maturin-fix-example/%s/e2e_ext/" % SITE
    assert snap.packages.get(main + RIGHT) == "-> " + MISNAMED
    assert snap.packages.get(main + MISNAMED) == "file"
    assert "QA Issue" not in snap.logs["do_package_qa"]
    assert log_lines(snap.logs["do_install"], "NOTE: maturin-fix: symlink") == [
        "NOTE: maturin-fix: symlink %s/e2e_ext/%s -> %s/e2e_ext/%s" % (SITE, MISNAMED, SITE, RIGHT)]


def test_without_the_class_wrapper_dev_so_fails_on_the_module_symlink(runs):
    snap = runs["symlink-unwrapped"]
    snap.expect({"do_package_qa": 1})
    log = snap.logs["do_package_qa"]
    dev_so = qa_lines(log, "ERROR", "dev-so")
    assert len(dev_so) == 1 and "/%s/e2e_ext/%s" % (SITE, RIGHT) in dev_so[0], log
