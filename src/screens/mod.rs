//! One file per screen.

pub mod dashboard;
pub mod data_panel;
pub mod google_setup;
pub mod history;
pub mod import;
pub mod insights;
pub mod keep;
pub mod report;
pub mod setup;
pub mod sources;
pub mod zone_pick;
