//! The Fitbit Web API client: the only code that requests data.
//!
//! It asks `auth` for a fresh token, refuses locally a request whose scope was not granted,
//! retries once after a refresh when Fitbit says the token expired, and maps every failure to
//! an [`ApiError`] the UI can explain.

use super::error_body;
use crate::env::{Clock, Http, HttpRequest, KvStore, Locks, Method, NetError};
use crate::fitbit::auth::session::{AuthError, Session};
use crate::scope::Scope;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApiError {
    /// Not signed in, or the session ended (reconnect), or a refresh failed for now.
    Auth(AuthError),
    /// The person did not share this scope (decided locally, or a 403 insufficient_scope).
    NotShared(Scope),
    /// The app may not read this (403 insufficient_permissions, e.g. intraday on a Client app,
    /// or Google's PERMISSION_DENIED).
    Permission(String),
    /// 429: wait until the top of the hour (`reset_secs` from now, when Fitbit says).
    RateLimited {
        reset_secs: Option<u64>,
    },
    /// 410 Gone: Fitbit has switched the legacy API off.
    Retired,
    /// 401 even with a freshly refreshed token: this request failed, the session stands.
    Unauthorized,
    Server(u16),
    NotFound,
    Network(String),
    /// A 200 whose body could not be read.
    Undecodable(String),
    Other {
        status: u16,
        kind: String,
        message: String,
    },
}

/// A successful answer.
#[derive(Clone, Debug, PartialEq)]
pub struct ApiResponse {
    pub body: String,
    /// `Fitbit-Rate-Limit-Remaining` and `-Reset`, when CORS lets the page read them.
    pub rate_remaining: Option<u32>,
    pub rate_reset_secs: Option<u64>,
}

pub struct Client<S, H, C, L> {
    pub session: Session<S, H, C, L>,
    pub http: H,
    pub api_origin: String,
}

impl<S, H, C, L> Client<S, H, C, L>
where
    S: KvStore + 'static,
    H: Http + 'static,
    C: Clock + 'static,
    L: Locks + 'static,
{
    /// GETs `path` (e.g. `/1/user/-/profile.json`), which needs all of `scopes`.
    pub async fn get(&self, path: &str, scopes: &[Scope]) -> Result<ApiResponse, ApiError> {
        let tokens = self.session.fresh_tokens().await.map_err(ApiError::Auth)?;
        if let Some(missing) = scopes.iter().find(|s| !tokens.scopes.contains(s)) {
            return Err(ApiError::NotShared(*missing));
        }
        let mut res = self
            .http
            .send(self.request(path, &tokens.access_token))
            .await;
        if let Ok(r) = &res {
            let kind = error_body::parse(&r.body)
                .map(|b| b.kind)
                .unwrap_or_default();
            if r.status == 401
                && matches!(
                    kind.as_str(),
                    "expired_token" | "invalid_token" | "" | "UNAUTHENTICATED"
                )
            {
                // One refresh and one retry. A second 401 is a failure of this request, not
                // the end of the session: only the token endpoint's invalid_grant ends it.
                let access = self
                    .session
                    .refresh(&tokens.access_token)
                    .await
                    .map_err(ApiError::Auth)?
                    .access_token;
                res = self.http.send(self.request(path, &access)).await;
            }
        }
        match res {
            Ok(r) if r.status == 200 => Ok(ApiResponse {
                rate_remaining: r
                    .header("fitbit-rate-limit-remaining")
                    .and_then(|v| v.parse().ok()),
                rate_reset_secs: r
                    .header("fitbit-rate-limit-reset")
                    .and_then(|v| v.parse().ok()),
                body: r.body,
            }),
            Ok(r) if r.status == 429 => Err(ApiError::RateLimited {
                reset_secs: r
                    .header("fitbit-rate-limit-reset")
                    .and_then(|v| v.parse().ok()),
            }),
            Ok(r) => Err(map_status(r.status, &r.body, scopes)),
            Err(NetError::TimedOut) => {
                Err(ApiError::Network("Fitbit took too long to answer".into()))
            }
            Err(e) => Err(ApiError::Network(e.describe())),
        }
    }

    fn request(&self, path: &str, access: &str) -> HttpRequest {
        HttpRequest {
            method: Method::Get,
            url: format!("{}{path}", self.api_origin),
            headers: vec![
                ("Authorization".into(), format!("Bearer {access}")),
                // Anything but en_US/en_GB selects metric units; the model keeps SI.
                ("Accept-Language".into(), "metric".into()),
            ],
            body: None,
        }
    }
}

fn map_status(status: u16, body: &str, scopes: &[Scope]) -> ApiError {
    let parsed = error_body::parse(body);
    let kind = parsed.as_ref().map(|b| b.kind.clone()).unwrap_or_default();
    let message = parsed.map(|b| b.message).unwrap_or_default();
    match (status, kind.as_str()) {
        (403, "insufficient_scope") => {
            ApiError::NotShared(scopes.first().copied().unwrap_or(Scope::Profile))
        }
        (403, _) => ApiError::Permission(if message.is_empty() { kind } else { message }),
        (401, _) => ApiError::Unauthorized,
        (404, _) => ApiError::NotFound,
        (410, _) => ApiError::Retired,
        (500..=599, _) => ApiError::Server(status),
        (200, _) => ApiError::Undecodable(message),
        _ => ApiError::Other {
            status,
            kind,
            message,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fitbit::auth::session::Endpoints;
    use crate::fitbit::auth::tokens;
    use crate::testing::*;
    use futures::executor::block_on;

    const T0: i64 = 1_700_000_000_000;

    fn client(
        respond: impl Fn(&HttpRequest) -> Result<crate::env::HttpResponse, NetError> + 'static,
    ) -> (
        Client<MemStore, FakeHttp, FakeClock, FakeLocks>,
        FakeHttp,
        MemStore,
    ) {
        let http = FakeHttp::new(respond);
        let store = MemStore::default();
        let body = r#"{"access_token":"at1","expires_in":28800,"refresh_token":"rt1","scope":"profile activity","token_type":"Bearer","user_id":"U1"}"#;
        tokens::save(
            &store,
            &tokens::parse_token_response(json(200, body), "C", T0, &Default::default()).unwrap(),
        )
        .unwrap();
        let session = Session::new(
            store.clone(),
            http.clone(),
            FakeClock::at(T0),
            FakeLocks::default(),
            Endpoints {
                token_url: "https://api.fitbit.com/oauth2/token".into(),
                revoke_url: "https://api.fitbit.com/oauth2/revoke".into(),
            },
        );
        (
            Client {
                session,
                http: http.clone(),
                api_origin: "https://api.fitbit.com".into(),
            },
            http,
            store,
        )
    }

    fn legacy(t: &str) -> String {
        format!(r#"{{"errors":[{{"errorType":"{t}","message":"m"}}],"success":false}}"#)
    }

    #[test]
    fn sends_bearer_and_language_and_reads_rate_headers() {
        let (c, http, _) = client(|_| {
            Ok(crate::env::HttpResponse {
                status: 200,
                headers: vec![
                    ("fitbit-rate-limit-remaining".into(), "121".into()),
                    ("fitbit-rate-limit-reset".into(), "1201".into()),
                ],
                body: "{}".into(),
            })
        });
        let r = block_on(c.get("/1/user/-/profile.json", &[Scope::Profile])).unwrap();
        assert_eq!(
            (r.rate_remaining, r.rate_reset_secs),
            (Some(121), Some(1201))
        );
        let sent = &http.log.borrow()[0];
        assert_eq!(sent.url, "https://api.fitbit.com/1/user/-/profile.json");
        assert!(sent
            .headers
            .contains(&("Authorization".into(), "Bearer at1".into())));
        // Exactly "metric": en_US or en_GB would switch Fitbit to imperial units.
        let lang: Vec<&str> = sent
            .headers
            .iter()
            .filter(|(k, _)| k == "Accept-Language")
            .map(|(_, v)| v.as_str())
            .collect();
        assert_eq!(lang, vec!["metric"]);
    }

    #[test]
    fn an_ungranted_scope_is_refused_locally_and_never_sent() {
        let (c, http, _) = client(|_| json(200, "{}"));
        assert_eq!(
            block_on(c.get("/1.2/user/-/sleep/date/2026-11-21.json", &[Scope::Sleep])),
            Err(ApiError::NotShared(Scope::Sleep))
        );
        assert_eq!(http.log.borrow().len(), 0);
    }

    #[test]
    fn an_expired_token_is_refreshed_once_and_the_request_retried_once() {
        let (c, http, store) = client(|req| {
            if req.url.ends_with("/oauth2/token") {
                return json(
                    200,
                    r#"{"access_token":"at2","expires_in":28800,"refresh_token":"rt2","scope":"profile activity","token_type":"Bearer","user_id":"U1"}"#,
                );
            }
            let bearer = req
                .headers
                .iter()
                .find(|(k, _)| k == "Authorization")
                .unwrap()
                .1
                .clone();
            if bearer == "Bearer at1" {
                json(401, &legacy("expired_token"))
            } else {
                json(200, r#"{"ok":true}"#)
            }
        });
        assert_eq!(
            block_on(c.get("/1/user/-/profile.json", &[Scope::Profile]))
                .unwrap()
                .body,
            r#"{"ok":true}"#
        );
        assert_eq!(http.count("/oauth2/token"), 1);
        assert_eq!(http.count("/profile.json"), 2);
        assert_eq!(tokens::current(&store).unwrap().access_token, "at2");
    }

    #[test]
    fn a_second_401_after_refresh_is_not_retried_again() {
        let (c, http, _store) = client(|req| {
            if req.url.ends_with("/oauth2/token") {
                return json(
                    200,
                    r#"{"access_token":"at2","expires_in":28800,"refresh_token":"rt2","scope":"profile","token_type":"Bearer","user_id":"U1"}"#,
                );
            }
            json(401, &legacy("expired_token"))
        });
        let (c, http, store) = (c, http, _store);
        // A persistent 401 fails this request; it does not end the session (only the token
        // endpoint's invalid_grant does), so the UI and storage agree.
        assert_eq!(
            block_on(c.get("/1/user/-/profile.json", &[Scope::Profile])),
            Err(ApiError::Unauthorized)
        );
        assert_eq!(http.count("/profile.json"), 2);
        assert_eq!(http.count("/oauth2/token"), 1);
        assert_eq!(
            tokens::current(&store).unwrap().access_token,
            "at2",
            "still signed in"
        );
        assert_eq!(store.get(tokens::ENDED_KEY), None);
    }

    #[test]
    fn maps_every_failure_in_both_body_shapes() {
        let google = |code: u16, status: &str| {
            format!(
                r#"{{"error":{{"code":{code},"message":"The caller does not have permission","status":"{status}"}}}}"#
            )
        };
        let cases: Vec<(Result<crate::env::HttpResponse, NetError>, ApiError)> = vec![
            (
                json(403, &legacy("insufficient_scope")),
                ApiError::NotShared(Scope::Activity),
            ),
            (
                json(403, &legacy("insufficient_permissions")),
                ApiError::Permission("m".into()),
            ),
            (
                json(403, &google(403, "PERMISSION_DENIED")),
                ApiError::Permission("The caller does not have permission".into()),
            ),
            (
                json(429, &legacy("system")),
                ApiError::RateLimited { reset_secs: None },
            ),
            (json(410, &google(410, "NOT_FOUND")), ApiError::Retired),
            (json(500, &legacy("request")), ApiError::Server(500)),
            (json(503, "<html>"), ApiError::Server(503)),
            (json(404, &legacy("not_found")), ApiError::NotFound),
            (
                Err(NetError::Failed("Failed to fetch".into())),
                ApiError::Network("Failed to fetch".into()),
            ),
            (
                json(400, &legacy("validation")),
                ApiError::Other {
                    status: 400,
                    kind: "validation".into(),
                    message: "m".into(),
                },
            ),
        ];
        for (answer, want) in cases {
            let answer = std::rc::Rc::new(answer);
            let a = answer.clone();
            let (c, _, store) = client(move |_| (*a).clone());
            assert_eq!(
                block_on(c.get("/1/user/-/activities/date/today.json", &[Scope::Activity])),
                Err(want),
                "{answer:?}"
            );
            assert!(
                tokens::current(&store).is_some(),
                "tokens kept after {answer:?}"
            );
        }
    }

    #[test]
    fn messages_are_words_never_debug_dumps() {
        let cases = [
            ApiError::Other {
                status: 400,
                kind: "validation".into(),
                message: "Invalid date:2026-13-01".into(),
            },
            ApiError::Unauthorized,
            ApiError::Retired,
            ApiError::Network("Failed to fetch".into()),
            ApiError::Auth(AuthError::Temporary(tokens::TokenError::InvalidClient(
                "bad".into(),
            ))),
        ];
        for e in cases {
            let m = e.message();
            assert!(
                !m.contains('{') && !m.contains("Other") && !m.contains("status:"),
                "{m}"
            );
        }
        assert_eq!(
            ApiError::Other {
                status: 400,
                kind: "validation".into(),
                message: "Invalid date:2026-13-01".into()
            }
            .message(),
            "Fitbit could not provide this (error 400: Invalid date:2026-13-01)."
        );
    }
}
