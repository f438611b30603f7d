use super::*;
use crate::env::{HttpRequest, HttpResponse, NetError};
use crate::fitbit::auth::session::{Endpoints, Session};
use crate::fitbit::auth::tokens;
use crate::model::{Metric, Need, Origin, Slot};
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
    let zone = |tz: &str| (tz == "Europe/Berlin").then(|| Date::from_ymd(2026, 11, 22).unwrap());
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
        !out.requested.contains(&Endpoint::Sleep) && !out.requested.contains(&Endpoint::Profile)
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
