# nooelint: oelint.bbclass.underscores - recipes use `inherit maturin-fix`, like cargo-update-recipe-crates
#
# SPDX-License-Identifier: MIT
#
# maturin-fix.bbclass: give the Python extension modules of a maturin/PyO3
# recipe the file name that the target CPython imports.
#
# Usage, in a recipe (after python_maturin or python_setuptools3_rust):
#
#   inherit python_maturin maturin-fix
#
# maturin names cross-built modules from the Rust target triple, e.g.
# foo.cpython-312-armv7l-linux-gnueabihf.so on qemuarm, while the target
# CPython only imports foo.cpython-312-arm-linux-gnueabihf.so. This class
#  1. (root cause) adds the target's ext_suffix= to ${PYO3_CONFIG_FILE} after
#     do_configure, so that maturin names the module right in the wheel;
#  2. (safety net) runs `maturin-fix fix` on ${D} after do_install;
#  3. adds the QA check "python-ext-suffix" (in WARN_QA for this recipe).
# The target python's sysconfigdata in the recipe sysroot is the source of
# truth; RUST_HOST_SYS + PYTHON_BASEVERSION is only a fallback.
#
# This class holds the knobs and the wiring; the logic is the layer's Python
# package maturin_fix (lib/maturin_fix/, loaded by conf/layer.conf).

DEPENDS:append = " maturin-fix-native"

# "1": run the fixes below; "0": do nothing but the QA check.
MATURIN_FIX_ENABLED ??= "1"
MATURIN_FIX_ENABLED[doc] = "Whether the class fixes extension module names (1) or only checks them (0)."

# rename: rename each mis-named module in place (and its RECORD rows).
# symlink: keep the file, add a correctly named relative symlink next to it.
MATURIN_FIX_MODE ??= "rename"
MATURIN_FIX_MODE[doc] = "How a mis-named extension module is fixed: rename or symlink."

# Directories inside ${D} to fix (space-separated target paths).
MATURIN_FIX_PATHS ??= "${PYTHON_SITEPACKAGES_DIR}"
MATURIN_FIX_PATHS[doc] = "The target directories whose extension modules do_install fixes."

# Overrides of the target's truth; the first one set wins. Leave both empty
# to read the sysconfigdata of the python3 in the recipe sysroot.
MATURIN_FIX_EXT_SUFFIX ??= ""
MATURIN_FIX_EXT_SUFFIX[doc] = "The target python's EXT_SUFFIX; overrides every other source."
MATURIN_FIX_SYSCONFIGDATA ??= ""
MATURIN_FIX_SYSCONFIGDATA[doc] = "A sysconfigdata file of the target python, read instead of the sysroot's."

# Extra arguments for `maturin-fix fix`, e.g. "-v". Do not pass --format.
MATURIN_FIX_EXTRA_ARGS ??= ""
MATURIN_FIX_EXTRA_ARGS[doc] = "More arguments for the maturin-fix fix run after do_install."

# Root cause: write ext_suffix=<target EXT_SUFFIX> into ${PYO3_CONFIG_FILE}.
# auto: only when every pyo3-build-config in the Cargo.lock files under ${S}
#       is 0.18.1 or newer (older ones reject unknown keys in that file);
# 1: always; 0: never.
MATURIN_FIX_PYO3_CONFIG ??= "auto"
MATURIN_FIX_PYO3_CONFIG[doc] = "Whether do_configure adds ext_suffix= to PYO3_CONFIG_FILE: auto, 1 or 0."

# Where the target python lives: its sysroot, libdir and version. These are
# also the tool's environment defaults, exported for `bitbake -c devshell`.
MATURIN_FIX_SYSROOT ??= "${STAGING_DIR_HOST}"
MATURIN_FIX_SYSROOT[doc] = "The sysroot that holds the target python."
MATURIN_FIX_LIBDIR ??= "${libdir}"
MATURIN_FIX_LIBDIR[doc] = "The libdir of the target python, inside MATURIN_FIX_SYSROOT."
# Native recipes install into the native sysroot by absolute path (empty
# STAGING_DIR_HOST); their python is python3-native there.
MATURIN_FIX_SYSROOT:class-native = "${STAGING_DIR_NATIVE}"
MATURIN_FIX_LIBDIR:class-native = "${libdir_native}"
MATURIN_FIX_PYTHON ??= "${PYTHON_BASEVERSION}"
MATURIN_FIX_PYTHON[doc] = "The version (X.Y) of the target python."
MATURIN_FIX_ROOT ??= "${@':'.join(d.getVar('D') + p for p in (d.getVar('MATURIN_FIX_PATHS') or '').split())}"
MATURIN_FIX_ROOT[doc] = "The trees a bare maturin-fix works on in a devshell, colon-separated."

QAPKGTEST[python-ext-suffix] = "maturin_fix_qa_check_ext_suffix"
WARN_QA:append = " ${@maturin_fix.qa.warn_qa(d)}"

do_configure[postfuncs] += "maturin_fix_pyo3_config"
do_install[postfuncs] += "maturin_fix_install"

python maturin_fix_pyo3_config() {
    maturin_fix.pyo3config.add_ext_suffix(d)
}
maturin_fix_pyo3_config[doc] = "do_configure postfunc: add the target's ext_suffix= to ${PYO3_CONFIG_FILE}"
maturin_fix_pyo3_config[vardepsexclude] += "PATH"

python maturin_fix_install() {
    maturin_fix.install.fix(d)
}
maturin_fix_install[doc] = "do_install postfunc: give mis-named extension modules in ${D} the target's suffix"
maturin_fix_install[vardepsexclude] += "PATH"

# insane.bbclass calls QA checks by the name in QAPKGTEST/QAPATHTEST, which
# must be a function of the recipe: these two pass the call to the module.
def maturin_fix_qa_check_ext_suffix(package, d, messages=None):
    maturin_fix.qa.check_ext_suffix(package, d, messages)

def maturin_fix_qa_check_dev_so(path, name, d, elf, messages=None):
    # Here globals() holds the recipe's functions, the original dev-so check among them.
    maturin_fix.qa.check_dev_so(path, name, d, elf, messages, globals())

# nooelint: oelint.task.noanonpython - export and QA flags depend on the knobs' final values
python __anonymous() {
    # The tool's environment defaults, for `bitbake -c devshell`: one source only.
    for var in maturin_fix.source.exports(d):
        d.setVarFlag(var, "export", "1")

    # A symlink named *.so in a non-dev package trips dev-so; in symlink mode
    # the module symlinks are intended, so let dev-so skip exactly those.
    if d.getVar("MATURIN_FIX_MODE") == "symlink":
        check = d.getVarFlag("QAPATHTEST", "dev-so")
        if check and check != "maturin_fix_qa_check_dev_so":
            d.setVar("MATURIN_FIX_DEV_SO_CHECK", check)
            d.setVarFlag("QAPATHTEST", "dev-so", "maturin_fix_qa_check_dev_so")
            d.appendVarFlag("do_package_qa", "vardeps", " maturin_fix_qa_check_dev_so")
}
