# nooelint: oelint.var.mandatoryvar.HOMEPAGE, oelint.var.suggestedvar.BUGTRACKER, oelint.var.suggestedvar.CVE_PRODUCT - no public web site or CVE product yet
SUMMARY = "Give maturin/PyO3 extension modules the file name the target CPython imports"
DESCRIPTION = "maturin-fix renames (or symlinks) cross-compiled Python \
               extension modules whose suffix was derived from the Rust \
               target triple to the EXT_SUFFIX of the target python, read \
               from its sysconfigdata. maturin-fix.bbclass runs it from \
               maturin-fix-native."
SECTION = "devel"
LICENSE = "MIT"
LIC_FILES_CHKSUM = "file://COPYING.MIT;md5=6e81419bc16cc57eb31b34f9d5b51735"

# The sources are the layer itself: files/ links to Cargo.toml, Cargo.lock,
# src/ and COPYING.MIT at the layer root. They unpack into ${BP}, the
# default S on scarthgap (${WORKDIR}/${BP}) and later (${UNPACKDIR}/${BP}).
require ${BPN}-crates.inc
SRC_URI += "file://Cargo.toml;subdir=${BP} \
            file://Cargo.lock;subdir=${BP} \
            file://src;subdir=${BP} \
            file://COPYING.MIT;subdir=${BP} \
            "

inherit cargo cargo-update-recipe-crates

# Cargo.toml strips release binaries; let do_package strip them and split
# the debug info instead (else QA already-stripped).
export CARGO_PROFILE_RELEASE_STRIP = "false"

# In the SDK, environment-setup-<target> sources this script: it points the
# tool at the SDK's target sysroot, so its commands need no target option.
SRC_URI:append:class-nativesdk = " file://environment.d-maturin-fix.sh;subdir=${BP}"

do_install:append:class-nativesdk() {
    install -d ${D}${SDKPATHNATIVE}/environment-setup.d
    install -m 0644 ${S}/environment.d-maturin-fix.sh ${D}${SDKPATHNATIVE}/environment-setup.d/maturin-fix.sh
}

FILES:${PN}:append:class-nativesdk = " ${SDKPATHNATIVE}/environment-setup.d/maturin-fix.sh"

BBCLASSEXTEND = "native nativesdk"
