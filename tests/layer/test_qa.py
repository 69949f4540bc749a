"""
The QA check python-ext-suffix and symlink mode's dev-so exemption, run by
the real BitBake through a stand-in QA driver in each of oe-core's two QA
function APIs: "messages" (scarthgap: check(..., messages) + oe.qa.add_message)
and "handle-error" (styhead and later: oe.qa.handle_error).

Runs on the stand-in metadata of bitbake_env/, not on oe-core: why, and
what tests/oe proves on the real one instead, is in bitbake_env/README.md.
"""
import json
import os
import re
import shutil
import sys

import pytest

from conftest import install_module
from test_class_install import CPYTHON_ARM, arm_target

SITE = os.path.join("usr", "lib", "python3.12", "site-packages")

QA_APIS = ["messages", "handle-error"]


def qa_lines(log, level):
    return [line for line in log.splitlines()
            if line.startswith(level + ": QA Issue:") and line.endswith("[python-ext-suffix]")]


def package_and_check(build, api, *config):
    build.config.append('QA_API = "%s"' % api)
    build.config.extend(config)
    result = build.run("do_install", "do_package", "do_package_qa")
    return result["tasks"], build.log("do_package_qa")


@pytest.mark.parametrize("api", QA_APIS)
def test_symlink_mode_keeps_dev_so_for_other_symlinks(build, armhf_so, api):
    arm_target(build, armhf_so)
    # A library's development symlink is no module symlink: dev-so must still catch it.
    libdir = os.path.join(build.sitepackages_src, "plain")
    os.rename(os.path.join(libdir, "plain.so"), os.path.join(libdir, "libplain.so.1"))
    os.symlink("libplain.so.1", os.path.join(libdir, "libplain.so"))
    tasks, log = package_and_check(build, api, 'MATURIN_FIX_MODE = "symlink"')
    assert tasks["do_package_qa"] == 1, log
    assert [line for line in log.splitlines() if line.endswith("[dev-so]")] == [
        line for line in log.splitlines() if "libplain.so" in line and line.startswith("ERROR")], log
    assert "libplain.so" in log and CPYTHON_ARM not in log


@pytest.mark.parametrize("api", QA_APIS)
def test_rename_mode_keeps_the_stock_dev_so_check(build, armhf_so, api):
    arm_target(build, armhf_so)
    result = build.run(show=["MATURIN_FIX_DEV_SO_CHECK"])
    assert result["vars"]["MATURIN_FIX_DEV_SO_CHECK"] is None


@pytest.mark.parametrize("api", QA_APIS)
@pytest.mark.parametrize("original,why", [
    # Another layer (or a later oe-core) names a function that is not there.
    ("package_qa_check_dev_renamed",
     'the original check QAPATHTEST[dev-so] = "package_qa_check_dev_renamed" is not a function BitBake knows'),
    # dev-so already names the wrapper: there is no original to call.
    ("maturin_fix_qa_check_dev_so", "the original check (MATURIN_FIX_DEV_SO_CHECK) is not set"),
])
def test_symlink_mode_fails_closed_without_the_original_dev_so_check(build, armhf_so, api, original, why):
    arm_target(build, armhf_so)
    # A library's development symlink that dev-so exists to catch.
    libdir = os.path.join(build.sitepackages_src, "plain")
    os.rename(os.path.join(libdir, "plain.so"), os.path.join(libdir, "libplain.so.1"))
    os.symlink("libplain.so.1", os.path.join(libdir, "libplain.so"))
    tasks, log = package_and_check(build, api, 'MATURIN_FIX_MODE = "symlink"',
                                   'FIXTURE_DEV_SO_CHECK = "%s"' % original)
    assert tasks["do_package_qa"] == 1, log
    fatal = [line for line in log.splitlines() if line.startswith("ERROR: maturin-fix:")]
    assert fatal == ['ERROR: maturin-fix: MATURIN_FIX_MODE = "symlink" lets the dev-so QA check skip '
                     'the module symlinks by wrapping it, but %s, so dev-so cannot run. Set '
                     'MATURIN_FIX_MODE = "rename", or skip dev-so knowingly with '
                     'INSANE_SKIP:python3-fixture += "dev-so"' % why], log


@pytest.mark.parametrize("api", QA_APIS)
def test_symlink_mode_with_dev_so_skipped_needs_no_original(build, armhf_so, api):
    arm_target(build, armhf_so)
    # The way out the message names: without dev-so, nothing is wrapped or called.
    tasks, log = package_and_check(build, api, 'MATURIN_FIX_MODE = "symlink"',
                                   'FIXTURE_DEV_SO_CHECK = "package_qa_check_dev_renamed"',
                                   'INSANE_SKIP:python3-fixture += "dev-so"')
    assert tasks["do_package_qa"] == 0, log
    assert "ERROR" not in log


# A CPython 3.11 module beside the 3.12 target's: not maturin-fix's to change.
DECOY = "foo.cpython-311-arm-linux-gnueabihf.so"


@pytest.mark.parametrize("api", QA_APIS)
def test_module_for_another_python_is_a_warning_after_the_fix(build, armhf_so, api):
    arm_target(build, armhf_so)
    install_module(build.sitepackages_src, "rpds", DECOY, armhf_so, record=False)
    # And a vendored library: no Python module at all (JSON "importable": null).
    os.makedirs(os.path.join(build.sitepackages_src, "vendored"))
    shutil.copy(armhf_so, os.path.join(build.sitepackages_src, "vendored", "libfoo-1.2.so"))
    tasks, log = package_and_check(build, api)
    # do_install fixed what it could and passed; the QA check still names the decoy.
    assert tasks == {"do_install": 0, "do_package": 0, "do_package_qa": 0}, build.log("do_install") + log
    assert os.path.isfile(build.path("packages-split", "python3-fixture", SITE, "rpds", CPYTHON_ARM))
    warnings = qa_lines(log, "WARNING")
    assert len(warnings) == 1, log
    assert re.search(r"python3-fixture: /usr/lib/python3\.12/site-packages/rpds/%s cannot be imported "
                     r"by the target python .*3\.11" % re.escape(DECOY), warnings[0]), warnings[0]
    assert "libfoo" not in log


def fake_tool(build, report):
    """
    Replace maturin-fix in the recipe's native sysroot by a script that prints
    report (with {ROOT} standing for its --root) as its JSON and exits with
    report["exit_code"]: the QA check against exactly this JSON.
    """
    data = build.path("fake-report.json")
    with open(data, "w") as f:
        json.dump(report, f)
    tool = build.path("recipe-sysroot-native", "usr", "bin", "maturin-fix")
    os.remove(tool)
    with open(tool, "w") as f:
        f.write("#!%s\n"
                "import json, sys\n"
                "root = sys.argv[sys.argv.index('--root') + 1]\n"
                "with open(%r) as f:\n"
                "    report = json.loads(f.read().replace('{ROOT}', root))\n"
                "print(json.dumps(report))\n"
                "sys.exit(report['exit_code'])\n" % (sys.executable, data))
    os.chmod(tool, 0o755)


def fake_file(name, status, importable, message=None):
    return {"path": "{ROOT}/%s/%s" % (SITE, name), "status": status, "importable": importable,
            "action": None, "done": False, "destination": None, "message": message}


def fake_report(files, problems=(), exit_code=0):
    return {"command": "check", "target": {"ext_suffix": ".cpython-312-arm-linux-gnueabihf.so"},
            "files": files, "records": [], "problems": list(problems), "exit_code": exit_code}


@pytest.mark.parametrize("api", QA_APIS)
def test_importable_false_is_flagged_and_null_is_not(build, armhf_so, api):
    arm_target(build, armhf_so)
    fake_tool(build, fake_report([
        fake_file("rpds/" + CPYTHON_ARM, "ok", True),
        fake_file("rpds/" + DECOY, "other-abi", False, "built for CPython 3.11; the target is 3.12"),
        # Not a Python module at all: neither importable nor not.
        fake_file("vendored/libfoo-1.2.so", "not-extension", None),
    ]))
    tasks, log = package_and_check(build, api, 'MATURIN_FIX_ENABLED = "0"')
    assert tasks["do_package_qa"] == 0, log
    assert qa_lines(log, "WARNING") == [
        "WARNING: QA Issue: python3-fixture: /%s/rpds/%s cannot be imported by the target python "
        "(it imports .cpython-312-arm-linux-gnueabihf.so): built for CPython 3.11; the target is 3.12 "
        "[python-ext-suffix]" % (SITE, DECOY)], log


@pytest.mark.parametrize("api", QA_APIS)
def test_what_the_tool_could_not_look_at_is_flagged(build, armhf_so, api):
    arm_target(build, armhf_so)
    fake_tool(build, fake_report(
        [fake_file("rpds/" + DECOY, "other-abi", False, "built for CPython 3.11; the target is 3.12")],
        problems=[{"path": "{ROOT}/%s/rpds/%s" % (SITE, DECOY), "message": "built for CPython 3.11"},
                  {"path": "{ROOT}/%s/locked" % SITE, "message": "cannot read the directory: Permission denied"}],
        exit_code=1))
    tasks, log = package_and_check(build, api, 'MATURIN_FIX_ENABLED = "0"')
    assert tasks["do_package_qa"] == 0, log
    # The decoy once (as a file, not again as a problem), and the directory it could not read.
    assert log.count(DECOY) == 1, log
    assert ("python3-fixture: maturin-fix could not check /%s/locked: "
            "cannot read the directory: Permission denied" % SITE) in log, log
    assert log.count("[python-ext-suffix]") == {"messages": 1, "handle-error": 2}[api], log
