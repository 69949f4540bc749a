"""
INHERIT += "maturin-fix-auto" on the real openembedded-core, meta-oe, meta-python and BitBake of
master and scarthgap: every recipe that inherits python_maturin, python_setuptools3_rust or
python_pyo3 (target, native, nativesdk, multilib lib32) gets what `inherit maturin-fix` gives, and
nothing else changes.

Two build directories per release, with the same layers and a multilib configuration
(qemux86-64 with lib32): "auto-on" has the INHERIT line and a MATURIN_FIX_AUTO_EXCLUDE, "auto-off"
has neither. BBMASK keeps the parse to the recipes under test. One tinfoil session in each parses
every variant of those recipes and reports its wiring and BitBake's basehashes of its tasks
(__siggen_basehashes, what the signature generator computes while parsing).
"""
import json
import os
import re
import shutil
import subprocess

import pytest

import conftest
from conftest import EXAMPLE

# The recipes that inherit python_maturin, python_setuptools3_rust or python_pyo3 in the
# snapshots (oe-core and meta-python; tests/oe checks this list against the parse).
PYO3_RECIPES = {
    "master": ["python3-rpds-py", "python3-cryptography", "python3-bcrypt", "python3-hypothesis",
               "python3-uv-build", "python3-maturin", "python3-orjson", "python3-pydantic-core",
               "python3-pendulum", "python3-cbor2", "python3-pyruvate", "python3-ruff"],
    "scarthgap": ["python3-rpds-py", "python3-cryptography", "python3-bcrypt", "python3-maturin",
                  "python3-pydantic-core", "python3-pyruvate"],
}
# A whole recipe, and one variant of each kind.
EXCLUDED = ["python3-pyruvate", "python3-cryptography", "nativesdk-python3-maturin",
            "python3-rpds-py-native", "lib32-python3-bcrypt"]
EXCLUDED_VARIANTS = {"python3-pyruvate", "lib32-python3-pyruvate", "python3-cryptography",
                     "python3-cryptography-native", "nativesdk-python3-cryptography",
                     "lib32-python3-cryptography", "nativesdk-python3-maturin",
                     "python3-rpds-py-native", "lib32-python3-bcrypt"}
# Recipes without Rust: their signatures must not move.
UNRELATED = ["base-files", "zlib", "python3-packaging", "python3-six"]
TOOL = "maturin-fix"

# The key of parse()'s answer that holds the parse's warnings (no recipe has this name).
WARNINGS = " warnings"

MACHINE = "qemux86-64"
MULTILIB_CONF = ['require conf/multilib.conf', 'MULTILIBS = "multilib:lib32"',
                 'DEFAULTTUNE:virtclass-multilib-lib32 = "x86"']


def bbmask(release):
    """Mask every recipe and bbappend but those under test."""
    names = PYO3_RECIPES[release] + UNRELATED + [TOOL, EXAMPLE]
    return r'BBMASK = "/recipes-[^/]+/(?:[^/]+/)*(?!(?:%s)[_.])[^/]+\.bb(?:append)?$"' % "|".join(
        re.escape(n) for n in names)


def auto_build(release, on):
    src = conftest.need_snapshots(release)
    meta_oe = os.path.join(src, "meta-openembedded")
    if not os.path.isdir(os.path.join(meta_oe, "meta-python")):
        pytest.fail("%s is missing: run tests/oe/run.sh, which unpacks it from the snapshots in "
                    "../shared/upstream/" % os.path.join(meta_oe, "meta-python"))
    conf = MULTILIB_CONF + [bbmask(release)]
    if on:
        conf += ['INHERIT += "maturin-fix-auto"',
                 'MATURIN_FIX_AUTO_EXCLUDE = "%s"' % " ".join(EXCLUDED)]
    # meta-oe master may not list oe-core master's series yet: the snapshots go together.
    compat = ['LAYERSERIES_COMPAT_%s:append = " ${LAYERSERIES_CORENAMES}"' % c
              for c in ("openembedded-layer", "meta-python")]
    return conftest.BuildDir(release, name="auto-on" if on else "auto-off",
                             other_layers=[os.path.join(meta_oe, "meta-oe"),
                                           os.path.join(meta_oe, "meta-python")],
                             bblayers_extra=compat, local_conf_extra=conf)


# Run by the host's python3 in the build directory: every parsed variant's wiring, as JSON.
TINFOIL = r"""
import json, os, sys
sys.path.insert(0, os.path.join(sys.argv[1], "lib"))
import bb.tinfoil
answer = {}
with bb.tinfoil.Tinfoil(output=sys.stderr) as tinfoil:
    tinfoil.prepare(quiet=2)
    for fn, pn in sorted(tinfoil.cooker.recipecaches[""].pkg_fn.items()):
        d = tinfoil.parse_recipe_file(fn)
        flag = lambda var, name: d.getVarFlag(var, name)
        answer[pn] = {
            "fn": fn,
            "inherits": [os.path.basename(c) for c in d.getVar("__inherit_cache", False) or []],
            "file_depends": [os.path.basename(f) for f in (d.getVar("BBINCLUDED") or "").split()],
            "DEPENDS": (d.getVar("DEPENDS") or "").split(),
            "WARN_QA": (d.getVar("WARN_QA") or "").split(),
            "configure_postfuncs": (flag("do_configure", "postfuncs") or "").split(),
            "install_postfuncs": (flag("do_install", "postfuncs") or "").split(),
            "qa_check": flag("QAPKGTEST", "python-ext-suffix"),
            "root_export": flag("MATURIN_FIX_ROOT", "export"),
            "basehashes": {task.rsplit(":", 1)[-1]: basehash for task, basehash in
                           (d.getVar("__siggen_basehashes", False) or {}).items()},
        }
print("TINFOIL-ANSWER " + json.dumps(answer))
"""


def parse(key):
    release, on = key
    build = auto_build(release, on)
    env = build.env(MACHINE)
    python = shutil.which("python3", path=env["PATH"])
    proc = subprocess.run([python, "-c", TINFOIL, build.bitbake_dir], cwd=build.path, env=env,
                          stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, universal_newlines=True, timeout=3600)
    answers = [line for line in proc.stdout.splitlines() if line.startswith("TINFOIL-ANSWER ")]
    if proc.returncode != 0 or not answers:
        pytest.fail("tinfoil in %s failed with exit %d:\n%s\n%s" % (
            build.path, proc.returncode, proc.stdout[-3000:], proc.stderr[-6000:]))
    parsed = json.loads(answers[-1][len("TINFOIL-ANSWER "):])
    # BitBake's warnings and errors of the parse (QA issues of the parse-time checks among them);
    # tinfoil's log handler may write to either stream.
    parsed[WARNINGS] = [line for line in (proc.stdout + "\n" + proc.stderr).splitlines()
                        if line.startswith(("WARNING:", "ERROR:")) or "QA Issue" in line]
    return parsed


_parses = conftest.Prefetched([(r, on) for r in conftest.RELEASES for on in (True, False)], parse)


@pytest.fixture(params=conftest.RELEASES)
def release(request):
    return request.param


@pytest.fixture
def on(release):
    return _parses.get((release, True))


@pytest.fixture
def off(release):
    return _parses.get((release, False))


def base_name(pn):
    for prefix in ("nativesdk-", "lib32-"):
        if pn.startswith(prefix):
            pn = pn[len(prefix):]
    return pn[:-len("-native")] if pn.endswith("-native") else pn


def variants(parsed, names):
    """The parsed variants (PNs) of the recipes `names`."""
    return sorted(pn for pn in parsed if pn != WARNINGS and base_name(pn) in names)


def wiring_problems(recipe):
    """What `inherit maturin-fix` gives that this parsed variant lacks (or has twice)."""
    problems = []
    for what, values, item in [
            ("DEPENDS", recipe["DEPENDS"], "maturin-fix-native"),
            ("do_configure[postfuncs]", recipe["configure_postfuncs"], "maturin_fix_pyo3_config"),
            ("do_install[postfuncs]", recipe["install_postfuncs"], "maturin_fix_install"),
            ("WARN_QA", recipe["WARN_QA"], "python-ext-suffix"),
            ("inherited classes", recipe["inherits"], "maturin-fix.bbclass")]:
        if values.count(item) != 1:
            problems.append("%s has %s %d times" % (what, item, values.count(item)))
    # The parse cache keeps a recipe until one of these files changes: so must the class.
    if "maturin-fix.bbclass" not in recipe["file_depends"]:
        problems.append("BBINCLUDED (the recipe's file dependencies) lacks maturin-fix.bbclass")
    if recipe["qa_check"] != "maturin_fix_qa_check_ext_suffix":
        problems.append("QAPKGTEST[python-ext-suffix] is %r" % recipe["qa_check"])
    # Set by the class's anonymous python only.
    if recipe["root_export"] not in ("1", 1, True):
        problems.append("MATURIN_FIX_ROOT[export] is %r" % recipe["root_export"])
    return problems


def untouched_problems(recipe):
    """Any trace of maturin-fix in a parsed variant that must have none."""
    problems = []
    if "maturin-fix-native" in recipe["DEPENDS"]:
        problems.append("DEPENDS has maturin-fix-native")
    for what in ("configure_postfuncs", "install_postfuncs"):
        if any(f.startswith("maturin_fix") for f in recipe[what]):
            problems.append("%s: %s" % (what, recipe[what]))
    if recipe["qa_check"] or "maturin-fix.bbclass" in recipe["inherits"]:
        problems.append("inherits maturin-fix")
    return problems


def report(problems):
    return "\n".join("  %s: %s" % (pn, "; ".join(p)) for pn, p in sorted(problems.items()) if p)


def test_the_pyo3_recipes_are_parsed_with_their_variants(release, on, off):
    # The lists above are the snapshots' recipes that inherit one of the three classes.
    pyo3 = {"python_maturin.bbclass", "python_setuptools3_rust.bbclass", "python_pyo3.bbclass"}
    for parsed in (on, off):
        found = sorted({base_name(pn) for pn, r in parsed.items()
                        if pn != WARNINGS and pyo3 & set(r["inherits"])} - {EXAMPLE})
        assert found == sorted(PYO3_RECIPES[release])
        for kind in ("python3-maturin-native", "nativesdk-python3-maturin",
                     "lib32-python3-bcrypt", "lib32-python3-pyruvate"):
            assert kind in parsed, "%s: %s was not parsed" % (release, kind)


def test_every_pyo3_variant_gets_maturin_fix(release, on):
    targets = [pn for pn in variants(on, PYO3_RECIPES[release]) if pn not in EXCLUDED_VARIANTS]
    assert len(targets) >= len(PYO3_RECIPES[release])
    problems = {pn: wiring_problems(on[pn]) for pn in targets}
    assert not any(problems.values()), "%s, with the INHERIT:\n%s" % (release, report(problems))


def test_without_the_inherit_no_pyo3_variant_gets_it(release, off):
    problems = {pn: untouched_problems(off[pn]) for pn in variants(off, PYO3_RECIPES[release])}
    assert not any(problems.values()), "%s, without the INHERIT:\n%s" % (release, report(problems))


def test_the_auto_class_changes_the_signatures_of_the_pyo3_variants(release, on, off):
    # What makes the comparisons below mean something.
    targets = [pn for pn in variants(on, PYO3_RECIPES[release]) if pn not in EXCLUDED_VARIANTS]
    same = [pn for pn in targets
            if on[pn]["basehashes"]["do_install"] == off[pn]["basehashes"]["do_install"]]
    assert not same, "%s: do_install's basehash did not change for %s" % (release, same)


@pytest.mark.parametrize("group", ["excluded", "unrelated", "tool", "example"])
def test_recipes_that_get_nothing_keep_their_signatures(release, on, off, group):
    names = {"excluded": EXCLUDED_VARIANTS, "unrelated": set(UNRELATED), "tool": {TOOL},
             "example": {EXAMPLE}}[group]
    if group == "excluded":
        pns = sorted(pn for pn in on if pn in EXCLUDED_VARIANTS)
        assert len(pns) == len(EXCLUDED_VARIANTS), "%s: parsed %s" % (release, pns)
    else:
        pns = variants(on, names)
        assert pns, "%s: none of %s was parsed" % (release, sorted(names))
    problems = {}
    for pn in pns:
        a, b = on[pn]["basehashes"], off[pn]["basehashes"]
        problems[pn] = ["%s: %s vs %s without the INHERIT" % (task, a.get(task), b.get(task))
                        for task in sorted(set(a) | set(b)) if a.get(task) != b.get(task)]
        if group != "example":
            problems[pn] += untouched_problems(on[pn])
    assert not any(problems.values()), "%s, with the INHERIT:\n%s" % (release, report(problems))


def test_a_recipe_that_inherits_maturin_fix_gets_it_once(release, on):
    problems = {pn: wiring_problems(on[pn]) for pn in variants(on, {EXAMPLE})}
    assert problems and not any(problems.values()), "%s:\n%s" % (release, report(problems))


def test_the_tool_never_depends_on_itself(release, on):
    tools = variants(on, {TOOL})
    assert sorted(tools) == sorted([TOOL, TOOL + "-native", "nativesdk-" + TOOL,
                                    "lib32-" + TOOL]), tools
    problems = {pn: ["DEPENDS has %s" % dep for dep in on[pn]["DEPENDS"] if base_name(dep) == TOOL]
                for pn in tools}
    assert not any(problems.values()), "%s:\n%s" % (release, report(problems))


def test_the_inherit_adds_no_warning(release, on, off):
    # e.g. insane.bbclass's native-last (WARN_QA), were the class listed after
    # native/nativesdk; other layers' warnings of this parse are the same either way.
    assert off[WARNINGS], "%s: no warning at all was seen (the parse warns about meta-oe's " \
        "masked recipes): are BitBake's messages read?" % release
    added = sorted(set(on[WARNINGS]) - set(off[WARNINGS]))
    assert not added, "%s: with the INHERIT, the parse also says:\n  %s" % (
        release, "\n  ".join(added))
