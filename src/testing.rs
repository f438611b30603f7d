//! Test doubles for the `env` traits: in-memory storage, a settable clock, scripted HTTP and
//! an in-process lock. Shared handles (`Rc`) let two "tabs" use the same storage and lock.
//! Also compiled with the `test-support` feature, for `cargo xtask bench`'s simulations.

use crate::env::{Clock, Http, HttpRequest, HttpResponse, KvStore, Locks, NetError};
use std::cell::{Cell, RefCell};
use std::collections::{HashMap, VecDeque};
use std::future::Future;
use std::rc::Rc;

#[derive(Clone, Default)]
pub struct MemStore {
    map: Rc<RefCell<HashMap<String, String>>>,
    /// Total bytes (keys + values) allowed, like a browser's storage quota.
    quota: Rc<Cell<Option<usize>>>,
}

impl MemStore {
    pub fn with_quota(&self, bytes: usize) {
        self.quota.set(Some(bytes));
    }
    fn used_without(&self, key: &str) -> usize {
        self.map
            .borrow()
            .iter()
            .filter(|(k, _)| *k != key)
            .map(|(k, v)| k.len() + v.len())
            .sum()
    }
}

impl KvStore for MemStore {
    fn get(&self, key: &str) -> Option<String> {
        self.map.borrow().get(key).cloned()
    }
    fn set(&self, key: &str, value: &str) -> Result<(), String> {
        if self
            .quota
            .get()
            .is_some_and(|q| self.used_without(key) + key.len() + value.len() > q)
        {
            return Err("the browser refused to store data (storage full or disabled)".into());
        }
        self.map.borrow_mut().insert(key.into(), value.into());
        Ok(())
    }
    fn remove(&self, key: &str) {
        self.map.borrow_mut().remove(key);
    }
    fn keys(&self) -> Vec<String> {
        self.map.borrow().keys().cloned().collect()
    }
}

#[derive(Clone, Default)]
pub struct FakeClock(Rc<Cell<i64>>);

impl FakeClock {
    pub fn at(ms: i64) -> FakeClock {
        FakeClock(Rc::new(Cell::new(ms)))
    }
    pub fn advance(&self, ms: i64) {
        self.0.set(self.0.get() + ms);
    }
}

impl Clock for FakeClock {
    fn now_ms(&self) -> i64 {
        self.0.get()
    }
}

type Responder = Box<dyn Fn(&HttpRequest) -> Result<HttpResponse, NetError>>;

/// Answers requests with a scripted function and logs them. Each answer can be held back
/// until `release()` so tests can overlap requests.
#[derive(Clone)]
pub struct FakeHttp {
    pub log: Rc<RefCell<Vec<HttpRequest>>>,
    respond: Rc<Responder>,
    gate: Rc<RefCell<Option<VecDeque<futures::channel::oneshot::Sender<()>>>>>,
}

impl FakeHttp {
    pub fn new(
        respond: impl Fn(&HttpRequest) -> Result<HttpResponse, NetError> + 'static,
    ) -> FakeHttp {
        FakeHttp {
            log: Rc::default(),
            respond: Rc::new(Box::new(respond)),
            gate: Rc::default(),
        }
    }
    /// From now on, each request waits for a `release()`.
    pub fn hold(&self) {
        *self.gate.borrow_mut() = Some(VecDeque::new());
    }
    pub fn release_all(&self) {
        if let Some(q) = self.gate.borrow_mut().as_mut() {
            for tx in q.drain(..) {
                let _ = tx.send(());
            }
        }
    }
    /// Releases what waits and stops holding later requests.
    pub fn unhold(&self) {
        self.release_all();
        *self.gate.borrow_mut() = None;
    }
    pub fn count(&self, url_part: &str) -> usize {
        self.log
            .borrow()
            .iter()
            .filter(|r| r.url.contains(url_part))
            .count()
    }
}

impl Http for FakeHttp {
    async fn send(&self, req: HttpRequest) -> Result<HttpResponse, NetError> {
        self.log.borrow_mut().push(req.clone());
        let wait = self.gate.borrow_mut().as_mut().map(|q| {
            let (tx, rx) = futures::channel::oneshot::channel();
            q.push_back(tx);
            rx
        });
        if let Some(rx) = wait {
            let _ = rx.await;
        }
        (self.respond)(&req)
    }
}

pub fn json(status: u16, body: &str) -> Result<HttpResponse, NetError> {
    Ok(HttpResponse {
        status,
        headers: vec![],
        body: body.into(),
    })
}

/// One lock shared by every handle cloned from it, like a Web Lock shared by tabs.
#[derive(Clone, Default)]
pub struct FakeLocks {
    lock: Rc<futures::lock::Mutex<()>>,
    pub acquisitions: Rc<Cell<usize>>,
}

impl Locks for FakeLocks {
    async fn with_lock<T: 'static, F: Future<Output = T> + 'static>(&self, _name: &str, f: F) -> T {
        let _guard = self.lock.lock().await;
        self.acquisitions.set(self.acquisitions.get() + 1);
        f.await
    }
}

/// A sample Fitbit response from `tests/fixtures/fitbit/`.
pub fn fixture(path: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/tests/fixtures/fitbit/{path}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("fixture exists")
}

/// A Fitbit answer from the sample fixtures for a data URL, like the end-to-end mock.
pub fn fixture_answer(url: &str) -> String {
    let table: &[(&str, &str)] = &[
        ("/1d/15min", "Fitbit.NET/IntradayActivitiesSteps.json"),
        (
            "/1d/5min",
            "allenporter-fitbit-web-api/heart_rate_intraday.json",
        ),
        (
            "/profile.json",
            "allenporter-fitbit-web-api/user_profile.json",
        ),
        ("/activities/date/", "Fitbit.NET/GetActivities.json"),
        (
            "/activities/steps/",
            "allenporter-fitbit-web-api/activity_time_series_steps.json",
        ),
        ("/active-zone-minutes/", "Fitbit.NET/ActiveZoneMinutes.json"),
        (
            "/activities/heart/",
            "allenporter-fitbit-web-api/heart_rate_time_series.json",
        ),
        ("/hrv/", "Fitbit.NET/GetHRVSummaryByInterval.json"),
        ("/sleep/", "Fitbit.NET/GetSleepRange.json"),
        ("/body/log/weight/", "Fitbit.NET/GetWeight.json"),
        ("/foods/log/date/", "Fitbit.NET/GetFoodLogs.json"),
        ("/spo2/", "Fitbit.NET/GetSpO2SummaryByInterval.json"),
        ("/br/", "Fitbit.NET/GetBreathingRateSummaryByInterval.json"),
        (
            "/cardioscore/",
            "Fitbit.NET/GetCardioScoreSummaryByInterval.json",
        ),
        ("/devices.json", "allenporter-fitbit-web-api/devices.json"),
        (
            "/activities/list.json",
            "Fitbit.NET/GetActivityLogsList.json",
        ),
    ];
    if let Some((_, f)) = table.iter().find(|(p, _)| url.contains(p)) {
        return fixture(f);
    }
    let synthetic: &[(&str, &str)] = &[
        ("/temp/skin/", r#"{"tempSkin":[]}"#),
        ("/ecg/", r#"{"ecgReadings":[]}"#),
        ("/irn/", r#"{"alerts":[]}"#),
        ("/leaderboard/", r#"{"data":[],"included":[]}"#),
    ];
    synthetic
        .iter()
        .find(|(p, _)| url.contains(p))
        .map(|(_, b)| b.to_string())
        .unwrap_or_else(|| panic!("no fixture for {url}"))
}

/// History parts in memory (the IndexedDB stand-in): a shared ordered map, with a switch that
/// makes the next writes fail (a quota error) to check that a failed save changes nothing.
#[derive(Clone, Default)]
pub struct MemParts {
    map: Rc<RefCell<std::collections::BTreeMap<String, String>>>,
    pub fail_writes: Rc<Cell<bool>>,
    pub writes: Rc<Cell<usize>>,
    /// How often a read let the page breathe.
    pub breaths: Rc<Cell<u32>>,
}

impl MemParts {
    pub fn get(&self, key: &str) -> Option<String> {
        self.map.borrow().get(key).cloned()
    }
    pub fn keys(&self) -> Vec<String> {
        self.map.borrow().keys().cloned().collect()
    }
    pub fn bytes(&self) -> usize {
        self.map
            .borrow()
            .iter()
            .map(|(k, v)| k.len() + v.len())
            .sum()
    }
}

impl crate::history::store::Parts for MemParts {
    async fn read(
        &self,
        prefix: &str,
    ) -> Result<Vec<(String, String)>, crate::history::store::StoreError> {
        Ok(self
            .map
            .borrow()
            .range(prefix.to_string()..)
            .take_while(|(k, _)| k.starts_with(prefix))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect())
    }
    async fn write(
        &self,
        puts: Vec<(String, String)>,
    ) -> Result<(), crate::history::store::StoreError> {
        if self.fail_writes.get() {
            return Err(crate::history::store::StoreError::Quota);
        }
        self.writes.set(self.writes.get() + 1);
        self.map.borrow_mut().extend(puts);
        Ok(())
    }
    async fn delete(&self, prefix: &str) -> Result<(), crate::history::store::StoreError> {
        self.map.borrow_mut().retain(|k, _| !k.starts_with(prefix));
        Ok(())
    }
    async fn breathe(&self) {
        self.breaths.set(self.breaths.get() + 1);
    }
}

/// A captured Google Health API answer (tests/fixtures/google-health/mcp-fitbit-air): the
/// captures wrap it as `{"status":…,"body":…}`, a roll-up's body as `{"request":…,"response":…}`.
pub fn google_capture(name: &str) -> String {
    let text = std::fs::read_to_string(format!(
        "{}/tests/fixtures/google-health/mcp-fitbit-air/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("a capture");
    let v: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    let body = &v["body"];
    if body.get("response").is_some() {
        body["response"].to_string()
    } else {
        body.to_string()
    }
}

/// The Google Health API as the captures show it (settings, a steps roll-up, resting heart
/// rate, sleep, paired devices; an empty list for anything else). `first` may answer any call
/// but the settings before that (a failure, a refusal).
pub fn fake_google(
    first: impl Fn(&str) -> Option<Result<HttpResponse, NetError>> + 'static,
) -> FakeHttp {
    FakeHttp::new(move |req| {
        let u = &req.url;
        if u.ends_with("/settings") {
            return json(200, &google_capture("settings"));
        }
        if let Some(answer) = first(u) {
            return answer;
        }
        let capture = if u.contains("/steps/dataPoints:dailyRollUp") {
            "rollup_steps__nested_date"
        } else if u.contains("daily-resting-heart-rate") {
            "list_daily-resting-heart-rate_nofilter"
        } else if u.contains("/sleep/") {
            "list_sleep"
        } else if u.ends_with("/pairedDevices") {
            "paired_devices"
        } else if u.ends_with("/profile") {
            "profile"
        } else {
            return json(200, r#"{"dataPoints":[]}"#);
        };
        json(200, &google_capture(capture))
    })
}
