"""
A change to the class's Python, lib/maturin_fix/, must reach every recipe: on the real BitBake of
each release it must change BitBake's configuration hash, which names the recipe parse caches, so
that every recipe is parsed again and its task signatures follow the new code.

BitBake master puts module code into that hash by itself; BitBake 2.8 (scarthgap) does not, and
conf/layer.conf does it there. (Marking the module files as each recipe's file dependencies is not
enough on 2.8: a run without -S then parses the recipe again but rewrites only bb_cache.dat, and
the next `bitbake -S` takes the old signature data from bb_cache_SiggenRecipeInfo.dat and fails
with "Basehash mismatch"; tests/oe/ycl.sh shows that case with yocto-check-layer's own commands.)

Each release gets a copy of the layer and a build directory that parses one recipe only, as
only the configuration matters here: a few seconds per `bitbake -p`.
"""
import glob
import os
import re
import shutil

import pytest

import conftest
from conftest import LAYER, RELEASES

# Every recipe but one is masked (every layer's, this one's too): the configuration is parsed
# in full, the recipes hardly at all.
MASK = 'BBMASK = "/recipes-(?!core/base-files/)"'
# The module whose function source the test changes, and a docstring line in it.
MODULE = os.path.join("lib", "maturin_fix", "pyo3config.py")
DOCSTRING = re.compile(r'^(    """)(\S)', re.M)


def config_hash(build):
    """The configuration hash of the last run: the suffix of the recipe cache bb_cache.dat names."""
    links = glob.glob(os.path.join(build.path, "tmp*", "cache", "**", "bb_cache.dat"),
                      recursive=True)
    if len(links) != 1:
        pytest.fail("%s: expected one bb_cache.dat link below tmp*/cache, found %s"
                    % (build.path, links or "none"))
    return os.readlink(links[0]).rpartition(".")[2]


def parse(build):
    build.bitbake("-p")
    return config_hash(build)


@pytest.mark.parametrize("release", RELEASES)
def test_a_change_to_the_modules_changes_the_configuration_hash(release):
    layer = os.path.join(conftest.CACHE, "module-change", "layer-" + release, "maturin-fix")
    shutil.rmtree(layer, ignore_errors=True)
    shutil.copytree(LAYER, layer, ignore=shutil.ignore_patterns("tests", "target", "__pycache__"))
    build = conftest.BuildDir(release, name="module-change", layer=layer)
    build.write_conf([MASK])
    module = os.path.join(layer, MODULE)
    with open(module) as f:
        original = f.read()
    changed, found = DOCSTRING.subn(r"\1Changed: \2", original, count=1)
    assert found, "%s: no function docstring to change" % MODULE

    parse(build)  # primes the code parser cache, without which the hash differs (conftest.py)
    before = parse(build)
    with open(module, "w") as f:
        f.write(changed)
    after_change = parse(build)
    with open(module, "w") as f:
        f.write(original)
    after_restore = parse(build)

    assert after_change != before, (
        "%s: a changed function in %s left BitBake's configuration hash at %s: every recipe keeps "
        "its parse cache and task signatures from the old code" % (release, MODULE, before))
    assert after_restore == before, (
        "%s: %s back as it was, but the configuration hash is %s, not %s: it follows something "
        "other than the code (a file time?), so every run reparses every recipe"
        % (release, MODULE, after_restore, before))
