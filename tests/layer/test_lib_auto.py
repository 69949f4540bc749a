"""
Unit tests of lib/maturin_fix/auto.py, the logic of maturin-fix-auto.bbclass: which recipes get
`inherit maturin-fix` (the three PyO3 classes, never the tool, MATURIN_FIX_AUTO_EXCLUDE by recipe
or variant name) and the inherit itself with the real BitBake library, listed ahead of
native/nativesdk as a recipe's own inherit is. tests/oe/test_auto.py runs it on the real
openembedded-core, meta-python and BitBake.
"""
import os
import sys

import pytest

from conftest import HERE, LAYER, datastore, layer_lib

# bb.parse, which the module imports, needs the stand-in hashserv package.
sys.path.insert(0, os.path.join(HERE, "bitbake_env", "lib"))
auto = layer_lib("auto")  # noqa: E402

CLASSES = os.path.join(HERE, "bitbake_env", "classes")
MATURIN_FIX = os.path.join(LAYER, "classes-recipe", "maturin-fix.bbclass")


def recipe(pn, inherits, bpn=None, **variables):
    """A recipe's datastore at RecipePreFinalise: its PN, BPN and inherited classes."""
    d = datastore(PN=pn, BPN=bpn or pn, **variables)
    d.setVar("__inherit_cache", [os.path.join("/layer/classes-recipe", c + ".bbclass")
                                 for c in inherits])
    return d


@pytest.mark.parametrize("cls", ["python_maturin", "python_setuptools3_rust", "python_pyo3"])
def test_each_pyo3_class_is_wanted(cls):
    assert auto.wanted(recipe("python3-foo", ["base", cls]))


@pytest.mark.parametrize("inherits", [["base"], ["base", "cargo"], ["base", "python_setuptools3"],
                                      ["base", "python_maturin_extra"]])
def test_other_recipes_are_not_wanted(inherits):
    assert not auto.wanted(recipe("python3-foo", inherits))


@pytest.mark.parametrize("pn,bpn", [("maturin-fix", None), ("maturin-fix-native", "maturin-fix"),
                                    ("maturin-fix-nativesdk", "maturin-fix-nativesdk")])
def test_the_tool_is_never_wanted(pn, bpn):
    assert not auto.wanted(recipe(pn, ["base", "cargo", "python_pyo3"], bpn=bpn))


# (PN, BPN, extra variables) of each variant of python3-foo while the handler runs.
VARIANTS = {
    "target": ("python3-foo", "python3-foo", {}),
    "native": ("python3-foo-native", "python3-foo", {}),
    "native, BPN not pruned": ("python3-foo-native", "python3-foo-native", {}),
    "nativesdk": ("python3-foo-nativesdk", "python3-foo-nativesdk", {}),
    "nativesdk renamed": ("nativesdk-python3-foo", "python3-foo", {}),
    "multilib": ("python3-foo", "python3-foo", {"BBEXTENDCURR": "multilib",
                                                 "BBEXTENDVARIANT": "lib32"}),
}
NAMES = {"target": "python3-foo", "native": "python3-foo-native",
         "native, BPN not pruned": "python3-foo-native",
         "nativesdk": "nativesdk-python3-foo", "nativesdk renamed": "nativesdk-python3-foo",
         "multilib": "lib32-python3-foo"}


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_exclude_by_recipe_name_leaves_out_every_variant(variant):
    pn, bpn, extra = VARIANTS[variant]
    d = recipe(pn, ["python_maturin"], bpn=bpn, MATURIN_FIX_AUTO_EXCLUDE="other python3-foo",
               **extra)
    assert not auto.wanted(d)


@pytest.mark.parametrize("variant", sorted(VARIANTS))
@pytest.mark.parametrize("excluded", sorted(set(NAMES.values()) - {"python3-foo"}))
def test_exclude_by_variant_name_leaves_out_that_variant_only(variant, excluded):
    pn, bpn, extra = VARIANTS[variant]
    d = recipe(pn, ["python_maturin"], bpn=bpn, MATURIN_FIX_AUTO_EXCLUDE=excluded, **extra)
    assert auto.wanted(d) == (NAMES[variant] != excluded)


def a_parse(inherits, **variables):
    """A recipe datastore that the real BitBake library can inherit the layer's class into."""
    d = datastore(BBPATH=LAYER, PN="python3-foo", BPN="python3-foo", **variables)
    d.setVar("__bbclasstype", "recipe")
    d.setVar("__inherit_cache", [os.path.join(CLASSES, c + ".bbclass") for c in inherits])
    return d


def test_inherit_gives_what_inherit_maturin_fix_gives():
    d = a_parse(["base", "python_maturin"], DEPENDS="python3-native")
    auto.inherit_if_wanted("python3-foo_1.0.bb", d)
    assert d.getVar("DEPENDS").split() == ["python3-native", "maturin-fix-native"]
    assert d.getVarFlag("do_configure", "postfuncs").split() == ["maturin_fix_pyo3_config"]
    assert d.getVarFlag("do_install", "postfuncs").split() == ["maturin_fix_install"]
    assert d.getVarFlag("QAPKGTEST", "python-ext-suffix") == "maturin_fix_qa_check_ext_suffix"
    assert d.getVar("__inherit_cache", False)[-1] == MATURIN_FIX
    # Once: a second call (the second event, or a recipe that inherits it itself) adds nothing.
    auto.inherit_if_wanted("python3-foo_1.0.bb", d)
    assert d.getVarFlag("do_install", "postfuncs").split() == ["maturin_fix_install"]
    assert d.getVar("__inherit_cache", False).count(MATURIN_FIX) == 1


def test_inherit_of_an_excluded_recipe_changes_nothing():
    d = a_parse(["base", "python_maturin"], DEPENDS="python3-native",
                MATURIN_FIX_AUTO_EXCLUDE="python3-foo")
    before = list(d.getVar("__inherit_cache", False))
    auto.inherit_if_wanted("python3-foo_1.0.bb", d)
    assert d.getVar("DEPENDS") == "python3-native"
    assert d.getVarFlag("do_install", "postfuncs") is None
    assert d.getVar("__inherit_cache", False) == before


@pytest.mark.parametrize("native", ["native", "nativesdk"])
def test_after_the_class_extension_the_class_is_listed_before_it(native):
    # BitBake 2.8: the handler runs after native/nativesdk was inherited; insane.bbclass's
    # native-last check wants native/nativesdk (and what it inherits) last.
    d = a_parse(["base", "python_maturin", native, "python3-dir"])
    auto.inherit_if_wanted("python3-foo_1.0.bb", d)
    names = [os.path.basename(c) for c in d.getVar("__inherit_cache", False)]
    assert names == ["base.bbclass", "python_maturin.bbclass", "maturin-fix.bbclass",
                     native + ".bbclass", "python3-dir.bbclass"]
