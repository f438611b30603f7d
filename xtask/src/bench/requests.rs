//! Fitbit requests, counted by running the app's own planner, freshness rules, rate budget and
//! sync code natively against the fixture data on a simulated clock.

use futures::executor::block_on;
use pulsedeck::date::Date;
use pulsedeck::fitbit::auth::session::{Endpoints, Session};
use pulsedeck::fitbit::auth::tokens;
use pulsedeck::fitbit::client::Client;
use pulsedeck::fitbit::endpoints::Endpoint;
use pulsedeck::fitbit::sync::{refresh, CacheRecord, Want};
use pulsedeck::scope::Scope;
use pulsedeck::testing::{fixture_answer, json, FakeClock, FakeHttp, FakeLocks, MemStore};

const T0: i64 = 1_795_262_400_000; // a Saturday morning, on the hour
const MINUTE: i64 = 60_000;
/// The default auto-refresh interval (`prefs::refresh_minutes`).
const POLL_MINUTES: i64 = 15;

type BenchClient = Client<MemStore, FakeHttp, FakeClock, FakeLocks>;

/// A client signed in with every scope granted, Fitbit answering from the fixtures, at `T0`.
fn signed_in() -> (BenchClient, FakeHttp, MemStore, FakeClock) {
    let http = FakeHttp::new(|r| json(200, &fixture_answer(&r.url)));
    let store = MemStore::default();
    let clock = FakeClock::at(T0);
    let scopes = Scope::ALL
        .iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    let body = format!(
        r#"{{"access_token":"a","expires_in":28800,"refresh_token":"r","scope":"{scopes}","token_type":"Bearer","user_id":"U"}}"#
    );
    tokens::save(
        &store,
        &tokens::parse_token_response(json(200, &body), "C", T0, &Default::default())
            .expect("token"),
    )
    .expect("save");
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
    let client = Client {
        session,
        http: http.clone(),
        api_origin: "https://api.fitbit.com".into(),
    };
    (client, http, store, clock)
}

pub fn print() {
    let (client, http, store, clock) = signed_in();
    let today = Date::from_unix_millis(T0, 0);
    let shown = pulsedeck::fitbit::endpoints::plan(
        &pulsedeck::layout::Layout::default().needs(false),
        &Scope::ALL,
    );
    let sent = || http.log.borrow().len();
    // Every tab reads and writes the same cache record (localStorage is shared).
    let mut rec = CacheRecord::new("U", today);
    let load = |rec: &mut CacheRecord, plan: &[Endpoint], want: Want| {
        let before = sent();
        block_on(refresh(
            &client,
            &store,
            &clock,
            rec,
            plan,
            &|_| today,
            want,
        ));
        sent() - before
    };

    let full = load(&mut rec, &Endpoint::ALL, Want::Stale);
    let dashboard = load(&mut CacheRecord::new("U", today), &shown, Want::Manual);
    let reload = load(&mut rec, &Endpoint::ALL, Want::Stale);
    // The person presses Refresh seven times within a minute of the load.
    let mut clicks = 0;
    for _ in 0..7 {
        clock.advance(8_000);
        clicks += load(&mut rec, &shown, Want::Manual);
    }
    // Three tabs open at once: the first loads, the other two paint from the shared cache.
    let tabs_open =
        load(&mut rec, &Endpoint::ALL, Want::Stale) + load(&mut rec, &Endpoint::ALL, Want::Stale);
    // One leader tab refreshes every POLL_MINUTES; the others receive its results.
    let mut hour = 0;
    let mut later_hour = 0;
    for k in 1..=(120 / POLL_MINUTES) {
        clock.advance(POLL_MINUTES * MINUTE);
        let n = load(&mut rec, &Endpoint::ALL, Want::Stale);
        if k * POLL_MINUTES < 60 {
            hour += n;
        } else if k * POLL_MINUTES >= 60 && k * POLL_MINUTES < 120 {
            later_hour += n;
        }
    }
    println!("\nFitbit requests (simulated with the app's planner and freshness rules, every scope granted):");
    println!("  cold load, every endpoint the data layer knows       {full:>4}  (limit: 18, no duplicates)");
    println!("  cold load, every widget shown (the default)          {dashboard:>4}");
    println!("  reload within the freshness window                   {reload:>4}");
    println!("  two more tabs opened right after                     {tabs_open:>4}");
    println!("  Refresh pressed 7 times in the minute after a load   {clicks:>4}");
    println!(
        "  first hour, 3 tabs, auto-refresh every {POLL_MINUTES} min      {:>4}  (budget: 150)",
        full + hour
    );
    println!("  each later hour, 3 tabs, auto-refresh every {POLL_MINUTES} min {later_hour:>4}");
}
