# Stand-in for oe-core's python3-dir.bbclass.
PYTHON_BASEVERSION ?= "3.12"
PYTHON_DIR = "python${PYTHON_BASEVERSION}"
PYTHON_SITEPACKAGES_DIR = "${libdir}/${PYTHON_DIR}/site-packages"
