//! Token requests and responses, and the versioned token record in localStorage.

use crate::env::{form_encode, HttpRequest, HttpResponse, KvStore, Method, NetError};
use crate::fitbit::error_body;
use crate::scope::Scope;
use serde::{Deserialize, Serialize};

pub const TOKENS_KEY: &str = "pulsedeck.tokens";
/// Set when a session ended for good (refresh token rejected): the UI offers "Reconnect" and
/// keeps the cached data of this user.
pub const ENDED_KEY: &str = "pulsedeck.session-ended";
const RECORD_VERSION: u32 = 1;

/// Everything kept about a signed-in session.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TokenSet {
    /// Record format version; a record of another version is reset.
    pub v: u32,
    pub access_token: String,
    pub refresh_token: String,
    /// Absolute expiry, from `expires_in` at the moment the response arrived.
    pub expires_at_ms: i64,
    /// The scopes the person actually granted (they may untick some on Fitbit's page).
    pub scopes: Vec<Scope>,
    pub user_id: String,
    pub client_id: String,
}

impl TokenSet {
    pub fn expires_within(&self, now_ms: i64, margin_ms: i64) -> bool {
        now_ms + margin_ms >= self.expires_at_ms
    }
}

#[derive(Deserialize)]
struct TokenResponse {
    access_token: String,
    refresh_token: String,
    expires_in: i64,
    #[serde(default)]
    scope: String,
    user_id: String,
    #[serde(default)]
    token_type: Option<String>,
}

/// Why a token request failed. Only `InvalidGrant` is definitive.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TokenError {
    /// The code or refresh token is no longer valid: the person must connect again.
    InvalidGrant(String),
    /// The client ID is unknown or not allowed (wrong ID, or a "Server" type app).
    InvalidClient(String),
    /// Too many requests; try again after the given seconds (if known).
    RateLimited(Option<u64>),
    /// Fitbit answered 5xx: try again later.
    Server(u16),
    /// The legacy API and its OAuth endpoints have been switched off (410 Gone).
    Retired,
    /// No response (offline, blocked, timed out): try again later.
    Network(String),
    /// Any other error answer.
    Other { status: u16, kind: String, message: String },
    /// A 200 whose body is not a token response.
    BadResponse(String),
}

impl TokenError {
    /// Errors that say nothing about the tokens' validity: keep them and retry later.
    pub fn is_transient(&self) -> bool {
        matches!(self, TokenError::RateLimited(_) | TokenError::Server(_) | TokenError::Network(_) | TokenError::BadResponse(_))
    }

    pub fn message(&self) -> String {
        match self {
            TokenError::InvalidGrant(_) => "Fitbit no longer accepts this connection. Please reconnect.".into(),
            TokenError::InvalidClient(m) => format!(
                "Fitbit did not accept the client ID ({m}). Check it on dev.fitbit.com, and that the app's \
                 OAuth 2.0 Application Type is \"Client\" or \"Personal\"."
            ),
            TokenError::RateLimited(Some(s)) => format!("Fitbit is limiting requests. Try again in {} minutes.", s.div_ceil(60)),
            TokenError::RateLimited(None) => "Fitbit is limiting requests. Try again later.".into(),
            TokenError::Server(status) => format!("Fitbit is having trouble (error {status}). Try again in a few minutes."),
            TokenError::Retired => "Fitbit has switched off this API (410 Gone). pulsedeck can no longer sign in to it.".into(),
            TokenError::Network(_) => "Could not reach Fitbit. Check your connection and try again.".into(),
            TokenError::Other { status, kind, message } => format!("Fitbit refused the request ({status} {kind}): {message}"),
            TokenError::BadResponse(_) => "Fitbit sent a response pulsedeck could not read. Try again later.".into(),
        }
    }
}

fn form_request(url: &str, pairs: &[(&str, &str)]) -> HttpRequest {
    // No Authorization header: a Client/Personal app has no secret (and must not pretend to).
    HttpRequest {
        method: Method::Post,
        url: url.into(),
        headers: vec![("Content-Type".into(), "application/x-www-form-urlencoded".into())],
        form: Some(form_encode(pairs)),
    }
}

pub fn exchange_request(token_url: &str, code: &str, verifier: &str, client_id: &str, redirect_uri: &str) -> HttpRequest {
    form_request(
        token_url,
        &[
            ("client_id", client_id),
            ("grant_type", "authorization_code"),
            ("code", code),
            ("code_verifier", verifier),
            ("redirect_uri", redirect_uri),
        ],
    )
}

pub fn refresh_request(token_url: &str, refresh_token: &str, client_id: &str) -> HttpRequest {
    form_request(token_url, &[("client_id", client_id), ("grant_type", "refresh_token"), ("refresh_token", refresh_token)])
}

pub fn revoke_request(revoke_url: &str, token: &str, client_id: &str) -> HttpRequest {
    form_request(revoke_url, &[("token", token), ("client_id", client_id)])
}

/// Maps a token endpoint answer to a token set (expiry made absolute with `received_at_ms`).
pub fn parse_token_response(
    res: Result<HttpResponse, NetError>,
    client_id: &str,
    received_at_ms: i64,
) -> Result<TokenSet, TokenError> {
    let res = res.map_err(|e| TokenError::Network(format!("{e:?}")))?;
    if res.status == 200 {
        let t: TokenResponse = serde_json::from_str(&res.body).map_err(|e| TokenError::BadResponse(e.to_string()))?;
        if t.token_type.as_deref().is_some_and(|tt| !tt.eq_ignore_ascii_case("bearer")) || t.access_token.is_empty() {
            return Err(TokenError::BadResponse("not a bearer token".into()));
        }
        return Ok(TokenSet {
            v: RECORD_VERSION,
            access_token: t.access_token,
            refresh_token: t.refresh_token,
            expires_at_ms: received_at_ms + t.expires_in.max(0) * 1000,
            scopes: Scope::parse_list(&t.scope),
            user_id: t.user_id,
            client_id: client_id.into(),
        });
    }
    let body = error_body::parse(&res.body);
    let kind = body.as_ref().map(|b| b.kind.clone()).unwrap_or_default();
    let message = body.map(|b| b.message).unwrap_or_default();
    Err(match (res.status, kind.as_str()) {
        (_, "invalid_grant") => TokenError::InvalidGrant(message),
        (_, "invalid_client" | "unauthorized_client") => TokenError::InvalidClient(message),
        (410, _) => TokenError::Retired,
        (429, _) => TokenError::RateLimited(res.header("fitbit-rate-limit-reset").and_then(|v| v.parse().ok())),
        (500..=599, _) => TokenError::Server(res.status),
        (status, _) => TokenError::Other { status, kind, message },
    })
}

/// What the token store held.
#[derive(Clone, Debug, PartialEq)]
pub enum Stored {
    Nothing,
    Tokens(TokenSet),
    /// A record was there but unreadable (corrupt, another version, another app's): it has
    /// been removed, and the person starts again at the setup screen.
    Reset,
}

pub fn load(store: &impl KvStore) -> Stored {
    let Some(raw) = store.get(TOKENS_KEY) else { return Stored::Nothing };
    match serde_json::from_str::<TokenSet>(&raw) {
        Ok(t) if t.v == RECORD_VERSION && !t.access_token.is_empty() && !t.refresh_token.is_empty() => Stored::Tokens(t),
        _ => {
            store.remove(TOKENS_KEY);
            Stored::Reset
        }
    }
}

pub fn current(store: &impl KvStore) -> Option<TokenSet> {
    match load(store) {
        Stored::Tokens(t) => Some(t),
        _ => None,
    }
}

pub fn save(store: &impl KvStore, tokens: &TokenSet) -> Result<(), String> {
    store.set(TOKENS_KEY, &serde_json::to_string(tokens).expect("serialisable"))?;
    store.remove(ENDED_KEY);
    Ok(())
}

/// Ends the session for good, remembering whose it was (their cached data stays).
pub fn end_session(store: &impl KvStore, user_id: &str) {
    store.remove(TOKENS_KEY);
    let _ = store.set(ENDED_KEY, user_id);
}

pub fn clear(store: &impl KvStore) {
    store.remove(TOKENS_KEY);
    store.remove(ENDED_KEY);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::env::form_decode;
    use crate::testing::MemStore;

    fn ok(body: &str) -> Result<HttpResponse, NetError> {
        Ok(HttpResponse { status: 200, headers: vec![], body: body.into() })
    }
    fn status(status: u16, body: &str) -> Result<HttpResponse, NetError> {
        Ok(HttpResponse { status, headers: vec![("fitbit-rate-limit-reset".into(), "1201".into())], body: body.into() })
    }

    #[test]
    fn the_exchange_is_a_form_post_without_authorization() {
        let r = exchange_request("https://api.fitbit.com/oauth2/token", "c0de", "v".repeat(50).as_str(), "23TEST", "https://a.b/p/");
        assert_eq!(r.method, Method::Post);
        assert!(r.headers.iter().all(|(k, _)| !k.eq_ignore_ascii_case("authorization")));
        let f = form_decode(r.form.as_deref().unwrap());
        let get = |k: &str| f.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
        assert_eq!(get("grant_type"), Some("authorization_code"));
        assert_eq!(get("code"), Some("c0de"));
        assert_eq!(get("client_id"), Some("23TEST"));
        assert_eq!(get("redirect_uri"), Some("https://a.b/p/"));
        assert_eq!(get("code_verifier").unwrap().len(), 50);
        let rf = form_decode(refresh_request("u", "rt", "23TEST").form.as_deref().unwrap());
        assert_eq!(rf, vec![("client_id".into(), "23TEST".into()), ("grant_type".into(), "refresh_token".into()), ("refresh_token".into(), "rt".into())]);
    }

    #[test]
    fn parses_the_fixture_token_response_with_absolute_expiry_and_granted_scopes() {
        let body = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/fitbit/Fitbit.NET/AccessToken.json")).unwrap();
        let t = parse_token_response(ok(&body), "23TEST", 1_000_000).unwrap();
        assert_eq!(t.expires_at_ms, 1_000_000 + 3_600_000);
        assert_eq!(t.user_id, "26FWFL");
        assert_eq!(t.scopes, Scope::parse_list("heartrate weight nutrition settings activity sleep"));
        assert!(t.expires_within(1_000_000 + 3_600_000 - 60_000, 5 * 60_000));
        assert!(!t.expires_within(1_000_000, 5 * 60_000));
    }

    #[test]
    fn maps_every_error_and_only_invalid_grant_is_definitive() {
        let legacy = |t: &str| format!(r#"{{"errors":[{{"errorType":"{t}","message":"m"}}],"success":false}}"#);
        let cases = [
            (status(401, &legacy("invalid_grant")), TokenError::InvalidGrant("m".into())),
            (status(400, &legacy("invalid_grant")), TokenError::InvalidGrant("m".into())),
            (status(401, &legacy("invalid_client")), TokenError::InvalidClient("m".into())),
            (status(429, &legacy("system")), TokenError::RateLimited(Some(1201))),
            (status(500, &legacy("request")), TokenError::Server(500)),
            (status(503, "<html>unavailable</html>"), TokenError::Server(503)),
            (status(410, r#"{"error":{"code":410,"message":"gone","status":"NOT_FOUND"}}"#), TokenError::Retired),
            (Err(NetError::Failed("offline".into())), TokenError::Network("Failed(\"offline\")".into())),
            (ok("{not json"), TokenError::BadResponse("key must be a string at line 1 column 2".into())),
        ];
        for (res, want) in cases {
            let got = parse_token_response(res, "c", 0).unwrap_err();
            assert_eq!(got, want);
            let definitive = matches!(got, TokenError::InvalidGrant(_) | TokenError::InvalidClient(_) | TokenError::Retired);
            assert_eq!(got.is_transient(), !definitive, "{got:?}");
            assert!(!got.message().is_empty());
        }
        let google = parse_token_response(status(403, r#"{"error":{"code":403,"message":"The caller does not have permission","status":"PERMISSION_DENIED"}}"#), "c", 0);
        assert_eq!(google.unwrap_err(), TokenError::Other { status: 403, kind: "PERMISSION_DENIED".into(), message: "The caller does not have permission".into() });
    }

    #[test]
    fn a_corrupt_or_foreign_record_resets_cleanly() {
        let store = MemStore::default();
        assert_eq!(load(&store), Stored::Nothing);
        for junk in ["{", "null", r#"{"v":2,"access_token":"a"}"#, r#"{"token":"someone else's"}"#] {
            store.set(TOKENS_KEY, junk).unwrap();
            assert_eq!(load(&store), Stored::Reset, "{junk}");
            assert_eq!(store.get(TOKENS_KEY), None);
        }
    }

    #[test]
    fn save_load_and_end() {
        let store = MemStore::default();
        let t = TokenSet { v: 1, access_token: "a".into(), refresh_token: "r".into(), expires_at_ms: 5, scopes: vec![Scope::Sleep], user_id: "U".into(), client_id: "C".into() };
        save(&store, &t).unwrap();
        assert_eq!(load(&store), Stored::Tokens(t.clone()));
        end_session(&store, "U");
        assert_eq!(current(&store), None);
        assert_eq!(store.get(ENDED_KEY).as_deref(), Some("U"));
        save(&store, &t).unwrap();
        assert_eq!(store.get(ENDED_KEY), None, "a new session clears the ended marker");
    }
}
