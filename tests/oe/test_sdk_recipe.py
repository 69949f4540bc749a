"""
The tool's recipe on the real openembedded-core and BitBake of each release: only
nativesdk-maturin-fix fetches, installs and packages the SDK's environment-setup.d script
(tests/layer/test_sdk_setup.py runs the script itself in real shells). Read through BitBake's
tinfoil API, so the recipe names and SDKPATHNATIVE are oe-core's, not a stand-in's.
"""
import pytest

from test_wiring import tinfoil

SCRIPT = "environment.d-maturin-fix.sh"
SDK = "nativesdk-maturin-fix"
VARIANTS = ["maturin-fix", "maturin-fix-native", SDK]


@pytest.fixture(scope="module")
def recipes(build):
    query = {pn: {"vars": ["SRC_URI", "do_install", "SDKPATHNATIVE", "D", "FILES:" + pn],
                  "flags": []} for pn in VARIANTS}
    return tinfoil(build, "qemuarm", "glibc", query)


def test_nativesdk_installs_the_script_where_the_sdk_sources_it(recipes, build):
    v = recipes[SDK]["vars"]
    installed = v["SDKPATHNATIVE"] + "/environment-setup.d/maturin-fix.sh"
    problems = []
    if not any(u.startswith("file://" + SCRIPT) for u in v["SRC_URI"].split()):
        problems.append("SRC_URI has no file://%s: %s" % (SCRIPT, v["SRC_URI"]))
    if v["D"] + installed not in v["do_install"]:
        problems.append("do_install installs nothing at ${D}%s" % installed)
    if installed not in v["FILES:" + SDK].split():
        problems.append("FILES:%s lacks %s: %s" % (SDK, installed, v["FILES:" + SDK]))
    assert not problems, "%s, %s:\n  %s" % (build.release, SDK, "\n  ".join(problems))


@pytest.mark.parametrize("pn", [p for p in VARIANTS if p != SDK])
def test_other_variants_leave_the_script_out(recipes, build, pn):
    v = recipes[pn]["vars"]
    assert SCRIPT not in v["SRC_URI"] and "environment-setup.d" not in v["do_install"], (
        "%s, %s: the SDK's script is in SRC_URI or do_install" % (build.release, pn))
