#!/usr/bin/env python3
"""
Parse a recipe with the real BitBake library and run some of its tasks.

    bbtask.py TOPDIR RECIPE [--variant native] [--task do_install ...]
              [--bbpath DIR ...] [--show VAR ...] [--layer DIR] [--signatures]
              [--inherit GLOBAL-CLASS ...]

The layer (default: this repository) comes in through its conf/layer.conf,
as in a build; TOPDIR/conf/local.conf is included by the stand-in
bitbake.conf. Prints one JSON object: {"tasks": {task: exit code}, "vars":
{VAR: value}}, with --signatures also "basehashes": {task: hash} and
"taskdeps": {task: [what its hash covers]} (of BB_SIGNATURE_HANDLER, which
local.conf can set). --inherit is an INHERIT of local.conf: a global class.
Every task writes its log to ${T}/log.<task>, as in a real build.
"""
import argparse
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
STAND_IN = os.path.join(HERE, "bitbake_env")
LAYER = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(STAND_IN, "lib"))

import bb  # noqa: E402
import bb.build  # noqa: E402
import bb.codeparser  # noqa: E402
import bb.data  # noqa: E402
import bb.event  # noqa: E402
import bb.parse  # noqa: E402
import bb.siggen  # noqa: E402


def parse(topdir, recipe, bbpath, layer, inherit=()):
    d = bb.data.init()
    d.setVar("TOPDIR", topdir)
    d.setVar("BBPATH", ":".join(bbpath))
    # As bitbake's cookerdata parses each layer of BBLAYERS: the layer's
    # addpylib lines load its lib/ (the class's maturin_fix package) and add
    # its functions to the task signatures, as in a build.
    d.setVar("LAYERDIR", layer)
    d.setVar("LAYERDIR_RE", re.escape(layer))
    d = bb.parse.handle(os.path.join(layer, "conf", "layer.conf"), d, True, baseconfig=True)
    d.expandVarref("LAYERDIR")
    d.expandVarref("LAYERDIR_RE")
    d.delVar("LAYERDIR_RE")
    d.delVar("LAYERDIR")
    d.setVar("__bbclasstype", "global")
    d = bb.parse.handle(os.path.join(STAND_IN, "bitbake.conf"), d, True)
    # As cookerdata does for INHERIT: the global classes, then their event
    # handlers registered for every recipe parse.
    for cls in ["base"] + list(inherit):
        bb.parse.BBHandler.inherit(cls, "configuration INHERITs", 0, d)
    for var in d.getVar("__BBHANDLERS", False) or []:
        bb.event.register(var, d.getVar(var, False), (d.getVarFlag(var, "eventmask") or "").split(),
                          d.getVarFlag(var, "filename", False),
                          int(d.getVarFlag(var, "lineno", False)), d)
    bb.codeparser.update_module_dependencies(d)
    bb.parse.siggen = bb.siggen.init(d)
    d.setVar("__bbclasstype", "recipe")
    return bb.parse.handle(recipe, d, False)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("topdir")
    ap.add_argument("recipe")
    ap.add_argument("--variant", default="")
    ap.add_argument("--task", action="append", default=[])
    ap.add_argument("--show", action="append", default=[])
    ap.add_argument("--bbpath", action="append", default=[])
    ap.add_argument("--layer", default=LAYER)
    ap.add_argument("--signatures", action="store_true")
    ap.add_argument("--inherit", action="append", default=[])
    args = ap.parse_args()

    os.chdir(args.topdir)
    # The stand-in is the core layer: first in BBPATH, as oe-core's meta is.
    datastores = parse(args.topdir, os.path.abspath(args.recipe),
                       args.bbpath + [STAND_IN], os.path.abspath(args.layer), args.inherit)
    d = datastores[args.variant]
    result = {"tasks": {}, "vars": {}}
    for var in args.show:
        result["vars"][var] = d.getVar(var)
    if args.signatures:
        result["basehashes"] = d.getVar("__siggen_basehashes", False)
        result["taskdeps"] = {task: sorted(deps) for task, deps
                              in d.getVar("__siggen_taskdeps", False).items()}
    for task in args.task:
        code = bb.build.exec_task(args.recipe, task, d)
        result["tasks"][task] = code
        if code != 0:
            break
    print(json.dumps(result))


if __name__ == "__main__":
    main()
