//! One file per screen.

pub mod dashboard;
pub mod setup;
