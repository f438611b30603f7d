//! pulsedeck: your own Fitbit data on a big screen, as a static, serverless web app.
//!
//! See ARCHITECTURE.md for the code map and the invariants the modules keep.

pub mod app;
pub mod components;
pub mod date;
pub mod demo;
pub mod model;
pub mod scope;
pub mod screens;
pub mod units;
pub mod widgets;
