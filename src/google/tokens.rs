//! The Google token record in localStorage (versioned, like Fitbit's: a newer version's record
//! is never read or overwritten) and the one-time states of sign-ins in flight. A Google token
//! lives about an hour and has no refresh token: when it has run out the dashboard paints
//! from the store and asks the person to continue (`prompt=none`), never by itself.

use super::auth::Grant;
use crate::env::KvStore;
use crate::keys::{self, Versioned, GOOGLE_STATES, GOOGLE_TOKENS};
use crate::scope::Scope;
use serde::Serialize;

const RECORD_VERSION: u32 = 1;
/// A sign-in not answered within this long is not waited for.
const STATE_MAX_AGE_MS: i64 = 10 * 60 * 1000;

#[derive(Clone, PartialEq, Serialize)]
pub struct GoogleTokens {
    pub v: u32,
    pub access_token: String,
    pub expires_at_ms: i64,
    pub scopes: Vec<Scope>,
    pub client_id: String,
    /// The Google Health user id (`users/me/identity`): whose data the store keeps.
    pub account: String,
}

crate::from_json_struct! { GoogleTokens { v, access_token, expires_at_ms, scopes, client_id, account } }

impl std::fmt::Debug for GoogleTokens {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GoogleTokens")
            .field("access_token", &"<redacted>")
            .field("expires_at_ms", &self.expires_at_ms)
            .field("scopes", &self.scopes)
            .finish()
    }
}

impl GoogleTokens {
    pub fn from_grant(g: Grant, client_id: &str, account: &str) -> GoogleTokens {
        GoogleTokens {
            v: RECORD_VERSION,
            access_token: g.access_token,
            expires_at_ms: g.expires_at_ms,
            scopes: g.scopes,
            client_id: client_id.into(),
            account: account.into(),
        }
    }

    /// Expired, or within a minute of it (a request would not finish in time).
    pub fn expired(&self, now_ms: i64) -> bool {
        now_ms + 60_000 >= self.expires_at_ms
    }
}

/// Version 1 is the first: nothing older to migrate.
pub fn load(store: &impl KvStore) -> Versioned<GoogleTokens> {
    keys::read(store, GOOGLE_TOKENS, RECORD_VERSION, |_, _| None)
}

pub fn save(store: &impl KvStore, t: &GoogleTokens) -> Result<(), String> {
    if !keys::may_write(store, GOOGLE_TOKENS, RECORD_VERSION) {
        return Err(
            "a newer version of pulsedeck is signed in to Google in this browser; reload this tab"
                .into(),
        );
    }
    store.set(
        GOOGLE_TOKENS,
        &serde_json::to_string(t).expect("serialisable"),
    )
}

pub fn forget(store: &impl KvStore) {
    store.remove(GOOGLE_TOKENS);
}

/// `(state, created_ms)` of the sign-ins in flight.
fn states(store: &impl KvStore) -> Vec<(String, i64)> {
    use crate::jsontext::FromJson;
    store
        .get(GOOGLE_STATES)
        .and_then(|s| Vec::<(String, i64)>::from_json(&s))
        .unwrap_or_default()
}

/// Remembers a new one-time state (older ones past their age are dropped).
pub fn remember_state(store: &impl KvStore, state: &str, now_ms: i64) -> Result<(), String> {
    let mut list: Vec<(String, i64)> = states(store)
        .into_iter()
        .filter(|(_, t)| now_ms - t < STATE_MAX_AGE_MS)
        .collect();
    list.push((state.to_string(), now_ms));
    store.set(
        GOOGLE_STATES,
        &serde_json::to_string(&list).expect("serialisable"),
    )
}

/// Takes `state` if a sign-in of this browser sent it, young enough: once only.
pub fn take_state(store: &impl KvStore, state: &str, now_ms: i64) -> bool {
    let list = states(store);
    let found = list
        .iter()
        .any(|(s, t)| s == state && now_ms - t < STATE_MAX_AGE_MS);
    let rest: Vec<&(String, i64)> = list.iter().filter(|(s, _)| s != state).collect();
    let _ = store.set(
        GOOGLE_STATES,
        &serde_json::to_string(&rest).expect("serialisable"),
    );
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::MemStore;

    fn grant() -> Grant {
        Grant {
            access_token: "ya29.secret".into(),
            expires_at_ms: 3_600_000,
            scopes: vec![Scope::Sleep, Scope::Activity],
        }
    }

    #[test]
    fn the_record_round_trips_and_never_shows_its_token() {
        let s = MemStore::default();
        let t = GoogleTokens::from_grant(grant(), "1-a.apps.googleusercontent.com", "42");
        save(&s, &t).unwrap();
        assert_eq!(load(&s), Versioned::Ok(t.clone()));
        assert!(!format!("{t:?}").contains("ya29"));
        assert!(!t.expired(3_000_000) && t.expired(3_550_000));
        forget(&s);
        assert_eq!(load(&s), Versioned::Missing);
    }

    #[test]
    fn a_newer_versions_record_is_left_alone() {
        let s = MemStore::default();
        s.set(GOOGLE_TOKENS, r#"{"v":2,"whatever":1}"#).unwrap();
        assert_eq!(load(&s), Versioned::Newer(2));
        assert!(save(&s, &GoogleTokens::from_grant(grant(), "c", "42")).is_err());
        assert_eq!(
            s.get(GOOGLE_TOKENS).as_deref(),
            Some(r#"{"v":2,"whatever":1}"#)
        );
    }

    #[test]
    fn a_state_is_taken_once_and_only_while_young() {
        let s = MemStore::default();
        remember_state(&s, "a", 0).unwrap();
        remember_state(&s, "b", 1_000).unwrap();
        assert!(take_state(&s, "a", 5_000));
        assert!(!take_state(&s, "a", 5_000), "once");
        assert!(!take_state(&s, "b", 11 * 60 * 1000), "too old");
        assert!(!take_state(&s, "never-sent", 0));
    }
}
