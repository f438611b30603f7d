//! The Google Health API (`https://health.googleapis.com/v4`), Fitbit's successor, as a live
//! source (reference: google-health-api.md of the shared notes; its scope list superseded by
//! the discovery document rev 20261030). Started: the secret-less sign-in (`auth`), its
//! failures (`errors`), the answers of the daily types, sleep and devices mapped into the model
//! (`map`), the request plan (`plan`), the token record and one-time states (`tokens`), the
//! client that sends a planned call and follows its pages (`client`), and one load of the
//! dashboard through them (`sync`). Not yet wired into the app: the page's sign-in and refresh,
//! the store's record of this source, the setup wizard and the mock Google come next (issue
//! "Google Health API as a live source").

pub mod auth;
pub mod client;
pub mod errors;
pub mod map;
pub mod older;
pub mod page;
pub mod plan;
pub mod record;
pub mod sessions;
pub mod sync;
#[cfg(test)]
mod testkit;
pub mod tokens;
