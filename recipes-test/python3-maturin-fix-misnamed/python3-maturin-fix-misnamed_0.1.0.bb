# nooelint: oelint.var.mandatoryvar.HOMEPAGE, oelint.var.suggestedvar.BUGTRACKER, oelint.var.suggestedvar.CVE_PRODUCT, oelint.var.bbclassextend - a target-only test recipe; public web site or CVE product yet
# oe-selftest recipe, parsed only when meta-selftest is a layer too (see
# BBFILES_DYNAMIC in conf/layer.conf): the example module installed under a
# suffix with a wrong platform part, so that lib/oeqa/selftest/cases/
# maturin_fix.py can show that maturin-fix.bbclass fixes the name and that
# the QA check python-ext-suffix flags it when the fix is off.
# files/ links to the example's sources.

require recipes-example/python3-maturin-fix-example/python3-maturin-fix-example.inc

# maturin names the module; the wrong name is made in do_install.
MATURIN_FIX_PYO3_CONFIG = "0"

# Same CPython version and ABI as the target, a platform part it never imports.
MATURIN_FIX_SELFTEST_PLATFORM ?= "selftest-linux-misnamed"

do_install:append() {
    cd ${D}${PYTHON_SITEPACKAGES_DIR}/maturin_fix_example
    pyver=$(echo ${PYTHON_BASEVERSION} | tr -d .)
    for module in maturin_fix_example.*.so; do
        wrong=maturin_fix_example.cpython-$pyver-${MATURIN_FIX_SELFTEST_PLATFORM}.so
        mv "$module" "$wrong"
        # A RECORD naming the wrong file, as the wheel of a mis-naming maturin has.
        for record in ../maturin_fix_example-*.dist-info/RECORD; do
            if [ -f "$record" ]; then
                sed -i "s|/$module,|/$wrong,|" "$record"
            fi
        done
    done
}

EXCLUDE_FROM_WORLD = "1"
