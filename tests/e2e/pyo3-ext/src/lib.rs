//! A minimal non-abi3 extension module: the end-to-end tests build it with
//! maturin for foreign targets and import it on the target CPython.

use pyo3::prelude::*;

/// Adds two integers (proves a call into Rust code works).
#[pyfunction]
fn add(a: i64, b: i64) -> i64 {
    a + b
}

/// The CPU architecture this module was compiled for (Rust's name for it).
#[pyfunction]
fn compiled_arch() -> &'static str {
    std::env::consts::ARCH
}

#[pymodule]
fn e2e_ext(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(add, m)?)?;
    m.add_function(wrap_pyfunction!(compiled_arch, m)?)?;
    Ok(())
}
