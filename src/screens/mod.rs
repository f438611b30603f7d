//! One file per screen.

pub mod dashboard;
