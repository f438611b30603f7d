//! The legacy Fitbit Web API as a source, all of it here: sign-in (`auth`), what the person
//! configures (`settings`), the client (`client`), endpoints and the planner (`endpoints`),
//! answers mapped into the model (`map`), the rate budget (`rate`), one refresh (`sync`) and
//! the page's side of it (`page`). Widgets read the provider-neutral model, never this.

pub mod auth;
pub mod client;
pub mod endpoints;
pub mod error_body;
pub mod map;
pub mod page;
pub mod rate;
pub mod settings;
pub mod sync;

pub const AUTHORIZE_URL: &str = "https://www.fitbit.com/oauth2/authorize";
pub const TOKEN_URL: &str = "https://api.fitbit.com/oauth2/token";
pub const REVOKE_URL: &str = "https://api.fitbit.com/oauth2/revoke";
pub const API_ORIGIN: &str = "https://api.fitbit.com";

/// What a 410 from Fitbit means, said once for sign-in and data alike.
pub const RETIRED_NOTICE: &str = "Google turned off the legacy Fitbit Web API and its sign-in on 2 November 2026 (Fitbit \
    now answers 410 Gone), so pulsedeck cannot load new data from it. The data saved in this browser stays, and you can \
    still export it.";
