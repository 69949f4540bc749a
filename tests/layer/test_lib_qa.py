"""
Unit tests of lib/maturin_fix/qa.py: WARN_QA, the messages of the QA check
python-ext-suffix from the tool's report in both QA APIs, and symlink mode's
dev-so exemption (which symlinks it skips, and that it fails closed).
"""
import json
import os
import sys

import bb
import pytest

from conftest import HERE, FakeTool, datastore, layer_lib

# The stand-in oe.qa (both QA APIs), as in test_qa.py.
sys.path.insert(0, os.path.join(HERE, "bitbake_env", "lib"))

qa = layer_lib("qa")

PKG = "python3-rpds-py"
SITE = "/usr/lib/python3.12/site-packages"
SUFFIX = ".cpython-312-arm-linux-gnueabihf.so"
MATURIN = "rpds.cpython-312-armv7l-linux-gnueabihf.so"
CPYTHON = "rpds" + SUFFIX
DECOY = "foo.cpython-311-arm-linux-gnueabihf.so"


@pytest.mark.parametrize("error_qa,expected", [
    (None, "python-ext-suffix"),
    ("dev-so already-stripped", "python-ext-suffix"),
    ("dev-so python-ext-suffix", ""),
    # A word of ERROR_QA, not a substring of one.
    ("python-ext-suffix-strict", "python-ext-suffix"),
])
def test_warn_qa_unless_promoted_to_error_qa(error_qa, expected):
    d = datastore() if error_qa is None else datastore(ERROR_QA=error_qa)
    assert qa.warn_qa(d) == expected


def check_report(pkgdir):
    """What `maturin-fix check --format json` reports on a package (README, "The tool")."""
    site = pkgdir + SITE
    return {
        "command": "check",
        "target": {"ext_suffix": SUFFIX, "python": "3.12"},
        "files": [
            {"path": site + "/rpds/" + DECOY, "status": "other-abi", "importable": False, "action": None,
             "done": False, "destination": None,
             "message": "built for CPython 3.11; the target is 3.12: never renamed"},
            {"path": site + "/rpds/" + MATURIN, "status": "misnamed", "importable": False, "action": "rename",
             "done": False, "destination": site + "/rpds/" + CPYTHON, "message": None},
            {"path": site + "/bcrypt/_bcrypt.abi3.so", "status": "abi3", "importable": True, "action": None,
             "done": False, "destination": None, "message": None},
            {"path": site + "/vendored/libfoo-1.2.so", "status": "not-extension", "importable": None,
             "action": None, "done": False, "destination": None, "message": None},
        ],
        "records": [],
        "problems": [
            # Said of a file reported above already: not again.
            {"path": site + "/rpds/" + DECOY, "message": "built for CPython 3.11"},
            {"path": site + "/locked", "message": "cannot read the directory: Permission denied"},
            {"path": None, "message": "a problem of no one path"},
        ],
        "exit_code": 1,
    }


def test_ext_suffix_issues_of_a_report():
    pkgdir = "/build/w/packages-split/" + PKG
    issues = list(qa.ext_suffix_issues(PKG, pkgdir, 1, check_report(pkgdir), ""))
    assert issues == [
        "%s: %s/rpds/%s cannot be imported by the target python (it imports %s): "
        "built for CPython 3.11; the target is 3.12: never renamed" % (PKG, SITE, DECOY, SUFFIX),
        "%s: %s/rpds/%s cannot be imported by the target python (it imports %s): "
        "misnamed; `maturin-fix fix` would name it %s" % (PKG, SITE, MATURIN, SUFFIX, CPYTHON),
        "%s: maturin-fix could not check %s/locked: cannot read the directory: Permission denied"
        % (PKG, SITE),
        "%s: maturin-fix could not check %s: a problem of no one path" % (PKG, pkgdir),
    ]


def test_ext_suffix_issues_of_a_clean_package():
    report = {"target": {"ext_suffix": SUFFIX}, "files": [
        {"path": "/p/a" + SUFFIX, "status": "ok", "importable": True}], "problems": []}
    assert list(qa.ext_suffix_issues(PKG, "/p", 0, report, "")) == []


@pytest.mark.parametrize("code,stdout,stderr,words", [
    (2, '{"error": {"path": "/p", "message": "no sysconfigdata"}, "exit_code": 2}',
     "maturin-fix: error: no sysconfigdata\n", "maturin-fix: error: no sysconfigdata"),
    # A report needs a JSON object: an exit status alone says nothing.
    (0, "all good\n", "", "(maturin-fix gave no message)"),
    (1, "", "killed\n", "killed"),
])
def test_ext_suffix_issues_when_the_tool_could_not_check(code, stdout, stderr, words):
    tool = layer_lib("tool")
    issues = list(qa.ext_suffix_issues(PKG, "/p", code, tool.parse_report(stdout), stderr))
    assert issues == ["%s: maturin-fix could not check the package (exit %d): %s" % (PKG, code, words)]


def qa_datastore(tmp_path, fake, **extra):
    return datastore(PATH=fake.path, PKGDEST=str(tmp_path / "packages-split"), MATURIN_FIX_EXT_SUFFIX=SUFFIX,
                     WARN_QA="python-ext-suffix", **extra)


@pytest.mark.parametrize("api", ["messages", "handle-error"])
def test_check_ext_suffix_reports_in_both_qa_apis(tmp_path, bb_log, api):
    pkgdir = str(tmp_path / "packages-split" / PKG)
    os.makedirs(pkgdir)
    fake = FakeTool(tmp_path, stdout=json.dumps(check_report(pkgdir)), code=1)
    d = qa_datastore(tmp_path, fake)
    expected = list(qa.ext_suffix_issues(PKG, pkgdir, 1, check_report(pkgdir), ""))
    if api == "messages":
        messages = {}
        qa.check_ext_suffix(PKG, d, messages)
        assert messages == {"python-ext-suffix": "\n".join(expected)}
        assert bb_log() == []
    else:
        qa.check_ext_suffix(PKG, d)
        assert bb_log() == [("WARNING", "QA Issue: %s [python-ext-suffix]" % msg) for msg in expected]
    assert fake.args() == ["check", "--format", "json", "--root", pkgdir, "--ext-suffix", SUFFIX]


@pytest.mark.parametrize("package,made", [(PKG + "-dbg", True), (PKG, False)])
def test_check_ext_suffix_skips_debug_and_empty_packages(tmp_path, bb_log, package, made):
    if made:
        os.makedirs(str(tmp_path / "packages-split" / package))
    fake = FakeTool(tmp_path, code=2)
    messages = {}
    qa.check_ext_suffix(package, qa_datastore(tmp_path, fake), messages)
    assert fake.args() is None and messages == {} and bb_log() == []


@pytest.fixture
def moddir(tmp_path):
    """A module directory after symlink mode, and links that are not its."""
    top = tmp_path / "rpds"
    top.mkdir()
    (top / MATURIN).write_bytes(b"\x7fELF")
    (top / "libplain.so.1").write_bytes(b"\x7fELF")
    (top / "other.cpython-312-armv7l-linux-gnueabihf.so").write_bytes(b"\x7fELF")
    (top / "notes.cpython-312.txt").write_text("x")
    (top / "rpds.abi3.so").mkdir()
    (top / "rpds.libs").mkdir()
    (top / "rpds.libs" / MATURIN).write_bytes(b"\x7fELF")
    links = {
        CPYTHON: MATURIN,                                   # what symlink mode makes
        "libplain.so": "libplain.so.1",                     # a library's development link
        "rpds.cpython-312-arm-linux-gnu.so": "../rpds/" + MATURIN,   # into another directory
        "rpds.cpython-312-arm-linux-gnux32.so": "rpds.libs/" + MATURIN,  # into a subdirectory
        "rpds.so": MATURIN,                                 # from a name without a tag
        "rpds.cpython-312-arm-linux-musleabihf.so": "rpds.cpython-312-armv7l-linux-musl.so",  # dangling
        "rpds.cpython-312-arm-linux-gnueabi.so": "other.cpython-312-armv7l-linux-gnueabihf.so",  # other stem
        "notes.cpython-312-arm-linux-gnueabihf.so": "notes.cpython-312.txt",  # to no .so
        "rpds.cpython-312.so": "rpds.abi3.so",              # to a directory
    }
    for name, target in links.items():
        os.symlink(target, str(top / name))
    return top


def test_only_symlink_modes_links_are_module_symlinks(moddir):
    found = sorted(name for name in os.listdir(str(moddir)) if qa.is_module_symlink(str(moddir / name)))
    assert found == [CPYTHON]


class Recorder:
    """An original dev-so check: records its calls."""

    def __init__(self):
        self.calls = []

    def __call__(self, *args):
        self.calls.append(args)


@pytest.mark.parametrize("messages", [None, {}])
def test_dev_so_calls_the_original_check_but_for_module_symlinks(moddir, messages):
    original = Recorder()
    d = datastore(MATURIN_FIX_DEV_SO_CHECK="package_qa_check_dev")
    functions = {"package_qa_check_dev": original}
    for name in (CPYTHON, "libplain.so", MATURIN):
        qa.check_dev_so(str(moddir / name), PKG, d, None, messages, functions)
    expected = [(str(moddir / name), PKG, d, None) + (() if messages is None else (messages,))
                for name in ("libplain.so", MATURIN)]
    assert original.calls == expected


@pytest.mark.parametrize("original,functions,why", [
    (None, {"package_qa_check_dev": Recorder()},
     "the original check (MATURIN_FIX_DEV_SO_CHECK) is not set"),
    ("package_qa_check_dev_renamed", {"package_qa_check_dev": Recorder()},
     'the original check QAPATHTEST[dev-so] = "package_qa_check_dev_renamed" '
     "is not a function BitBake knows"),
    ("QA_NAME", {"QA_NAME": "a variable, not a function"},
     'the original check QAPATHTEST[dev-so] = "QA_NAME" is not a function BitBake knows'),
])
def test_dev_so_fails_closed_without_the_original_check(moddir, bb_log, original, functions, why):
    d = datastore() if original is None else datastore(MATURIN_FIX_DEV_SO_CHECK=original)
    # Even a module symlink: no original check, no dev-so at all.
    with pytest.raises(bb.BBHandledException):
        qa.check_dev_so(str(moddir / CPYTHON), PKG, d, None, None, functions)
    assert bb_log() == [("FATAL", 'maturin-fix: MATURIN_FIX_MODE = "symlink" lets the dev-so QA check skip '
                                  "the module symlinks by wrapping it, but %s, so dev-so cannot run. Set "
                                  'MATURIN_FIX_MODE = "rename", or skip dev-so knowingly with '
                                  'INSANE_SKIP:%s += "dev-so"' % (why, PKG))]
