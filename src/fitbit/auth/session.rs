//! The signed-in session: finishing sign-in, fresh access tokens, refresh, sign-out.
//!
//! Refresh rules (Fitbit refresh tokens are single-use and rotate):
//! - proactively when the access token expires within [`REFRESH_MARGIN_MS`], and reactively
//!   when the API rejects it (the caller passes the rejected token);
//! - single-flight within a tab (concurrent callers share one request);
//! - across tabs under one Web Lock, re-reading storage after acquiring it: if another tab
//!   already rotated the pair, use that pair and send nothing;
//! - the new pair is stored before anyone uses it;
//! - an answer is applied only if the stored refresh token is still the one spent
//!   (compare-and-set), so a sign-out or another account's sign-in meanwhile is never undone,
//!   and a tab that read a stale pair cannot overwrite a newer one;
//! - only a definitive `invalid_grant` (checked again against storage) ends the session;
//!   network errors, 5xx and 429 keep the tokens for a later try;
//! - sign-out takes the same lock.

use super::flow::CodeGrant;
use super::tokens::{self, Prior, TokenError, TokenSet};
use crate::env::{Clock, Http, KvStore, Locks};
use futures::future::{FutureExt, LocalBoxFuture, Shared};
use std::cell::RefCell;
use std::rc::Rc;

/// Refresh this long before expiry, so a request never starts with a token about to die.
pub const REFRESH_MARGIN_MS: i64 = 5 * 60 * 1000;
pub const REFRESH_LOCK: &str = "pulsedeck-token-refresh";

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AuthError {
    /// Not signed in (never, signed out, or in another tab).
    SignedOut,
    /// Fitbit rejected the refresh token: the person must reconnect (cached data stays).
    Ended,
    /// Refresh failed for a reason that says nothing about the tokens; they are kept.
    Temporary(TokenError),
}

pub struct Endpoints {
    pub token_url: String,
    pub revoke_url: String,
}

/// A refresh in progress, shared by every caller in the tab.
type InFlight = Shared<LocalBoxFuture<'static, Result<TokenSet, AuthError>>>;

struct Inner<S, H, C, L> {
    local: S,
    http: H,
    clock: C,
    locks: L,
    endpoints: Endpoints,
    inflight: RefCell<Option<InFlight>>,
}

/// A cheap, cloneable handle; every clone shares the in-flight refresh.
pub struct Session<S, H, C, L>(Rc<Inner<S, H, C, L>>);

impl<S, H, C, L> Clone for Session<S, H, C, L> {
    fn clone(&self) -> Self {
        Session(self.0.clone())
    }
}

impl<S, H, C, L> Session<S, H, C, L>
where
    S: KvStore + 'static,
    H: Http + 'static,
    C: Clock + 'static,
    L: Locks + 'static,
{
    pub fn new(local: S, http: H, clock: C, locks: L, endpoints: Endpoints) -> Self {
        Session(Rc::new(Inner {
            local,
            http,
            clock,
            locks,
            endpoints,
            inflight: RefCell::new(None),
        }))
    }

    /// The stored tokens, if signed in (read fresh from storage: another tab may have rotated).
    pub fn tokens(&self) -> Option<TokenSet> {
        tokens::current(&self.0.local)
    }

    /// Exchanges an authorization code for tokens and stores them.
    pub async fn complete_sign_in(&self, grant: CodeGrant) -> Result<TokenSet, TokenError> {
        let tx = grant.tx;
        let req = tokens::exchange_request(
            &self.0.endpoints.token_url,
            &grant.code,
            &tx.verifier,
            &tx.client_id,
            &tx.redirect_uri,
        );
        let res = self.0.http.send(req).await;
        // Without a `scope` in the answer, what was asked for was granted (RFC 6749 §5.1).
        let prior = Prior {
            scopes: tx.scopes.clone(),
            ..Prior::default()
        };
        let set = tokens::parse_token_response(res, &tx.client_id, self.0.clock.now_ms(), &prior)?;
        tokens::save(&self.0.local, &set).map_err(TokenError::Storage)?;
        Ok(set)
    }

    /// Tokens whose access token is good for at least the refresh margin.
    pub async fn fresh_tokens(&self) -> Result<TokenSet, AuthError> {
        let t = self.tokens().ok_or(AuthError::SignedOut)?;
        if !t.expires_within(self.0.clock.now_ms(), REFRESH_MARGIN_MS) {
            return Ok(t);
        }
        self.refresh(&t.access_token).await
    }

    /// Replaces `stale_access` (expiring, or rejected by the API) with a fresh pair.
    pub async fn refresh(&self, stale_access: &str) -> Result<TokenSet, AuthError> {
        let existing = self.0.inflight.borrow().clone();
        if let Some(f) = existing {
            return f.await;
        }
        let this = self.clone();
        let stale = stale_access.to_string();
        let fut = async move {
            let locked = this.clone();
            let result = this
                .0
                .locks
                .with_lock(
                    REFRESH_LOCK,
                    async move { locked.refresh_locked(&stale).await },
                )
                .await;
            // The slot is emptied by the shared work itself, not by whichever caller started
            // it: that caller may have been dropped, and a finished refresh must never be
            // handed out again hours later.
            *this.0.inflight.borrow_mut() = None;
            result
        }
        .boxed_local()
        .shared();
        *self.0.inflight.borrow_mut() = Some(fut.clone());
        fut.await
    }

    async fn refresh_locked(&self, stale_access: &str) -> Result<TokenSet, AuthError> {
        let inner = &self.0;
        let t = self.tokens().ok_or(AuthError::SignedOut)?;
        let now = inner.clock.now_ms();
        if t.access_token != stale_access && !t.expires_within(now, REFRESH_MARGIN_MS) {
            // Another tab (or an earlier call) already rotated the pair while we waited.
            return Ok(t);
        }
        let req =
            tokens::refresh_request(&inner.endpoints.token_url, &t.refresh_token, &t.client_id);
        let res = inner.http.send(req).await;
        let answer =
            tokens::parse_token_response(res, &t.client_id, inner.clock.now_ms(), &Prior::of(&t));
        // Whatever Fitbit said, storage may have changed while we waited for it (a sign-out,
        // another account signing in, a tab without Web Locks rotating): the answer only
        // applies if the stored refresh token is still the one spent (compare-and-set).
        let stored = self.tokens();
        let unchanged = stored
            .as_ref()
            .is_some_and(|s| s.refresh_token == t.refresh_token);
        if !unchanged {
            return match stored {
                Some(s) if s.user_id == t.user_id => Ok(s),
                _ => Err(AuthError::SignedOut),
            };
        }
        match answer {
            Ok(new) => {
                // Store before use; a full storage evicts cached data rather than lose it.
                match tokens::save(&inner.local, &new) {
                    Ok(()) => Ok(new),
                    Err(e) => Err(AuthError::Temporary(TokenError::Storage(e))),
                }
            }
            Err(TokenError::InvalidGrant) => {
                tokens::end_session(&inner.local, &t.user_id);
                Err(AuthError::Ended)
            }
            // Retired API, a refused client, 5xx, 429, network: nothing proves the tokens
            // dead, so they stay.
            Err(e) => Err(AuthError::Temporary(e)),
        }
    }

    /// Revokes the session at Fitbit (which ends every token of this user for the app) and
    /// forgets the tokens locally whatever Fitbit answers. Runs under the refresh lock, so a
    /// refresh in another tab finishes first and cannot store a pair after it. Returns
    /// Fitbit's error, if any, so the UI can say that access may still be listed at fitbit.com.
    pub async fn sign_out(&self) -> Result<(), TokenError> {
        let this = self.clone();
        self.0
            .locks
            .with_lock(REFRESH_LOCK, async move { this.sign_out_locked().await })
            .await
    }

    async fn sign_out_locked(&self) -> Result<(), TokenError> {
        let Some(t) = self.tokens() else {
            tokens::clear(&self.0.local);
            return Ok(());
        };
        let req =
            tokens::revoke_request(&self.0.endpoints.revoke_url, &t.refresh_token, &t.client_id);
        let res = self.0.http.send(req).await;
        tokens::clear(&self.0.local);
        match res {
            Ok(r) if r.status == 200 || r.status == 404 => Ok(()),
            other => {
                match tokens::parse_token_response(other, &t.client_id, 0, &Prior::default()) {
                    Err(e) => Err(e),
                    Ok(_) => Ok(()),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::env::{form_decode, HttpRequest};
    use crate::fitbit::auth::flow::{
        begin, check_callback, save_transaction, AuthRequest, CallbackParams,
    };
    use crate::scope::Scope;
    use crate::testing::*;
    use futures::executor::block_on;
    use std::cell::Cell;

    type TestSession = Session<MemStore, FakeHttp, FakeClock, FakeLocks>;

    const T0: i64 = 1_700_000_000_000;

    fn endpoints() -> Endpoints {
        Endpoints {
            token_url: "https://api.fitbit.com/oauth2/token".into(),
            revoke_url: "https://api.fitbit.com/oauth2/revoke".into(),
        }
    }

    fn token_body(n: u32) -> String {
        format!(
            r#"{{"access_token":"at{n}","expires_in":28800,"refresh_token":"rt{n}","scope":"profile sleep","token_type":"Bearer","user_id":"U1"}}"#
        )
    }

    /// A token endpoint that rotates: refresh token rtN → pair N+1; anything else invalid_grant.
    fn rotating() -> FakeHttp {
        let issued = Rc::new(Cell::new(1u32));
        FakeHttp::new(move |req: &HttpRequest| {
            let form = form_decode(req.body.as_deref().unwrap_or(""));
            let rt = form
                .iter()
                .find(|(k, _)| k == "refresh_token")
                .map(|(_, v)| v.clone())
                .unwrap_or_default();
            if rt == format!("rt{}", issued.get()) {
                issued.set(issued.get() + 1);
                json(200, &token_body(issued.get()))
            } else {
                json(
                    401,
                    r#"{"errors":[{"errorType":"invalid_grant","message":"Refresh token invalid"}],"success":false}"#,
                )
            }
        })
    }

    fn signed_in(
        http: FakeHttp,
        clock: FakeClock,
        store: MemStore,
        locks: FakeLocks,
    ) -> TestSession {
        let set = tokens::parse_token_response(
            json(200, &token_body(1)),
            "23TEST",
            clock.now_ms(),
            &Default::default(),
        )
        .unwrap();
        tokens::save(&store, &set).unwrap();
        Session::new(store, http, clock, locks, endpoints())
    }

    #[test]
    fn sign_in_exchanges_the_code_and_stores_the_granted_scopes() {
        let http = FakeHttp::new(|_| json(200, &token_body(1)));
        let clock = FakeClock::at(T0);
        let store = MemStore::default();
        let s = Session::new(
            store.clone(),
            http.clone(),
            clock.clone(),
            FakeLocks::default(),
            endpoints(),
        );
        let tab = MemStore::default();
        let req = AuthRequest {
            client_id: "23TEST".into(),
            redirect_uri: "https://a/p/".into(),
            scopes: vec![Scope::Profile, Scope::Sleep],
            force_consent: false,
        };
        let (tx, _) = begin(&req, "https://www.fitbit.com/oauth2/authorize", T0);
        save_transaction(&tab, &tx).unwrap();
        let grant = check_callback(
            &tab,
            CallbackParams::Code {
                code: "c".into(),
                state: Some(tx.state.clone()),
            },
            T0 + 1000,
        )
        .unwrap();
        let set = block_on(s.complete_sign_in(grant)).unwrap();
        assert_eq!(set.scopes, vec![Scope::Profile, Scope::Sleep]);
        assert_eq!(set.expires_at_ms, T0 + 28_800_000);
        assert_eq!(s.tokens(), Some(set));
        let sent = form_decode(http.log.borrow()[0].body.as_deref().unwrap());
        assert!(sent.contains(&("code_verifier".into(), tx.verifier.clone())));
    }

    #[test]
    fn a_fresh_token_is_used_without_any_request() {
        let http = rotating();
        let s = signed_in(
            http.clone(),
            FakeClock::at(T0),
            MemStore::default(),
            FakeLocks::default(),
        );
        assert_eq!(block_on(s.fresh_tokens()).unwrap().access_token, "at1");
        assert_eq!(http.log.borrow().len(), 0);
    }

    #[test]
    fn refreshes_proactively_inside_the_margin_and_stores_the_new_pair_first() {
        let http = rotating();
        let clock = FakeClock::at(T0);
        let store = MemStore::default();
        let s = signed_in(
            http.clone(),
            clock.clone(),
            store.clone(),
            FakeLocks::default(),
        );
        clock.advance(28_800_000 - REFRESH_MARGIN_MS + 1);
        let t = block_on(s.fresh_tokens()).unwrap();
        assert_eq!(t.access_token, "at2");
        assert_eq!(tokens::current(&store).unwrap().refresh_token, "rt2");
        assert_eq!(http.count("/oauth2/token"), 1);
    }

    #[test]
    fn concurrent_callers_in_one_tab_share_one_refresh() {
        let http = rotating();
        let s = signed_in(
            http.clone(),
            FakeClock::at(T0),
            MemStore::default(),
            FakeLocks::default(),
        );
        http.hold();
        let other_handle = s.clone();
        let (a, b, c, ()) = block_on(async {
            futures::join!(
                s.refresh("at1"),
                s.refresh("at1"),
                other_handle.refresh("at1"),
                async {
                    // join! polls in order: all three have started before Fitbit answers.
                    http.release_all();
                }
            )
        });
        assert_eq!(http.count("/oauth2/token"), 1);
        for r in [a, b, c] {
            assert_eq!(r.unwrap().access_token, "at2");
        }
    }

    #[test]
    fn three_tabs_at_expiry_send_exactly_one_refresh_and_none_is_signed_out() {
        let http = rotating();
        let clock = FakeClock::at(T0);
        let store = MemStore::default(); // localStorage is shared by the tabs
        let locks = FakeLocks::default(); // and so is the Web Lock
        let tab1 = signed_in(http.clone(), clock.clone(), store.clone(), locks.clone());
        let tab2: TestSession = Session::new(
            store.clone(),
            http.clone(),
            clock.clone(),
            locks.clone(),
            endpoints(),
        );
        let tab3: TestSession = Session::new(
            store.clone(),
            http.clone(),
            clock.clone(),
            locks.clone(),
            endpoints(),
        );
        clock.advance(28_800_000);
        // Fitbit answers only after all three tabs have asked (two wait on the lock).
        http.hold();
        let (a, b, c, ()) = block_on(async {
            futures::join!(
                tab1.fresh_tokens(),
                tab2.fresh_tokens(),
                tab3.fresh_tokens(),
                async { http.release_all() }
            )
        });
        assert_eq!(http.count("/oauth2/token"), 1, "one refresh across tabs");
        for r in [a, b, c] {
            assert_eq!(r.unwrap().access_token, "at2");
        }
        assert_eq!(locks.acquisitions.get(), 3);
    }

    #[test]
    fn a_rejected_access_token_triggers_one_refresh_then_uses_the_new_one() {
        let http = rotating();
        let s = signed_in(
            http.clone(),
            FakeClock::at(T0),
            MemStore::default(),
            FakeLocks::default(),
        );
        assert_eq!(block_on(s.refresh("at1")).unwrap().access_token, "at2");
        // A second 401 for the old token (a request that was already in flight) does not
        // refresh again: storage already holds a newer pair.
        assert_eq!(block_on(s.refresh("at1")).unwrap().access_token, "at2");
        assert_eq!(http.count("/oauth2/token"), 1);
    }

    #[test]
    fn network_errors_5xx_and_429_keep_the_tokens() {
        for answer in [
            Err(crate::env::NetError::Failed("offline".into())),
            json(500, r#"{"errors":[{"errorType":"request","message":"x"}]}"#),
            json(502, "<html>bad gateway</html>"),
            json(
                429,
                r#"{"errors":[{"errorType":"system","message":"Too Many Requests"}]}"#,
            ),
        ] {
            let answer = Rc::new(answer);
            let a = answer.clone();
            let http = FakeHttp::new(move |_| (*a).clone());
            let store = MemStore::default();
            let s = signed_in(http, FakeClock::at(T0), store.clone(), FakeLocks::default());
            let err = block_on(s.refresh("at1")).unwrap_err();
            assert!(
                matches!(err, AuthError::Temporary(_)),
                "{answer:?} → {err:?}"
            );
            assert_eq!(
                tokens::current(&store).unwrap().refresh_token,
                "rt1",
                "{answer:?} must keep the tokens"
            );
            assert_eq!(store.get(tokens::ENDED_KEY), None);
        }
    }

    #[test]
    fn only_invalid_grant_ends_the_session_and_remembers_whose_it_was() {
        let http = FakeHttp::new(|_| {
            json(
                401,
                r#"{"errors":[{"errorType":"invalid_grant","message":"Refresh token invalid"}]}"#,
            )
        });
        let store = MemStore::default();
        let s = signed_in(http, FakeClock::at(T0), store.clone(), FakeLocks::default());
        assert_eq!(block_on(s.refresh("at1")), Err(AuthError::Ended));
        assert_eq!(tokens::current(&store), None);
        assert_eq!(store.get(tokens::ENDED_KEY).as_deref(), Some("U1"));
    }

    #[test]
    fn invalid_grant_after_another_tab_rotated_uses_that_tabs_pair() {
        let store = MemStore::default();
        let st = store.clone();
        // The token endpoint rejects rt1 because, meanwhile, a lock-less tab stored pair 2.
        let http = FakeHttp::new(move |_| {
            let set = tokens::parse_token_response(
                json(200, &token_body(2)),
                "23TEST",
                T0,
                &Default::default(),
            )
            .unwrap();
            tokens::save(&st, &set).unwrap();
            json(
                400,
                r#"{"errors":[{"errorType":"invalid_grant","message":"Refresh token invalid"}]}"#,
            )
        });
        let s = signed_in(http, FakeClock::at(T0), store.clone(), FakeLocks::default());
        assert_eq!(block_on(s.refresh("at1")).unwrap().access_token, "at2");
        assert_eq!(store.get(tokens::ENDED_KEY), None);
    }

    #[test]
    fn sign_out_revokes_and_forgets_even_when_fitbit_is_unreachable() {
        let http = FakeHttp::new(|_| json(200, "{}"));
        let store = MemStore::default();
        let s = signed_in(
            http.clone(),
            FakeClock::at(T0),
            store.clone(),
            FakeLocks::default(),
        );
        assert_eq!(block_on(s.sign_out()), Ok(()));
        let sent = form_decode(http.log.borrow()[0].body.as_deref().unwrap());
        assert!(http.log.borrow()[0].url.ends_with("/oauth2/revoke"));
        assert!(
            sent.contains(&("token".into(), "rt1".into()))
                && sent.contains(&("client_id".into(), "23TEST".into()))
        );
        assert_eq!(s.tokens(), None);

        let offline = FakeHttp::new(|_| Err(crate::env::NetError::Failed("offline".into())));
        let store = MemStore::default();
        let s = signed_in(
            offline,
            FakeClock::at(T0),
            store.clone(),
            FakeLocks::default(),
        );
        assert!(matches!(
            block_on(s.sign_out()),
            Err(TokenError::Network(_))
        ));
        assert_eq!(tokens::current(&store), None, "signed out locally anyway");
    }

    #[test]
    fn a_refresh_whose_caller_was_dropped_is_not_handed_out_again_later() {
        let http = rotating();
        let clock = FakeClock::at(T0);
        let s = signed_in(
            http.clone(),
            clock.clone(),
            MemStore::default(),
            FakeLocks::default(),
        );
        http.hold();
        // The caller that starts the refresh goes away before it finishes (a re-render, a
        // closed view); another caller in the tab finishes the shared work.
        let first = s.refresh("at1").boxed_local();
        let mut first = Some(first);
        let second = block_on(async {
            let joiner = s.refresh("at1");
            futures::join!(
                async {
                    let f = first.take().unwrap();
                    // Poll once (it starts the request), then drop it.
                    let _ = futures::poll!(f);
                },
                joiner,
                async { http.unhold() }
            )
            .1
        });
        assert_eq!(second.unwrap().access_token, "at2");
        assert!(
            s.0.inflight.borrow().is_none(),
            "the finished refresh left the slot"
        );
        // Hours later pair 2 expires: a new refresh is made, not the old result replayed.
        clock.advance(28_800_000);
        assert_eq!(block_on(s.fresh_tokens()).unwrap().access_token, "at3");
    }

    #[test]
    fn a_sign_out_during_a_refresh_is_not_undone_by_it() {
        let http = rotating();
        let store = MemStore::default();
        let s = signed_in(
            http.clone(),
            FakeClock::at(T0),
            store.clone(),
            FakeLocks::default(),
        );
        http.hold();
        let st = store.clone();
        let (r, ()) = block_on(async {
            futures::join!(s.refresh("at1"), async {
                // Meanwhile (a tab without Web Locks) the person signs out.
                tokens::clear(&st);
                http.release_all();
            })
        });
        assert_eq!(r, Err(AuthError::SignedOut));
        assert_eq!(
            tokens::current(&store),
            None,
            "the rotated pair was not stored after the sign-out"
        );
    }

    #[test]
    fn another_account_signing_in_during_a_refresh_is_kept() {
        let http = rotating();
        let store = MemStore::default();
        let s = signed_in(
            http.clone(),
            FakeClock::at(T0),
            store.clone(),
            FakeLocks::default(),
        );
        http.hold();
        let st = store.clone();
        let other = tokens::parse_token_response(
            json(200, r#"{"access_token":"B","expires_in":28800,"refresh_token":"RB","scope":"sleep","user_id":"U2"}"#),
            "23TEST",
            T0,
            &Default::default(),
        )
        .unwrap();
        let o = other.clone();
        let (r, ()) = block_on(async {
            futures::join!(s.refresh("at1"), async {
                tokens::save(&st, &o).unwrap();
                http.release_all();
            })
        });
        assert_eq!(r, Err(AuthError::SignedOut));
        assert_eq!(tokens::current(&store), Some(other));
    }

    #[test]
    fn a_tab_that_spent_a_stale_pair_does_not_overwrite_the_newer_one() {
        // Tab B read pair 1 just before tab A's rotation reached it; Fitbit's grace answers
        // B's identical request with pair 2 again... or, here, with invalid_grant: either way
        // storage already holds pair 2, which stays, and nobody is signed out.
        let store = MemStore::default();
        let st = store.clone();
        let http = FakeHttp::new(move |_| {
            let p2 = tokens::parse_token_response(
                json(200, &token_body(2)),
                "23TEST",
                T0,
                &Default::default(),
            )
            .unwrap();
            tokens::save(&st, &p2).unwrap();
            json(
                400,
                r#"{"errors":[{"errorType":"invalid_grant","message":"Refresh token invalid"}]}"#,
            )
        });
        let s = signed_in(http, FakeClock::at(T0), store.clone(), FakeLocks::default());
        assert_eq!(block_on(s.refresh("at1")).unwrap().refresh_token, "rt2");
        assert_eq!(tokens::current(&store).unwrap().refresh_token, "rt2");
        assert_eq!(store.get(tokens::ENDED_KEY), None);
    }

    #[test]
    fn sign_out_waits_for_a_refresh_holding_the_lock_and_revokes_the_new_pair() {
        let http = rotating();
        let store = MemStore::default();
        let locks = FakeLocks::default();
        let tab1 = signed_in(
            http.clone(),
            FakeClock::at(T0),
            store.clone(),
            locks.clone(),
        );
        let tab2: TestSession = Session::new(
            store.clone(),
            http.clone(),
            FakeClock::at(T0),
            locks.clone(),
            endpoints(),
        );
        http.hold();
        let (r, out, ()) = block_on(async {
            futures::join!(tab1.refresh("at1"), tab2.sign_out(), async {
                http.unhold()
            })
        });
        assert_eq!(r.unwrap().refresh_token, "rt2");
        let _ = out; // the rotating fake answers revocations with an error; what was sent matters
        assert_eq!(
            locks.acquisitions.get(),
            2,
            "sign-out took the refresh lock"
        );
        let revoke = http
            .log
            .borrow()
            .iter()
            .find(|r| r.url.ends_with("/oauth2/revoke"))
            .cloned()
            .unwrap();
        assert!(
            form_decode(revoke.body.as_deref().unwrap()).contains(&("token".into(), "rt2".into())),
            "the pair stored by the refresh is the one revoked"
        );
        assert_eq!(tokens::current(&store), None, "and nothing brought it back");
    }
}
