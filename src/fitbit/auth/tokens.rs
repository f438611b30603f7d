//! Token requests and responses, and the versioned token record in localStorage.

use crate::env::{form_encode, HttpRequest, HttpResponse, KvStore, Method, NetError};
use crate::fitbit::error_body;
use crate::keys::Versioned;
use crate::scope::Scope;
use serde::Serialize;
use serde_json::Value;

pub const TOKENS_KEY: &str = crate::keys::TOKENS;
/// Set when a session ended for good (refresh token rejected): the UI offers "Reconnect" and
/// keeps the cached data of this user.
pub const ENDED_KEY: &str = crate::keys::ENDED;
const RECORD_VERSION: u32 = 1;

/// Everything kept about a signed-in session. `Debug` never shows the tokens.
#[derive(Clone, PartialEq, Serialize)]
pub struct TokenSet {
    /// Record format version (see `keys`: a newer record is left alone, an older migrated).
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

impl std::fmt::Debug for TokenSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenSet")
            .field("access_token", &"<redacted>")
            .field("refresh_token", &"<redacted>")
            .field("expires_at_ms", &self.expires_at_ms)
            .field("scopes", &self.scopes)
            .field("user_id", &self.user_id)
            .finish()
    }
}

impl TokenSet {
    pub fn expires_within(&self, now_ms: i64, margin_ms: i64) -> bool {
        now_ms + margin_ms >= self.expires_at_ms
    }
}

crate::from_json_struct! { TokenSet { v, access_token, refresh_token, expires_at_ms, scopes, user_id, client_id } }

/// What a token answer may leave out and is kept from before: the scopes asked for (at
/// sign-in) or held (at refresh), and the refresh token and user of the pair being refreshed.
#[derive(Clone, Debug, Default)]
pub struct Prior {
    pub scopes: Vec<Scope>,
    pub refresh_token: Option<String>,
    pub user_id: Option<String>,
}

impl Prior {
    pub fn of(t: &TokenSet) -> Prior {
        Prior {
            scopes: t.scopes.clone(),
            refresh_token: Some(t.refresh_token.clone()),
            user_id: Some(t.user_id.clone()),
        }
    }
}

/// Why a token request failed. Only `InvalidGrant` is definitive. No variant keeps what
/// Fitbit said about a grant: its `invalid_grant` message can quote the refresh token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TokenError {
    /// The code or refresh token is no longer valid: the person must connect again.
    InvalidGrant,
    /// The client ID is unknown or not allowed (wrong ID, or a "Server" type app).
    InvalidClient(String),
    /// Too many requests; nothing before this instant (when Fitbit says).
    RateLimited { until_ms: Option<i64> },
    /// Fitbit answered 5xx: try again later.
    Server(u16),
    /// The legacy API and its OAuth endpoints have been switched off (410 Gone).
    Retired,
    /// No response (offline, blocked, timed out): try again later.
    Network(String),
    /// Any other error answer.
    Other {
        status: u16,
        kind: String,
        message: String,
    },
    /// A 200 whose body is not a token response.
    BadResponse(String),
    /// This browser would not store the sign-in.
    Storage(String),
}

impl TokenError {
    /// Errors that say nothing about the tokens' validity: keep them and retry later.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            TokenError::RateLimited { .. }
                | TokenError::Server(_)
                | TokenError::Network(_)
                | TokenError::BadResponse(_)
        )
    }
}

fn form_request(url: &str, pairs: &[(&str, &str)]) -> HttpRequest {
    // No Authorization header: a Client/Personal app has no secret (and must not pretend to).
    HttpRequest {
        method: Method::Post,
        url: url.into(),
        headers: vec![(
            "Content-Type".into(),
            "application/x-www-form-urlencoded".into(),
        )],
        body: Some(form_encode(pairs)),
    }
}

pub fn exchange_request(
    token_url: &str,
    code: &str,
    verifier: &str,
    client_id: &str,
    redirect_uri: &str,
) -> HttpRequest {
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
    form_request(
        token_url,
        &[
            ("client_id", client_id),
            ("grant_type", "refresh_token"),
            ("refresh_token", refresh_token),
        ],
    )
}

pub fn revoke_request(revoke_url: &str, token: &str, client_id: &str) -> HttpRequest {
    form_request(revoke_url, &[("token", token), ("client_id", client_id)])
}

/// Maps a token endpoint answer to a token set (expiry made absolute with `received_at_ms`);
/// what the answer leaves out comes from `prior`.
pub fn parse_token_response(
    res: Result<HttpResponse, NetError>,
    client_id: &str,
    received_at_ms: i64,
    prior: &Prior,
) -> Result<TokenSet, TokenError> {
    let res = res.map_err(|e| TokenError::Network(e.describe()))?;
    if res.status == 200 {
        // RFC 6749 §5.1: `scope` may be left out when unchanged, and a refresh answer need not
        // carry a new refresh token; what is missing is kept from before. Read as a `Value`
        // (loose API answers share that one reader).
        let t: Value =
            serde_json::from_str(&res.body).map_err(|e| TokenError::BadResponse(e.to_string()))?;
        let text = |k: &str| t[k].as_str().filter(|s| !s.is_empty()).map(String::from);
        let (Some(access_token), Some(expires_in)) =
            (text("access_token"), t["expires_in"].as_i64())
        else {
            return Err(TokenError::BadResponse("no access token or expiry".into()));
        };
        if text("token_type").is_some_and(|tt| !tt.eq_ignore_ascii_case("bearer")) {
            return Err(TokenError::BadResponse("not a bearer token".into()));
        }
        let refresh_token = text("refresh_token").or_else(|| prior.refresh_token.clone());
        let user_id = text("user_id").or_else(|| prior.user_id.clone());
        let (Some(refresh_token), Some(user_id)) = (refresh_token, user_id) else {
            return Err(TokenError::BadResponse("no refresh token or user".into()));
        };
        return Ok(TokenSet {
            v: RECORD_VERSION,
            access_token,
            refresh_token,
            expires_at_ms: received_at_ms + expires_in.max(0) * 1000,
            scopes: t["scope"]
                .as_str()
                .map(Scope::parse_list)
                .unwrap_or_else(|| prior.scopes.clone()),
            user_id,
            client_id: client_id.into(),
        });
    }
    let body = error_body::parse(&res.body);
    let kind = body.as_ref().map(|b| b.kind.clone()).unwrap_or_default();
    let message = body.map(|b| b.message).unwrap_or_default();
    Err(match (res.status, kind.as_str()) {
        (_, "invalid_grant") => TokenError::InvalidGrant,
        (_, "invalid_client" | "unauthorized_client") => TokenError::InvalidClient(message),
        (410, _) => TokenError::Retired,
        (429, _) => TokenError::RateLimited {
            until_ms: res
                .header("fitbit-rate-limit-reset")
                .or(res.header("retry-after"))
                .and_then(|v| v.parse::<i64>().ok())
                .map(|s| received_at_ms + s * 1000),
        },
        (500..=599, _) => TokenError::Server(res.status),
        (status, _) => TokenError::Other {
            status,
            kind,
            message,
        },
    })
}

/// What the token store held.
#[derive(Clone, Debug, PartialEq)]
pub enum Stored {
    Nothing,
    Tokens(TokenSet),
    /// A record was there but unreadable (corrupt, another app's): it has been removed, and
    /// the person starts again at the setup screen.
    Reset,
    /// A newer version of pulsedeck signed in (in another tab): its record is left alone.
    Newer,
}

/// Version 1 is the first token record that shipped: there is nothing older to migrate yet.
/// (A migration goes here, from the raw text, when version 2 comes.)
fn migrate(_v: u32, _raw: &str) -> Option<TokenSet> {
    None
}

pub fn load(store: &impl KvStore) -> Stored {
    match crate::keys::read(store, TOKENS_KEY, RECORD_VERSION, migrate) {
        Versioned::Missing => Stored::Nothing,
        Versioned::Newer(_) => Stored::Newer,
        Versioned::Ok(t) if !t.access_token.is_empty() && !t.refresh_token.is_empty() => {
            Stored::Tokens(t)
        }
        Versioned::Ok(_) | Versioned::Unreadable => {
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

/// Stores a pair. When storage is full, cached health data is evicted first: a freshly
/// rotated refresh token is the one thing that cannot be fetched again.
pub fn save(store: &impl KvStore, tokens: &TokenSet) -> Result<(), String> {
    if !crate::keys::may_write(store, TOKENS_KEY, RECORD_VERSION) {
        return Err(
            "a newer version of pulsedeck is signed in in this browser; reload this tab".into(),
        );
    }
    let raw = serde_json::to_string(tokens).expect("serialisable");
    if store.set(TOKENS_KEY, &raw).is_err() {
        crate::env::remove_prefixed(store, crate::keys::CACHE_PREFIX);
        store.set(TOKENS_KEY, &raw)?;
    }
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
        Ok(HttpResponse {
            status: 200,
            headers: vec![],
            body: body.into(),
        })
    }
    fn status(status: u16, body: &str) -> Result<HttpResponse, NetError> {
        Ok(HttpResponse {
            status,
            headers: vec![("fitbit-rate-limit-reset".into(), "1201".into())],
            body: body.into(),
        })
    }

    #[test]
    fn the_exchange_is_a_form_post_without_authorization() {
        let r = exchange_request(
            "https://api.fitbit.com/oauth2/token",
            "c0de",
            "v".repeat(50).as_str(),
            "23TEST",
            "https://a.b/p/",
        );
        assert_eq!(r.method, Method::Post);
        assert!(r
            .headers
            .iter()
            .all(|(k, _)| !k.eq_ignore_ascii_case("authorization")));
        let f = form_decode(r.body.as_deref().unwrap());
        let get = |k: &str| f.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
        assert_eq!(get("grant_type"), Some("authorization_code"));
        assert_eq!(get("code"), Some("c0de"));
        assert_eq!(get("client_id"), Some("23TEST"));
        assert_eq!(get("redirect_uri"), Some("https://a.b/p/"));
        assert_eq!(get("code_verifier").unwrap().len(), 50);
        let rf = form_decode(
            refresh_request("u", "rt", "23TEST")
                .body
                .as_deref()
                .unwrap(),
        );
        assert_eq!(
            rf,
            vec![
                ("client_id".into(), "23TEST".into()),
                ("grant_type".into(), "refresh_token".into()),
                ("refresh_token".into(), "rt".into())
            ]
        );
    }

    #[test]
    fn parses_the_fixture_token_response_with_absolute_expiry_and_granted_scopes() {
        let body = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/fitbit/Fitbit.NET/AccessToken.json"
        ))
        .unwrap();
        let t = parse_token_response(ok(&body), "23TEST", 1_000_000, &Prior::default()).unwrap();
        assert_eq!(t.expires_at_ms, 1_000_000 + 3_600_000);
        assert_eq!(t.user_id, "26FWFL");
        assert_eq!(
            t.scopes,
            Scope::parse_list("heartrate weight nutrition settings activity sleep")
        );
        assert!(t.expires_within(1_000_000 + 3_600_000 - 60_000, 5 * 60_000));
        assert!(!t.expires_within(1_000_000, 5 * 60_000));
    }

    fn pair() -> TokenSet {
        TokenSet {
            v: 1,
            access_token: "a".into(),
            refresh_token: "r".into(),
            expires_at_ms: 5,
            scopes: vec![Scope::Sleep, Scope::Weight],
            user_id: "U".into(),
            client_id: "C".into(),
        }
    }

    #[test]
    fn an_answer_without_scope_or_refresh_token_keeps_the_previous_ones() {
        // RFC 6749 §5.1: scope may be omitted when unchanged; a refresh may keep the old token.
        let t = parse_token_response(
            ok(r#"{"access_token":"a2","expires_in":3600,"token_type":"Bearer"}"#),
            "C",
            0,
            &Prior::of(&pair()),
        )
        .unwrap();
        assert_eq!(
            (
                t.access_token.as_str(),
                t.refresh_token.as_str(),
                t.user_id.as_str()
            ),
            ("a2", "r", "U")
        );
        assert_eq!(t.scopes, vec![Scope::Sleep, Scope::Weight]);
        // An explicit, narrower scope list is taken as it is.
        let t = parse_token_response(ok(r#"{"access_token":"a2","refresh_token":"r2","expires_in":3600,"scope":"sleep","user_id":"U"}"#), "C", 0, &Prior::of(&pair())).unwrap();
        assert_eq!(
            (t.refresh_token.as_str(), t.scopes.clone()),
            ("r2", vec![Scope::Sleep])
        );
        // At sign-in there is no earlier pair: no refresh token is an unusable answer.
        let err = parse_token_response(
            ok(r#"{"access_token":"a","expires_in":3600,"user_id":"U"}"#),
            "C",
            0,
            &Prior::default(),
        )
        .unwrap_err();
        assert!(matches!(err, TokenError::BadResponse(_)));
    }

    #[test]
    fn maps_every_error_and_only_invalid_grant_is_definitive() {
        let legacy = |t: &str| {
            format!(r#"{{"errors":[{{"errorType":"{t}","message":"m"}}],"success":false}}"#)
        };
        let cases = [
            (
                status(401, &legacy("invalid_grant")),
                TokenError::InvalidGrant,
            ),
            (
                status(400, &legacy("invalid_grant")),
                TokenError::InvalidGrant,
            ),
            (
                status(401, &legacy("invalid_client")),
                TokenError::InvalidClient("m".into()),
            ),
            (
                status(429, &legacy("system")),
                TokenError::RateLimited {
                    until_ms: Some(1_201_000),
                },
            ),
            (status(500, &legacy("request")), TokenError::Server(500)),
            (
                status(503, "<html>unavailable</html>"),
                TokenError::Server(503),
            ),
            (
                status(
                    410,
                    r#"{"error":{"code":410,"message":"gone","status":"NOT_FOUND"}}"#,
                ),
                TokenError::Retired,
            ),
            (
                Err(NetError::Failed("offline".into())),
                TokenError::Network("offline".into()),
            ),
            (
                ok("{not json"),
                TokenError::BadResponse("key must be a string at line 1 column 2".into()),
            ),
        ];
        for (res, want) in cases {
            let got = parse_token_response(res, "c", 0, &Prior::default()).unwrap_err();
            assert_eq!(got, want);
            let definitive = matches!(
                got,
                TokenError::InvalidGrant | TokenError::InvalidClient(_) | TokenError::Retired
            );
            assert_eq!(got.is_transient(), !definitive, "{got:?}");
        }
        let google = parse_token_response(
            status(
                403,
                r#"{"error":{"code":403,"message":"The caller does not have permission","status":"PERMISSION_DENIED"}}"#,
            ),
            "c",
            0,
            &Prior::default(),
        );
        assert_eq!(
            google.unwrap_err(),
            TokenError::Other {
                status: 403,
                kind: "PERMISSION_DENIED".into(),
                message: "The caller does not have permission".into()
            }
        );
    }

    #[test]
    fn each_token_endpoint_failure_says_what_happened_and_what_to_do() {
        let msg = |e: TokenError| e.message();
        assert!(msg(TokenError::InvalidClient("Invalid client_id".into())).contains("client ID"));
        assert!(msg(TokenError::InvalidClient(String::new())).contains("Application Type"));
        assert!(msg(TokenError::RateLimited { until_ms: None }).contains("limiting"));
        assert!(msg(TokenError::Retired).contains("2 November 2026"));
        assert!(
            msg(TokenError::Server(502)).contains("Fitbit's side")
                && msg(TokenError::Server(502)).contains("kept")
        );
        // Only the network failure says "could not reach".
        for e in [
            TokenError::InvalidClient("x".into()),
            TokenError::RateLimited { until_ms: Some(1) },
            TokenError::Retired,
            TokenError::Server(500),
        ] {
            assert!(!msg(e.clone()).contains("Could not reach"), "{e:?}");
        }
        assert!(msg(TokenError::Network("x".into())).contains("Could not reach"));
    }

    #[test]
    fn no_token_appears_in_debug_output_or_a_grant_error() {
        let t = TokenSet {
            access_token: "ACCESS-SECRET".into(),
            refresh_token: "REFRESH-SECRET".into(),
            ..pair()
        };
        let dbg = format!("{t:?}");
        assert!(
            !dbg.contains("ACCESS-SECRET") && !dbg.contains("REFRESH-SECRET"),
            "{dbg}"
        );
        assert!(dbg.contains("redacted"));
        // Fitbit's invalid_grant message quotes the token; nothing of it is kept.
        let body = r#"{"errors":[{"errorType":"invalid_grant","message":"Refresh token invalid: REFRESH-SECRET. Visit https://dev.fitbit.com/docs/oauth2 for more information on the Fitbit Web API authorization process."}],"success":false}"#;
        let e = parse_token_response(status(400, body), "c", 0, &Prior::default()).unwrap_err();
        assert!(
            !format!("{e:?}").contains("REFRESH-SECRET") && !e.message().contains("REFRESH-SECRET")
        );
    }

    #[test]
    fn a_corrupt_or_foreign_record_resets_cleanly() {
        let store = MemStore::default();
        assert_eq!(load(&store), Stored::Nothing);
        for junk in [
            "{",
            "null",
            r#"{"v":1,"access_token":"a"}"#,
            r#"{"token":"someone else's"}"#,
        ] {
            store.set(TOKENS_KEY, junk).unwrap();
            assert_eq!(load(&store), Stored::Reset, "{junk}");
            assert_eq!(store.get(TOKENS_KEY), None);
        }
    }

    #[test]
    fn a_newer_versions_record_is_never_deleted_or_overwritten() {
        let store = MemStore::default();
        let newer = r#"{"v":2,"session":{"access":"x","refresh":"y"},"user_id":"U"}"#;
        store.set(TOKENS_KEY, newer).unwrap();
        assert_eq!(load(&store), Stored::Newer);
        assert_eq!(current(&store), None);
        assert!(
            save(&store, &pair()).is_err(),
            "an old tab must not overwrite it"
        );
        assert_eq!(store.get(TOKENS_KEY).as_deref(), Some(newer));
    }

    #[test]
    fn a_full_storage_evicts_cached_data_before_losing_a_rotated_token() {
        let store = MemStore::default();
        store.set("pulsedeck.cache.U", &"x".repeat(4000)).unwrap();
        store.set(crate::keys::LAYOUT, "{}").unwrap();
        store.with_quota(4200);
        let t = TokenSet {
            refresh_token: "r".repeat(300),
            ..pair()
        };
        save(&store, &t).unwrap();
        assert_eq!(current(&store).unwrap().refresh_token, t.refresh_token);
        assert_eq!(store.get("pulsedeck.cache.U"), None, "the cache made room");
        assert_eq!(
            store.get(crate::keys::LAYOUT).as_deref(),
            Some("{}"),
            "settings kept"
        );
    }

    #[test]
    fn save_load_and_end() {
        let store = MemStore::default();
        let t = pair();
        save(&store, &t).unwrap();
        assert_eq!(load(&store), Stored::Tokens(t.clone()));
        end_session(&store, "U");
        assert_eq!(current(&store), None);
        assert_eq!(store.get(ENDED_KEY).as_deref(), Some("U"));
        save(&store, &t).unwrap();
        assert_eq!(
            store.get(ENDED_KEY),
            None,
            "a new session clears the ended marker"
        );
    }
}
