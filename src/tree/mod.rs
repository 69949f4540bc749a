//! The install tree: [`walk`] it once, [`classify`] each `*.so` by name and [`elf`] by
//! content, [`plan`] every change (renames and the [`record`] rows they touch), and only a
//! clean plan is [`apply`]'d.

pub mod apply;
pub mod classify;
pub mod elf;
pub mod plan;
pub mod record;
pub mod walk;
