# SPDX-License-Identifier: MIT
"""
For maturin-fix-auto.bbclass: which recipes get `inherit maturin-fix`, and
the inherit itself, from its event handler.
"""
import os

import bb.data
import bb.parse


def pyo3_classes():
    """The oe-core classes whose recipes build PyO3 extension modules."""
    return ("python_maturin", "python_setuptools3_rust", "python_pyo3")


def recipe_names(d):
    """
    The names a user may give MATURIN_FIX_AUTO_EXCLUDE for this recipe: its
    base name and the name of this variant as BitBake lists it. While the
    handler runs, a nativesdk variant may still be called foo-nativesdk
    (nativesdk.bbclass renames it in a handler of its own, which runs after
    this global one) and a multilib variant has no prefix yet.
    """
    pn = d.getVar("PN")
    names = {pn, d.getVar("BPN")}
    # Not from BPN alone: it drops -native only where bitbake.conf's BPN says so.
    if pn.endswith("-native"):
        names.add(pn[:-len("-native")])
    if pn.endswith("-nativesdk"):
        base = pn[:-len("-nativesdk")]
        names |= {base, "nativesdk-" + base}
    if d.getVar("BBEXTENDCURR") == "multilib" and d.getVar("BBEXTENDVARIANT"):
        prefix = d.getVar("BBEXTENDVARIANT") + "-"
        names |= {prefix + n for n in set(names) if not n.startswith(prefix)}
    return names


def wanted(d):
    """Whether this recipe gets maturin-fix: it builds PyO3 modules, is not the tool, not excluded."""
    if not any(bb.data.inherits_class(c, d) for c in pyo3_classes()):
        return False
    names = recipe_names(d)
    # The class depends on maturin-fix-native: the tool's own recipe must never depend on itself.
    if "maturin-fix" in names:
        return False
    excluded = set((d.getVar("MATURIN_FIX_AUTO_EXCLUDE") or "").split())
    return not (excluded & names)


def inherit_if_wanted(fn, d):
    """
    `inherit maturin-fix` into the recipe fn if wanted and not inherited yet.
    Called at RecipePreDeferredInherits (BitBake 2.10+), before the class
    extension (native, nativesdk, multilib) is inherited, as a recipe's own
    inherit is; and at RecipePreFinalise, the only point BitBake 2.8 offers,
    after it.
    """
    if bb.data.inherits_class("maturin-fix", d) or not wanted(d):
        return
    before = list(d.getVar("__inherit_cache", False) or [])
    bb.parse.BBHandler.inherit("maturin-fix", fn, 0, d)
    move_before_native_class(before, d)


def move_before_native_class(before, d):
    """
    List the classes inherited since `before` ahead of native/nativesdk in
    __inherit_cache, where a recipe's own inherit puts them: insane.bbclass's
    native-last check (a warning in WARN_QA) reads that order; BitBake only
    uses the list's contents. What the class sets does not depend on coming
    after native (its native values are :class-native overrides).
    """
    cache = d.getVar("__inherit_cache", False) or []
    added = [c for c in cache if c not in before]
    natives = [i for i, c in enumerate(before)
               if os.path.basename(c) in ("native.bbclass", "nativesdk.bbclass")]
    if not added or not natives:
        return
    at = natives[0]
    # A new list: the old one may be shared with the datastore this one was copied from.
    d.setVar("__inherit_cache", before[:at] + added + before[at:])
