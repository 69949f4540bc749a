//! The install tree: walk, classify, plan, apply.

pub mod apply;
pub mod classify;
pub mod elf;
pub mod plan;
pub mod record;
pub mod walk;
