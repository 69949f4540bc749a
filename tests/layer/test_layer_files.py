"""
Layer hygiene: conf/layer.conf as the real BitBake parses it, the files
yocto-check-layer looks for, license checksums, documented knobs, and
oelint-adv on every .bb/.bbclass/.inc of the layer.
"""
import glob
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

import pytest

from conftest import HERE, LAYER

sys.path.insert(0, os.path.join(HERE, "bitbake_env", "lib"))
import bb.data  # noqa: E402
import bb.parse  # noqa: E402

CLASS = os.path.join(LAYER, "classes-recipe", "maturin-fix.bbclass")
AUTO_CLASS = os.path.join(LAYER, "classes-global", "maturin-fix-auto.bbclass")
# The classes whose MATURIN_FIX_* knobs users set.
KNOB_CLASSES = [CLASS, AUTO_CLASS]
README = os.path.join(LAYER, "README.md")
SERIES = ["scarthgap", "walnascar", "whinlatter", "wrynose", "blacksail"]
CONTACT = "maturin-fix-devel@example.org"


@pytest.fixture(scope="module")
def layer_conf():
    """conf/layer.conf parsed like bitbake's cookerdata parses a layer's, on an empty configuration."""
    d = bb.data.init()
    d.setVar("BBPATH", "/core-layer")
    d.setVar("BBFILES", "/core-layer/recipes-*/*/*.bb")
    d.setVar("LAYERDIR", LAYER)
    d.setVar("LAYERDIR_RE", re.escape(LAYER))
    sys_path = list(sys.path)
    d = bb.parse.handle(os.path.join(LAYER, "conf", "layer.conf"), d, True, baseconfig=True)
    d.expandVarref("LAYERDIR")
    d.expandVarref("LAYERDIR_RE")
    added = [p for p in sys.path if p not in sys_path]
    return d, added


def test_layer_conf_collection_and_dependencies(layer_conf):
    d, _ = layer_conf
    assert d.getVar("BBFILE_COLLECTIONS").split() == ["maturin-fix"]
    assert d.getVar("LAYERDEPENDS_maturin-fix").split() == ["core"]
    assert d.getVar("LAYERSERIES_COMPAT_maturin-fix").split() == SERIES
    assert re.match(d.getVar("BBFILE_PATTERN_maturin-fix"), os.path.join(LAYER, "recipes-example", "x.bb"))
    assert d.getVar("BBPATH").split(":") == ["/core-layer", LAYER]


def test_layer_conf_adds_only_the_layers_own_recipes(layer_conf):
    d, _ = layer_conf
    ours = d.getVar("BBFILES").split()[1:]
    assert d.getVar("BBFILES").split()[0] == "/core-layer/recipes-*/*/*.bb"
    assert all(p.startswith(LAYER + "/recipes-") and p.endswith(".bb") for p in ours), ours
    # Everything those patterns match is a recipe of the layer (no bbappend), test recipes excluded.
    matched = sorted(os.path.relpath(f, LAYER) for p in ours for f in glob.glob(p))
    assert matched == ["recipes-devtools/maturin-fix/maturin-fix_0.1.0.bb",
                       "recipes-example/python3-maturin-fix-example/python3-maturin-fix-example_0.1.0.bb"]
    # The oe-selftest recipes only come with meta-selftest (collection "selftest").
    assert d.getVar("BBFILES_DYNAMIC").split() == ["selftest:%s/recipes-test/*/*.bb" % LAYER]
    # No global change to other layers' recipes.
    for var in ("INHERIT", "INHERIT_DISTRO", "USER_CLASSES", "DISTRO_FEATURES", "WARN_QA", "ERROR_QA"):
        assert d.getVar(var) is None, var


def test_layer_conf_adds_the_oeqa_library(layer_conf):
    _, added = layer_conf
    assert added == [os.path.join(LAYER, "lib")]
    assert os.path.isfile(os.path.join(LAYER, "lib", "oeqa", "selftest", "cases", "maturin_fix.py"))


def test_no_bbappend_and_no_global_inherit_anywhere():
    tracked = subprocess.run(["git", "ls-files"], cwd=LAYER, stdout=subprocess.PIPE,
                             universal_newlines=True).stdout.split()
    files = tracked or [os.path.relpath(os.path.join(t, f), LAYER) for t, _, fs in os.walk(LAYER) for f in fs]
    assert not [f for f in files if f.endswith(".bbappend")]
    for conf in glob.glob(os.path.join(LAYER, "conf", "**", "*.conf"), recursive=True):
        with open(conf) as f:
            assert not re.search(r"^\s*INHERIT\b", f.read(), re.M), conf


def test_readme_satisfies_yocto_check_layer():
    # The criteria of oe-core's scripts/lib/checklayer/cases/common.py test_readme.
    with open(README) as f:
        text = f.read()
    assert "maintainer" in text.lower()
    assert "patch" in text.lower()
    assert CONTACT in text
    assert "inherit python_maturin maturin-fix" in text


def test_security_md_names_the_contact():
    with open(os.path.join(LAYER, "SECURITY.md")) as f:
        text = f.read()
    assert CONTACT in text and "vulnerab" in text.lower()


@pytest.mark.parametrize("recipe", [
    "recipes-devtools/maturin-fix/maturin-fix_0.1.0.bb",
    "recipes-example/python3-maturin-fix-example/python3-maturin-fix-example.inc"])
def test_license_checksum_matches_copying_mit(recipe):
    with open(os.path.join(LAYER, recipe)) as f:
        md5 = re.search(r'LIC_FILES_CHKSUM = "file://COPYING\.MIT;md5=([0-9a-f]{32})"', f.read()).group(1)
    with open(os.path.join(LAYER, "COPYING.MIT"), "rb") as f:
        assert hashlib.md5(f.read()).hexdigest() == md5


def class_text():
    text = ""
    for path in KNOB_CLASSES:
        with open(path) as f:
            text += f.read()
    return text


def class_knobs():
    return sorted(set(re.findall(r"^(MATURIN_FIX_[A-Z0-9_]+) \?\?=", class_text(), re.M)))


def test_every_knob_is_a_weak_default():
    assigned = set(re.findall(r"^(MATURIN_FIX_[A-Z0-9_]+)\s*(?:=|\?=|:=|\+=)", class_text(), re.M))
    assert assigned == set(), "knobs must be ??= defaults: %s" % assigned
    assert len(class_knobs()) >= 8
    assert "MATURIN_FIX_AUTO_EXCLUDE" in class_knobs()


def test_every_knob_has_a_doc_flag():
    text = class_text()
    missing = [k for k in class_knobs() if not re.search(r"^%s\[doc\] = \"." % k, text, re.M)]
    assert not missing, missing


@pytest.mark.parametrize("doc", ["README.md"])
def test_every_knob_is_documented(doc):
    with open(os.path.join(LAYER, doc)) as f:
        text = f.read()
    missing = [k for k in class_knobs() if "`%s`" % k not in text]
    assert not missing, "%s does not document %s" % (doc, missing)


OELINT = os.path.join(os.path.dirname(sys.executable), "oelint-adv")
FINDING_FORMAT = "{path}|{line}|{severity}|{id}|{msg}"


class OelintFailed(AssertionError):
    """oelint-adv did not finish a run: nothing can be said about the files."""


def oelint(*files, release="scarthgap", args=()):
    """
    oelint-adv's findings on files, each [path, line, severity, id, msg].

    oelint-adv exits 0 when clean and 1 with findings, but also 1 on bad
    arguments ("Bad command line arguments"), 2 on a usage error and 70 on a
    crash; it writes --output only after a complete run. So a result counts
    only if the findings file exists, every line of it is a finding, and the
    exit status agrees with it (0: none, 1: some); anything else raises.
    """
    missing = [f for f in files if not os.path.isfile(f)]
    if missing:
        # oelint-adv lints a missing file as an empty recipe.
        raise OelintFailed("oelint-adv: no such file: %s" % ", ".join(missing))
    with tempfile.TemporaryDirectory() as tmp:
        output = os.path.join(tmp, "findings")
        proc = subprocess.run([OELINT, "--quiet", "--mode", "all", "--release", release,
                               "--messageformat", FINDING_FORMAT, "--output", output]
                              + list(args) + list(files),
                              cwd=LAYER, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              universal_newlines=True, stdin=subprocess.DEVNULL)
        try:
            with open(output) as f:
                lines = [line for line in f.read().splitlines() if line]
        except FileNotFoundError:
            lines = None

    def failed(why):
        raise OelintFailed("oelint-adv %s (exit %d):\n%s" % (why, proc.returncode, proc.stdout))
    if lines is None:
        failed("wrote no findings: it crashed or was called wrongly")
    findings = [line.split("|", 4) for line in lines]
    odd = [line for line, finding in zip(lines, findings) if len(finding) != 5]
    if odd:
        failed("wrote lines that are not findings: %s" % odd)
    if proc.returncode != (1 if findings else 0):
        failed("gave %d finding(s) but an exit status that does not match" % len(findings))
    return findings


def layer_metadata():
    return sorted(f for pattern in ("classes*/*.bbclass", "recipes-*/*/*.bb", "recipes-*/*/*.inc")
                  for f in glob.glob(os.path.join(LAYER, pattern)))


# The class leaves reading its knobs to lib/maturin_fix/, and oelint-adv counts a
# variable as known only where the same file (or a class it inherits) reads it. So the
# layer declares its knobs as a layer declares its own variables (--constantmods), for
# its own lint and for users linting recipes that set them.
OELINT_CONSTANTS = os.path.join(LAYER, "contrib", "oelint-constants.json")


def test_the_oelint_constants_declare_exactly_the_class_knobs():
    with open(OELINT_CONSTANTS) as f:
        declared = json.load(f)
    assert declared == {"variables": {"known": class_knobs()}}


def test_a_recipe_setting_every_knob_lints_clean_with_the_constants(tmp_path):
    recipe = tmp_path / "python3-knobs_1.0.bb"
    recipe.write_text(
        'SUMMARY = "k"\nDESCRIPTION = "k"\nHOMEPAGE = "https://example.org"\n'
        'BUGTRACKER = "https://example.org/i"\nSECTION = "devel/python"\nLICENSE = "MIT"\n'
        'LIC_FILES_CHKSUM = "file://LICENSE;md5=0835ade698e0bcf8506ecda2f7b4f302"\n'
        'SRC_URI = "https://example.org/k-${PV}.tar.gz"\n'
        'SRC_URI[sha256sum] = "%s"\n\ninherit python_maturin maturin-fix\n\n' % ("0" * 64)
        + "".join('%s = "x"\n' % knob for knob in class_knobs()))
    def unknown(args=()):
        return [f for f in oelint(str(recipe), args=args)
                if f[0] == str(recipe) and f[3].startswith("oelint.vars.mispell")]
    # Without the constants some knobs are unknown to oelint-adv (so the file matters) ...
    assert unknown()
    # ... with them none is, and a misspelt knob still is.
    assert unknown(["--constantmods=+" + OELINT_CONSTANTS]) == []
    recipe.write_text(recipe.read_text() + 'MATURIN_FIX_LIBDRI = "x"\n')
    misspelt = unknown(["--constantmods=+" + OELINT_CONSTANTS])
    assert [f[4].startswith("'MATURIN_FIX_LIBDRI' is unknown, maybe you meant 'MATURIN_FIX_LIBDIR'")
            for f in misspelt] == [True], misspelt


@pytest.mark.parametrize("release", ["scarthgap", "blacksail"])
def test_oelint_adv_is_clean(release, tmp_path):
    findings = oelint(*layer_metadata(), release=release,
                      args=["--constantmods=+" + OELINT_CONSTANTS])
    # The generated *-crates.inc keep cargo-update-recipe-crates' exact format,
    # whose `SRC_URI += " \` oelint-adv would write without the space.
    generated_format = {"oelint.vars.inconspaces", "oelint.vars.notneededspace"}
    unexpected = [f for f in findings if not (f[0].endswith("-crates.inc") and f[3] in generated_format)]
    assert unexpected == []


def test_oelint_adv_would_flag_a_problem(tmp_path):
    # The same invocation does report findings (so a clean result means something).
    bad = tmp_path / "bad_1.0.bb"
    bad.write_text('SUMMARY = "x"\nLICENSE = "MIT"\nSRC_URI = "http://example.com/x.tar.gz"\n')
    assert any(f[3] == "oelint.var.mandatoryvar.HOMEPAGE" for f in oelint(str(bad)))


def a_recipe(tmp_path):
    recipe = tmp_path / "a_1.0.bb"
    shutil.copy(os.path.join(LAYER, "recipes-devtools", "maturin-fix", "maturin-fix_0.1.0.bb"), str(recipe))
    return str(recipe)


@pytest.mark.parametrize("how,args,release", [
    # argparse rejects it: exit 2.
    ("bad invocation", [], "no-such-release"),
    # "Bad command line arguments": exit 1, like findings, but none were looked for.
    ("bad arguments", ["--rulefile", os.devnull], "scarthgap"),
    # "OOPS - That shouldn't happen" and a traceback: exit 70.
    ("crash", ["--jobs", "0"], "scarthgap"),
])
def test_oelint_adv_that_fails_is_never_clean(tmp_path, how, args, release):
    with pytest.raises(OelintFailed, match="it crashed or was called wrongly"):
        oelint(a_recipe(tmp_path), release=release, args=args)


def test_oelint_adv_on_a_missing_file_is_never_clean(tmp_path):
    with pytest.raises(OelintFailed, match="no such file"):
        oelint(str(tmp_path / "missing_1.0.bb"))
