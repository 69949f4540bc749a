"""
How maturin-fix.bbclass is wired into the example recipe by the real openembedded-core and
BitBake, per release and per configuration of conftest.CONFIGS. Per (release, MACHINE, TCLIBC),
once, shared by the tests:
- `bitbake -e python3-maturin-fix-example`: the variables (conftest.parse_env_dump);
- `bitbake -g python3-maturin-fix-example`: its task-depends.dot;
- the variable flags (postfuncs, QAPKGTEST), which `bitbake -e` does not print for functions,
  and the -native variant's variables, from one session of BitBake's tinfoil API (what
  bitbake-getvar uses), run by the host's python3 as bitbake itself runs.
The class's values are checked twice: against oe-core's own variables on that machine, and
against expectations that do not come from the class: the python3 recipe file of the snapshot,
oe-core's baselib, the recipe's WORKDIR.
"""
import glob
import json
import os
import re
import shutil
import subprocess

import pytest

import conftest
from conftest import CONFIG_IDS, CONFIGS, EXAMPLE

NATIVE = EXAMPLE + "-native"
TOOL_NATIVE = "maturin-fix-native"
# oe-core's bitbake.conf: baselib = BASELIB = "lib", "lib64" only for glibc powerpc64(le); these
# builds use no multilib.conf, so every configuration here has /usr/lib (qemumips64 and
# qemux86-64 too).
LIBDIR = "/usr/lib"

# Run by the host's python3 in the build directory: prints the values asked for as JSON.
TINFOIL = r"""
import json, os, sys
sys.path.insert(0, os.path.join(sys.argv[1], "lib"))
import bb.tinfoil
query = json.loads(sys.argv[2])
answer = {}
with bb.tinfoil.Tinfoil(output=sys.stderr) as tinfoil:
    tinfoil.prepare(quiet=2)
    for pn, wanted in query.items():
        d = tinfoil.parse_recipe(pn)
        answer[pn] = {"vars": {v: d.getVar(v) for v in wanted["vars"]},
                      "flags": {"%s[%s]" % (v, f): d.getVarFlag(v, f) for v, f in wanted["flags"]}}
print("TINFOIL-ANSWER " + json.dumps(answer))
"""
FLAGS = [("do_configure", "postfuncs"), ("do_install", "postfuncs"),
         ("QAPKGTEST", "python-ext-suffix"),
         ("maturin_fix_pyo3_config", "python"), ("maturin_fix_install", "python")]
NATIVE_VARS = ["DEPENDS", "WORKDIR", "STAGING_DIR_NATIVE", "libdir", "libdir_native",
               "PYTHON_BASEVERSION", "PYTHON_SITEPACKAGES_DIR", "MATURIN_FIX_SYSROOT",
               "MATURIN_FIX_LIBDIR", "MATURIN_FIX_PYTHON", "MATURIN_FIX_PATHS"]


def tinfoil(build, machine, tclibc, query):
    env = build.env(machine, tclibc)
    python = shutil.which("python3", path=env["PATH"])
    proc = subprocess.run([python, "-c", TINFOIL, build.bitbake_dir, json.dumps(query)],
                          cwd=build.path, env=env, stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, timeout=1800)
    answers = [line for line in proc.stdout.splitlines() if line.startswith("TINFOIL-ANSWER ")]
    if proc.returncode != 0 or not answers:
        pytest.fail("tinfoil (MACHINE=%s TCLIBC=%s, %s) failed with exit %d:\n%s\n%s"
                    % (machine, tclibc, build.release, proc.returncode, proc.stdout[-3000:],
                       proc.stderr[-6000:]))
    return json.loads(answers[-1][len("TINFOIL-ANSWER "):])


# The native variant is the same on every MACHINE: checked from one configuration per release.
NATIVE_CONFIG = ("qemux86-64", "glibc")


class Wiring:
    def __init__(self, release, machine, tclibc):
        self.build = build = conftest.build_dir(release)
        self.what = "%s (MACHINE=%s TCLIBC=%s, %s)" % (EXAMPLE, machine, tclibc, release)
        self.text = build.bitbake("-e", EXAMPLE, machine=machine, tclibc=tclibc).stdout
        self.env = conftest.parse_env_dump(self.text)
        dot = os.path.join(build.path, "task-depends.dot")
        if os.path.exists(dot):
            os.remove(dot)
        build.bitbake("-g", EXAMPLE, machine=machine, tclibc=tclibc)
        with open(dot) as f:
            self.edges = conftest.task_graph_edges(f.read())
        query = {EXAMPLE: {"vars": [], "flags": FLAGS}}
        if (machine, tclibc) == NATIVE_CONFIG:
            query[NATIVE] = {"vars": NATIVE_VARS, "flags": FLAGS}
        answer = tinfoil(build, machine, tclibc, query)
        self.flags = answer[EXAMPLE]["flags"]
        self.native = answer.get(NATIVE, {}).get("vars")
        self.native_flags = answer.get(NATIVE, {}).get("flags")

    def var(self, name):
        if name not in self.env:
            pytest.fail("%s: `bitbake -e` shows no %s" % (self.what, name))
        return self.env[name]


_wirings = []


@pytest.fixture
def wirings(request):
    """The Wiring of each selected (release, MACHINE, TCLIBC), all at the first request."""
    if not _wirings:
        keys = [(b,) + tuple(c) for b, c in conftest.selected_params(request.session, __name__,
                                                                     "build", "config")]
        keys += [(item.callspec.params["build"],) + NATIVE_CONFIG for item in request.session.items
                 if item.module.__name__ == __name__ and item.name.startswith("test_native")]
        _wirings.append(conftest.Prefetched(sorted(set(keys), key=keys.index),
                                            lambda key: Wiring(*key)))
    return _wirings[0]


@pytest.fixture
def wiring(build, config, wirings):
    return wirings.get((build.release,) + tuple(config))


def snapshot_python_version(build):
    """X.Y of the snapshot's own python3 recipe, meta/recipes-devtools/python/python3_X.Y.Z.bb."""
    recipes = glob.glob(os.path.join(build.oe_core, "meta", "recipes-devtools", "python",
                                     "python3_*.bb"))
    versions = {m.group(1) for m in (re.match(r"python3_(\d+\.\d+)\.\d+\.bb$", os.path.basename(r))
                                     for r in recipes) if m}
    assert len(versions) == 1, "expected one python3_X.Y.Z.bb in %s, found %s" % (
        build.oe_core, recipes)
    return versions.pop()


def mismatches(pairs):
    """The lines describing each (what, got, expected) whose got != expected."""
    return ["  %s: %r, expected %r" % (what, got, expected)
            for what, got, expected in pairs if got != expected]


@pytest.mark.parametrize("config", CONFIGS, ids=CONFIG_IDS)
def test_depends_on_the_native_tool(wiring):
    depends = wiring.var("DEPENDS").split()
    assert TOOL_NATIVE in depends, "%s: DEPENDS has no %s:\n  %s" % (
        wiring.what, TOOL_NATIVE, " ".join(depends))


@pytest.mark.parametrize("config", CONFIGS, ids=CONFIG_IDS)
def test_postfuncs_run_the_class_python_functions(wiring):
    f = wiring.flags
    problems = []
    for task, func in (("do_configure", "maturin_fix_pyo3_config"),
                       ("do_install", "maturin_fix_install")):
        postfuncs = (f["%s[postfuncs]" % task] or "").split()
        if func not in postfuncs:
            problems.append("  %s[postfuncs] = %r has no %s" % (task, " ".join(postfuncs), func))
        if f["%s[python]" % func] not in ("1", 1, True):
            problems.append("  %s is not a python function of the recipe (its [python] flag: %r)"
                            % (func, f["%s[python]" % func]))
    assert not problems, "%s:\n%s" % (wiring.what, "\n".join(problems))


@pytest.mark.parametrize("config", CONFIGS, ids=CONFIG_IDS)
def test_class_values_are_oe_cores_values(wiring):
    v = wiring.var
    bad = mismatches([
        ("MATURIN_FIX_SYSROOT vs STAGING_DIR_HOST", v("MATURIN_FIX_SYSROOT"),
         v("STAGING_DIR_HOST")),
        ("MATURIN_FIX_LIBDIR vs libdir", v("MATURIN_FIX_LIBDIR"), v("libdir")),
        ("MATURIN_FIX_PYTHON vs PYTHON_BASEVERSION", v("MATURIN_FIX_PYTHON"),
         v("PYTHON_BASEVERSION")),
        ("MATURIN_FIX_PATHS vs PYTHON_SITEPACKAGES_DIR", v("MATURIN_FIX_PATHS"),
         v("PYTHON_SITEPACKAGES_DIR")),
        ("MATURIN_FIX_ROOT vs D + PYTHON_SITEPACKAGES_DIR", v("MATURIN_FIX_ROOT"),
         v("D") + v("PYTHON_SITEPACKAGES_DIR")),
    ])
    assert not bad, "%s:\n%s" % (wiring.what, "\n".join(bad))


@pytest.mark.parametrize("config", CONFIGS, ids=CONFIG_IDS)
def test_class_values_are_the_machines_real_paths(wiring):
    v = wiring.var
    version = snapshot_python_version(wiring.build)
    tmpdir, workdir = v("TMPDIR"), v("WORKDIR")
    problems = mismatches([
        ("MATURIN_FIX_PYTHON (the snapshot's python3 recipe)", v("MATURIN_FIX_PYTHON"), version),
        ("MATURIN_FIX_LIBDIR (oe-core's baselib, no multilib)", v("MATURIN_FIX_LIBDIR"), LIBDIR),
        ("baselib", v("baselib"), os.path.basename(LIBDIR)),
        ("MATURIN_FIX_SYSROOT (the recipe's own sysroot)", v("MATURIN_FIX_SYSROOT"),
         workdir + "/recipe-sysroot"),
        ("MATURIN_FIX_PATHS", v("MATURIN_FIX_PATHS"),
         "%s/python%s/site-packages" % (LIBDIR, version)),
    ])
    if not tmpdir.startswith(wiring.build.path + "/"):
        problems.append("  TMPDIR %r is not in the build directory %s"
                        % (tmpdir, wiring.build.path))
    # oe-core's WORKDIR lives under ${BASE_WORKDIR} (TMPDIR's "work" directory).
    base_workdir = os.path.join(tmpdir, "work")
    if os.path.commonpath([workdir, base_workdir]) != base_workdir or ("/%s/" % EXAMPLE) not in workdir:
        problems.append("  WORKDIR %r is not the recipe's directory in %s" % (workdir, base_workdir))
    assert not problems, "%s:\n%s" % (wiring.what, "\n".join(problems))


@pytest.mark.parametrize("config", CONFIGS, ids=CONFIG_IDS)
def test_qa_check_python_ext_suffix_is_registered_as_a_warning(wiring):
    check = wiring.flags["QAPKGTEST[python-ext-suffix]"]
    warn_qa, error_qa = wiring.var("WARN_QA").split(), wiring.var("ERROR_QA").split()
    problems = []
    if check != "maturin_fix_qa_check_ext_suffix":
        problems.append("  QAPKGTEST[python-ext-suffix] = %r" % check)
    elif "def %s(" % check not in wiring.text:
        problems.append("  the recipe has no function %s" % check)
    if "python-ext-suffix" not in warn_qa:
        problems.append("  WARN_QA has no python-ext-suffix: %s" % " ".join(warn_qa))
    if "python-ext-suffix" in error_qa:
        problems.append("  ERROR_QA has python-ext-suffix: %s" % " ".join(error_qa))
    assert not problems, "%s:\n%s" % (wiring.what, "\n".join(problems))


@pytest.mark.parametrize("config", CONFIGS, ids=CONFIG_IDS)
def test_task_graph_prepares_the_sysroot_after_the_tool(wiring):
    edge = ("%s.do_prepare_recipe_sysroot" % EXAMPLE, "%s.do_populate_sysroot" % TOOL_NATIVE)
    if edge not in wiring.edges:
        after = sorted(b for a, b in wiring.edges if a == edge[0])
        pytest.fail("%s: task-depends.dot has no edge \"%s\" -> \"%s\"; %s depends on:\n  %s"
                    % (wiring.what, edge[0], edge[1], edge[0], "\n  ".join(after) or "(nothing)"))


@pytest.fixture
def native(build, wirings):
    return wirings.get((build.release,) + NATIVE_CONFIG)


def test_native_variant_uses_the_native_sysroot(native):
    n, f = native.native, native.native_flags
    what = "%s (%s)" % (NATIVE, native.build.release)
    version = snapshot_python_version(native.build)
    problems = mismatches([
        ("MATURIN_FIX_SYSROOT vs STAGING_DIR_NATIVE", n["MATURIN_FIX_SYSROOT"],
         n["STAGING_DIR_NATIVE"]),
        ("STAGING_DIR_NATIVE", n["STAGING_DIR_NATIVE"], n["WORKDIR"] + "/recipe-sysroot-native"),
        ("MATURIN_FIX_LIBDIR vs libdir_native", n["MATURIN_FIX_LIBDIR"], n["libdir_native"]),
        ("MATURIN_FIX_SYSROOT + MATURIN_FIX_LIBDIR vs libdir",
         (n["MATURIN_FIX_SYSROOT"] or "") + (n["MATURIN_FIX_LIBDIR"] or ""), n["libdir"]),
        ("MATURIN_FIX_PYTHON (the snapshot's python3 recipe)", n["MATURIN_FIX_PYTHON"], version),
        ("MATURIN_FIX_PATHS vs PYTHON_SITEPACKAGES_DIR", n["MATURIN_FIX_PATHS"],
         n["PYTHON_SITEPACKAGES_DIR"]),
        ("MATURIN_FIX_PATHS", n["MATURIN_FIX_PATHS"],
         "%s/python%s/site-packages" % (n["libdir"], version)),
    ])
    depends = (n["DEPENDS"] or "").split()
    if TOOL_NATIVE not in depends:
        problems.append("  DEPENDS has no %s: %s" % (TOOL_NATIVE, " ".join(depends)))
    for task, func in (("do_configure", "maturin_fix_pyo3_config"),
                       ("do_install", "maturin_fix_install")):
        if func not in (f["%s[postfuncs]" % task] or "").split():
            problems.append("  %s[postfuncs] = %r has no %s"
                            % (task, f["%s[postfuncs]" % task], func))
    assert not problems, "%s:\n%s" % (what, "\n".join(problems))
