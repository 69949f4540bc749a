"""
`bitbake -p` of the real openembedded-core with this layer, per release (master with BitBake
master, scarthgap with BitBake 2.8) and per configuration of conftest.CONFIGS: it must succeed,
print no ERROR and no WARNING about the layer, and it must really parse the layer's recipes.

Parse-time messages are printed only when a recipe is parsed, not when it comes from the parse
cache, so the layer's recipe files are touched once per session (in the cache's copy of the
layer): their warnings show on every run, warm or cold, at the cost of parsing just them again.
`-D` makes BitBake log each recipe file it parses ("Parsing <file>"), which shows that the
layer's recipes were parsed, without another bitbake run.
"""
import glob
import os
import re
import time

import pytest

import conftest
from conftest import CONFIG_IDS, CONFIGS, LAYER

# How a log record starts in BitBake's console output.
# Records can follow a progress message on its line: "Parsing recipes...WARNING: ...".
RECORD = re.compile(r"^(?:[^:]*?\.\.\.)?(DEBUG|NOTE|WARNING|ERROR|CRITICAL): ")
# Console lines that are neither log records nor their continuation lines.
STATUS = re.compile(r"^(Loading cache|Loaded \d+ entries|Parsing recipes|Parsing of \d+ \.bb files"
                    r"|Summary: |done\.$)")
SUMMARY = re.compile(r"^Parsing of (\d+) \.bb files complete \((\d+) cached, (\d+) parsed\)\. "
                     r"(\d+) targets, (\d+) skipped, (\d+) masked, (\d+) errors\.", re.M)
PARSING = re.compile(r"^(?:[^:]*?\.\.\.)?DEBUG: .*\bParsing (/\S+\.bb)\s*$", re.M)
# What names the layer in a message: its path, or its name outside the paths of the cache
# (which is called maturin-fix-oe, as is the user BitBake runs as).
LAYER_MARKS = ("\0layer\0", "maturin-fix", "maturin_fix")


def mentions_layer(msg):
    msg = msg.replace(LAYER, "\0layer\0")
    if conftest.CACHE:
        msg = msg.replace(conftest.CACHE, "\0cache\0")
    return any(mark in msg for mark in LAYER_MARKS)


def layer_recipe(*parts):
    """The one recipe file of the layer at LAYER/parts (a glob); fails if it is not exactly one."""
    found = sorted(glob.glob(os.path.join(LAYER, *parts)))
    if len(found) != 1:
        pytest.fail("expected exactly one recipe %s in the layer, found %s"
                    % (os.path.join(*parts), found or "none"))
    return found[0]


def log_records(text):
    """BitBake's log records in console output: (level, message with its continuation lines)."""
    records, current = [], None
    for line in text.splitlines():
        m = RECORD.match(line)
        if m:
            current = [m.group(1), line]
            records.append(current)
        elif current and line.strip() and not STATUS.match(line):
            current[1] += "\n" + line
        else:
            current = None
    return [tuple(r) for r in records]


def touch_layer_recipes():
    """The layer's recipe files are parsed again (once per session), so their warnings show."""
    now = time.time()
    for path in glob.glob(os.path.join(LAYER, "recipes-*", "**", "*.bb*"), recursive=True):
        os.utime(path, (now, now))


def run_parse(key):
    release, machine, tclibc = key
    start = time.time()
    proc = conftest.build_dir(release).bitbake("-p", "-D", machine=machine, tclibc=tclibc,
                                               check=False)
    return proc.returncode, proc.stdout, time.time() - start


_parses = []


@pytest.fixture
def parses(request):
    """`bitbake -p -D` of each selected (release, MACHINE, TCLIBC), all at the first request."""
    if not _parses:
        keys = conftest.selected_params(request.session, __name__, "build", "config")
        _parses.append(conftest.Prefetched([(b,) + tuple(c) for b, c in keys], run_parse,
                                           before=touch_layer_recipes))
    return _parses[0]


@pytest.fixture
def parse(build, config, parses):
    code, out, seconds = parses.get((build.release,) + tuple(config))
    what = "bitbake -p -D (MACHINE=%s TCLIBC=%s, %s, %.0fs)" % (config[0], config[1],
                                                                build.release, seconds)
    return code, out, what


def tail(text, lines=30):
    """The last lines of BitBake's output, without -D's DEBUG lines."""
    return "\n".join([line for line in text.splitlines()
                      if not line.startswith("DEBUG: ")][-lines:])


@pytest.mark.parametrize("config", CONFIGS, ids=CONFIG_IDS)
def test_parse_succeeds_without_errors(parse):
    code, out, what = parse
    errors = [msg for level, msg in log_records(out) if level in ("ERROR", "CRITICAL")]
    summary = SUMMARY.search(out)
    problems = []
    if code != 0:
        problems.append("exit %d" % code)
    if errors:
        problems.append("%d ERROR lines:\n%s" % (len(errors), "\n".join(errors)))
    if summary and summary.group(7) != "0":
        problems.append("the summary counts errors: %s" % summary.group(0))
    assert not problems, "%s: %s\n--- last lines:\n%s" % (what, "; ".join(problems), tail(out))


@pytest.mark.parametrize("config", CONFIGS, ids=CONFIG_IDS)
def test_parse_has_no_warning_about_the_layer(parse):
    code, out, what = parse
    warnings = [msg for level, msg in log_records(out)
                if level == "WARNING" and mentions_layer(msg)]
    assert not warnings, "%s printed %d WARNING(s) about the layer:\n%s" % (
        what, len(warnings), "\n".join(warnings))


@pytest.mark.parametrize("config", CONFIGS, ids=CONFIG_IDS)
def test_parse_parses_the_layers_recipes(parse):
    code, out, what = parse
    parsed = set(PARSING.findall(out))
    # A product build parses the tool and the example; the oe-selftest recipes only come in
    # with meta-selftest (BBFILES_DYNAMIC), which this build does not have.
    wanted = [layer_recipe("recipes-devtools", "maturin-fix", "maturin-fix_*.bb"),
              layer_recipe("recipes-example", "python3-maturin-fix-example",
                           "python3-maturin-fix-example_*.bb")]
    selftest_only = glob.glob(os.path.join(LAYER, "recipes-test", "**", "*.bb"), recursive=True)
    assert selftest_only, "no oe-selftest recipe under %s/recipes-test to check" % LAYER
    missing = [f for f in wanted if f not in parsed]
    unwanted = sorted(set(selftest_only) & parsed)
    layer_lines = [line for line in out.splitlines()
                   if "Parsing" in line and LAYER in line] or ["(none)"]
    assert not missing and not unwanted, (
        "%s: layer recipes not parsed: %s; parsed though only for oe-selftest: %s\n"
        "--- its 'Parsing' lines of the layer (%s):\n%s\n--- summary: %s"
        % (what, missing or "none", unwanted or "none", LAYER, "\n".join(layer_lines),
           (SUMMARY.search(out) or [None])[0]))
