# Stand-in for the QA driver of oe-core scarthgap: warning and error checks
# are called separately with a messages dict, which the driver then reports
# with oe.qa.handle_error. Checks run if named in WARN_QA or ERROR_QA and not
# in INSANE_SKIP.

QAPATHTEST[dev-so] = "package_qa_check_dev"
def package_qa_check_dev(path, name, d, elf, messages):
    import os, oe.qa
    if not name.endswith(("-dev", "-dbg")) and path.endswith(".so") and os.path.islink(path):
        oe.qa.add_message(messages, "dev-so", "non -dev/-dbg package %s contains symlink .so '%s'" % (name, path))

def qa_stand_in_checks(matrix, level, skip, d):
    flags = d.getVarFlags(matrix) or {}
    return [globals()[flags[n]] for n in (d.getVar(level) or "").split()
            if n in flags and n not in skip]

python do_package_qa() {
    import os, oe.qa
    for package in d.getVar("PACKAGES").split():
        skip = set((d.getVar("INSANE_SKIP") or "").split() +
                   (d.getVar("INSANE_SKIP:" + package) or "").split())
        pkgdir = os.path.join(d.getVar("PKGDEST"), package)
        paths = [os.path.join(top, f) for top, dirs, files in os.walk(pkgdir) for f in files + dirs]
        for level in ("WARN_QA", "ERROR_QA"):
            messages = {}
            for check in qa_stand_in_checks("QAPATHTEST", level, skip, d):
                for path in paths:
                    check(path, package, d, None, messages)
            for check in qa_stand_in_checks("QAPKGTEST", level, skip, d):
                check(package, d, messages)
            for name, text in messages.items():
                oe.qa.handle_error(name, text, d)
    oe.qa.exit_if_errors(d)
}
addtask package_qa after do_package
do_package_qa[nostamp] = "1"

# As oe-core's insane.bbclass: the QA functions are in do_package_qa's signature.
python () {
    funcs = d.getVarFlags("QAPATHTEST") or {}
    funcs.update(d.getVarFlags("QAPKGTEST") or {})
    d.appendVarFlag("do_package_qa", "vardeps", " " + " ".join(funcs.values()))
}
