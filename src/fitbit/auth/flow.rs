//! The authorization request and the callback that answers it.
//!
//! `begin` creates a one-time transaction {state, verifier, redirect URI, scopes, time} and the
//! URL to send the person to. Transactions live in localStorage, keyed by their state: an iOS
//! home-screen app opens the authorize page in Safari, and the redirect back lands in a page
//! that shares localStorage with the app but not its sessionStorage. `check_callback`
//! validates what comes back: the state must match a live transaction no older than the
//! code's 10-minute life, and each transaction is consumed exactly once.

use super::pkce;
use crate::env::{form_decode, form_encode, KvStore};
use crate::jsontext::FromJson;
use crate::scope::Scope;
use serde::Serialize;

pub const TX_KEY: &str = crate::keys::AUTH_TX;
/// The states of callbacks already handled, so a replayed URL gets a precise message.
pub const CONSUMED_KEY: &str = crate::keys::AUTH_CONSUMED;
/// An authorization code lives 10 minutes; a transaction older than that cannot succeed.
pub const TX_MAX_AGE_MS: i64 = 10 * 60 * 1000;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Transaction {
    pub state: String,
    pub verifier: String,
    pub redirect_uri: String,
    pub client_id: String,
    pub scopes: Vec<Scope>,
    pub created_at_ms: i64,
}

crate::from_json_struct! { Transaction { state, verifier, redirect_uri, client_id, scopes, created_at_ms } }

/// Where to send the person and how.
#[derive(Clone, Debug, PartialEq)]
pub struct AuthRequest {
    pub client_id: String,
    pub redirect_uri: String,
    pub scopes: Vec<Scope>,
    /// Ask Fitbit to show the consent page even if access was granted before (used when
    /// asking again for a scope that was declined).
    pub force_consent: bool,
}

/// Builds the transaction and the authorize URL.
pub fn begin(req: &AuthRequest, authorize_url: &str, now_ms: i64) -> (Transaction, String) {
    let tx = Transaction {
        state: pkce::new_state(),
        verifier: pkce::new_verifier(),
        redirect_uri: req.redirect_uri.clone(),
        client_id: req.client_id.clone(),
        scopes: req.scopes.clone(),
        created_at_ms: now_ms,
    };
    let scope = req
        .scopes
        .iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    let challenge = pkce::challenge(&tx.verifier);
    let mut pairs = vec![
        ("client_id", req.client_id.as_str()),
        ("response_type", "code"),
        ("scope", scope.as_str()),
        ("code_challenge", challenge.as_str()),
        ("code_challenge_method", "S256"),
        ("redirect_uri", req.redirect_uri.as_str()),
        ("state", tx.state.as_str()),
    ];
    if req.force_consent {
        pairs.push(("prompt", "consent"));
    }
    let url = format!("{authorize_url}?{}", form_encode(&pairs));
    (tx, url)
}

/// Pending transactions (each found by its state). Ones older than an hour are dropped
/// whenever one is added (an hour, not ten minutes, so a late callback still gets the precise
/// "expired" message). A list, not a map: there are one or two, and a map costs bundle bytes.
type Pending = Vec<Transaction>;
const TX_KEEP_MS: i64 = 60 * 60 * 1000;

fn pending(store: &impl KvStore) -> Pending {
    store
        .get(TX_KEY)
        .and_then(|s| FromJson::from_json(&s))
        .unwrap_or_default()
}

fn save_pending(store: &impl KvStore, p: &Pending) -> Result<(), String> {
    if p.is_empty() {
        store.remove(TX_KEY);
        return Ok(());
    }
    store.set(TX_KEY, &serde_json::to_string(p).expect("serialisable"))
}

pub fn save_transaction(store: &impl KvStore, tx: &Transaction) -> Result<(), String> {
    let mut p = pending(store);
    p.retain(|t| t.state != tx.state && (tx.created_at_ms - t.created_at_ms).abs() < TX_KEEP_MS);
    p.push(tx.clone());
    save_pending(store, &p)
}

/// What the redirect back from Fitbit carried.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CallbackParams {
    Code {
        code: String,
        state: Option<String>,
    },
    Error {
        error: String,
        description: Option<String>,
        state: Option<String>,
    },
}

/// Reads the callback parameters of a page's query string (`location.search`); `None` when the
/// page is not a callback. Fitbit's `#_=_` fragment lives in the hash and is ignored.
pub fn parse_callback(search: &str) -> Option<CallbackParams> {
    let params = form_decode(search);
    let get = |k: &str| params.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    if let Some(error) = get("error") {
        return Some(CallbackParams::Error {
            error,
            description: get("error_description"),
            state: get("state"),
        });
    }
    get("code").map(|code| CallbackParams::Code {
        code,
        state: get("state"),
    })
}

/// Why a callback could not be used. Each has a message and the same next step: start again.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CallbackError {
    /// The person pressed Deny on Fitbit's page.
    Denied,
    /// Fitbit redirected with another error.
    Provider {
        error: String,
        description: Option<String>,
    },
    /// This callback was already handled (a reload or a back button replayed the URL).
    Replayed,
    /// No sign-in was started in this browser (or its storage was cleared).
    NoTransaction,
    /// The state does not match the sign-in started here: possibly a forged link.
    StateMismatch,
    /// The sign-in was started more than 10 minutes ago; the code has expired.
    Expired,
}

/// A validated callback: the code and the transaction it belongs to.
#[derive(Clone, Debug, PartialEq)]
pub struct CodeGrant {
    pub code: String,
    pub tx: Transaction,
}

/// Validates a callback against the stored transaction and consumes the transaction (it is
/// removed before any token request, whatever the outcome).
pub fn check_callback(
    store: &impl KvStore,
    params: CallbackParams,
    now_ms: i64,
) -> Result<CodeGrant, CallbackError> {
    let mut open = pending(store);
    let state = match &params {
        CallbackParams::Code { state, .. } | CallbackParams::Error { state, .. } => state.clone(),
    };
    let consumed: Vec<String> = store
        .get(CONSUMED_KEY)
        .and_then(|s| FromJson::from_json(&s))
        .unwrap_or_default();
    let found = state
        .as_ref()
        .and_then(|s| open.iter().position(|t| t.state == *s));
    let Some(tx) = found.map(|i| open.remove(i)) else {
        // A state we do not hold must not consume a real transaction: the genuine callback
        // may still arrive.
        return Err(match state {
            Some(s) if consumed.contains(&s) => CallbackError::Replayed,
            _ if open.is_empty() => CallbackError::NoTransaction,
            _ => CallbackError::StateMismatch,
        });
    };
    let _ = save_pending(store, &open);
    let mut consumed = consumed;
    consumed.push(tx.state.clone());
    let keep = consumed.len().saturating_sub(5);
    let _ = store.set(
        CONSUMED_KEY,
        &serde_json::to_string(&consumed[keep..]).expect("serialisable"),
    );

    match params {
        CallbackParams::Error {
            error, description, ..
        } => Err(if error == "access_denied" {
            CallbackError::Denied
        } else {
            CallbackError::Provider { error, description }
        }),
        CallbackParams::Code { code, .. } => {
            if now_ms - tx.created_at_ms > TX_MAX_AGE_MS || now_ms < tx.created_at_ms {
                return Err(CallbackError::Expired);
            }
            Ok(CodeGrant { code, tx })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::MemStore;

    fn request() -> AuthRequest {
        AuthRequest {
            client_id: "23TEST".into(),
            redirect_uri: "https://user.github.io/pulsedeck/".into(),
            scopes: vec![Scope::Profile, Scope::Activity, Scope::Sleep],
            force_consent: false,
        }
    }

    fn started(now: i64) -> (MemStore, Transaction) {
        let session = MemStore::default();
        let (tx, _) = begin(&request(), "https://www.fitbit.com/oauth2/authorize", now);
        save_transaction(&session, &tx).unwrap();
        (session, tx)
    }

    fn code(state: &str) -> CallbackParams {
        CallbackParams::Code {
            code: "abc".into(),
            state: Some(state.into()),
        }
    }

    #[test]
    fn authorize_url_has_every_parameter_fitbit_needs() {
        let (tx, url) = begin(&request(), "https://www.fitbit.com/oauth2/authorize", 0);
        let (base, query) = url.split_once('?').unwrap();
        assert_eq!(base, "https://www.fitbit.com/oauth2/authorize");
        let q = form_decode(query);
        let get = |k: &str| q.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
        assert_eq!(get("client_id"), Some("23TEST"));
        assert_eq!(get("response_type"), Some("code"));
        assert_eq!(get("scope"), Some("profile activity sleep"));
        assert_eq!(
            get("code_challenge"),
            Some(pkce::challenge(&tx.verifier).as_str())
        );
        assert_eq!(get("code_challenge_method"), Some("S256"));
        assert_eq!(
            get("redirect_uri"),
            Some("https://user.github.io/pulsedeck/")
        );
        assert_eq!(get("state"), Some(tx.state.as_str()));
        assert_eq!(get("prompt"), None);
        assert!(pkce::is_valid_verifier(&tx.verifier));
        // The verifier itself never travels in the URL.
        assert!(!url.contains(&tx.verifier));
        let (_, again) = begin(
            &AuthRequest {
                force_consent: true,
                ..request()
            },
            "https://x/",
            0,
        );
        assert!(again.contains("prompt=consent"));
    }

    #[test]
    fn parses_code_error_and_non_callbacks() {
        assert_eq!(
            parse_callback("?code=c0de&state=s1"),
            Some(CallbackParams::Code {
                code: "c0de".into(),
                state: Some("s1".into())
            })
        );
        assert_eq!(
            parse_callback("?error=access_denied&error_description=The+user+denied&state=s1"),
            Some(CallbackParams::Error {
                error: "access_denied".into(),
                description: Some("The user denied".into()),
                state: Some("s1".into())
            })
        );
        assert_eq!(parse_callback(""), None);
        assert_eq!(parse_callback("?utm=x"), None);
    }

    #[test]
    fn a_matching_fresh_callback_yields_the_code_and_consumes_the_transaction() {
        let (session, tx) = started(1_000);
        let grant = check_callback(&session, code(&tx.state), 1_000 + 60_000).unwrap();
        assert_eq!(grant.code, "abc");
        assert_eq!(grant.tx, tx);
        assert_eq!(session.get(TX_KEY), None);
        // The same URL again is recognised as a replay.
        assert_eq!(
            check_callback(&session, code(&tx.state), 2_000),
            Err(CallbackError::Replayed)
        );
    }

    #[test]
    fn a_mismatched_state_is_rejected_and_leaves_the_real_transaction() {
        let (session, tx) = started(0);
        assert_eq!(
            check_callback(&session, code("forged"), 10),
            Err(CallbackError::StateMismatch)
        );
        assert_eq!(
            check_callback(
                &session,
                CallbackParams::Code {
                    code: "x".into(),
                    state: None
                },
                10
            ),
            Err(CallbackError::StateMismatch)
        );
        assert!(check_callback(&session, code(&tx.state), 20).is_ok());
    }

    #[test]
    fn a_stale_transaction_is_expired() {
        let (session, tx) = started(0);
        assert_eq!(
            check_callback(&session, code(&tx.state), TX_MAX_AGE_MS + 1),
            Err(CallbackError::Expired)
        );
        assert_eq!(session.get(TX_KEY), None, "consumed even when expired");
    }

    #[test]
    fn no_transaction_in_this_tab() {
        let session = MemStore::default();
        assert_eq!(
            check_callback(&session, code("whatever"), 0),
            Err(CallbackError::NoTransaction)
        );
    }

    #[test]
    fn deny_and_provider_errors() {
        let (session, tx) = started(0);
        let denied = CallbackParams::Error {
            error: "access_denied".into(),
            description: None,
            state: Some(tx.state.clone()),
        };
        assert_eq!(
            check_callback(&session, denied, 1),
            Err(CallbackError::Denied)
        );
        let (session, tx) = started(0);
        let other = CallbackParams::Error {
            error: "server_error".into(),
            description: Some("try later".into()),
            state: Some(tx.state),
        };
        let err = check_callback(&session, other, 1).unwrap_err();
        assert!(err.message().contains("try later"));
    }

    #[test]
    fn transactions_are_keyed_by_state_so_two_sign_ins_in_progress_both_finish() {
        // Two tabs (or an installed app and Safari) started a sign-in each: both share the
        // same localStorage, and each callback finds its own transaction, once.
        let store = MemStore::default();
        let (a, _) = begin(&request(), "https://x/", 0);
        let (b, _) = begin(&request(), "https://x/", 1_000);
        save_transaction(&store, &a).unwrap();
        save_transaction(&store, &b).unwrap();
        assert_eq!(check_callback(&store, code(&b.state), 2_000).unwrap().tx, b);
        assert_eq!(check_callback(&store, code(&a.state), 3_000).unwrap().tx, a);
        assert_eq!(
            check_callback(&store, code(&a.state), 4_000),
            Err(CallbackError::Replayed)
        );
        assert_eq!(store.get(TX_KEY), None, "nothing left behind");
    }

    #[test]
    fn old_abandoned_transactions_are_pruned() {
        let store = MemStore::default();
        let (old, _) = begin(&request(), "https://x/", 0);
        save_transaction(&store, &old).unwrap();
        let (new, _) = begin(&request(), "https://x/", 2 * 60 * 60 * 1000);
        save_transaction(&store, &new).unwrap();
        let p = pending(&store);
        assert_eq!(p, vec![new]);
    }
}
