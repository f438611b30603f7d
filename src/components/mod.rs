//! Generic UI pieces that know nothing about health data.

pub mod chart;
pub mod copy;
pub mod field;
