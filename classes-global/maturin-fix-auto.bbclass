# nooelint: oelint.bbclass.underscores - users write INHERIT += "maturin-fix-auto", like the recipe class maturin-fix
#
# SPDX-License-Identifier: MIT
#
# maturin-fix-auto.bbclass: `inherit maturin-fix` for every recipe of the
# build that inherits python_maturin, python_setuptools3_rust or python_pyo3
# (target, native, nativesdk and multilib variants), in whichever layer,
# without a .bbappend per recipe.
#
# Usage, in local.conf or a distro conf:
#
#   INHERIT += "maturin-fix-auto"
#
# Adding the layer alone does nothing; only INHERIT turns this on. A recipe
# that gets nothing here parses exactly as without the line (same task
# signatures); one that already inherits maturin-fix gets it once.
#
# The recipe's inherits are only known once it and its .bbappends are
# parsed, so the handler below inherits maturin-fix while BitBake finalises
# the recipe: at RecipePreDeferredInherits (BitBake 2.10+), before the class
# extension (native, nativesdk, multilib) is inherited, as a recipe's own
# inherit would be; on BitBake 2.8, which lacks that event, at
# RecipePreFinalise. Both come before the anonymous python, the key
# expansion and the task setup, so the class works as if the recipe
# inherited it. The decision is lib/maturin_fix/auto.py's.

# Recipes that keep their own choice (space-separated names): a recipe name
# (e.g. python3-orjson) leaves out all its variants, a variant's name
# (python3-orjson-native, nativesdk-python3-orjson, lib32-python3-orjson)
# only that one.
MATURIN_FIX_AUTO_EXCLUDE ??= ""
MATURIN_FIX_AUTO_EXCLUDE[doc] = "Recipes (or variants) that INHERIT += maturin-fix-auto leaves out, space-separated."

addhandler maturin_fix_auto_inherit
maturin_fix_auto_inherit[eventmask] = "bb.event.RecipePreDeferredInherits bb.event.RecipePreFinalise"
python maturin_fix_auto_inherit() {
    maturin_fix.auto.inherit_if_wanted(e.fn, d)
}
maturin_fix_auto_inherit[doc] = "Event handler: inherit maturin-fix into the recipe if lib/maturin_fix/auto.py wants it"
