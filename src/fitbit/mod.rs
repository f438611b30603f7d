//! Everything specific to Fitbit: endpoints and response shapes. Nothing outside `auth` and
//! the data layer uses this module; widgets read the provider-neutral model.

pub mod client;
pub mod endpoints;
pub mod error_body;
pub mod map;
pub mod rate;
pub mod sync;

pub const AUTHORIZE_URL: &str = "https://www.fitbit.com/oauth2/authorize";
pub const TOKEN_URL: &str = "https://api.fitbit.com/oauth2/token";
pub const REVOKE_URL: &str = "https://api.fitbit.com/oauth2/revoke";
pub const API_ORIGIN: &str = "https://api.fitbit.com";
