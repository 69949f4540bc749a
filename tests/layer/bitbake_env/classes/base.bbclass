# Stand-in for oe-core's base.bbclass: the task chain the class hooks into.

inherit insane-${QA_API}

# The file:// entries of SRC_URI, found in FILESPATH and unpacked into
# WORKDIR by BitBake's own fetcher (WORKDIR is scarthgap's unpack directory;
# the recipes use subdir=${BP} so that S is the same on later releases).
# crate:// entries are left to bbfetch.py: the tests have no network here.
python base_do_unpack() {
    src_uri = [u for u in (d.getVar("SRC_URI") or "").split() if u.startswith("file://")]
    if src_uri:
        bb.fetch2.Fetch(src_uri, d).unpack(d.getVar("WORKDIR"))
}
addtask unpack before do_configure

base_do_configure() {
	:
}
addtask configure

base_do_compile() {
	:
}
addtask compile after do_configure

base_do_install() {
	:
}
do_install[cleandirs] = "${D}"
addtask install after do_compile

EXPORT_FUNCTIONS do_unpack do_configure do_compile do_install

# Stand-in for do_package: split ${D} into PKGDEST, debug files into ${PN}-dbg.
python do_package() {
    import os, shutil
    dest = d.getVar("D")
    pkgdest = d.getVar("PKGDEST")
    pn = d.getVar("PN")
    if os.path.exists(pkgdest):
        shutil.rmtree(pkgdest)
    for top, dirs, files in os.walk(dest):
        for name in files + [x for x in dirs if os.path.islink(os.path.join(top, x))]:
            src = os.path.join(top, name)
            rel = os.path.relpath(src, dest)
            pkg = pn + "-dbg" if "/.debug/" in "/" + rel else pn
            dst = os.path.join(pkgdest, pkg, rel)
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            if os.path.islink(src):
                os.symlink(os.readlink(src), dst)
            else:
                shutil.copy2(src, dst)
}
addtask package after do_install

# No stamps: every test run executes the tasks it names.
do_unpack[nostamp] = "1"
do_configure[nostamp] = "1"
do_compile[nostamp] = "1"
do_install[nostamp] = "1"
do_package[nostamp] = "1"
