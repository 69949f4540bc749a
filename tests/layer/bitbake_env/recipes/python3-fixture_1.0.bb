SUMMARY = "Test recipe: installs prepared extension modules like a maturin wheel would"
LICENSE = "MIT"

inherit python_maturin maturin-fix

# Set by the test: a directory laid out like site-packages.
FIXTURE_SITEPACKAGES ?= ""
# Set by the test: a directory laid out like the source tree (Cargo.lock).
FIXTURE_SOURCE ?= ""
# Set by the test: a line the recipe itself adds to pyo3.config.
FIXTURE_PYO3_CONFIG_LINE ?= ""
# Set by the test: another function for QAPATHTEST[dev-so], as another layer
# or a later oe-core might name it (empty: the QA stand-in's own).
FIXTURE_DEV_SO_CHECK ?= ""
QAPATHTEST[dev-so] := "${@d.getVar('FIXTURE_DEV_SO_CHECK') or d.getVarFlag('QAPATHTEST', 'dev-so')}"

do_configure:prepend() {
    if [ -n "${FIXTURE_SOURCE}" ]; then
        mkdir -p ${S}
        cp -R ${FIXTURE_SOURCE}/. ${S}/
    fi
}

do_configure:append() {
    if [ -n "${FIXTURE_PYO3_CONFIG_LINE}" ]; then
        echo "${FIXTURE_PYO3_CONFIG_LINE}" >> ${PYO3_CONFIG_FILE}
    fi
}

do_install() {
    install -d ${D}${PYTHON_SITEPACKAGES_DIR}
    cp -R ${FIXTURE_SITEPACKAGES}/. ${D}${PYTHON_SITEPACKAGES_DIR}/
}

BBCLASSEXTEND = "native nativesdk"

# What `bitbake -c devshell` users do: run the tool bare, on the exported
# MATURIN_FIX_* defaults.
do_bare_check() {
    maturin-fix suffix
    maturin-fix check
}
addtask bare_check
do_bare_check[nostamp] = "1"
