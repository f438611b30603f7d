//! Sign-in with Fitbit: OAuth 2.0 Authorization Code + PKCE, entirely in the browser.
//!
//! Invariant: this module is the only code that reads or writes tokens. Others ask it for a
//! fresh access token (`Session::fresh_tokens`) or to refresh a rejected one.

pub mod flow;
pub mod pkce;
pub mod session;
pub mod tokens;
