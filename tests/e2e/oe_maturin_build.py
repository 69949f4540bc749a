"""Builds and installs a maturin project the way oe-core's python_maturin.bbclass does.

python_maturin = python_pyo3 + python_pep517 (+ cargo_common's CARGO_HOME/config.toml):
- python_pyo3.bbclass exports PYO3_CROSS=1, PYO3_CROSS_PYTHON_VERSION=${PYTHON_BASEVERSION},
  PYO3_CROSS_LIB_DIR=${STAGING_LIBDIR}, CARGO_BUILD_TARGET=${RUST_HOST_SYS}, RUSTFLAGS,
  PYO3_PYTHON=${PYTHON} (the build host's python) and PYO3_CONFIG_FILE=${WORKDIR}/pyo3.config,
  and its do_configure writes that file with the keys below -- no ext_suffix.
- cargo_common_do_configure points crates-io at the vendored crates, sets the target's linker
  and puts cargo's target directory out of the source tree.
- python_pep517_do_compile: nativepython3 -m build --no-isolation --wheel --outdir ${WORKDIR}/dist ${S}
- python_pep517_do_install: nativepython3 -m installer --compile-bytecode=0 --destdir=${D} <wheel>
  (Yocto's native python installs into ${libdir}/python3.x/site-packages: --prefix=/usr here.
  oe-core's own --interpreter option is a patch to installer that only affects scripts.)
"""

import glob
import os
import shutil
import subprocess
import zipfile
from dataclasses import dataclass


@dataclass
class OeBuild:
    workdir: str  # like ${WORKDIR}; cached between runs so cargo's target dir stays warm
    source: str  # like ${S}
    venv: str  # the nativepython3 with maturin, build and installer
    cargo_bin: str  # directory with Debian's cargo and rustc
    vendored_crates: str
    sysroot: str  # like ${STAGING_DIR_HOST}
    rust_triple: str  # like ${RUST_HOST_SYS}
    linker: str
    python_version: str  # like ${PYTHON_BASEVERSION}
    pointer_width: int  # like ${SITEINFO_BITS}
    libdir: str = "/usr/lib"

    @property
    def pyo3_config(self) -> str:
        return os.path.join(self.workdir, "pyo3.config")

    @property
    def cargo_target_dir(self) -> str:
        return os.path.join(self.workdir, "build", "target")

    @property
    def image(self) -> str:
        return os.path.join(self.workdir, "image")

    @property
    def site_packages(self) -> str:
        return os.path.join(self.image, "usr", "lib", "python" + self.python_version,
                            "site-packages")

    def configure(self, pyo3_config_extra: str = "") -> None:
        """python_pyo3_do_configure + cargo_common_do_configure. pyo3_config_extra is what
        a later step (maturin-fix.bbclass's do_configure postfunc) appends to pyo3.config."""
        staging_libdir = self.sysroot + self.libdir
        write_if_changed(self.pyo3_config,
                         "implementation=CPython\n"
                         "version=%s\n"
                         "shared=true\n"
                         "abi3=false\n"
                         "lib_name=python%s\n"
                         "lib_dir=%s\n"
                         "pointer_width=%d\n"
                         "build_flags=WITH_THREAD\n"
                         "suppress_build_script_link_lines=false\n"
                         % (self.python_version, self.python_version, staging_libdir,
                            self.pointer_width) + pyo3_config_extra)
        write_if_changed(os.path.join(self.workdir, "cargo_home", "config.toml"),
                         '[source.bitbake]\ndirectory = "%s"\n\n'
                         '[source.crates-io]\nreplace-with = "bitbake"\n'
                         'local-registry = "/nonexistent"\n\n'
                         '[target.%s]\nlinker = "%s"\n\n'
                         '[build]\ntarget-dir = "%s"\n'
                         % (self.vendored_crates, self.rust_triple, self.linker,
                            self.cargo_target_dir))

    def environment(self) -> dict:
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("PYO3_", "CARGO", "RUST", "MATURIN", "VIRTUAL_ENV"))}
        env.update({
            "PATH": "%s:%s:%s" % (self.cargo_bin, os.path.join(self.venv, "bin"), env["PATH"]),
            "CARGO_HOME": os.path.join(self.workdir, "cargo_home"),
            "PYO3_CROSS": "1",
            "PYO3_CROSS_PYTHON_VERSION": self.python_version,
            "PYO3_CROSS_LIB_DIR": self.sysroot + self.libdir,
            "CARGO_BUILD_TARGET": self.rust_triple,
            "RUSTFLAGS": "",
            "PYO3_PYTHON": os.path.join(self.venv, "bin", "python3"),
            "PYO3_CONFIG_FILE": self.pyo3_config,
        })
        return env

    def compile(self, log) -> str:
        """python_pep517_do_compile; returns the wheel's path."""
        dist = os.path.join(self.workdir, "dist")
        shutil.rmtree(dist, ignore_errors=True)  # do_compile[cleandirs]
        self._run([os.path.join(self.venv, "bin", "python3"), "-m", "build", "--no-isolation",
                   "--wheel", "--outdir", dist, self.source], log)
        wheels = glob.glob(os.path.join(dist, "*.whl"))
        if len(wheels) != 1:
            raise RuntimeError("expected one wheel in %s, found %s" % (dist, wheels))
        return wheels[0]

    def install(self, wheel: str, log) -> None:
        """python_pep517_do_install (keeping RECORD, as scarthgap and styhead do)."""
        shutil.rmtree(self.image, ignore_errors=True)
        self._run([os.path.join(self.venv, "bin", "python3"), "-m", "installer",
                   "--compile-bytecode=0", "--destdir=" + self.image, "--prefix=/usr", wheel], log)

    def _run(self, command, log) -> None:
        log.write("$ %s\n" % " ".join(command))
        log.flush()
        proc = subprocess.run(command, env=self.environment(), stdout=log, stderr=subprocess.STDOUT,
                              stdin=subprocess.DEVNULL, cwd=self.workdir)
        if proc.returncode != 0:
            raise RuntimeError("%s failed (exit %d); see %s"
                               % (" ".join(command[:4]), proc.returncode, log.name))


def write_if_changed(path: str, text: str) -> None:
    """Keeps the file's mtime when its content stays: pyo3's build script reruns (and all of
    pyo3 rebuilds) whenever pyo3.config looks changed, which would make every run a cold build."""
    try:
        with open(path) as f:
            if f.read() == text:
                return
    except FileNotFoundError:
        os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def extension_modules_in_wheel(wheel: str):
    """Names of the extension modules inside a wheel."""
    with zipfile.ZipFile(wheel) as archive:
        return [name for name in archive.namelist() if name.endswith(".so")]
