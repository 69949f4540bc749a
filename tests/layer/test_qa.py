"""
The QA check python-ext-suffix and symlink mode's dev-so exemption, run by
the real BitBake through a stand-in QA driver in each of oe-core's two QA
function APIs: "messages" (scarthgap: check(..., messages) + oe.qa.add_message)
and "handle-error" (styhead and later: oe.qa.handle_error).
"""
import os
import re
import shutil

import pytest

from conftest import install_module, write_yocto_sysconfigdata
from test_class_install import CPYTHON_ARM, MATURIN_ARM, TARGET_PYDIR, arm_target

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
def test_unfixed_module_is_a_warning(build, armhf_so, api):
    arm_target(build, armhf_so)
    tasks, log = package_and_check(build, api, 'MATURIN_FIX_ENABLED = "0"')
    assert tasks == {"do_install": 0, "do_package": 0, "do_package_qa": 0}, log
    warnings = qa_lines(log, "WARNING")
    assert len(warnings) == 1, log
    assert re.search(r"python3-fixture: /usr/lib/python3\.12/site-packages/rpds/%s .*imports "
                     r"\.cpython-312-arm-linux-gnueabihf\.so.*%s" % (re.escape(MATURIN_ARM), re.escape(CPYTHON_ARM)),
                     warnings[0]), warnings[0]
    assert not qa_lines(log, "ERROR")


@pytest.mark.parametrize("api", QA_APIS)
def test_promoted_to_error_qa_fails_the_task(build, armhf_so, api):
    arm_target(build, armhf_so)
    tasks, log = package_and_check(build, api, 'MATURIN_FIX_ENABLED = "0"',
                                   'ERROR_QA:append = " python-ext-suffix"')
    assert tasks["do_package_qa"] == 1, log
    # Reported once, as an error: the class keeps it out of WARN_QA then.
    assert len(qa_lines(log, "ERROR")) == 1, log
    assert not qa_lines(log, "WARNING")


@pytest.mark.parametrize("api", QA_APIS)
@pytest.mark.parametrize("skip", ['INSANE_SKIP:${PN} = "python-ext-suffix"',
                                  'INSANE_SKIP = "python-ext-suffix"'])
def test_insane_skip_is_honoured(build, armhf_so, api, skip):
    arm_target(build, armhf_so)
    tasks, log = package_and_check(build, api, 'MATURIN_FIX_ENABLED = "0"',
                                   'ERROR_QA:append = " python-ext-suffix"', skip)
    assert tasks["do_package_qa"] == 0, log
    assert "[python-ext-suffix]" not in log


@pytest.mark.parametrize("api", QA_APIS)
def test_fixed_package_passes(build, armhf_so, api):
    arm_target(build, armhf_so)
    tasks, log = package_and_check(build, api, 'ERROR_QA:append = " python-ext-suffix"')
    assert tasks["do_package_qa"] == 0, log
    assert "[python-ext-suffix]" not in log


@pytest.mark.parametrize("api", QA_APIS)
def test_debug_copies_are_not_flagged(build, armhf_so, api):
    write_yocto_sysconfigdata(build.path(TARGET_PYDIR), "3.12", "arm-linux-gnueabihf")
    install_module(build.sitepackages_src, "rpds", CPYTHON_ARM, armhf_so)
    # Split debug info of a module goes to ${PN}-dbg; whatever its name, it
    # is never imported.
    debug = os.path.join(build.sitepackages_src, "rpds", ".debug")
    os.makedirs(debug)
    shutil.copy(armhf_so, os.path.join(debug, MATURIN_ARM))
    tasks, log = package_and_check(build, api, 'MATURIN_FIX_ENABLED = "0"',
                                   'ERROR_QA:append = " python-ext-suffix"')
    assert os.path.isfile(build.path("packages-split", "python3-fixture-dbg", SITE, "rpds", ".debug", MATURIN_ARM))
    assert tasks["do_package_qa"] == 0, log


@pytest.mark.parametrize("api", QA_APIS)
def test_symlink_mode_passes_dev_so_and_python_ext_suffix(build, armhf_so, api):
    arm_target(build, armhf_so)
    tasks, log = package_and_check(build, api, 'MATURIN_FIX_MODE = "symlink"',
                                   'ERROR_QA:append = " python-ext-suffix"')
    assert tasks == {"do_install": 0, "do_package": 0, "do_package_qa": 0}, log
    assert os.path.islink(build.path("packages-split", "python3-fixture", SITE,
                                     "rpds", CPYTHON_ARM))
    assert "QA Issue" not in log


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
