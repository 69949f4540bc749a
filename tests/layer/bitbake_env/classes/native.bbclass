# Stand-in for oe-core's native.bbclass: native recipes install by absolute
# path into the native sysroot and have no separate host sysroot.
CLASSOVERRIDE = "class-native"
BPN = "${@d.getVar('PN').replace('-native', '')}"
STAGING_DIR_HOST = ""
libdir = "${STAGING_LIBDIR_NATIVE}"
RUST_HOST_SYS = "x86_64-unknown-linux-gnu"
