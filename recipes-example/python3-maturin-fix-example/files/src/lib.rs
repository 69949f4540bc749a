//! A small extension module: if `import maturin_fix_example` works on the
//! target, the module file carries the suffix the target python imports.

use pyo3::exceptions::PyOverflowError;
use pyo3::prelude::*;

/// Add two integers; raise OverflowError where i64 would wrap.
#[pyfunction]
fn add(a: i64, b: i64) -> PyResult<i64> {
    a.checked_add(b)
        .ok_or_else(|| PyOverflowError::new_err("the sum does not fit in 64 bits"))
}

/// The CPU architecture this module was compiled for, e.g. "arm".
#[pyfunction]
fn target_arch() -> &'static str {
    std::env::consts::ARCH
}

#[pymodule]
fn maturin_fix_example(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(add, m)?)?;
    m.add_function(wrap_pyfunction!(target_arch, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
