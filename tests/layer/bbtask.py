#!/usr/bin/env python3
"""
Parse a recipe with the real BitBake library and run some of its tasks.

    bbtask.py TOPDIR RECIPE [--variant native] [--task do_install ...]
              [--bbpath DIR ...] [--show VAR ...]

TOPDIR/conf/local.conf is included by the stand-in bitbake.conf. Prints one
JSON object: {"tasks": {task: exit code}, "vars": {VAR: value}}. Every task
writes its log to ${T}/log.<task>, as in a real build.
"""
import argparse
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
STAND_IN = os.path.join(HERE, "bitbake_env")
LAYER = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(STAND_IN, "lib"))

import bb  # noqa: E402
import bb.build  # noqa: E402
import bb.data  # noqa: E402
import bb.parse  # noqa: E402
import bb.siggen  # noqa: E402


def parse(topdir, recipe, bbpath):
    d = bb.data.init()
    d.setVar("TOPDIR", topdir)
    d.setVar("BBPATH", ":".join(bbpath))
    d.setVar("__bbclasstype", "global")
    d = bb.parse.handle(os.path.join(STAND_IN, "bitbake.conf"), d, True)
    bb.parse.BBHandler.inherit("base", "configuration INHERITs", 0, d)
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
    args = ap.parse_args()

    os.chdir(args.topdir)
    datastores = parse(args.topdir, os.path.abspath(args.recipe),
                       args.bbpath + [LAYER, STAND_IN])
    d = datastores[args.variant]
    result = {"tasks": {}, "vars": {}}
    for var in args.show:
        result["vars"][var] = d.getVar(var)
    for task in args.task:
        code = bb.build.exec_task(args.recipe, task, d)
        result["tasks"][task] = code
        if code != 0:
            break
    print(json.dumps(result))


if __name__ == "__main__":
    main()
