#!/usr/bin/env python3
"""
Run tasks of one recipe with the real BitBake and oe-core, the way bitbake-worker does.

    oetask.py BITBAKE_LIB RECIPE [--task do_X ...] [--postfile CONF ...] [--show VAR ...]

Run in the build directory (conf/local.conf, conf/bblayers.conf), with MACHINE, TCLIBC and
BB_ENV_PASSTHROUGH_ADDITIONS in the environment (tests/oe/conftest.py's BuildDir.env()).
BITBAKE_LIB is the lib/ directory of the release's own BitBake; nothing of BitBake or oe-core
is copied here, only what the cooker and bitbake-worker do around a task:

- the configuration: bb.cookerdata.CookerDataBuilder(cookercfg, worker=True) and
  parseBaseConfiguration(worker=True), as bitbake-worker's handle_cookercfg; --postfile is
  BitBake's own -R (cookercfg.postfile);
- the recipe's appends and layer: bb.cooker.CookerCollectFiles over BBFILES, as the cooker;
- each task, as fork_off_task: a forked child that sets BB_WORKERCONTEXT, BB_TASKDEPDATA,
  BB_CURRENTTASK, BUILDNAME/DATE/TIME, parses the recipe (databuilder.parseRecipe), sets
  BB_TASKHASH/BB_UNIHASH, disables the network unless the task has [network], exports the
  recipe's variables into an emptied environment and calls bb.build.exec_task (the real
  prefuncs, postfuncs, dirs, cleandirs and log in ${T});
- fakeroot tasks, as the runqueue's fakeroot worker: this script again under ${FAKEROOTCMD}
  with ${FAKEROOTBASEENV}, whose child sets ${FAKEROOTENV} and creates ${FAKEROOTDIRS}, and
  stops the pseudo server (FAKEROOTCMD -S) after the task.

What the runqueue would compute from the whole task graph is minimal: BB_TASKDEPDATA holds this
recipe's own tasks; a task's hash is a digest of the recipe, the task and the configuration
files (no hash server, no sstate reuse: nothing here runs a setscene task).

Prints one JSON object on stdout: {"tasks": {task: exit code}, "vars": {VAR: value}}; stops
after the first task that fails. Progress and BitBake's warnings and errors go to stderr.
"""
import argparse
import hashlib
import json
import logging
import os
import re
import shlex
import subprocess
import sys
import time

# The postfiles of this run (they make the configuration, so the stand-in task hashes).
CONFIG_FILES = []

# One recipe's own tasks, in the order the runqueue runs them.
TASK_ORDER = ["do_fetch", "do_unpack", "do_patch", "do_prepare_recipe_sysroot", "do_configure",
              "do_compile", "do_install", "do_package", "do_packagedata", "do_package_qa"]


def parse_args(argv):
    ap = argparse.ArgumentParser()
    ap.add_argument("bitbake_lib")
    ap.add_argument("recipe")
    ap.add_argument("--task", action="append", default=[])
    ap.add_argument("--postfile", action="append", default=[])
    ap.add_argument("--show", action="append", default=[])
    ap.add_argument("--fakeroot-worker", action="store_true",
                    help="internal: this process runs under FAKEROOTCMD")
    return ap.parse_args(argv)


def main(argv):
    args = parse_args(argv)
    sys.path.insert(0, os.path.abspath(args.bitbake_lib))
    import bb
    import bb.build
    import bb.cooker
    import bb.cookerdata
    import bb.data
    import bb.msg
    import bb.parse
    import bb.utils

    # What bitbake-worker's log handler would send to the UI: to stderr here, through a
    # descriptor of its own (exec_task points descriptor 2 at the task's log).
    logger = logging.getLogger("BitBake")
    handler = logging.StreamHandler(os.fdopen(os.dup(sys.stderr.fileno()), "w"))
    handler.setFormatter(bb.msg.BBLogFormatter("%(levelname)s: %(message)s"))
    handler.setLevel(logging.WARNING)
    logger.addHandler(handler)

    recipe = os.path.abspath(args.recipe)
    cfg = bb.cookerdata.CookerConfiguration()
    cfg.env = dict(os.environ)
    cfg.postfile = [os.path.abspath(p) for p in args.postfile]
    CONFIG_FILES.extend(cfg.postfile)
    start = time.time()
    databuilder = bb.cookerdata.CookerDataBuilder(cfg, worker=True)
    databuilder.parseBaseConfiguration(worker=True)
    config = databuilder.mcdata[""]
    progress("configuration parsed (%.1f s)" % (time.time() - start))

    appends, layername = collect(bb, config, recipe)
    result = {"tasks": {}, "vars": {}}
    if args.show:
        d = databuilder.parseRecipe(recipe, appends, layername)
        for var in args.show:
            result["vars"][var] = d.getVar(var)

    tasks = list(args.task)
    recipe_data = databuilder.parseRecipe(recipe, appends, layername) if tasks else None
    while tasks:
        fakeroot = bool(recipe_data.getVarFlag(tasks[0], "fakeroot"))
        if args.fakeroot_worker or not fakeroot:
            codes = {tasks[0]: run_task(bb, cfg, config, databuilder, recipe_data, recipe, appends,
                                        layername, tasks[0], fakeroot and args.fakeroot_worker)}
        else:
            # Consecutive fakeroot tasks share one fakeroot worker, as in the runqueue.
            group = []
            while tasks[len(group):] and recipe_data.getVarFlag(tasks[len(group)], "fakeroot"):
                group.append(tasks[len(group)])
            codes = fakeroot_worker(config, args, group)
        result["tasks"].update(codes)
        if any(code != 0 for code in codes.values()):
            break
        tasks = tasks[len(codes):]
    print(json.dumps(result))
    return 0


def progress(msg):
    sys.stderr.write("oetask: %s\n" % msg)
    sys.stderr.flush()


def collect(bb, config, recipe):
    """The recipe's .bbappend files and layer name, as the cooker finds them."""
    priorities = []
    for name in (config.getVar("BBFILE_COLLECTIONS") or "").split():
        pattern = config.getVar("BBFILE_PATTERN_" + name) or ""
        priorities.append((name, pattern, re.compile(pattern),
                           int(config.getVar("BBFILE_PRIORITY_" + name) or 0)))
    collection = bb.cooker.CookerCollectFiles(priorities)
    collection.collect_bbfiles(config, config)
    return list(collection.get_file_appends(recipe)), collection.calc_bbfile_priority(recipe)[2]


def taskdepdata(bb, d, recipe, task):
    """BB_TASKDEPDATA with this recipe's own tasks up to task (what the runqueue knows of them)."""
    pn = d.getVar("PN")
    provides = (d.getVar("PROVIDES") or "").split() + [pn]
    data = {}
    order = [t for t in TASK_ORDER if d.getVarFlag(t, "task")]
    upto = order[:order.index(task) + 1] if task in order else [task]
    for i, name in enumerate(upto):
        tid = "%s:%s" % (recipe, name)
        data[tid] = bb.TaskData(pn=pn, taskname=name, fn=recipe,
                                deps=set(["%s:%s" % (recipe, upto[i - 1])] if i else []),
                                provides=provides, taskhash=fake_hash(recipe, name),
                                unihash=fake_hash(recipe, name), hashfn="",
                                taskhash_deps=set())
    return data


def fake_hash(recipe, task):
    """A stand-in task hash: different for each task and each configuration."""
    h = hashlib.sha256(("%s:%s" % (recipe, task)).encode())
    for conf in [os.path.join("conf", "local.conf")] + CONFIG_FILES:
        with open(conf, "rb") as f:
            h.update(f.read())
    return h.hexdigest()


def fakeroot_worker(config, args, tasks):
    """Run tasks in this script again under FAKEROOTCMD with FAKEROOTBASEENV (the runqueue's fakeroot worker)."""
    fakerootcmd = shlex.split(config.getVar("FAKEROOTCMD"))
    env = os.environ.copy()
    for key, value in (var.split("=", 1) for var in (config.getVar("FAKEROOTBASEENV") or "").split()):
        env[key] = value
    cmd = fakerootcmd + [sys.executable, os.path.abspath(__file__), args.bitbake_lib, args.recipe,
                         "--fakeroot-worker"]
    for postfile in args.postfile:
        cmd += ["--postfile", postfile]
    for task in tasks:
        cmd += ["--task", task]
    progress("fakeroot worker: %s" % " ".join(cmd))
    proc = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stdin=subprocess.DEVNULL,
                          universal_newlines=True)
    try:
        codes = json.loads(proc.stdout.strip().splitlines()[-1])["tasks"]
    except (ValueError, IndexError, KeyError):
        codes = {}
    if proc.returncode != 0 or not codes:
        progress("the fakeroot worker exited %d; stdout: %s" % (proc.returncode, proc.stdout))
        codes = codes or {tasks[0]: proc.returncode or 1}
    return codes


def run_task(bb, cfg, config, databuilder, recipe_data, recipe, appends, layername, taskname,
             fakeroot):
    """bitbake-worker's fork_off_task, for one task; returns its exit code."""
    envbackup = {}
    fakeenv = {}
    uid, gid = os.getuid(), os.getgid()
    # What the runqueue takes from the recipe's cache entry and the configuration.
    umask = config.getVar("BB_DEFAULT_UMASK")
    if recipe_data.getVarFlag(taskname, "umask"):
        umask = recipe_data.getVarFlag(taskname, "umask")
    if umask:
        umask = int(umask, 8) if isinstance(umask, str) else umask
    var = "FAKEROOTENV" if fakeroot else "FAKEROOTNOENV"
    for key, value in (v.split("=", 1) for v in (recipe_data.getVar(var) or "").split()):
        envbackup[key] = os.environ.get(key)
        os.environ[key] = value
        fakeenv[key] = value
    if fakeroot:
        for path in (recipe_data.getVar("FAKEROOTDIRS") or "").split():
            bb.utils.mkdirhier(path)
    sys.stdout.flush()
    sys.stderr.flush()
    start = time.time()
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            os.setsid()
            devnull = os.open(os.devnull, os.O_RDWR)
            os.dup2(devnull, sys.stdin.fileno())
            os.dup2(devnull, sys.stdout.fileno())
            if umask is not None:
                os.umask(umask)
            the_data = databuilder.mcdata[""]
            the_data.setVar("BB_WORKERCONTEXT", "1")
            the_data.setVar("BB_TASKDEPDATA", taskdepdata(bb, recipe_data, recipe, taskname))
            the_data.setVar("BB_CURRENTTASK", taskname.replace("do_", ""))
            the_data.setVar("BUILDNAME", time.strftime("%Y%m%d%H%M%S"))
            the_data.setVar("DATE", time.strftime("%Y%m%d"))
            the_data.setVar("TIME", time.strftime("%H%M%S"))
            the_data = databuilder.parseRecipe(recipe, appends, layername)
            the_data.setVar("BB_TASKHASH", fake_hash(recipe, taskname))
            the_data.setVar("BB_UNIHASH", fake_hash(recipe, taskname))
            bb.parse.siggen.setup_datacache_from_datastore(recipe, the_data)
            if not bb.utils.to_boolean(the_data.getVarFlag(taskname, "network")):
                if bb.utils.is_local_uid(uid):
                    bb.utils.disable_network(uid, gid)
            exports = bb.data.exported_vars(the_data)
            bb.utils.empty_environment()
            for e, v in exports:
                os.environ[e] = v
            for e in fakeenv:
                os.environ[e] = fakeenv[e]
                the_data.setVar(e, fakeenv[e])
                the_data.setVarFlag(e, "export", "1")
            task_exports = the_data.getVarFlag(taskname, "exports")
            if task_exports:
                for e in task_exports.split():
                    the_data.setVarFlag(e, "export", "1")
                    v = the_data.getVar(e)
                    if v is not None:
                        os.environ[e] = v
            try:
                code = bb.build.exec_task(recipe, taskname, the_data, cfg.profile)
            finally:
                if fakeroot:
                    fakerootcmd = shlex.split(the_data.getVar("FAKEROOTCMD"))
                    subprocess.run(fakerootcmd + ["-S"], check=True, stdout=subprocess.PIPE)
        except BaseException:
            import traceback
            traceback.print_exc()
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
    for key, value in envbackup.items():
        if value is None:
            del os.environ[key]
        else:
            os.environ[key] = value
    _, status = os.waitpid(pid, 0)
    code = os.WEXITSTATUS(status) if os.WIFEXITED(status) else 128 + os.WTERMSIG(status)
    progress("%s%s: exit %d (%.1f s)" % (taskname, " (fakeroot)" if fakeroot else "", code,
                                        time.time() - start))
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
