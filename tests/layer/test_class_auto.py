"""
maturin-fix-auto.bbclass through the real BitBake library's parse (event handlers registered
as cookerdata registers an INHERIT's, fired by BitBake's own finalise) on the stand-in
metadata: a recipe that only inherits python_maturin, with the global class, has exactly the
task signatures of the same recipe with `inherit python_maturin maturin-fix`, in each variant.
tests/oe/test_auto.py shows the same on the real oe-core and meta-python.
"""
import pytest

from conftest import FIXTURE_RECIPE, Build

PLAIN = "inherit python_maturin\n"
WITH_CLASS = "inherit python_maturin maturin-fix\n"


def recipe_text(inherit_line):
    with open(FIXTURE_RECIPE) as f:
        text = f.read()
    assert WITH_CLASS in text
    return text.replace(WITH_CLASS, inherit_line)


# The basic signature generator fills the basehashes; symlink mode makes the class's
# anonymous python change do_package_qa (the dev-so wrapper), so that part counts too.
CONFIG = ['BB_SIGNATURE_HANDLER = "basic"', 'MATURIN_FIX_MODE = "symlink"']


@pytest.fixture
def parse(tmp_path, tool):
    """parse(variant, inherit_line, inherit=(), config=()): the fixture recipe's signatures and
    DEPENDS with that inherit line, all parses in one TOPDIR (its paths are in the hashes)."""
    recipe = tmp_path / "recipes" / "python3-fixture_1.0.bb"
    recipe.parent.mkdir()
    builds = {}

    def run(variant, inherit_line, inherit=(), config=()):
        if variant not in builds:
            builds[variant] = Build(tmp_path / ("topdir-" + (variant or "target")), tool, variant)
        build = builds[variant]
        recipe.write_text(recipe_text(inherit_line))
        build.config[1:] = CONFIG + list(config)
        return build.run(show=["DEPENDS"], signatures=True, recipe=recipe, inherit=inherit)
    return run


@pytest.mark.parametrize("variant", ["", "native", "nativesdk"])
def test_the_global_class_gives_what_inherit_maturin_fix_gives(parse, variant):
    own = parse(variant, WITH_CLASS)
    auto = parse(variant, PLAIN, inherit=["maturin-fix-auto"])
    plain = parse(variant, PLAIN)
    assert "maturin-fix-native" in auto["vars"]["DEPENDS"].split()
    assert "maturin_fix_install" in auto["taskdeps"]["do_install"]
    assert auto["basehashes"] == own["basehashes"]
    # What makes that comparison mean something.
    assert plain["basehashes"]["do_install"] != own["basehashes"]["do_install"]


def test_a_recipe_that_inherits_the_class_gets_it_once(parse):
    own = parse("", WITH_CLASS)
    both = parse("", WITH_CLASS, inherit=["maturin-fix-auto"])
    assert both["basehashes"] == own["basehashes"]
    assert both["vars"]["DEPENDS"].split().count("maturin-fix-native") == 1


@pytest.mark.parametrize("excluded", ["python3-fixture", "python3-fixture-native"])
def test_an_excluded_recipe_keeps_its_signatures(parse, excluded):
    plain = parse("native", PLAIN)
    auto = parse("native", PLAIN, inherit=["maturin-fix-auto"],
                 config=['MATURIN_FIX_AUTO_EXCLUDE = "other %s"' % excluded])
    assert auto["basehashes"] == plain["basehashes"]
    assert "maturin-fix-native" not in auto["vars"]["DEPENDS"].split()
