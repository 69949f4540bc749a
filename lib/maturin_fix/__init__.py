# SPDX-License-Identifier: MIT
"""
The logic of maturin-fix.bbclass, one module per job; the class keeps the
knobs and the wiring. conf/layer.conf loads it with addpylib, as oe-core
loads lib/oe:

  source      what the target python imports: sysroot checks, tool arguments
  tool        running maturin-fix, reading its --format json report
  install     the do_install postfunc: `maturin-fix fix` on ${D}
  pyo3config  the do_configure postfunc: ext_suffix= in ${PYO3_CONFIG_FILE}
  qa          the QA checks python-ext-suffix and symlink mode's dev-so
  configuration  for conf/layer.conf: this package in BitBake 2.8's configuration hash
  auto        for maturin-fix-auto.bbclass: which recipes get `inherit maturin-fix`

BitBake hashes the source of each public function of these modules into the
signature of every task that calls it, and follows the calls it can name. So
that a change here reruns the tasks it changes: keep every function public,
call across modules by full name (maturin_fix.tool.run), and keep the values
the logic depends on inside the functions, not at module level.
"""

BBIMPORTS = ["source", "tool", "install", "pyo3config", "qa", "configuration", "auto"]
