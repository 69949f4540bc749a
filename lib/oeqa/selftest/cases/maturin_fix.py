#
# SPDX-License-Identifier: MIT
#
# oe-selftest cases for the maturin-fix layer:
#   oe-selftest -r maturin_fix
# The recipe python3-maturin-fix-misnamed is parsed only with meta-selftest,
# which oe-selftest adds.

import ast
import glob
import os

from oeqa.core.decorator import OETestTag
from oeqa.selftest.case import OESelftestTestCase
from oeqa.utils.commands import bitbake, get_bb_vars, runqemu

EXAMPLE = "python3-maturin-fix-example"
MISNAMED = "python3-maturin-fix-misnamed"
MODULE = "maturin_fix_example"


def target_ext_suffix(recipe):
    """EXT_SUFFIX of the target python, read from the recipe sysroot."""
    bb_vars = get_bb_vars(["STAGING_LIBDIR", "PYTHON_DIR"], recipe)
    pattern = os.path.join(bb_vars["STAGING_LIBDIR"], bb_vars["PYTHON_DIR"], "_sysconfigdata*.py")
    files = sorted(glob.glob(pattern))
    if not files:
        raise AssertionError("no sysconfigdata matches %s" % pattern)
    with open(files[0]) as f:
        tree = ast.parse(f.read())
    for node in tree.body:
        if isinstance(node, ast.Assign) and node.targets[0].id == "build_time_vars":
            return ast.literal_eval(node.value)["EXT_SUFFIX"]
    raise AssertionError("no build_time_vars in %s" % files[0])


def installed_modules(recipe):
    """Names of the files in ${D}<site-packages>/maturin_fix_example/ ending in .so."""
    bb_vars = get_bb_vars(["D", "PYTHON_SITEPACKAGES_DIR"], recipe)
    moddir = os.path.join(bb_vars["D"] + bb_vars["PYTHON_SITEPACKAGES_DIR"], MODULE)
    return sorted(os.path.basename(p) for p in glob.glob(os.path.join(moddir, "*.so"))), moddir


def task_log(recipe, task):
    workdir = get_bb_vars(["WORKDIR"], recipe)["WORKDIR"]
    with open(os.path.join(workdir, "temp", "log." + task)) as f:
        return f.read()


class MaturinFixExampleTests(OESelftestTestCase):
    """
    Summary:     The example extension module gets the target's EXT_SUFFIX.
    Expected:    For each machine the installed module is named
                 maturin_fix_example<EXT_SUFFIX> with the EXT_SUFFIX of the
                 target python's sysconfigdata, and pyo3.config carries it.
    Product:     maturin-fix layer
    Author:      maturin-fix maintainers <maturin-fix-devel@example.org>
    """

    def check_example(self, config):
        self.write_config(config)
        bitbake("-c cleansstate %s" % EXAMPLE)
        result = bitbake(EXAMPLE, ignore_status=True)
        self.assertEqual(result.status, 0, msg=result.output)
        suffix = target_ext_suffix(EXAMPLE)
        modules, moddir = installed_modules(EXAMPLE)
        self.assertEqual(modules, [MODULE + suffix], msg="in %s" % moddir)
        pyo3_config = get_bb_vars(["PYO3_CONFIG_FILE"], EXAMPLE)["PYO3_CONFIG_FILE"]
        with open(pyo3_config) as f:
            self.assertIn("ext_suffix=%s\n" % suffix, f.read(), msg=pyo3_config)
        # With the suffix in pyo3.config maturin names the module right in
        # the wheel: the post-install fix has nothing left to rename.
        self.assertNotIn("maturin-fix: rename", task_log(EXAMPLE, "do_install"))

    def test_example_qemuarm(self):
        self.check_example('MACHINE = "qemuarm"\n')

    def test_example_qemumips64(self):
        self.check_example('MACHINE = "qemumips64"\n')

    def test_example_qemuppc(self):
        self.check_example('MACHINE = "qemuppc"\n')

    def test_example_musl(self):
        self.check_example('MACHINE = "qemuarm64"\nTCLIBC = "musl"\n')

    @OETestTag("runqemu")
    def test_example_imports_on_qemuarm(self):
        self.write_config('MACHINE = "qemuarm"\n'
                          'IMAGE_INSTALL:append = " %s %s-ptest"\n' % (EXAMPLE, EXAMPLE))
        bitbake("core-image-minimal")
        with runqemu("core-image-minimal") as qemu:
            # run_serial's status only says that the command ran: echo its exit code.
            status, output = qemu.run_serial(
                "python3 -c 'import %s as m; print(m.add(2, 3), m.target_arch())'; echo rc=$?" % MODULE)
            self.assertIn("5 arm", output)
            self.assertIn("rc=0", output)
            status, output = qemu.run_serial(
                "/usr/lib/%s/ptest/run-ptest; echo rc=$?" % EXAMPLE, timeout=120)
            self.assertIn("PASS: test_add", output)
            self.assertNotIn("FAIL:", output)
            self.assertIn("rc=0", output)


class MaturinFixClassTests(OESelftestTestCase):
    """
    Summary:     maturin-fix.bbclass fixes a mis-named module; the QA check
                 python-ext-suffix flags one it did not fix.
    Expected:    rename mode renames it; with MATURIN_FIX_ENABLED = "0" the
                 QA check warns, errors when in ERROR_QA and is silenced by
                 INSANE_SKIP; symlink mode passes QA (dev-so included).
    Product:     maturin-fix layer
    Author:      maturin-fix maintainers <maturin-fix-devel@example.org>
    """

    def build_misnamed(self, config=""):
        self.write_config('MACHINE = "qemuarm"\n' + config)
        bitbake("-c cleansstate %s" % MISNAMED)
        return bitbake(MISNAMED, ignore_status=True)

    def test_misnamed_module_is_renamed(self):
        result = self.build_misnamed()
        self.assertEqual(result.status, 0, msg=result.output)
        suffix = target_ext_suffix(MISNAMED)
        modules, moddir = installed_modules(MISNAMED)
        self.assertEqual(modules, [MODULE + suffix], msg="in %s" % moddir)
        self.assertIn("maturin-fix: rename", task_log(MISNAMED, "do_install"))
        self.assertNotIn("[python-ext-suffix]", result.output)

    def test_qa_warns_without_fix(self):
        result = self.build_misnamed('MATURIN_FIX_ENABLED:pn-%s = "0"\n' % MISNAMED)
        self.assertEqual(result.status, 0, msg=result.output)
        self.assertRegex(result.output, r"WARNING: .*QA Issue: .*selftest-linux-misnamed\.so.*\[python-ext-suffix\]")

    def test_qa_errors_when_promoted(self):
        result = self.build_misnamed('MATURIN_FIX_ENABLED:pn-%s = "0"\n'
                                     'ERROR_QA:append:pn-%s = " python-ext-suffix"\n' % (MISNAMED, MISNAMED))
        self.assertNotEqual(result.status, 0, msg=result.output)
        self.assertRegex(result.output, r"ERROR: .*QA Issue: .*selftest-linux-misnamed\.so.*\[python-ext-suffix\]")

    def test_qa_honours_insane_skip(self):
        result = self.build_misnamed('MATURIN_FIX_ENABLED:pn-%s = "0"\n'
                                     'ERROR_QA:append:pn-%s = " python-ext-suffix"\n'
                                     'INSANE_SKIP:pn-%s = "python-ext-suffix"\n' % (MISNAMED, MISNAMED, MISNAMED))
        self.assertEqual(result.status, 0, msg=result.output)
        self.assertNotIn("[python-ext-suffix]", result.output)

    def test_symlink_mode_passes_qa(self):
        result = self.build_misnamed('MATURIN_FIX_MODE:pn-%s = "symlink"\n'
                                     'ERROR_QA:append:pn-%s = " python-ext-suffix"\n' % (MISNAMED, MISNAMED))
        self.assertEqual(result.status, 0, msg=result.output)
        self.assertNotIn("[dev-so]", result.output)
        suffix = target_ext_suffix(MISNAMED)
        modules, moddir = installed_modules(MISNAMED)
        link = os.path.join(moddir, MODULE + suffix)
        self.assertTrue(os.path.islink(link), msg="%s in %s" % (modules, moddir))
        self.assertTrue(os.path.isfile(os.path.join(moddir, os.readlink(link))))
