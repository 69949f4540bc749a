# maturin-fix defaults for an SDK shell: installed by nativesdk-maturin-fix as
# environment-setup.d/maturin-fix.sh, sourced by environment-setup-<target>
# (in sh, bash or zsh, often with `set -eu`): POSIX sh, silent, no `exit`.
#
# Points the tool at the SDK's target sysroot, so that `maturin-fix suffix`
# and `maturin-fix check|fix --root DIR` need no target option. The target
# python's version, library directory and ABI flags are left to the tool:
# it reads them from the sysroot's sysconfigdata, which knows them better
# than the SDK's variables. A sysroot without python is still exported: the
# tool then says that no sysconfigdata is in it, which is clearer than
# "no target given".

# Sourced again for another target in the same shell: a value this script
# set follows the new target; anything else is the user's.
if [ -n "${_maturin_fix_sdk_sysroot:-}" ] &&
   [ "${MATURIN_FIX_SYSROOT:-}" = "$_maturin_fix_sdk_sysroot" ]; then
    unset MATURIN_FIX_SYSROOT
fi
_maturin_fix_sdk_sysroot=

# Any target the user gave wins; the tool refuses two at once.
if [ -n "${SDKTARGETSYSROOT:-}" ] &&
   [ -z "${MATURIN_FIX_SYSROOT:-}${MATURIN_FIX_SYSCONFIGDATA:-}${MATURIN_FIX_EXT_SUFFIX:-}${MATURIN_FIX_TARGET:-}" ]; then
    MATURIN_FIX_SYSROOT=$SDKTARGETSYSROOT
    export MATURIN_FIX_SYSROOT
    _maturin_fix_sdk_sysroot=$SDKTARGETSYSROOT
fi
