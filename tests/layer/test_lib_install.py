"""
Unit tests of lib/maturin_fix/install.py, the do_install postfunc: which
roots it fixes, the command it runs, the task log it writes from the tool's
report, and when it stops.
"""
import json
import os

import bb
import pytest

from conftest import FakeTool, datastore, layer_lib

install = layer_lib("install")

SITE = "/usr/lib/python3.12/site-packages"
MATURIN = "rpds.cpython-312-armv7l-linux-gnueabihf.so"
CPYTHON = "rpds.cpython-312-arm-linux-gnueabihf.so"
DECOY = "foo.cpython-311-arm-linux-gnueabihf.so"


def fix_report(dest):
    """What `maturin-fix fix --format json` reports on dest + SITE (README, "The tool")."""
    site = dest + SITE
    return {
        "command": "fix",
        "target": {"ext_suffix": ".cpython-312-arm-linux-gnueabihf.so"},
        "files": [
            {"path": site + "/rpds/" + DECOY, "status": "other-abi", "importable": False,
             "action": None, "done": False, "destination": None,
             "message": "built for CPython 3.11; the target is 3.12: never renamed"},
            {"path": site + "/rpds/" + MATURIN, "status": "misnamed", "importable": True,
             "action": "rename", "done": True, "destination": site + "/rpds/" + CPYTHON, "message": None},
            {"path": site + "/bcrypt/_bcrypt.abi3.so", "status": "abi3", "importable": True,
             "action": None, "done": False, "destination": None, "message": None},
            {"path": site + "/vendored/libfoo-1.2.so", "status": "not-extension", "importable": None,
             "action": None, "done": False, "destination": None, "message": None},
        ],
        "records": [{"path": site + "/rpds-1.0.dist-info/RECORD", "rows_changed": 1, "rows_added": 0,
                     "done": True}],
        "problems": [],
        "exit_code": 0,
    }


def test_notes_say_what_changed_and_what_was_left_alone():
    dest = "/build/w/image"
    notes = list(install.notes(fix_report(dest), "(the report)", "maturin-fix: note: one\n", dest))
    assert notes == [
        "maturin-fix: maturin-fix: note: one",
        "maturin-fix: left usr/lib/python3.12/site-packages/rpds/%s alone: "
        "built for CPython 3.11; the target is 3.12: never renamed" % DECOY,
        "maturin-fix: rename usr/lib/python3.12/site-packages/rpds/%s -> "
        "usr/lib/python3.12/site-packages/rpds/%s" % (MATURIN, CPYTHON),
        "maturin-fix: updated usr/lib/python3.12/site-packages/rpds-1.0.dist-info/RECORD "
        "(1 rows changed, 0 added)",
    ]


def test_notes_of_symlink_mode_and_of_what_was_not_done():
    dest = "/build/w/image"
    link = dest + SITE + "/rpds/" + CPYTHON
    report = {"files": [
        {"path": dest + SITE + "/rpds/" + MATURIN, "status": "misnamed", "importable": True,
         "action": "symlink", "done": True, "destination": link},
        # Planned but not done, and importable as it is: nothing to say.
        {"path": dest + SITE + "/a/a.so", "status": "plain", "importable": True, "action": "rename",
         "done": False, "destination": dest + SITE + "/a/b.so"},
        # Left alone without a message: its status says why.
        {"path": dest + SITE + "/c/c.cpython-312-x86_64-linux-musl.so", "status": "other-abi",
         "importable": False, "action": None, "done": False, "message": None},
    ], "records": [{"path": dest + SITE + "/a-1.0.dist-info/RECORD", "rows_changed": 1, "rows_added": 0,
                    "done": False}]}
    assert list(install.notes(report, "", "", dest)) == [
        "maturin-fix: symlink usr/lib/python3.12/site-packages/rpds/%s -> "
        "usr/lib/python3.12/site-packages/rpds/%s" % (MATURIN, CPYTHON),
        "maturin-fix: left usr/lib/python3.12/site-packages/c/c.cpython-312-x86_64-linux-musl.so alone: "
        "other-abi",
    ]


def test_notes_without_a_report_are_the_tools_lines():
    assert list(install.notes(None, "renamed a\nrenamed b\n", "warning: w\n", "/build/w/image")) == [
        "maturin-fix: warning: w", "maturin-fix: renamed a", "maturin-fix: renamed b"]


def test_installed_roots_skip_what_the_recipe_did_not_install(tmp_path, bb_log):
    dest = str(tmp_path / "image")
    os.makedirs(dest + SITE)
    d = datastore(D=dest, MATURIN_FIX_PATHS="%s /usr/share/missing" % SITE)
    assert install.installed_roots(d) == [dest + SITE]
    assert bb_log() == [("NOTE", "maturin-fix: /usr/share/missing is not installed, nothing to fix there")]


def test_command_names_mode_roots_source_and_extra_arguments():
    d = datastore(MATURIN_FIX_MODE="symlink", MATURIN_FIX_EXT_SUFFIX=".cpython-312-arm-linux-gnueabihf.so",
                  MATURIN_FIX_EXTRA_ARGS='-v --note "a b"')
    assert install.command(d, ["/w/image/a", "/w/image/b"]) == [
        "fix", "--format", "json", "--mode", "symlink", "--root", "/w/image/a", "--root", "/w/image/b",
        "--ext-suffix", ".cpython-312-arm-linux-gnueabihf.so", "-v", "--note", "a b"]


@pytest.mark.parametrize("enabled,paths", [("0", SITE), ("1", "/usr/share/missing"), ("1", "")])
def test_fix_without_work_runs_nothing(tmp_path, bb_log, enabled, paths):
    fake = FakeTool(tmp_path)
    dest = str(tmp_path / "image")
    os.makedirs(dest + SITE)
    install.fix(datastore(PATH=fake.path, D=dest, MATURIN_FIX_ENABLED=enabled, MATURIN_FIX_PATHS=paths,
                          MATURIN_FIX_MODE="rename", MATURIN_FIX_EXT_SUFFIX=".x.so"))
    assert fake.args() is None
    assert not [m for _, m in bb_log() if m.startswith("Running")]


def fix_datastore(fake, dest):
    return datastore(PATH=fake.path, D=dest, MATURIN_FIX_ENABLED="1", MATURIN_FIX_PATHS=SITE,
                     MATURIN_FIX_MODE="rename", MATURIN_FIX_EXT_SUFFIX=".cpython-312-arm-linux-gnueabihf.so")


def test_fix_logs_the_command_then_the_report(tmp_path, bb_log):
    dest = str(tmp_path / "my image")
    os.makedirs(dest + SITE)
    fake = FakeTool(tmp_path, stdout=json.dumps(fix_report(dest)))
    install.fix(fix_datastore(fake, dest))
    assert fake.args() == ["fix", "--format", "json", "--mode", "rename", "--root", dest + SITE,
                           "--ext-suffix", ".cpython-312-arm-linux-gnueabihf.so"]
    log = bb_log()
    assert log[0] == ("NOTE", "Running maturin-fix fix --format json --mode rename --root '%s%s' "
                              "--ext-suffix .cpython-312-arm-linux-gnueabihf.so" % (dest, SITE))
    assert log[1:] == [("NOTE", line) for line in install.notes(fix_report(dest), "", "", dest)]


def test_fix_that_fails_stops_with_the_tools_words(tmp_path, bb_log):
    dest = str(tmp_path / "image")
    os.makedirs(dest + SITE)
    report = json.dumps({"files": [], "problems": [
        {"path": dest + SITE + "/rpds/" + MATURIN, "message": CPYTHON + " is taken by another file"}]})
    fake = FakeTool(tmp_path, stdout=report, stderr="maturin-fix: 1 problem\n", code=1)
    with pytest.raises(bb.BBHandledException):
        install.fix(fix_datastore(fake, dest))
    assert bb_log()[-1] == ("FATAL", "maturin-fix could not fix the extension modules in %s%s (exit 1):\n"
                                     "%s%s/rpds/%s: %s is taken by another file\nmaturin-fix: 1 problem"
                            % (dest, SITE, dest, SITE, MATURIN, CPYTHON))
