"""
Unit tests of lib/maturin_fix/tool.py: how the class runs maturin-fix (from
the recipe's PATH, never on the exported devshell defaults) and reads its
--format json report and its error messages.
"""
import json

import bb
import pytest

from conftest import FakeTool, datastore, layer_lib

tool = layer_lib("tool")

# The shape of `maturin-fix check --format json` (README, "The tool"), shortened.
SITE = "/pkg/usr/lib/python3.12/site-packages"
REPORT = {
    "command": "check",
    "target": {"ext_suffix": ".cpython-312-arm-linux-gnueabihf.so", "python": "3.12"},
    "files": [{"path": SITE + "/rpds/rpds.cpython-312-armv7l-linux-gnueabihf.so",
               "status": "misnamed", "importable": False, "action": "rename", "done": False,
               "destination": SITE + "/rpds/rpds.cpython-312-arm-linux-gnueabihf.so", "message": None}],
    "records": [],
    "problems": [{"path": SITE + "/locked", "message": "cannot read: Permission denied"}],
    "exit_code": 1,
}


@pytest.mark.parametrize("stdout,expected", [
    (json.dumps(REPORT, indent=2), REPORT),
    ('{"error": {"path": "/x", "message": "no such file"}, "exit_code": 2}',
     {"error": {"path": "/x", "message": "no such file"}, "exit_code": 2}),
    # Not a report: the text format, nothing, other JSON.
    ("rpds.cpython-312-armv7l-linux-gnueabihf.so: misnamed\n", None),
    ("", None),
    ("[1, 2]", None),
    ('"text"', None),
    ("null", None),
])
def test_parse_report(stdout, expected):
    assert tool.parse_report(stdout) == expected


def test_problems_are_the_reports_then_stderr():
    assert tool.problems(REPORT, "  maturin-fix: error: one root failed\n") == (
        "/pkg/usr/lib/python3.12/site-packages/locked: cannot read: Permission denied\n"
        "maturin-fix: error: one root failed")


@pytest.mark.parametrize("report,stderr,expected", [
    (None, "maturin-fix: error: --root /x: No such file or directory\n",
     "maturin-fix: error: --root /x: No such file or directory"),
    ({"problems": []}, "", "(maturin-fix gave no message)"),
    ({"problems": None}, " \n", "(maturin-fix gave no message)"),
    (None, "", "(maturin-fix gave no message)"),
])
def test_problems_without_a_report_or_words(report, stderr, expected):
    assert tool.problems(report, stderr) == expected


def test_run_uses_the_recipes_path_and_only_the_arguments(tmp_path, monkeypatch):
    fake = FakeTool(tmp_path, stdout="out\n", stderr="err\n", code=3)
    # What a devshell-style environment exports must not reach the tool.
    monkeypatch.setenv("MATURIN_FIX_MODE", "symlink")
    monkeypatch.setenv("MATURIN_FIX_ROOT", "/elsewhere")
    monkeypatch.setenv("PATH", "/usr/bin:/bin")
    code, out, err = tool.run(datastore(PATH=fake.path), ["check", "--root", "/a b", "--format", "json"])
    assert (code, out, err) == (3, "out\n", "err\n")
    assert fake.args() == ["check", "--root", "/a b", "--format", "json"]
    assert fake.env() == ["PATH=" + fake.path]
    assert fake.stdin() == ""


def test_run_without_the_tool_stops(tmp_path, bb_log):
    with pytest.raises(bb.BBHandledException):
        tool.run(datastore(PATH=str(tmp_path)), ["suffix"])
    assert bb_log() == [("FATAL", "maturin-fix is not in PATH; is maturin-fix-native in DEPENDS?")]
