//! The Google Health API client: one planned call sent with the access token in the
//! `Authorization` header (never in the address), every page of a list or rollup followed
//! (a page may be empty and still carry a next token), failures classified. Generic over the
//! `Http` trait, so it runs under native tests.

use super::errors::{classify, GoogleError};
use super::plan::{request, rollup_max_days, Call, API_ORIGIN};
use crate::date::Date;
use crate::env::{Http, HttpRequest, Method};
use serde_json::Value;

/// Pages followed at most for one request (25 sleep sessions a page: a year of nights and naps
/// fits in 30). Pages left over make the answer partial, never complete.
const MAX_PAGES: usize = 40;
/// Retries of a 503 or 504 (Google's rate-limit page: exponential back-off with random jitter,
/// never at once), after waits of about `BACKOFF_MS`, then twice that.
const RETRIES: u32 = 2;
const BACKOFF_MS: f64 = 1_000.0;

/// A wait that resolves after some milliseconds.
pub type Wait = std::pin::Pin<Box<dyn std::future::Future<Output = ()>>>;

/// How the client waits between retries: both injected, so tests run on a fake clock.
pub struct Pace {
    /// A number in [0, 1) (`Math.random` in the browser).
    pub random: Box<dyn Fn() -> f64>,
    /// Resolves after this many milliseconds.
    pub sleep: Box<dyn Fn(u32) -> Wait>,
}

impl Pace {
    /// No waiting at all (native tests that do not look at the waits).
    pub fn instant() -> Pace {
        Pace {
            random: Box::new(|| 0.5),
            sleep: Box::new(|_| Box::pin(std::future::ready(()))),
        }
    }

    /// The wait before retry `n` (0-based): full back-off times a jitter of 0.5 to 1.5.
    pub fn delay_ms(&self, n: u32) -> u32 {
        (BACKOFF_MS * f64::from(1u32 << n) * (0.5 + (self.random)().clamp(0.0, 1.0))) as u32
    }
}

pub struct GoogleClient<H> {
    pub http: H,
    pub api_origin: String,
    pub pace: Pace,
    /// A 503/504 outlived its retries this round: the next calls are not retried (Google is
    /// down; the round ends sooner and stored data stays).
    down: std::cell::Cell<bool>,
}

/// A call's answer: its pages in one body, and whether every page came.
#[derive(Clone, Debug, PartialEq)]
pub struct Answer {
    pub body: String,
    pub complete: bool,
}

/// Why a call brought nothing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CallError {
    Google(GoogleError),
    /// The request did not reach Google (offline, a blocked or refused cross-origin request).
    Network(String),
    Unreadable,
}

impl<H: Http> GoogleClient<H> {
    pub fn new(http: H) -> Self {
        Self::with_pace(http, Pace::instant())
    }

    pub fn with_pace(http: H, pace: Pace) -> Self {
        GoogleClient {
            http,
            api_origin: API_ORIGIN.into(),
            pace,
            down: std::cell::Cell::new(false),
        }
    }

    /// One request; a 503 or 504 sent again after a jittered back-off (a 429 is not: the
    /// round pauses for the minute instead).
    async fn send(
        &self,
        token: &str,
        method: &'static str,
        path: &str,
        body: Option<String>,
    ) -> Result<Value, CallError> {
        let mut n = 0;
        loop {
            match self.send_once(token, method, path, body.clone()).await {
                Err(CallError::Google(GoogleError::Server(503 | 504)))
                    if n < RETRIES && !self.down.get() =>
                {
                    (self.pace.sleep)(self.pace.delay_ms(n)).await;
                    n += 1;
                }
                Err(e @ CallError::Google(GoogleError::Server(503 | 504))) => {
                    self.down.set(true);
                    return Err(e);
                }
                other => return other,
            }
        }
    }

    async fn send_once(
        &self,
        token: &str,
        method: &'static str,
        path: &str,
        body: Option<String>,
    ) -> Result<Value, CallError> {
        let mut headers = vec![("Authorization".to_string(), format!("Bearer {token}"))];
        if body.is_some() {
            headers.push(("Content-Type".into(), "application/json".into()));
        }
        let req = HttpRequest {
            method: if method == "POST" {
                Method::Post
            } else {
                Method::Get
            },
            url: format!("{}{path}", self.api_origin),
            headers,
            body,
        };
        let res = self
            .http
            .send(req)
            .await
            .map_err(|e| CallError::Network(e.describe()))?;
        if res.status != 200 {
            return Err(CallError::Google(classify(res.status, &res.body)));
        }
        serde_json::from_str(&res.body).map_err(|_| CallError::Unreadable)
    }

    /// The account's Google Health user id (`users/me/identity`; any read scope may ask).
    pub async fn identity(&self, token: &str) -> Result<String, CallError> {
        let v = self
            .send(token, "GET", "/v4/users/me/identity", None)
            .await?;
        v["healthUserId"]
            .as_str()
            .filter(|id| {
                !id.is_empty()
                    && id.len() <= 64
                    && id
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
            })
            .map(String::from)
            .ok_or(CallError::Unreadable)
    }

    /// Every page of `call` for the `days` ending `today`, as one answer: the pages' `dataPoints`
    /// (or `rollupDataPoints`) in one list. A roll-up longer than its type allows is sent as
    /// consecutive ranges, newest first.
    pub async fn fetch(
        &self,
        token: &str,
        call: Call,
        today: Date,
        days: u32,
    ) -> Result<Answer, CallError> {
        let key = match call {
            Call::Rollup(_) => "rollupDataPoints",
            Call::Devices => "pairedDevices",
            _ => "dataPoints",
        };
        let step = if matches!(call, Call::Rollup(_)) {
            rollup_max_days(call)
        } else {
            days
        };
        let mut all: Vec<Value> = Vec::new();
        let (mut done, mut complete) = (0, true);
        while done < days {
            let n = step.min(days - done);
            let end = today.add_days(-(done as i32));
            match self.fetch_pages(token, call, end, n, key, &mut all).await? {
                Pages::Single(body) => {
                    return Ok(Answer {
                        body,
                        complete: true,
                    })
                }
                Pages::All => {}
                Pages::LeftOver => complete = false,
            }
            done += n;
        }
        Ok(Answer {
            body: serde_json::json!({ key: all }).to_string(),
            complete,
        })
    }

    /// The pages of one request into `all`, or a single answer (settings, profile).
    async fn fetch_pages(
        &self,
        token: &str,
        call: Call,
        today: Date,
        days: u32,
        key: &str,
        all: &mut Vec<Value>,
    ) -> Result<Pages, CallError> {
        let (method, path, body) = request(call, today, days);
        let mut token_of_page: Option<String> = None;
        for _ in 0..MAX_PAGES {
            let (p, b) = match (&token_of_page, method) {
                (None, _) => (path.clone(), body.clone()),
                (Some(t), "POST") => (
                    path.clone(),
                    body.as_ref().map(|b| {
                        format!(
                            "{},\"pageToken\":{}}}",
                            b.strip_suffix('}').unwrap_or(b),
                            Value::from(t.as_str())
                        )
                    }),
                ),
                (Some(t), _) => (
                    format!(
                        "{path}{}pageToken={}",
                        if path.contains('?') { '&' } else { '?' },
                        form_urlencoded::byte_serialize(t.as_bytes()).collect::<String>()
                    ),
                    None,
                ),
            };
            let page = self.send(token, method, &p, b).await?;
            // Settings and profile are single answers.
            if matches!(call, Call::Settings | Call::Profile) {
                return Ok(Pages::Single(page.to_string()));
            }
            all.extend(page[key].as_array().into_iter().flatten().cloned());
            match page["nextPageToken"].as_str().filter(|t| !t.is_empty()) {
                Some(t) => token_of_page = Some(t.to_string()),
                None => return Ok(Pages::All),
            }
        }
        Ok(Pages::LeftOver)
    }
}

/// How the pages of one request ended.
enum Pages {
    Single(String),
    All,
    /// `MAX_PAGES` came and Google had more.
    LeftOver,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Metric;
    use crate::testing::{json, FakeHttp};
    use futures::executor::block_on;

    fn today() -> Date {
        Date::from_ymd(2026, 1, 7).unwrap()
    }

    #[test]
    fn every_page_is_followed_even_an_empty_one_and_the_token_stays_in_the_header() {
        let http = FakeHttp::new(|req| {
            let page = |n: &str| req.url.contains(&format!("pageToken={n}"));
            let point = |d: u32| {
                format!(
                    r#"{{"dailyRestingHeartRate":{{"beatsPerMinute":"6{d}","date":{{"year":2026,"month":1,"day":{d}}}}}}}"#
                )
            };
            if page("p3") {
                json(200, &format!(r#"{{"dataPoints":[{}]}}"#, point(7)))
            } else if page("p2") {
                json(200, r#"{"dataPoints":[],"nextPageToken":"p3"}"#)
            } else {
                json(
                    200,
                    &format!(r#"{{"dataPoints":[{}],"nextPageToken":"p2"}}"#, point(6)),
                )
            }
        });
        let client = GoogleClient::new(http.clone());
        let body =
            block_on(client.fetch("ya29.t", Call::Daily(Metric::RestingHeartRate), today(), 30))
                .unwrap();
        assert!(body.complete);
        let days = super::super::map::daily_list(Metric::RestingHeartRate, &body.body).unwrap();
        assert_eq!(days.len(), 2);
        let log = http.log.borrow();
        assert_eq!(log.len(), 3);
        assert!(log.iter().all(|r| !r.url.contains("ya29")
            && r.headers
                .contains(&("Authorization".into(), "Bearer ya29.t".into()))));
        assert!(log.iter().all(|r| r.url.starts_with("https://health.googleapis.com/v4/users/me/dataTypes/daily-resting-heart-rate/dataPoints?filter=")));
    }

    #[test]
    fn a_rollups_next_page_goes_in_its_json_body() {
        let http = FakeHttp::new(|req| {
            let body = req.body.clone().unwrap_or_default();
            assert!(req
                .headers
                .contains(&("Content-Type".into(), "application/json".into())));
            if body.contains("\"pageToken\":\"r2\"") {
                json(
                    200,
                    r#"{"rollupDataPoints":[{"civilStartTime":{"date":{"year":2026,"month":1,"day":7}},"steps":{"countSum":"5"}}]}"#,
                )
            } else {
                json(
                    200,
                    r#"{"rollupDataPoints":[{"civilStartTime":{"date":{"year":2026,"month":1,"day":6}},"steps":{"countSum":"9000"}}],"nextPageToken":"r2"}"#,
                )
            }
        });
        let body = block_on(GoogleClient::new(http.clone()).fetch(
            "t",
            Call::Rollup(Metric::Steps),
            today(),
            2,
        ))
        .unwrap();
        let days = super::super::map::daily_rollup(Metric::Steps, &body.body).unwrap();
        assert_eq!(
            days.iter().map(|p| p.value).collect::<Vec<_>>(),
            vec![9000.0, 5.0]
        );
        let second: Value =
            serde_json::from_str(http.log.borrow()[1].body.as_deref().unwrap()).unwrap();
        assert_eq!(
            second["windowSizeDays"], 1,
            "the rest of the request is sent again"
        );
    }

    #[test]
    fn total_calories_are_asked_for_in_ranges_of_at_most_14_days() {
        let http = FakeHttp::new(|req| {
            let v: Value = serde_json::from_str(req.body.as_deref().unwrap()).unwrap();
            let day = |k: &str| {
                Date::from_ymd(
                    v["range"][k]["date"]["year"].as_i64().unwrap() as i32,
                    v["range"][k]["date"]["month"].as_u64().unwrap() as u32,
                    v["range"][k]["date"]["day"].as_u64().unwrap() as u32,
                )
                .unwrap()
            };
            let (start, end) = (day("start"), day("end"));
            assert!(
                end.days_since_epoch() - start.days_since_epoch() <= 14,
                "{start}..{end}"
            );
            let points: Vec<String> = (0..end.days_since_epoch() - start.days_since_epoch())
                .map(|i| {
                    let (y, m, d) = start.add_days(i).ymd();
                    format!(r#"{{"civilStartTime":{{"date":{{"year":{y},"month":{m},"day":{d}}}}},"totalCalories":{{"kcalSum":2000.5}}}}"#)
                })
                .collect();
            json(
                200,
                &format!(r#"{{"rollupDataPoints":[{}]}}"#, points.join(",")),
            )
        });
        let body = block_on(GoogleClient::new(http.clone()).fetch(
            "t",
            Call::Rollup(Metric::CaloriesOut),
            today(),
            30,
        ))
        .unwrap();
        let days = super::super::map::daily_rollup(Metric::CaloriesOut, &body.body).unwrap();
        assert_eq!(http.log.borrow().len(), 3, "14 + 14 + 2 days");
        let mut dates: Vec<Date> = days.iter().map(|p| p.date).collect();
        dates.sort();
        dates.dedup();
        assert_eq!(
            (dates.len(), dates[0], dates[29]),
            (30, today().add_days(-29), today())
        );
        // Steps fit in one request.
        let http = FakeHttp::new(|_| json(200, r#"{"rollupDataPoints":[]}"#));
        block_on(GoogleClient::new(http.clone()).fetch(
            "t",
            Call::Rollup(Metric::Steps),
            today(),
            30,
        ))
        .unwrap();
        assert_eq!(http.log.borrow().len(), 1);
    }

    #[test]
    fn failures_are_classified_and_single_answers_pass_through() {
        let http = FakeHttp::new(|req| {
            if req.url.ends_with("/settings") {
                json(
                    200,
                    r#"{"timeZone":"America/New_York","utcOffset":"-18000s"}"#,
                )
            } else if req.url.contains("sleep") {
                json(
                    429,
                    r#"{"error":{"code":429,"status":"RESOURCE_EXHAUSTED","details":[{"reason":"RATE_LIMIT_EXCEEDED"}]}}"#,
                )
            } else {
                Err(crate::env::NetError::Failed(
                    "TypeError: Failed to fetch".into(),
                ))
            }
        });
        let c = GoogleClient::new(http);
        assert!(block_on(c.fetch("t", Call::Settings, today(), 30))
            .unwrap()
            .body
            .contains("America/New_York"));
        assert_eq!(
            block_on(c.fetch("t", Call::Sleep, today(), 30)),
            Err(CallError::Google(GoogleError::RateLimited))
        );
        assert!(matches!(
            block_on(c.fetch("t", Call::Devices, today(), 30)),
            Err(CallError::Network(_))
        ));
    }

    /// A client whose waits are recorded instead of waited, with a fixed "random" number.
    fn paced(
        http: FakeHttp,
        r: f64,
    ) -> (
        GoogleClient<FakeHttp>,
        std::rc::Rc<std::cell::RefCell<Vec<u32>>>,
    ) {
        let waits = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
        let w = waits.clone();
        let pace = Pace {
            random: Box::new(move || r),
            sleep: Box::new(move |ms| {
                w.borrow_mut().push(ms);
                Box::pin(std::future::ready(()))
            }),
        };
        (GoogleClient::with_pace(http, pace), waits)
    }

    #[test]
    fn a_503_or_504_is_retried_after_a_jittered_back_off_and_a_429_is_not() {
        let n = std::rc::Rc::new(std::cell::Cell::new(0));
        let seen = n.clone();
        let http = FakeHttp::new(move |_| {
            seen.set(seen.get() + 1);
            match seen.get() {
                1 => json(503, r#"{"error":{"code":503,"status":"UNAVAILABLE"}}"#),
                2 => json(
                    504,
                    r#"{"error":{"code":504,"status":"DEADLINE_EXCEEDED"}}"#,
                ),
                _ => json(200, r#"{"pairedDevices":[]}"#),
            }
        });
        let (c, waits) = paced(http, 0.25);
        assert!(block_on(c.fetch("t", Call::Devices, today(), 30)).is_ok());
        assert_eq!(n.get(), 3);
        // 1 s then 2 s, each times 0.75 (0.5 + the random 0.25): never at once.
        assert_eq!(*waits.borrow(), vec![750, 1500]);
        let (c, waits) = paced(
            FakeHttp::new(|_| {
                json(
                    429,
                    r#"{"error":{"code":429,"status":"RESOURCE_EXHAUSTED"}}"#,
                )
            }),
            0.9,
        );
        assert_eq!(
            block_on(c.fetch("t", Call::Devices, today(), 30)),
            Err(CallError::Google(GoogleError::RateLimited))
        );
        assert!(waits.borrow().is_empty(), "a 429 pauses the round instead");
    }

    #[test]
    fn after_the_retries_google_counts_as_down_for_the_rest_of_the_round() {
        let http = FakeHttp::new(|_| json(503, r#"{"error":{"code":503,"status":"UNAVAILABLE"}}"#));
        let (c, waits) = paced(http.clone(), 0.5);
        for _ in 0..2 {
            assert_eq!(
                block_on(c.fetch("t", Call::Devices, today(), 30)),
                Err(CallError::Google(GoogleError::Server(503)))
            );
        }
        assert_eq!(http.log.borrow().len(), 3 + 1, "three tries, then one");
        assert_eq!(*waits.borrow(), vec![1000, 2000]);
    }

    #[test]
    fn pages_left_over_make_an_answer_partial() {
        let http = FakeHttp::new(|_| json(200, r#"{"dataPoints":[],"nextPageToken":"more"}"#));
        let a =
            block_on(GoogleClient::new(http.clone()).fetch("t", Call::Sleep, today(), 30)).unwrap();
        assert!(!a.complete);
        assert_eq!(http.log.borrow().len(), MAX_PAGES);
    }
}
