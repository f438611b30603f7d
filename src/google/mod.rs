//! The Google Health API (`https://health.googleapis.com/v4`), Fitbit's successor, as a live
//! source (reference: google-health-api.md of the shared notes; its scope list superseded by
//! the discovery document rev 20261030). Started: the secret-less sign-in (`auth`). Not yet
//! wired into the app: the data client, the mapping into the store and the setup wizard come
//! next (issue "Google Health API as a live source").

pub mod auth;
pub mod errors;
