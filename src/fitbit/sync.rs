//! One refresh of the dashboard's data: decide what is stale, spend the request budget on it,
//! apply the answers to the cached snapshot. Generic over the env traits, so it runs under
//! native tests with a scripted Fitbit.

use super::client::{ApiError, Client};
use super::endpoints::Endpoint;
use super::map::{self, Mark};
use super::rate::Budget;
use crate::auth::session::AuthError;
use crate::auth::tokens::TokenError;
use crate::date::Date;
use crate::env::{Clock, Http, KvStore, Locks};
use crate::model::{Origin, Snapshot};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Bumped whenever the stored shape changes. Version 2 is the first that shipped (1 only
/// existed in unreleased builds), so there is nothing older to migrate yet; a record of a
/// newer version belongs to a newer tab and is neither read nor overwritten.
pub const CACHE_VERSION: u32 = 2;

/// What this browser keeps for one person: the last snapshot and when each part was fetched.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CacheRecord {
    pub v: u32,
    pub user_id: String,
    pub snapshot: Snapshot,
    pub fetched: BTreeMap<Endpoint, i64>,
    /// The person's UTC offset from their profile, for their own "today".
    pub utc_offset_ms: Option<i64>,
}

impl CacheRecord {
    pub fn new(user_id: &str, today: Date) -> CacheRecord {
        CacheRecord {
            v: CACHE_VERSION,
            user_id: user_id.into(),
            snapshot: Snapshot::loading(Origin::Fitbit, today),
            fetched: BTreeMap::new(),
            utc_offset_ms: None,
        }
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

    /// The oldest fetch time of the planned parts (for "data from 10:42").
    pub fn oldest_fetch(&self, plan: &[Endpoint]) -> Option<i64> {
        plan.iter().filter_map(|e| self.fetched.get(e)).min().copied()
    }
}

/// The person's "today": their profile's time zone when known, else this device's.
pub fn today(now_ms: i64, utc_offset_ms: Option<i64>, device_today: Date) -> Date {
    utc_offset_ms.map_or(device_today, |off| Date::from_unix_millis(now_ms, off))
}

/// The planned endpoints whose answer is missing or older than its freshness window. A new
/// day makes everything stale.
pub fn stale(plan: &[Endpoint], rec: &CacheRecord, today: Date, now_ms: i64) -> Vec<Endpoint> {
    if rec.snapshot.today != today {
        return plan.to_vec();
    }
    plan.iter().copied().filter(|e| rec.fetched.get(e).is_none_or(|t| now_ms - t >= e.max_age_ms())).collect()
}

/// What a refresh did, for the UI to explain.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Outcome {
    pub requested: Vec<Endpoint>,
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
    pub auth_problem: Option<crate::auth::tokens::TokenError>,
    pub session_ended: bool,
    pub signed_out: bool,
    /// The last readable remaining count.
    pub budget_left: u32,
}

/// Fetches the stale part of `plan` (all of it with `force`) into `rec`.
pub async fn refresh<S, H, C, L>(
    client: &Client<S, H, C, L>,
    budget_store: &impl KvStore,
    clock: &impl Clock,
    rec: &mut CacheRecord,
    plan: &[Endpoint],
    today: Date,
    force: bool,
) -> Outcome
where
    S: KvStore + 'static,
    H: Http + 'static,
    C: Clock + 'static,
    L: Locks + 'static,
{
    let now = clock.now_ms();
    let mut out = Outcome::default();
    if rec.snapshot.today != today {
        // A new day: yesterday's "today" values must not pose as today's.
        let mut fresh = Snapshot::loading(Origin::Fitbit, today);
        fresh.profile = rec.snapshot.profile.clone();
        fresh.units = rec.snapshot.units;
        fresh.height_m = rec.snapshot.height_m;
        rec.snapshot = fresh;
        rec.fetched.clear();
    }
    let todo = if force { plan.to_vec() } else { stale(plan, rec, today, now) };

    // Decide what may be sent before sending anything (the budget is shared by all tabs).
    let mut budget = Budget::load(budget_store, now);
    let mut send = Vec::new();
    for e in todo {
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
    let answers = futures::future::join_all(send.iter().zip(&paths).map(|(e, p)| client.get(p, e.scopes()))).await;
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
                        if e == Endpoint::Profile {
                            rec.utc_offset_ms = map::utc_offset_ms(&res.body).or(rec.utc_offset_ms);
                        }
                    }
                    // Only the widgets that needed this answer break.
                    Err(_) => map::mark(e, &mut rec.snapshot, &Mark::Failed("Fitbit sent data pulsedeck could not read.".into()), false),
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
                map::mark(e, &mut rec.snapshot, &Mark::Failed("Could not load this from Fitbit. Try again later.".into()), true);
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
            Err(other) => map::mark(e, &mut rec.snapshot, &Mark::Failed(other.message()), true),
        }
    }
    out.budget_left = budget.remaining();
    budget.save(budget_store);
    out
}

/// Endpoints whose answer depends on the day viewed (the rest cover the last 30 days already).
pub const DAY_ENDPOINTS: [Endpoint; 3] = [Endpoint::DailySummary, Endpoint::FoodLog, Endpoint::Heart];

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
    let plan: Vec<Endpoint> = DAY_ENDPOINTS.into_iter().filter(|e| e.scopes().iter().all(|s| granted.contains(s))).collect();
    let out = refresh(client, budget_store, clock, &mut rec, &plan, day, true).await;
    for e in DAY_ENDPOINTS.iter().filter(|e| !plan.contains(e)) {
        map::mark(*e, &mut rec.snapshot, &Mark::NotShared, false);
    }
    (rec.snapshot, out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::session::{Endpoints, Session};
    use crate::auth::tokens;
    use crate::env::{HttpRequest, HttpResponse, NetError};
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
        let body = format!(r#"{{"access_token":"at","expires_in":28800,"refresh_token":"rt","scope":"{scopes}","token_type":"Bearer","user_id":"U"}}"#);
        tokens::save(&store, &tokens::parse_token_response(json(200, &body), "C", T0, &Default::default()).unwrap()).unwrap();
        let session = Session::new(
            store.clone(),
            http.clone(),
            clock.clone(),
            FakeLocks::default(),
            Endpoints { token_url: "https://api.fitbit.com/oauth2/token".into(), revoke_url: "https://api.fitbit.com/oauth2/revoke".into() },
        );
        World { client: Client { session, http: http.clone(), api_origin: "https://api.fitbit.com".into() }, http, store, clock, faults }
    }

    fn all_scopes() -> String {
        Scope::ALL.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(" ")
    }

    fn today() -> Date {
        Date::from_ymd(2026, 11, 21).unwrap()
    }

    fn run(w: &World, rec: &mut CacheRecord, plan: &[Endpoint]) -> Outcome {
        block_on(refresh(&w.client, &w.store, &w.clock, rec, plan, today(), false))
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
        assert_eq!(rec.snapshot.series(Metric::SkinTemperatureDelta), &Slot::NoData);
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
        rec.fetched.insert(Endpoint::Sleep, T0);
        assert_eq!(stale(&Endpoint::ALL, &rec, today(), T0).len(), 18);
        run(&w, &mut rec, &[Endpoint::Sleep]);
        assert_eq!(rec.snapshot.today, today());
    }

    #[test]
    fn a_429_stops_all_requests_until_the_reset() {
        let w = world(&all_scopes());
        w.faults.borrow_mut().push(("/profile.json", json(429, r#"{"errors":[{"errorType":"system","message":"Too Many Requests"}]}"#)));
        let mut rec = CacheRecord::new("U", today());
        let out = run(&w, &mut rec, &[Endpoint::Profile]);
        let until = out.rate_limited_until_ms.expect("rate limited");
        assert!(until > T0);
        // Next refresh, even forced: nothing is sent before the reset.
        let sent = w.http.log.borrow().len();
        let out2 = block_on(refresh(&w.client, &w.store, &w.clock, &mut rec, &Endpoint::ALL, today(), true));
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
        w.faults.borrow_mut().push(("/sleep/", json(503, "<html>unavailable</html>")));
        w.faults.borrow_mut().push(("/devices.json", Err(NetError::Failed("Failed to fetch".into()))));
        let out = run(&w, &mut rec, &[Endpoint::Sleep, Endpoint::Devices]);
        assert!(out.unreachable);
        assert_eq!(rec.snapshot.sleep, cached_sleep, "cached sleep still shown");
        assert!(matches!(rec.snapshot.devices, Slot::Ready(_)));
        assert!(tokens::current(&w.store).is_some(), "tokens kept");
    }

    #[test]
    fn malformed_json_breaks_only_the_widget_that_needed_it() {
        let w = world(&all_scopes());
        w.faults.borrow_mut().push(("/activities/steps/", json(200, r#"{"activities-steps": [{"dateTime": "20"#)));
        let mut rec = CacheRecord::new("U", today());
        run(&w, &mut rec, &[Endpoint::Steps, Endpoint::Sleep]);
        assert!(matches!(rec.snapshot.series(Metric::Steps), Slot::Failed(_)));
        assert!(matches!(rec.snapshot.sleep, Slot::Ready(_)));
        assert!(!rec.fetched.contains_key(&Endpoint::Steps), "retried next time");
    }

    #[test]
    fn gone_means_retired_and_a_403_scope_means_not_shared() {
        let w = world(&all_scopes());
        w.faults.borrow_mut().push(("/profile.json", json(410, r#"{"error":{"code":410,"message":"gone","status":"NOT_FOUND"}}"#)));
        w.faults.borrow_mut().push(("/spo2/", json(403, r#"{"errors":[{"errorType":"insufficient_scope","message":"no"}]}"#)));
        let mut rec = CacheRecord::new("U", today());
        let out = run(&w, &mut rec, &[Endpoint::Profile, Endpoint::Spo2]);
        assert!(out.retired);
        assert_eq!(rec.snapshot.series(Metric::OxygenSaturation), &Slot::NotShared);
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
        let (snap, out) = block_on(load_day(&w.client, &w.store, &w.clock, &rec.snapshot, &Scope::ALL, day));
        assert_eq!(out.requested.len(), 3);
        let urls: Vec<String> = w.http.log.borrow()[before..].iter().map(|r| r.url.clone()).collect();
        assert!(urls.iter().all(|u| u.contains(&day.to_string())), "{urls:?}");
        assert_eq!(snap.today, day);
        assert!(snap.series(Metric::Distance).ready().unwrap().on(day).is_some());
        assert!(matches!(snap.nutrition, Slot::Ready(_)));
        assert_eq!(rec.snapshot.today, today(), "the cached record is untouched");
        // Without nutrition shared, that part says so and is not requested.
        let (s2, out2) = block_on(load_day(&w.client, &w.store, &w.clock, &rec.snapshot, &[Scope::Activity], day));
        assert_eq!(out2.requested, vec![Endpoint::DailySummary]);
        assert_eq!(s2.nutrition, Slot::NotShared);
    }

    #[test]
    fn intraday_on_a_client_app_explains_the_personal_app_requirement() {
        let w = world(&all_scopes());
        w.faults.borrow_mut().push(("/1d/15min", json(403, r#"{"errors":[{"errorType":"insufficient_permissions","message":"Intraday"}]}"#)));
        let mut rec = CacheRecord::new("U", today());
        run(&w, &mut rec, &[Endpoint::StepsIntraday, Endpoint::HeartIntraday]);
        assert!(matches!(&rec.snapshot.intraday[&crate::model::Intraday::Steps], Slot::Failed(m) if m.contains("Personal")));
        assert!(matches!(rec.snapshot.intraday[&crate::model::Intraday::HeartRate], Slot::Ready(_)));
    }

    #[test]
    fn the_persons_today_follows_their_profile_time_zone() {
        // 2026-11-21T23:30Z is already the 22nd in Berlin and still the 21st in Los Angeles.
        let now = 1_795_303_800_000;
        let device = today();
        assert_eq!(super::today(now, Some(3_600_000), device).to_string(), "2026-11-22");
        assert_eq!(super::today(now, Some(-28_800_000), device).to_string(), "2026-11-21");
        assert_eq!(super::today(now, None, device), device);
    }
}
