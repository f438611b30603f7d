//! One refresh of the dashboard's data: decide what is stale, spend the request budget on it,
//! apply the answers to the cached snapshot. Generic over the env traits, so it runs under
//! native tests with a scripted Fitbit.

use super::client::{ApiError, Client};
use super::endpoints::Endpoint;
use super::map::{self, Mark};
use super::rate::Budget;
use crate::date::Date;
use crate::env::{Clock, Http, KvStore, Locks};
use crate::fitbit::auth::session::AuthError;
use crate::fitbit::auth::tokens::TokenError;
use crate::model::Need;
use crate::model::{Origin, Snapshot};
use serde::Serialize;
use std::collections::BTreeMap;

/// Bumped whenever the stored shape changes. Version 2 is the first that shipped (1 only
/// existed in unreleased builds), so there is nothing older to migrate yet; a record of a
/// newer version belongs to a newer tab and is neither read nor overwritten.
pub const CACHE_VERSION: u32 = 2;

/// What this browser keeps for one person: the last snapshot and when each part was fetched.
/// Written by serde, read back by hand ([`CacheRecord::from_json`]).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CacheRecord {
    pub v: u32,
    pub user_id: String,
    pub snapshot: Snapshot,
    pub fetched: BTreeMap<Endpoint, i64>,
    /// The person's UTC offset from their profile (a fallback for their "today").
    pub utc_offset_ms: Option<i64>,
    /// The person's IANA time zone from their profile: their "today", across DST changes.
    #[serde(default)]
    pub time_zone: Option<String>,
}

impl CacheRecord {
    pub fn new(user_id: &str, today: Date) -> CacheRecord {
        CacheRecord {
            v: CACHE_VERSION,
            user_id: user_id.into(),
            snapshot: Snapshot::loading(Origin::Fitbit, today),
            fetched: BTreeMap::new(),
            utc_offset_ms: None,
            time_zone: None,
        }
    }

    /// The record `text` holds, if it is one (unknown members ignored, a missing option is
    /// none, as serde read it).
    pub fn from_json(text: &str) -> Option<CacheRecord> {
        use crate::jsontext::{num, object, string};
        let mut rec = CacheRecord::new("", Date::from_days_since_epoch(0));
        let (mut v, mut user_id, mut snapshot, mut fetched) = (None, None, None, None);
        for (k, val) in object(text)? {
            match k.as_str() {
                "v" => v = Some(num::<u32>(val)?),
                "user_id" => user_id = Some(string(val)?),
                "snapshot" => snapshot = Some(Snapshot::from_json(val)?),
                "fetched" => {
                    fetched = Some(
                        object(val)?
                            .into_iter()
                            .map(|(e, t)| Some((Endpoint::from_key(&e)?, num(t)?)))
                            .collect::<Option<_>>()?,
                    )
                }
                "utc_offset_ms" => {
                    rec.utc_offset_ms = if val == "null" { None } else { Some(num(val)?) }
                }
                "time_zone" => {
                    rec.time_zone = if val == "null" {
                        None
                    } else {
                        Some(string(val)?)
                    }
                }
                _ => {}
            }
        }
        (rec.v, rec.user_id, rec.snapshot, rec.fetched) = (v?, user_id?, snapshot?, fetched?);
        Some(rec)
    }

    /// The record kept for `user_id` in `store`, if it is there, readable and of this version.
    pub fn load(store: &impl KvStore, key: &str, user_id: &str) -> Option<CacheRecord> {
        match crate::keys::read(store, key, CACHE_VERSION, |_, _| None::<CacheRecord>) {
            crate::keys::Versioned::Ok(r) if r.user_id == user_id => Some(r),
            _ => None,
        }
    }

    /// Stores the record, unless a newer version of pulsedeck keeps its own there.
    pub fn save(&self, store: &impl KvStore, key: &str) {
        if crate::keys::may_write(store, key, CACHE_VERSION) {
            let _ = store.set(key, &serde_json::to_string(self).expect("serialisable"));
        }
    }

    /// The parts of the snapshot that `out`'s successful answers filled.
    pub fn applied_needs(out: &Outcome) -> Vec<Need> {
        out.applied
            .iter()
            .flat_map(|e| e.feeds().iter().copied())
            .collect()
    }

    /// The oldest fetch time of the planned parts (for "data from 10:42").
    pub fn oldest_fetch(&self, plan: &[Endpoint]) -> Option<i64> {
        plan.iter()
            .filter_map(|e| self.fetched.get(e))
            .min()
            .copied()
    }
}

impl crate::jsontext::FromJson for CacheRecord {
    fn from_json(text: &str) -> Option<Self> {
        CacheRecord::from_json(text)
    }
}

/// The person's "today": in their profile's time zone (`zone_today`, which the browser
/// computes with `Intl`, DST included), else at their profile's offset, else this device's.
pub fn today(
    rec: &CacheRecord,
    now_ms: i64,
    zone_today: impl Fn(&str) -> Option<Date>,
    device_today: Date,
) -> Date {
    if let Some(d) = rec.time_zone.as_deref().and_then(zone_today) {
        return d;
    }
    rec.utc_offset_ms
        .map_or(device_today, |off| Date::from_unix_millis(now_ms, off))
}

/// The planned endpoints whose answer is missing or older than its freshness window. A new
/// day makes everything stale.
pub fn stale(plan: &[Endpoint], rec: &CacheRecord, today: Date, now_ms: i64) -> Vec<Endpoint> {
    if rec.snapshot.today != today {
        return plan.to_vec();
    }
    plan.iter()
        .copied()
        .filter(|e| {
            rec.fetched
                .get(e)
                .is_none_or(|t| now_ms - t >= e.max_age_ms())
        })
        .collect()
}

/// What a refresh did, for the UI to explain.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Outcome {
    pub requested: Vec<Endpoint>,
    /// Answered and read well: the parts history may take.
    pub applied: Vec<Endpoint>,
    /// Not sent to keep the budget: until when.
    pub deferred_until_ms: Option<i64>,
    /// Fitbit said 429: nothing is sent before this instant.
    pub rate_limited_until_ms: Option<i64>,
    /// Fitbit answered 410 Gone.
    pub retired: bool,
    /// Network errors or 5xx: cached data kept.
    pub unreachable: bool,
    /// Renewing the sign-in failed for a reason other than the network (client refused,
    /// rate limited, 5xx of the token endpoint…): tokens and data kept, the reason shown.
    pub auth_problem: Option<crate::fitbit::auth::tokens::TokenError>,
    /// Fitbit refused a request even with a renewed token (a persistent 401): that request
    /// failed, the session stands.
    pub refused: bool,
    pub session_ended: bool,
    pub signed_out: bool,
    /// The last readable remaining count.
    pub budget_left: u32,
}

/// What a refresh should fetch.
#[derive(Clone, Debug, PartialEq)]
pub enum Want {
    /// What is missing, failed or past its freshness window (loads, polls, focus, online).
    Stale,
    /// The person pressed Refresh: also what is fresh but older than [`MANUAL_MIN_AGE_MS`].
    Manual,
    /// A widget's "Try again": just these endpoints.
    Only(Vec<Endpoint>),
}

/// "Refresh" never refetches an answer younger than this (or a third of its freshness
/// window): a few clicks must not spend the hour's budget.
pub const MANUAL_MIN_AGE_MS: i64 = 5 * MINUTE;
const MINUTE: i64 = 60_000;

/// The endpoints of `plan` that `want` asks for now.
pub fn select(
    want: &Want,
    plan: &[Endpoint],
    rec: &CacheRecord,
    today: Date,
    now_ms: i64,
) -> Vec<Endpoint> {
    match want {
        Want::Stale => stale(plan, rec, today, now_ms),
        Want::Manual if rec.snapshot.today != today => plan.to_vec(),
        // Data that changes through the day after a few minutes, overnight data after a third
        // of its freshness window: never what was just fetched.
        Want::Manual => plan
            .iter()
            .copied()
            .filter(|e| {
                rec.fetched
                    .get(e)
                    .is_none_or(|t| now_ms - t >= MANUAL_MIN_AGE_MS.max(e.max_age_ms() / 3))
            })
            .collect(),
        Want::Only(list) => plan.iter().copied().filter(|e| list.contains(e)).collect(),
    }
}

/// Fetches what `want` asks for of `plan` into `rec`. `today_in` gives the person's today
/// from what the record knows (their profile's time zone, once fetched).
pub async fn refresh<S, H, C, L>(
    client: &Client<S, H, C, L>,
    budget_store: &impl KvStore,
    clock: &impl Clock,
    rec: &mut CacheRecord,
    plan: &[Endpoint],
    today_in: &dyn Fn(&CacheRecord) -> Date,
    want: Want,
) -> Outcome
where
    S: KvStore + 'static,
    H: Http + 'static,
    C: Clock + 'static,
    L: Locks + 'static,
{
    let mut out = Outcome::default();
    // Until the person's time zone is known, "today" is only this device's guess: ask for the
    // profile first, then date every other request in their zone.
    if rec.time_zone.is_none() && rec.utc_offset_ms.is_none() && plan.contains(&Endpoint::Profile) {
        let today = today_in(rec);
        if select(&want, &[Endpoint::Profile], rec, today, clock.now_ms())
            .contains(&Endpoint::Profile)
        {
            round(
                client,
                budget_store,
                clock,
                rec,
                &[Endpoint::Profile],
                today,
                &mut out,
            )
            .await;
        }
    }
    let today = today_in(rec);
    if rec.snapshot.today != today {
        // A new day: everything is stale, and what belongs to one day (food, zones, curves)
        // is no longer today's. Nothing is removed: dated data stays (history keeps yesterday's
        // food and zones, and shows them with their date until today's arrive).
        rec.snapshot.today = today;
        rec.snapshot.nutrition = crate::model::Slot::Loading;
        rec.snapshot.heart_zones = crate::model::Slot::Loading;
        rec.snapshot.intraday.clear();
        // The profile (once a day, maybe just fetched first) stays fresh. (Not `retain`: its
        // removal machinery costs bundle bytes.)
        let profile = rec.fetched.get(&Endpoint::Profile).copied();
        rec.fetched.clear();
        if let Some(t) = profile {
            rec.fetched.insert(Endpoint::Profile, t);
        }
    }
    let todo: Vec<Endpoint> = select(&want, plan, rec, today, clock.now_ms())
        .into_iter()
        .filter(|e| !out.requested.contains(e))
        .collect();
    round(client, budget_store, clock, rec, &todo, today, &mut out).await;
    out
}

/// One round of requests, sent together within the budget and applied to `rec`.
async fn round<S, H, C, L>(
    client: &Client<S, H, C, L>,
    budget_store: &impl KvStore,
    clock: &impl Clock,
    rec: &mut CacheRecord,
    todo: &[Endpoint],
    today: Date,
    out: &mut Outcome,
) where
    S: KvStore + 'static,
    H: Http + 'static,
    C: Clock + 'static,
    L: Locks + 'static,
{
    let now = clock.now_ms();
    // Decide what may be sent before sending anything (the budget is shared by all tabs).
    let mut budget = Budget::load(budget_store, now);
    let mut send = Vec::new();
    for e in todo.iter().copied() {
        match budget.check(now, e.essential()) {
            Ok(()) => {
                budget.reserve();
                send.push(e);
            }
            Err(d) if d.limited => out.rate_limited_until_ms = Some(d.until_ms),
            Err(d) => out.deferred_until_ms = Some(d.until_ms),
        }
    }
    budget.save(budget_store);

    let paths: Vec<String> = send.iter().map(|e| e.path(today)).collect();
    let answers = futures::future::join_all(
        send.iter()
            .zip(&paths)
            .map(|(e, p)| client.get(p, e.scopes())),
    )
    .await;
    let mut budget = Budget::load(budget_store, clock.now_ms());
    let done = clock.now_ms();
    for (e, answer) in send.iter().copied().zip(answers) {
        out.requested.push(e);
        match answer {
            Ok(res) => {
                budget.observe(res.rate_remaining);
                let mut next = rec.snapshot.clone();
                match map::apply(e, &res.body, &mut next) {
                    Ok(()) => {
                        rec.snapshot = next;
                        rec.fetched.insert(e, done);
                        out.applied.push(e);
                        if e == Endpoint::Profile {
                            rec.utc_offset_ms = map::utc_offset_ms(&res.body).or(rec.utc_offset_ms);
                            rec.time_zone = map::time_zone(&res.body).or(rec.time_zone.take());
                        }
                    }
                    // Only the widgets that needed this answer break.
                    Err(_) => map::mark(e, &mut rec.snapshot, &Mark::Failed(crate::words::UNREADABLE_ANSWER.into()), false),
                }
            }
            Err(ApiError::NotShared(_)) => map::mark(e, &mut rec.snapshot, &Mark::NotShared, false),
            Err(ApiError::RateLimited { reset_secs }) => {
                budget.rate_limited(done, reset_secs);
                out.rate_limited_until_ms = budget.blocked_until_ms;
            }
            Err(ApiError::Retired) => out.retired = true,
            Err(ApiError::Auth(AuthError::Ended)) => out.session_ended = true,
            Err(ApiError::Auth(AuthError::SignedOut)) => out.signed_out = true,
            Err(ApiError::Server(_)) | Err(ApiError::Network(_)) | Err(ApiError::Auth(AuthError::Temporary(TokenError::Network(_)))) => {
                out.unreachable = true;
                map::mark(e, &mut rec.snapshot, &Mark::Failed(crate::words::COULD_NOT_LOAD.into()), true);
            }
            Err(ApiError::Auth(AuthError::Temporary(t))) => {
                if let TokenError::RateLimited { until_ms: Some(until) } = t {
                    out.rate_limited_until_ms = Some(until);
                }
                map::mark(e, &mut rec.snapshot, &Mark::Failed(t.message()), true);
                out.auth_problem = Some(t);
            }
            Err(ApiError::Permission(_)) if Endpoint::INTRADAY.contains(&e) => map::mark(
                e,
                &mut rec.snapshot,
                &Mark::Failed(
                    "Minute-by-minute data needs a Fitbit app of type \"Personal\" (or Fitbit's approval). Turn it off \
                     in settings, or switch your app's type at dev.fitbit.com."
                        .into(),
                ),
                false,
            ),
            Err(ApiError::Unauthorized) => {
                out.refused = true;
                map::mark(e, &mut rec.snapshot, &Mark::Failed(ApiError::Unauthorized.message()), true);
            }
            Err(other) => map::mark(e, &mut rec.snapshot, &Mark::Failed(other.message()), true),
        }
    }
    out.budget_left = budget.remaining();
    budget.save(budget_store);
}

/// Why a route could not be drawn.
#[derive(Clone, Debug, PartialEq)]
pub enum RouteError {
    /// Held back by the budget or Fitbit's 429: nothing before this instant.
    Limited {
        until_ms: i64,
    },
    Api(ApiError),
}

/// Points kept of a route: enough to draw it on a card, small enough to keep.
pub const ROUTE_POINTS: usize = 300;

/// One exercise's GPS route (a TCX request), spent from the shared budget like every other
/// request and thinned to about [`ROUTE_POINTS`] points.
pub async fn route<S, H, C, L>(
    client: &Client<S, H, C, L>,
    budget_store: &impl KvStore,
    clock: &impl Clock,
    log_id: u64,
) -> Result<Vec<(f64, f64)>, RouteError>
where
    S: KvStore + 'static,
    H: Http + 'static,
    C: Clock + 'static,
    L: Locks + 'static,
{
    let now = clock.now_ms();
    let mut budget = Budget::load(budget_store, now);
    // A route is asked for by the person: it may use the reserve, not a 429 block.
    budget.check(now, true).map_err(|d| RouteError::Limited {
        until_ms: d.until_ms,
    })?;
    budget.reserve();
    budget.save(budget_store);
    let answer = client
        .get(
            &map::route_path(log_id),
            &[crate::scope::Scope::Activity, crate::scope::Scope::Location],
        )
        .await;
    let done = clock.now_ms();
    let mut budget = Budget::load(budget_store, done);
    let result = match answer {
        Ok(res) => {
            budget.observe(res.rate_remaining);
            Ok(map::thin(map::tcx_route(&res.body), ROUTE_POINTS))
        }
        Err(ApiError::RateLimited { reset_secs }) => {
            budget.rate_limited(done, reset_secs);
            Err(RouteError::Limited {
                until_ms: budget.blocked_until_ms.unwrap_or(done),
            })
        }
        Err(e) => Err(RouteError::Api(e)),
    };
    budget.save(budget_store);
    result
}

/// Endpoints whose answer depends on the day viewed (the rest cover the last 30 days already).
pub const DAY_ENDPOINTS: [Endpoint; 3] =
    [Endpoint::DailySummary, Endpoint::FoodLog, Endpoint::Heart];

/// The snapshot as of a previous `day`: the cached data, plus that day's activity summary, food
/// log and heart-rate zones (three requests, within the same budget). Never touches the cache.
pub async fn load_day<S, H, C, L>(
    client: &Client<S, H, C, L>,
    budget_store: &impl KvStore,
    clock: &impl Clock,
    base: &Snapshot,
    granted: &[crate::scope::Scope],
    day: Date,
) -> (Snapshot, Outcome)
where
    S: KvStore + 'static,
    H: Http + 'static,
    C: Clock + 'static,
    L: Locks + 'static,
{
    let mut rec = CacheRecord::new("day", day);
    rec.snapshot = base.clone();
    rec.snapshot.today = day;
    rec.snapshot.nutrition = crate::model::Slot::Loading;
    rec.snapshot.heart_zones = crate::model::Slot::Loading;
    // Today's curves do not belong to another day.
    rec.snapshot.intraday.clear();
    let plan: Vec<Endpoint> = DAY_ENDPOINTS
        .into_iter()
        .filter(|e| e.scopes().iter().all(|s| granted.contains(s)))
        .collect();
    let out = refresh(
        client,
        budget_store,
        clock,
        &mut rec,
        &plan,
        &|_| day,
        Want::Only(plan.clone()),
    )
    .await;
    for e in DAY_ENDPOINTS.iter().filter(|e| !plan.contains(e)) {
        map::mark(*e, &mut rec.snapshot, &Mark::NotShared, false);
    }
    (rec.snapshot, out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::env::{HttpRequest, HttpResponse, NetError};
    use crate::fitbit::auth::session::{Endpoints, Session};
    use crate::fitbit::auth::tokens;
    use crate::model::{Metric, Slot};
    use crate::scope::Scope;
    use crate::testing::*;
    use futures::executor::block_on;
    use std::cell::RefCell;
    use std::rc::Rc;

    const T0: i64 = 1_795_262_400_000; // 2026-11-21T09:20:00Z
    type TestClient = Client<MemStore, FakeHttp, FakeClock, FakeLocks>;

    type Faults = Rc<RefCell<Vec<(&'static str, Result<HttpResponse, NetError>)>>>;

    struct World {
        client: TestClient,
        http: FakeHttp,
        store: MemStore,
        clock: FakeClock,
        faults: Faults,
    }

    fn world(scopes: &str) -> World {
        let faults: Faults = Rc::default();
        let f = faults.clone();
        let http = FakeHttp::new(move |req: &HttpRequest| {
            let hit = f.borrow().iter().position(|(p, _)| req.url.contains(p));
            if let Some(i) = hit {
                return f.borrow_mut().remove(i).1;
            }
            json(200, &fixture_answer(&req.url))
        });
        let store = MemStore::default();
        let clock = FakeClock::at(T0);
        let body = format!(
            r#"{{"access_token":"at","expires_in":28800,"refresh_token":"rt","scope":"{scopes}","token_type":"Bearer","user_id":"U"}}"#
        );
        tokens::save(
            &store,
            &tokens::parse_token_response(json(200, &body), "C", T0, &Default::default()).unwrap(),
        )
        .unwrap();
        let session = Session::new(
            store.clone(),
            http.clone(),
            clock.clone(),
            FakeLocks::default(),
            Endpoints {
                token_url: "https://api.fitbit.com/oauth2/token".into(),
                revoke_url: "https://api.fitbit.com/oauth2/revoke".into(),
            },
        );
        World {
            client: Client {
                session,
                http: http.clone(),
                api_origin: "https://api.fitbit.com".into(),
            },
            http,
            store,
            clock,
            faults,
        }
    }

    fn all_scopes() -> String {
        Scope::ALL
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn today() -> Date {
        Date::from_ymd(2026, 11, 21).unwrap()
    }

    fn run(w: &World, rec: &mut CacheRecord, plan: &[Endpoint]) -> Outcome {
        block_on(refresh(
            &w.client,
            &w.store,
            &w.clock,
            rec,
            plan,
            &|_| today(),
            Want::Stale,
        ))
    }

    #[test]
    fn a_cold_full_load_is_18_distinct_requests_and_a_fresh_reload_sends_none() {
        let w = world(&all_scopes());
        let mut rec = CacheRecord::new("U", today());
        let out = run(&w, &mut rec, &Endpoint::ALL);
        let urls: Vec<String> = w.http.log.borrow().iter().map(|r| r.url.clone()).collect();
        assert_eq!(urls.len(), 18);
        let mut unique = urls.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), 18, "no duplicate requests");
        assert_eq!(out.requested.len(), 18);
        assert!(matches!(rec.snapshot.sleep, Slot::Ready(_)));
        assert_eq!(
            rec.snapshot.series(Metric::SkinTemperatureDelta),
            &Slot::NoData
        );
        // Straight away again (a reload within the freshness window): nothing is sent.
        w.clock.advance(60_000);
        let again = run(&w, &mut rec, &Endpoint::ALL);
        assert!(again.requested.is_empty());
        assert_eq!(w.http.log.borrow().len(), 18);
        // 16 minutes later only the quarter-hourly endpoints are due.
        w.clock.advance(15 * 60_000);
        let later = run(&w, &mut rec, &Endpoint::ALL);
        assert_eq!(later.requested.len(), 8, "{:?}", later.requested);
        assert!(!later.requested.contains(&Endpoint::Sleep));
    }

    #[test]
    fn a_new_day_makes_everything_stale_and_drops_yesterdays_today_values() {
        let w = world(&all_scopes());
        let mut rec = CacheRecord::new("U", today().add_days(-1));
        let yesterday = |_: &CacheRecord| today().add_days(-1);
        block_on(refresh(
            &w.client,
            &w.store,
            &w.clock,
            &mut rec,
            &[Endpoint::FoodLog, Endpoint::Sleep],
            &yesterday,
            Want::Stale,
        ));
        assert!(
            matches!(rec.snapshot.nutrition, Slot::Ready(_)),
            "yesterday's food log"
        );
        assert_eq!(stale(&Endpoint::ALL, &rec, today(), T0).len(), 18);
        run(&w, &mut rec, &[Endpoint::Sleep]);
        assert_eq!(rec.snapshot.today, today());
        assert_eq!(
            rec.snapshot.nutrition,
            Slot::Loading,
            "yesterday's food log does not pose as today's"
        );
        assert!(
            matches!(rec.snapshot.sleep, Slot::Ready(_)),
            "nothing is wiped"
        );
        assert!(!rec.fetched.contains_key(&Endpoint::FoodLog));
    }

    #[test]
    fn a_new_day_with_every_request_failing_keeps_every_stored_value() {
        use crate::history::History;
        let w = world(&all_scopes());
        let mut rec = CacheRecord::new("U", today().add_days(-1));
        let mut history = History::default();
        let yesterday = |_: &CacheRecord| today().add_days(-1);
        let out = block_on(refresh(
            &w.client,
            &w.store,
            &w.clock,
            &mut rec,
            &Endpoint::ALL,
            &yesterday,
            Want::Stale,
        ));
        history.absorb(
            Origin::Fitbit,
            &rec.snapshot,
            &CacheRecord::applied_needs(&out),
        );
        let mut before = rec.snapshot.clone();
        history.paint(&mut before);
        // A new day, and Fitbit answers 500 to everything.
        for _ in 0..18 {
            w.faults.borrow_mut().push(("", json(500, "{}")));
        }
        let out = run(&w, &mut rec, &Endpoint::ALL);
        assert!(out.unreachable && out.applied.is_empty(), "{out:?}");
        assert_eq!(
            out.requested.len(),
            17,
            "all but the profile, fresh for the day"
        );
        history.absorb(
            Origin::Fitbit,
            &rec.snapshot,
            &CacheRecord::applied_needs(&out),
        );
        let mut shown = rec.snapshot.clone();
        history.paint(&mut shown);
        assert_eq!(shown.today, today());
        for (m, slot) in &before.series {
            if slot.ready().is_some() {
                assert_eq!(shown.series(*m), slot, "{m:?} kept");
            }
        }
        for (a, b) in [
            (
                &before.devices.ready().is_some(),
                &shown.devices.ready().is_some(),
            ),
            (
                &before.friends.ready().is_some(),
                &shown.friends.ready().is_some(),
            ),
        ] {
            assert_eq!(a, b);
        }
        assert_eq!(shown.sleep, before.sleep);
        assert_eq!(shown.exercises, before.exercises);
        assert_eq!(shown.profile, before.profile);
        // Yesterday's food and zones are still shown, dated, not as today's.
        assert_eq!(shown.nutrition, before.nutrition);
        assert_eq!(shown.heart_zones, before.heart_zones);
        assert_eq!(
            shown.dated.get(&Need::Nutrition),
            Some(&today().add_days(-1))
        );
        assert_eq!(
            shown.dated.get(&Need::HeartZones),
            Some(&today().add_days(-1))
        );
    }

    #[test]
    fn a_429_stops_all_requests_until_the_reset() {
        let w = world(&all_scopes());
        w.faults.borrow_mut().push((
            "/profile.json",
            json(
                429,
                r#"{"errors":[{"errorType":"system","message":"Too Many Requests"}]}"#,
            ),
        ));
        let mut rec = CacheRecord::new("U", today());
        let out = run(&w, &mut rec, &[Endpoint::Profile]);
        let until = out.rate_limited_until_ms.expect("rate limited");
        assert!(until > T0);
        // Next refresh, even forced: nothing is sent before the reset.
        let sent = w.http.log.borrow().len();
        let out2 = block_on(refresh(
            &w.client,
            &w.store,
            &w.clock,
            &mut rec,
            &Endpoint::ALL,
            &|_| today(),
            Want::Manual,
        ));
        assert!(out2.requested.is_empty());
        assert_eq!(w.http.log.borrow().len(), sent, "no retry storm");
        w.clock.advance(until - T0);
        assert!(!run(&w, &mut rec, &[Endpoint::Profile]).requested.is_empty());
    }

    #[test]
    fn server_errors_and_network_failures_keep_cached_data() {
        let w = world(&all_scopes());
        let mut rec = CacheRecord::new("U", today());
        run(&w, &mut rec, &[Endpoint::Sleep, Endpoint::Devices]);
        let cached_sleep = rec.snapshot.sleep.clone();
        w.clock.advance(2 * 3_600_000);
        w.faults
            .borrow_mut()
            .push(("/sleep/", json(503, "<html>unavailable</html>")));
        w.faults.borrow_mut().push((
            "/devices.json",
            Err(NetError::Failed("Failed to fetch".into())),
        ));
        let out = run(&w, &mut rec, &[Endpoint::Sleep, Endpoint::Devices]);
        assert!(out.unreachable);
        assert_eq!(rec.snapshot.sleep, cached_sleep, "cached sleep still shown");
        assert!(matches!(rec.snapshot.devices, Slot::Ready(_)));
        assert!(tokens::current(&w.store).is_some(), "tokens kept");
    }

    #[test]
    fn malformed_json_breaks_only_the_widget_that_needed_it() {
        let w = world(&all_scopes());
        w.faults.borrow_mut().push((
            "/activities/steps/",
            json(200, r#"{"activities-steps": [{"dateTime": "20"#),
        ));
        let mut rec = CacheRecord::new("U", today());
        run(&w, &mut rec, &[Endpoint::Steps, Endpoint::Sleep]);
        assert!(matches!(
            rec.snapshot.series(Metric::Steps),
            Slot::Failed(_)
        ));
        assert!(matches!(rec.snapshot.sleep, Slot::Ready(_)));
        assert!(
            !rec.fetched.contains_key(&Endpoint::Steps),
            "retried next time"
        );
    }

    #[test]
    fn gone_means_retired_and_a_403_scope_means_not_shared() {
        let w = world(&all_scopes());
        w.faults.borrow_mut().push((
            "/profile.json",
            json(
                410,
                r#"{"error":{"code":410,"message":"gone","status":"NOT_FOUND"}}"#,
            ),
        ));
        w.faults.borrow_mut().push((
            "/spo2/",
            json(
                403,
                r#"{"errors":[{"errorType":"insufficient_scope","message":"no"}]}"#,
            ),
        ));
        let mut rec = CacheRecord::new("U", today());
        let out = run(&w, &mut rec, &[Endpoint::Profile, Endpoint::Spo2]);
        assert!(out.retired);
        assert_eq!(
            rec.snapshot.series(Metric::OxygenSaturation),
            &Slot::NotShared
        );
    }

    #[test]
    fn a_low_budget_defers_non_essential_refreshes() {
        let w = world(&all_scopes());
        let mut b = Budget::load(&w.store, T0);
        b.used = super::super::rate::LIMIT - 5;
        b.save(&w.store);
        let mut rec = CacheRecord::new("U", today());
        let out = run(&w, &mut rec, &Endpoint::ALL);
        assert_eq!(out.requested.len(), 3, "{:?}", out.requested);
        assert!(out.requested.iter().all(|e| e.essential()));
        assert!(out.deferred_until_ms.is_some());
    }

    #[test]
    fn a_previous_day_costs_three_requests_and_shows_that_days_values() {
        let w = world(&all_scopes());
        let mut rec = CacheRecord::new("U", today());
        run(&w, &mut rec, &Endpoint::ALL);
        let before = w.http.log.borrow().len();
        let day = today().add_days(-5);
        let (snap, out) = block_on(load_day(
            &w.client,
            &w.store,
            &w.clock,
            &rec.snapshot,
            &Scope::ALL,
            day,
        ));
        assert_eq!(out.requested.len(), 3);
        let urls: Vec<String> = w.http.log.borrow()[before..]
            .iter()
            .map(|r| r.url.clone())
            .collect();
        assert!(
            urls.iter().all(|u| u.contains(&day.to_string())),
            "{urls:?}"
        );
        assert_eq!(snap.today, day);
        assert!(snap
            .series(Metric::Distance)
            .ready()
            .unwrap()
            .on(day)
            .is_some());
        assert!(matches!(snap.nutrition, Slot::Ready(_)));
        assert_eq!(
            rec.snapshot.today,
            today(),
            "the cached record is untouched"
        );
        // Without nutrition shared, that part says so and is not requested.
        let (s2, out2) = block_on(load_day(
            &w.client,
            &w.store,
            &w.clock,
            &rec.snapshot,
            &[Scope::Activity],
            day,
        ));
        assert_eq!(out2.requested, vec![Endpoint::DailySummary]);
        assert_eq!(s2.nutrition, Slot::NotShared);
    }

    #[test]
    fn intraday_on_a_client_app_explains_the_personal_app_requirement() {
        let w = world(&all_scopes());
        w.faults.borrow_mut().push((
            "/1d/15min",
            json(
                403,
                r#"{"errors":[{"errorType":"insufficient_permissions","message":"Intraday"}]}"#,
            ),
        ));
        let mut rec = CacheRecord::new("U", today());
        run(
            &w,
            &mut rec,
            &[Endpoint::StepsIntraday, Endpoint::HeartIntraday],
        );
        assert!(
            matches!(&rec.snapshot.intraday[&crate::model::Intraday::Steps], Slot::Failed(m) if m.contains("Personal"))
        );
        assert!(matches!(
            rec.snapshot.intraday[&crate::model::Intraday::HeartRate],
            Slot::Ready(_)
        ));
    }

    #[test]
    fn the_persons_today_follows_their_profile_time_zone() {
        // 2026-11-21T23:30Z is already the 22nd in Berlin and still the 21st in Los Angeles.
        let now = 1_795_303_800_000;
        let device = today();
        let mut rec = CacheRecord::new("U", device);
        assert_eq!(
            super::today(&rec, now, |_| None, device),
            device,
            "nothing known: the device's date"
        );
        rec.utc_offset_ms = Some(3_600_000);
        assert_eq!(
            super::today(&rec, now, |_| None, device).to_string(),
            "2026-11-22"
        );
        rec.utc_offset_ms = Some(-28_800_000);
        assert_eq!(
            super::today(&rec, now, |_| None, device).to_string(),
            "2026-11-21"
        );
        // The zone wins over the fixed offset (which is wrong across a DST change).
        rec.time_zone = Some("Europe/Berlin".into());
        let zone =
            |tz: &str| (tz == "Europe/Berlin").then(|| Date::from_ymd(2026, 11, 22).unwrap());
        assert_eq!(
            super::today(&rec, now, zone, device).to_string(),
            "2026-11-22"
        );
    }

    #[test]
    fn a_first_load_asks_for_the_profile_first_and_dates_everything_in_the_persons_zone() {
        let w = world(&all_scopes());
        let mut rec = CacheRecord::new("U", today());
        // The device thinks it is the 21st; in the profile's zone it is already the 22nd.
        let in_zone = |r: &CacheRecord| {
            if r.time_zone.is_some() {
                today().add_days(1)
            } else {
                today()
            }
        };
        let out = block_on(refresh(
            &w.client,
            &w.store,
            &w.clock,
            &mut rec,
            &Endpoint::ALL,
            &in_zone,
            Want::Stale,
        ));
        assert_eq!(out.requested.len(), 18);
        let urls: Vec<String> = w.http.log.borrow().iter().map(|r| r.url.clone()).collect();
        assert!(urls[0].ends_with("/profile.json"), "{urls:?}");
        assert_eq!(rec.time_zone.as_deref(), Some("America/Los_Angeles"));
        assert!(
            urls.iter()
                .all(|u| !u.contains("2026-11-21.json") && !u.contains("/2026-11-21/")),
            "{urls:?}"
        );
        assert!(
            urls.iter().any(|u| u.contains("/date/2026-11-22.json")),
            "{urls:?}"
        );
        assert_eq!(rec.snapshot.today, today().add_days(1));
    }

    #[test]
    fn refresh_sends_only_what_is_old_enough_and_try_again_only_what_the_widget_needs() {
        let w = world(&all_scopes());
        let mut rec = CacheRecord::new("U", today());
        run(&w, &mut rec, &Endpoint::ALL);
        let manual = |w: &World, rec: &mut CacheRecord, want: Want| {
            block_on(refresh(
                &w.client,
                &w.store,
                &w.clock,
                rec,
                &Endpoint::ALL,
                &|_| today(),
                want,
            ))
        };
        // Pressing Refresh right after a load sends nothing; seven presses cannot drain the budget.
        for _ in 0..7 {
            assert!(manual(&w, &mut rec, Want::Manual).requested.is_empty());
        }
        // Six minutes on: what changes through the day, not last night's sleep or the profile.
        w.clock.advance(6 * 60_000);
        let out = manual(&w, &mut rec, Want::Manual);
        assert!(
            out.requested.contains(&Endpoint::DailySummary)
                && out.requested.contains(&Endpoint::Devices)
        );
        assert!(
            !out.requested.contains(&Endpoint::Sleep)
                && !out.requested.contains(&Endpoint::Profile)
        );
        assert_eq!(out.requested.len(), 8, "{:?}", out.requested);
        // A failed part is always due.
        w.faults.borrow_mut().push(("/sleep/", json(503, "<html>")));
        w.clock.advance(61 * 60_000);
        run(&w, &mut rec, &[Endpoint::Sleep]);
        assert!(manual(&w, &mut rec, Want::Manual)
            .requested
            .contains(&Endpoint::Sleep));
        // "Try again" on one widget: just its endpoints, fresh or not.
        let out = manual(&w, &mut rec, Want::Only(vec![Endpoint::Spo2]));
        assert_eq!(out.requested, vec![Endpoint::Spo2]);
    }

    #[test]
    fn a_route_goes_through_the_budget_is_thinned_and_respects_a_429() {
        let w = world(&all_scopes());
        let track: String = (0..2000).map(|i| format!("<Trackpoint><Position><LatitudeDegrees>{}</LatitudeDegrees><LongitudeDegrees>13.4</LongitudeDegrees></Position></Trackpoint>", 52.0 + i as f64 * 1e-4)).collect();
        let tcx = format!("<TrainingCenterDatabase><Activities><Activity><Lap><Track>{track}</Track></Lap></Activity></Activities></TrainingCenterDatabase>");
        w.faults.borrow_mut().push((".tcx", json(200, &tcx)));
        let points = block_on(route(&w.client, &w.store, &w.clock, 42)).unwrap();
        assert_eq!(points.len(), ROUTE_POINTS);
        assert_eq!(points[0].0, 52.0);
        assert!(
            (points[ROUTE_POINTS - 1].0 - (52.0 + 1999.0 * 1e-4)).abs() < 1e-9,
            "the end of the track is kept"
        );
        assert_eq!(
            Budget::load(&w.store, T0).used,
            1,
            "spent from the shared budget"
        );
        w.faults.borrow_mut().push((
            ".tcx",
            json(
                429,
                r#"{"errors":[{"errorType":"system","message":"Too Many Requests"}]}"#,
            ),
        ));
        assert!(matches!(
            block_on(route(&w.client, &w.store, &w.clock, 42)),
            Err(RouteError::Limited { .. })
        ));
        let sent = w.http.log.borrow().len();
        assert!(matches!(
            block_on(route(&w.client, &w.store, &w.clock, 42)),
            Err(RouteError::Limited { .. })
        ));
        assert_eq!(
            w.http.log.borrow().len(),
            sent,
            "nothing sent while blocked"
        );
    }
}
