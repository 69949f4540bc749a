"""
Shared fixtures of the oe part: the unpacked snapshots of openembedded-core
and BitBake (master and scarthgap), a build directory per release, and a
runner for the real bitbake. tests/oe/run.sh provisions all of it.
"""
import glob
import os
import subprocess
import threading
import traceback

import pytest

CACHE = os.environ.get("MATURIN_FIX_OE_CACHE", "")
HERE = os.path.dirname(os.path.abspath(__file__))
# run.sh runs the tests from its copy of the layer, at <cache>/layer.
LAYER = os.path.dirname(os.path.dirname(HERE))
TOOL = os.path.join(CACHE, "tool", "maturin-fix")
RELEASES = ("master", "scarthgap")
EXAMPLE = "python3-maturin-fix-example"

# The configurations that `bitbake -p` must parse cleanly, as (MACHINE, TCLIBC).
CONFIGS = [("qemuarm", "glibc"), ("qemumips64", "glibc"), ("qemuppc", "glibc"),
           ("qemux86-64", "glibc"), ("qemuarm64", "musl")]
CONFIG_IDS = ["%s-%s" % c for c in CONFIGS]


def need_snapshots(release):
    """The unpacked sources of a release; fails (never skips) when they are missing."""
    if not CACHE:
        pytest.fail("MATURIN_FIX_OE_CACHE is not set: run tests/oe/run.sh, which unpacks the "
                    "snapshots of ../shared/upstream/")
    src = os.path.join(CACHE, "src", release)
    for sub in ("openembedded-core", "bitbake"):
        if not os.path.isdir(os.path.join(src, sub)):
            pytest.fail("%s is missing: run tests/oe/run.sh, which unpacks it from the snapshots "
                        "in ../shared/upstream/" % os.path.join(src, sub))
    return src


class BuildDir:
    """
    One build directory per release, <cache>/<name>/<release>, with oe-core's meta and this
    layer (or the copy of it at `layer`).
    MACHINE and TCLIBC come from the environment (BB_ENV_PASSTHROUGH_ADDITIONS),
    so every configuration shares one TMPDIR, DL_DIR and BitBake's code
    parser cache; each keeps its own recipe parse cache there.
    """

    def __init__(self, release, name="build", layer=LAYER, other_layers=(), bblayers_extra=(),
                 local_conf_extra=()):
        self.release = release
        self.src = need_snapshots(release)
        self.oe_core = os.path.join(self.src, "openembedded-core")
        self.bitbake_dir = os.path.join(self.src, "bitbake")
        self.path = os.path.join(CACHE, name, release)
        self.layer = layer
        # More layers (paths) before this one, lines for bblayers.conf and local.conf.
        self.other_layers = list(other_layers)
        self.bblayers_extra = list(bblayers_extra)
        self.local_conf_extra = list(local_conf_extra)
        os.makedirs(os.path.join(self.path, "conf"), exist_ok=True)
        self.write_conf()

    def write_conf(self, extra=()):
        """conf/bblayers.conf and conf/local.conf; written only when changed (mtimes matter)."""
        layers = [os.path.join(self.oe_core, "meta")] + self.other_layers + [self.layer]
        bblayers = "\n".join(['BBPATH = "${TOPDIR}"', 'BBFILES ?= ""',
                               'BBLAYERS = "%s"' % " ".join(layers)] + self.bblayers_extra) + "\n"
        local = "\n".join([
            "# Written by tests/oe/conftest.py.",
            'DISTRO = ""',
            'DL_DIR = "%s"' % os.path.join(CACHE, "downloads"),
            'SSTATE_DIR = "%s"' % os.path.join(CACHE, "sstate", self.release),
            'PERSISTENT_DIR = "%s"' % os.path.join(self.path, "persistent"),
            # No network here: no connectivity check, no uninative tarball, no hash server.
            'CONNECTIVITY_CHECK_URIS = ""',
            'INHERIT_DISTRO:remove = "uninative"',
            'BB_SIGNATURE_HANDLER = "OEBasicHash"',
            'BB_HASHSERVE = ""',
        ] + self.local_conf_extra + list(extra)) + "\n"
        for name, text in (("bblayers.conf", bblayers), ("local.conf", local)):
            path = os.path.join(self.path, "conf", name)
            try:
                with open(path) as f:
                    if f.read() == text:
                        continue
            except FileNotFoundError:
                pass
            with open(path, "w") as f:
                f.write(text)

    def env(self, machine, tclibc="glibc", extra_env=None):
        env = {
            "HOME": os.environ.get("HOME", self.path),
            "PATH": os.pathsep.join([os.path.join(self.bitbake_dir, "bin"),
                                     os.path.join(self.oe_core, "scripts"), "/usr/bin", "/bin"]),
            "LANG": "en_US.UTF-8",
            "LC_ALL": "en_US.UTF-8",
            "BUILDDIR": self.path,
            "MACHINE": machine,
            "TCLIBC": tclibc,
            "BB_ENV_PASSTHROUGH_ADDITIONS": "MACHINE TCLIBC",
        }
        env.update(extra_env or {})
        return env

    def bitbake(self, *args, machine="qemuarm", tclibc="glibc", check=True, timeout=1800):
        """Run the real bitbake in this build directory; returns the CompletedProcess."""
        proc = subprocess.run(["bitbake"] + list(args), cwd=self.path, env=self.env(machine, tclibc),
                              stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, universal_newlines=True, timeout=timeout)
        if check and proc.returncode != 0:
            pytest.fail("bitbake %s (MACHINE=%s TCLIBC=%s, %s) failed with exit %d:\n%s"
                        % (" ".join(args), machine, tclibc, self.release, proc.returncode,
                           proc.stdout[-6000:]))
        return proc

    def prime_codeparser_cache(self):
        """
        Fill BitBake's code parser cache of a new build directory with a parse of one recipe.
        While that cache is empty, BitBake (master and 2.8) computes another configuration hash
        (the module code dependencies it hashes differ), so the first full parse of each release
        would be thrown away by the next bitbake run: a whole extra parse on a cold cache.
        """
        for sub in ("cache", "persistent"):
            if glob.glob(os.path.join(self.path, sub, "bb_codeparser.dat*")):
                return
        self.write_conf(['BBMASK = "/recipes-(?!core/base-files/)"'])
        try:
            self.bitbake("-p", check=False)
        finally:
            self.write_conf()


_builds = {}


def build_dir(release):
    if release not in _builds:
        build = BuildDir(release)
        build.prime_codeparser_cache()
        _builds[release] = build
    return _builds[release]


def by_release_in_parallel(keys, compute):
    """
    compute(key) for each key (release, ...): one thread per release, its keys in order, so each
    build directory runs one bitbake at a time while the two releases share the cores.
    Returns {key: (value, None) or (None, failure message)}.
    """
    results = {}

    def run(release_keys):
        for key in release_keys:
            try:
                results[key] = (compute(key), None)
            except pytest.fail.Exception as e:
                results[key] = (None, str(e))
            except Exception:  # shown in each test that needs this key
                results[key] = (None, traceback.format_exc())

    by_release = {}
    for key in keys:
        by_release.setdefault(key[0], []).append(key)
    threads = [threading.Thread(target=run, args=(ks,)) for ks in by_release.values()]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


class Prefetched:
    """
    compute(key) for every key (release, ...) given, all at the first request, the releases in
    parallel (by_release_in_parallel); a key asked for later is computed then. Keep one per
    session (a module global): pytest leaves and re-enters a module once per release.
    """

    def __init__(self, keys, compute, before=None):
        self.pending, self.compute, self.before = list(keys), compute, before
        self.results = {}

    def get(self, key):
        if key not in self.results:
            if self.before:
                self.before()
                self.before = None
            keys = self.pending if key in self.pending else [key]
            self.results.update(by_release_in_parallel(keys, self.compute))
            self.pending = [k for k in self.pending if k not in self.results]
        value, failure = self.results[key]
        if failure:
            pytest.fail(failure, pytrace=False)
        return value


def selected_params(session, module, *names):
    """The distinct values of the parameters `names` of the selected tests of a module, in order."""
    seen = []
    for item in session.items:
        callspec = getattr(item, "callspec", None)
        if item.module.__name__ != module or callspec is None:
            continue
        if all(n in callspec.params for n in names):
            key = tuple(callspec.params[n] for n in names)
            if key not in seen:
                seen.append(key)
    return seen


@pytest.fixture(scope="session", params=RELEASES)
def build(request):
    """The build directory of each release (master with bitbake master, scarthgap with 2.8)."""
    return build_dir(request.param)


def task_graph_edges(dot):
    """The edges ("a.do_x", "b.do_y") of BitBake's task-depends.dot: `"a.do_x" -> "b.do_y"`."""
    edges = set()
    for line in dot.splitlines():
        left, arrow, right = line.strip().partition(" -> ")
        if arrow and left.startswith('"') and left.endswith('"') and right.startswith('"'):
            edges.add((left[1:-1], right.split('"')[1]))
    return edges


def parse_env_dump(text):
    """The variables of a `bitbake -e` dump: {name: value} for `NAME="value"` lines."""
    values = {}
    for line in text.splitlines():
        if line.startswith(("#", " ")) or "=" not in line:
            continue
        name, _, value = line.partition("=")
        if name.startswith("export "):
            name = name[len("export "):]
        if value.startswith('"') and value.endswith('"'):
            values[name] = value[1:-1].replace('\\"', '"').replace("\\$", "$")
    return values
