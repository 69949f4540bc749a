# Stand-in for oe-core's python_maturin.bbclass (python_pyo3 + pep517): the
# variables maturin-fix.bbclass reads and the pyo3.config that python_pyo3's
# do_configure writes (no ext_suffix= key). Test recipes install the
# extension modules themselves instead of building a wheel.

inherit python3-dir

RUST_HOST_SYS ?= "armv7-poky-linux-gnueabihf"
SITEINFO_BITS ?= "32"
export PYO3_CONFIG_FILE = "${WORKDIR}/pyo3.config"

python_maturin_do_configure() {
	cat > ${WORKDIR}/pyo3.config << EOF
implementation=CPython
version=${PYTHON_BASEVERSION}
shared=true
abi3=false
lib_name=${PYTHON_DIR}
lib_dir=${STAGING_LIBDIR}
pointer_width=${SITEINFO_BITS}
build_flags=WITH_THREAD
suppress_build_script_link_lines=false
EOF
}

EXPORT_FUNCTIONS do_configure
