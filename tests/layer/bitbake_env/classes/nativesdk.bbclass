# Stand-in for oe-core's nativesdk.bbclass: the SDK's python lives under
# SDKPATHNATIVE, staged into the recipe sysroot like a target's.
CLASSOVERRIDE = "class-nativesdk"
BPN = "${@d.getVar('PN').replace('nativesdk-', '')}"
SDKPATHNATIVE = "/usr/local/oecore-x86_64/sysroots/x86_64-pokysdk-linux"
prefix = "${SDKPATHNATIVE}/usr"
RUST_HOST_SYS = "x86_64-pokysdk-linux"
