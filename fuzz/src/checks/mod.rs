//! One property check per fuzz target. Each `check` takes the raw fuzz input, never panics
//! on input the library handles correctly, and panics (naming the broken property) otherwise.
//!
//! Only std and `maturin_fix` are used here: tests/fuzz_regressions.rs includes this module
//! by path to replay saved inputs through exactly the same checks.

pub mod build_details;
pub mod ext_filename;
mod input;
pub mod record;
pub mod record_rows;
mod scratch;
pub mod sysconfigdata;
mod target_facts;
pub mod triple;

/// A property check: panics if `data` breaks a property.
pub type Check = fn(&[u8]);

/// Every target by name (the name of its fuzz_targets/ binary and corpus directory).
pub const TARGETS: &[(&str, Check)] = &[
    ("sysconfigdata", sysconfigdata::check),
    ("build_details", build_details::check),
    ("record", record::check),
    ("record_rows", record_rows::check),
    ("ext_filename", ext_filename::check),
    ("triple", triple::check),
];
