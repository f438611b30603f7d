//! pulsedeck: your own Fitbit data on a big screen, as a static, serverless web app.
//!
//! See ARCHITECTURE.md for the code map and the invariants the modules keep.

pub mod app;
pub mod browser;
pub mod components;
pub mod date;
pub mod demo;
pub mod env;
pub mod export;
pub mod fitbit;
pub mod glance;
pub mod google;
pub mod here;
pub mod history;
pub mod insights;
pub mod install;
pub mod jsontext;
pub mod keys;
pub mod layout;
pub mod model;
pub mod net;
pub mod order;
pub mod prefs;
pub mod pwa;
pub mod scope;
pub mod screens;
pub mod shell;
pub mod source;
pub mod takeout;
pub mod units;
pub mod welcome;
pub mod widgets;
pub mod words;

#[cfg(any(test, feature = "test-support"))]
pub mod testing;
