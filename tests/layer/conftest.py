"""
Shared fixtures for the layer tests: the freshly built maturin-fix binary,
real ELF extension modules, sysconfigdata files, a BitBake run helper, and
for the unit tests of lib/maturin_fix/ its modules, a datastore, what they
log and a stand-in maturin-fix binary.
"""
import importlib
import json
import logging
import os
import pprint
import shutil
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
LAYER = os.path.dirname(os.path.dirname(HERE))
FIXTURE_RECIPE = os.path.join(HERE, "bitbake_env", "recipes", "python3-fixture_1.0.bb")


def tool_path():
    """The maturin-fix binary that run.sh built (MATURIN_FIX_BIN), else target/release/."""
    if os.environ.get("MATURIN_FIX_BIN"):
        return os.environ["MATURIN_FIX_BIN"]
    target_dir = os.environ.get("CARGO_TARGET_DIR") or os.path.join(LAYER, "target")
    return os.path.join(target_dir, "release", "maturin-fix")


@pytest.fixture(scope="session")
def tool():
    path = tool_path()
    if not os.access(path, os.X_OK):
        pytest.fail("maturin-fix is not built at %s: run tests/layer/run.sh" % path)
    return path


def sysconfig_vars(python, triplet, abiflags=""):
    """A target's build_time_vars as CPython's configure makes them (the keys that matter here)."""
    nodot = python.replace(".", "")
    soabi = "cpython-%s%s" % (nodot, abiflags) + ("-" + triplet if triplet else "")
    return {
        "ABIFLAGS": abiflags,
        "EXT_SUFFIX": "." + soabi + ".so",
        "LIBDIR": "/usr/lib",
        "MACHDEP": "linux",
        "MULTIARCH": triplet,
        "SHLIB_SUFFIX": ".so",
        "SOABI": soabi,
        "VERSION": python,
        "WITH_DOC_STRINGS": 1,
    }


def write_yocto_sysconfigdata(pydir, python, triplet, abiflags=""):
    """
    Write the sysconfigdata of a Yocto target python: oe-core re-prints it one
    key per line (pprint width=1) and stages a copy as
    ${libdir}/python-sysconfigdata/_sysconfigdata.py. Returns the EXT_SUFFIX.
    """
    build_time_vars = sysconfig_vars(python, triplet, abiflags)
    text = "# system configuration generated and used by the sysconfig module\n" \
           "build_time_vars = " + pprint.pformat(build_time_vars, width=1) + "\n"
    libdir = os.path.dirname(pydir)
    name = "_sysconfigdata_%s_linux_%s.py" % (abiflags, triplet)
    for path in (os.path.join(pydir, name),
                 os.path.join(libdir, "python-sysconfigdata", "_sysconfigdata.py")):
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)
    return build_time_vars["EXT_SUFFIX"]


def compile_module(cc, path, source="int maturin_fix_fixture(void) { return 42; }\n"):
    """A real shared object, like an extension module, built with the given C compiler."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    src = path + ".c"
    with open(src, "w") as f:
        f.write(source)
    subprocess.run([cc, "-shared", "-fPIC", "-nostdlib", "-o", path, src], check=True)
    os.remove(src)
    return path


@pytest.fixture(scope="session")
def armhf_so(tmp_path_factory):
    cc = shutil.which("arm-linux-gnueabihf-gcc")
    if not cc:
        pytest.fail("arm-linux-gnueabihf-gcc is missing: run tests/layer/run.sh")
    return compile_module(cc, str(tmp_path_factory.mktemp("elf") / "armhf.so"))


@pytest.fixture(scope="session")
def armhf_so_other(tmp_path_factory):
    """Another armhf module, different bytes: a conflicting file."""
    return compile_module("arm-linux-gnueabihf-gcc", str(tmp_path_factory.mktemp("elf") / "other.so"),
                          "int maturin_fix_other(void) { return 7; }\n")


@pytest.fixture(scope="session")
def host_so(tmp_path_factory):
    return compile_module(shutil.which("cc") or "cc", str(tmp_path_factory.mktemp("elf") / "host.so"))


def install_module(sitepackages, package, filename, elf, record=True):
    """Put a copy of elf at <sitepackages>/<package>/<filename>, with a dist-info RECORD row."""
    moddir = os.path.join(sitepackages, package)
    os.makedirs(moddir, exist_ok=True)
    shutil.copy(elf, os.path.join(moddir, filename))
    with open(os.path.join(moddir, "__init__.py"), "w") as f:
        f.write("from .%s import *\n" % filename.split(".")[0])
    if record:
        distinfo = os.path.join(sitepackages, "%s-1.0.dist-info" % package)
        os.makedirs(distinfo, exist_ok=True)
        with open(os.path.join(distinfo, "RECORD"), "a") as f:
            f.write("%s/__init__.py,,\n%s/%s,,\n%s-1.0.dist-info/RECORD,,\n"
                    % (package, package, filename, package))
    return os.path.join(moddir, filename)


class Build:
    """A TOPDIR for one parse of the fixture recipe with the real BitBake."""

    def __init__(self, topdir, tool, variant=""):
        self.topdir = str(topdir)
        self.variant = variant
        self.pn = {"": "python3-fixture", "native": "python3-fixture-native",
                   "nativesdk": "python3-fixture-nativesdk"}[variant]
        self.workdir = os.path.join(self.topdir, "tmp", "work", self.pn, "1.0")
        self.sitepackages_src = os.path.join(self.topdir, "fixture-site-packages")
        self.source = os.path.join(self.topdir, "fixture-source")
        os.makedirs(self.sitepackages_src, exist_ok=True)
        os.makedirs(os.path.join(self.topdir, "conf"), exist_ok=True)
        self.config = ['FIXTURE_SITEPACKAGES = "%s"' % self.sitepackages_src]
        # maturin-fix-native in DEPENDS puts the tool into the native sysroot.
        bindir = os.path.join(self.workdir, "recipe-sysroot-native", "usr", "bin")
        os.makedirs(bindir, exist_ok=True)
        os.symlink(tool, os.path.join(bindir, "maturin-fix"))

    def path(self, *parts):
        return os.path.join(self.workdir, *parts)

    def run(self, *tasks, show=(), layer=None, signatures=False, recipe=FIXTURE_RECIPE, inherit=()):
        with open(os.path.join(self.topdir, "conf", "local.conf"), "w") as f:
            f.write("\n".join(self.config) + "\n")
        cmd = [sys.executable, os.path.join(HERE, "bbtask.py"), self.topdir, str(recipe),
               "--variant", self.variant]
        for cls in inherit:
            cmd += ["--inherit", cls]
        for task in tasks:
            cmd += ["--task", task]
        for var in show:
            cmd += ["--show", var]
        if layer:
            cmd += ["--layer", str(layer)]
        if signatures:
            cmd.append("--signatures")
        proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              universal_newlines=True, stdin=subprocess.DEVNULL)
        assert proc.returncode == 0, "bbtask.py failed:\n%s\n%s" % (proc.stdout, proc.stderr)
        return json.loads(proc.stdout.strip().splitlines()[-1])

    def log(self, task):
        """The task's log; BitBake deletes empty logs, which read as ""."""
        try:
            with open(self.path("temp", "log." + task)) as f:
                return f.read()
        except FileNotFoundError:
            return ""


@pytest.fixture
def build(tmp_path, tool):
    return Build(tmp_path, tool)


TOOL_INC = os.path.join(LAYER, "recipes-devtools", "maturin-fix", "maturin-fix-crates.inc")
EXAMPLE_DIR = os.path.join(LAYER, "recipes-example", "python3-maturin-fix-example")
EXAMPLE_INC = os.path.join(EXAMPLE_DIR, "python3-maturin-fix-example-crates.inc")
# Downloads are kept between runs (like a Yocto DL_DIR); .cache/ is ignored by git.
DL_DIR = os.path.join(LAYER, ".cache", "layer-tests", "downloads")


def bb_fetch(inc, unpackdir):
    """Fetch and unpack a crates.inc with BitBake's fetcher; return (exit code, output)."""
    proc = subprocess.run([sys.executable, os.path.join(HERE, "bbfetch.py"), inc, DL_DIR, str(unpackdir)],
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True,
                          stdin=subprocess.DEVNULL)
    return proc.returncode, proc.stdout


@pytest.fixture(scope="session")
def vendored(tmp_path_factory):
    """CARGO_HOME directories whose cargo sees only the crates BitBake fetched for an .inc."""
    homes = {}

    def cargo_home(inc):
        if inc not in homes:
            root = tmp_path_factory.mktemp("unpack")
            code, output = bb_fetch(inc, root)
            assert code == 0, output
            home = root / "cargo-home"
            home.mkdir()
            (home / "config.toml").write_text(
                '[source.crates-io]\nreplace-with = "bitbake-fetched"\n\n'
                '[source.bitbake-fetched]\ndirectory = "%s"\n' % (root / "cargo_home" / "bitbake"))
            homes[inc] = str(home)
        return homes[inc]
    return cargo_home


def recipe_sources(files_dir, names, dest):
    """Copy what a recipe's file:// SRC_URI entries name (following links) into dest."""
    os.makedirs(dest, exist_ok=True)
    for name in names:
        src = os.path.join(files_dir, name)
        if os.path.isdir(src):
            shutil.copytree(src, os.path.join(dest, name))
        else:
            shutil.copy(src, dest)
    return dest


def cargo_env(cargo_home):
    env = dict(os.environ, CARGO_HOME=cargo_home)
    # rustup's cargo finds its toolchains through RUSTUP_HOME, which defaults to ~/.rustup.
    env.setdefault("RUSTUP_HOME", os.path.join(os.path.expanduser("~"), ".rustup"))
    env["PATH"] = os.pathsep.join([os.path.dirname(shutil.which("cargo") or "/usr/bin/cargo"), env["PATH"]])
    return env


def layer_lib(module):
    """
    lib/maturin_fix/<module>.py for its unit tests, imported from the layer's
    lib/ as addpylib imports it, but without leaving lib/ on sys.path: that
    conf/layer.conf puts it there is a test of its own (test_layer_files).
    """
    lib = os.path.join(LAYER, "lib")
    sys.path.insert(0, lib)
    try:
        return importlib.import_module("maturin_fix." + module)
    finally:
        sys.path.remove(lib)


def datastore(**variables):
    """A datastore of the real BitBake library holding variables, the d the class's functions get."""
    import bb.data
    d = bb.data.init()
    for name, value in variables.items():
        d.setVar(name, value)
    return d


@pytest.fixture
def bb_log(caplog):
    """A function returning what bb.note/bb.warn/bb.fatal logged so far: [(level, message)]."""
    caplog.set_level(logging.DEBUG, logger="BitBake")
    levels = {logging.INFO: "NOTE", logging.WARNING: "WARNING", logging.CRITICAL: "FATAL"}

    def logged():
        return [(levels.get(r.levelno, r.levelname), r.getMessage())
                for r in caplog.records if r.name.startswith("BitBake")]
    return logged


class FakeTool:
    """
    A maturin-fix in its own bin directory that prints given stdout and
    stderr and exits with a given code; it records its arguments and the
    MATURIN_FIX_* and PATH variables of its environment.
    """

    def __init__(self, tmp_path, stdout="", stderr="", code=0):
        self.dir = tmp_path / "fake-tool"
        self.bindir = self.dir / "bin"
        self.bindir.mkdir(parents=True)
        (self.dir / "stdout").write_text(stdout)
        (self.dir / "stderr").write_text(stderr)
        script = self.bindir / "maturin-fix"
        script.write_text(
            "#!/bin/sh\n"
            "printf '%%s\\n' \"$@\" > '%(dir)s/args'\n"
            "env | grep -E '^(MATURIN_FIX_|PATH=)' | sort > '%(dir)s/env'\n"
            "cat > '%(dir)s/stdin'\n"
            "cat '%(dir)s/stdout'\n"
            "cat '%(dir)s/stderr' >&2\n"
            "exit %(code)d\n" % {"dir": self.dir, "code": code})
        script.chmod(0o755)
        self.path = "%s:/usr/bin:/bin" % self.bindir

    def args(self):
        """The arguments of its last run, or None if it never ran."""
        try:
            return (self.dir / "args").read_text().splitlines()
        except FileNotFoundError:
            return None

    def env(self):
        return (self.dir / "env").read_text().splitlines()

    def stdin(self):
        return (self.dir / "stdin").read_text()
