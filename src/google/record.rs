//! The Google Health API as a source of the history store: its own record (the person's zone
//! and units, when each call was last answered, the devices, a rate-limit pause), which calls
//! are stale, one refresh into the store, and the dashboard painted from the store. Generic
//! over the store's `Parts` and `Http`: runs under native tests; `page.rs` adds the browser.

use super::client::GoogleClient;
use super::plan::Call;
use super::sync::{self, Outcome};
use crate::date::Date;
use crate::env::Http;
use crate::history::store::{self, Parts, StoreError};
use crate::history::History;
use crate::jsontext::Members;
use crate::model::{Device, Metric, Need, Origin, Slot, Snapshot, Vo2Max};
use serde::Serialize;

const RECORD_VERSION: u32 = 1;
/// How long an answer counts as current (Fitbit's quarter-hour, for every data type).
pub const FRESH_MS: i64 = 15 * 60_000;
/// Settings and profile change rarely.
const SLOW_FRESH_MS: i64 = 6 * 3_600_000;
/// After a 429, the next request waits this long (Google counts per minute).
pub const RATE_PAUSE_MS: i64 = 60_000;
/// The days a dashboard refresh asks for; older ones are fetched when a view reaches them.
pub const DASHBOARD_DAYS: u32 = 30;

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Record {
    pub v: u32,
    pub zone: Option<String>,
    /// Each quantity's unit as the settings say (version 1 kept one system's name).
    pub units: Option<crate::units::UnitPrefs>,
    /// (call key, when answered).
    pub fetched: Vec<(String, i64)>,
    pub devices: Vec<Device>,
    /// No request before this (after a 429).
    pub paused_until_ms: i64,
    /// The person's today at the last refresh (a new day makes every call stale).
    pub day: Option<Date>,
    /// Their UTC offset as the settings last said (device sync times are given in UTC).
    pub offset_ms: Option<i64>,
    /// The oldest day from which every data type's history is kept (None: only the
    /// dashboard's 30 days).
    pub back_to: Option<Date>,
    pub profile: Option<crate::model::Profile>,
    /// The year of older history under way: which data types came back whole (a 429 or a
    /// failure stops it there; the next round asks for the rest).
    pub chunk: Option<super::older::Chunk>,
}

impl Record {
    pub fn parse(text: &str) -> Option<Record> {
        let m = Members::new(text)?;
        if m.get::<u32>("v")? != RECORD_VERSION {
            return None;
        }
        Some(Record {
            v: RECORD_VERSION,
            zone: m.get::<Option<String>>("zone").flatten(),
            units: m
                .get::<Option<crate::units::UnitPrefs>>("units")
                .flatten()
                .or_else(|| {
                    let name = m.get::<Option<String>>("units").flatten()?;
                    crate::units::System::parse(&name).map(|s| s.prefs())
                }),
            fetched: m.get("fetched").unwrap_or_default(),
            devices: m.get("devices").unwrap_or_default(),
            paused_until_ms: m.get("paused_until_ms").unwrap_or(0),
            day: m.get::<Option<Date>>("day").flatten(),
            offset_ms: m.get::<Option<i64>>("offset_ms").flatten(),
            back_to: m.get::<Option<Date>>("back_to").flatten(),
            profile: m.get::<Option<crate::model::Profile>>("profile").flatten(),
            chunk: m.get::<Option<super::older::Chunk>>("chunk").flatten(),
        })
    }

    pub(super) fn fetched_at(&self, call: Call) -> Option<i64> {
        self.fetched
            .iter()
            .find(|(k, _)| *k == call.key())
            .map(|(_, t)| *t)
    }

    /// When the data shown was fetched: the oldest answer of `plan` (None: some never came).
    pub fn oldest(&self, plan: &[Call]) -> Option<i64> {
        plan.iter()
            .map(|c| self.fetched_at(*c))
            .collect::<Option<Vec<i64>>>()?
            .into_iter()
            .min()
    }

    /// The newest answer of any call.
    pub fn newest(&self) -> Option<i64> {
        self.fetched.iter().map(|(_, t)| *t).max()
    }

    pub(super) fn answered(&mut self, call: Call, now_ms: i64) {
        self.fetched.retain(|(k, _)| *k != call.key());
        self.fetched.push((call.key(), now_ms));
    }
}

/// The calls of `plan` whose last answer is older than they stay current (all of them on a
/// new day, so "today" is never yesterday's numbers).
pub fn stale(plan: &[Call], rec: &Record, now_ms: i64, new_day: bool) -> Vec<Call> {
    plan.iter()
        .copied()
        .filter(|c| {
            let fresh = if matches!(c, Call::Settings | Call::Profile) {
                SLOW_FRESH_MS
            } else {
                FRESH_MS
            };
            new_day || rec.fetched_at(*c).is_none_or(|t| now_ms - t >= fresh)
        })
        .collect()
}

/// What a refresh or a load of the store leaves on screen.
#[derive(Clone, Debug, PartialEq)]
pub struct Shown {
    pub snap: Snapshot,
    pub rec: Record,
}

/// The dashboard from what the store keeps for `account`: history painted over `fetched` (the
/// answers of a refresh just made, failures marked there), what no Google call serves said as
/// not available, and what was asked and came back empty as no data.
pub fn paint(mut snap: Snapshot, history: &History, rec: &Record, plan: &[Call]) -> Snapshot {
    history.paint(&mut snap);
    if matches!(snap.devices, Slot::Loading) && rec.fetched_at(Call::Devices).is_some() {
        snap.devices = if rec.devices.is_empty() {
            Slot::NoData
        } else {
            Slot::Ready(rec.devices.clone())
        };
    }
    if matches!(snap.profile, Slot::Loading) {
        if let Some(p) = &rec.profile {
            snap.profile = Slot::Ready(p.clone());
        }
    }
    if snap.units.is_none() {
        snap.units = rec.units;
    }
    // Cardio fitness is the VO2 max series (Google gives one estimate a day, not a range).
    if let Some(s) = snap.series(Metric::Vo2Max).ready() {
        snap.cardio_fitness = Slot::Ready(
            s.points
                .iter()
                .map(|p| Vo2Max {
                    date: p.date,
                    low: p.value,
                    high: p.value,
                })
                .collect(),
        );
    } else if let Slot::Failed(m) = snap.series(Metric::Vo2Max) {
        snap.cardio_fitness = Slot::Failed(m.clone());
    }
    // Slots still loading: answered already (nothing there), or no call of Google serves them.
    let settled =
        |c: Option<Call>| c.is_none_or(|c| !plan.contains(&c) || rec.fetched_at(c).is_some());
    let settle = |slot_loading: bool, c: Option<Call>| slot_loading && settled(c);
    for m in Metric::ALL {
        if settle(
            matches!(snap.series(m), Slot::Loading),
            Call::for_need(Need::Series(m)),
        ) {
            snap.series.insert(m, Slot::NoData);
        }
    }
    macro_rules! settle_slot {
        ($($field:ident: $need:expr),*) => {$(
            if settle(matches!(snap.$field, Slot::Loading), Call::for_need($need)) {
                snap.$field = Slot::NoData;
            }
        )*};
    }
    settle_slot!(sleep: Need::Sleep, devices: Need::Devices, profile: Need::Profile, exercises: Need::Exercises, cardio_fitness: Need::CardioFitness,
        ecg: Need::Ecg, rhythm_alerts: Need::RhythmAlerts, friends: Need::Friends, nutrition: Need::Nutrition, heart_zones: Need::HeartZones);
    for k in crate::model::Intraday::ALL {
        snap.intraday.entry(k).or_insert(Slot::NoData);
    }
    snap
}

/// The store's view of `account` on the person's today (in their zone, once known): no request.
pub async fn load(
    p: &impl Parts,
    plan: &[Call],
    device_today: Date,
    zone_today: &dyn Fn(&str) -> Option<Date>,
) -> Result<Shown, StoreError> {
    let k = kept(p, device_today, zone_today).await?;
    let today = k.today;
    shown(p, plan, k, Snapshot::loading(Origin::GoogleHealth, today)).await
}

/// What the store keeps for `account`, read once (a refresh re-reads it: another tab may just
/// have fetched).
async fn kept(
    p: &impl Parts,
    device_today: Date,
    zone_today: &dyn Fn(&str) -> Option<Date>,
) -> Result<Kept, StoreError> {
    let person = crate::history::person::ME.prefix.to_string();
    let loaded = store::load_parts(p, &person).await?;
    let rec = loaded
        .live(Origin::GoogleHealth)
        .and_then(Record::parse)
        .unwrap_or_else(|| Record {
            v: RECORD_VERSION,
            ..Record::default()
        });
    let today = rec
        .zone
        .as_deref()
        .and_then(zone_today)
        .unwrap_or(device_today);
    Ok(Kept {
        person,
        history: loaded.history,
        rec,
        today,
    })
}

/// `snap` painted with what is kept, the curves of its day read.
async fn shown(
    p: &impl Parts,
    plan: &[Call],
    mut k: Kept,
    snap: Snapshot,
) -> Result<Shown, StoreError> {
    store::load_curves(p, &k.person, &mut k.history, snap.today).await?;
    Ok(Shown {
        snap: paint(snap, &k.history, &k.rec, plan),
        rec: k.rec,
    })
}

/// What a refresh works with: the store, Google, whose data, what the dashboard needs, the clock.
pub struct Ask<'a, P, H> {
    pub parts: &'a P,
    pub client: &'a GoogleClient<H>,
    pub token: &'a str,
    pub account: &'a str,
    pub plan: &'a [Call],
    pub now_ms: i64,
    pub device_today: Date,
    pub zones: &'a sync::Zones<'a>,
}

/// What the store keeps for the account, as a refresh found it.
pub(super) struct Kept {
    person: String,
    history: History,
    pub(super) rec: Record,
    pub(super) today: Date,
}

impl<P: Parts, H: Http> Ask<'_, P, H> {
    pub(super) async fn kept(&self) -> Result<Kept, StoreError> {
        kept(self.parts, self.device_today, self.zones.today).await
    }

    /// Takes what `snap` holds ready and writes it with the record, in one transaction.
    pub(super) async fn keep(&self, k: &mut Kept, snap: &Snapshot) -> Result<(), StoreError> {
        k.history.absorb_all(Origin::GoogleHealth, snap);
        store::save(
            self.parts,
            &k.person,
            &mut k.history,
            Some((
                Origin::GoogleHealth,
                serde_json::to_string(&k.rec).expect("serialisable"),
            )),
        )
        .await
    }

    pub(super) async fn shown(&self, k: Kept, snap: Snapshot) -> Result<Shown, StoreError> {
        shown(self.parts, self.plan, k, snap).await
    }

    /// One refresh: sends the stale calls of the plan (all of `only` when given), keeps what
    /// came back well. Nothing stored is removed by a failure; a 429 pauses requests a minute.
    pub async fn refresh(&self, only: Option<&[Call]>) -> Result<(Shown, Outcome), StoreError> {
        let mut k = self.kept().await?;
        let new_day = k.rec.day.is_some_and(|d| d < k.today);
        let calls = match only {
            Some(o) => o.to_vec(),
            None => stale(self.plan, &k.rec, self.now_ms, new_day),
        };
        let mut snap = Snapshot::loading(Origin::GoogleHealth, k.today);
        let mut out = Outcome::default();
        if k.rec.paused_until_ms > self.now_ms {
            out.rate_limited = true;
        } else if !calls.is_empty() {
            let here = sync::Here {
                today: k.today,
                offset_ms: k.rec.offset_ms.unwrap_or(0),
                days: DASHBOARD_DAYS,
                zone: k.rec.zone.clone(),
            };
            out = sync::load(self.client, self.token, &calls, here, &mut snap, self.zones).await;
            let rec = &mut k.rec;
            for c in &out.applied {
                rec.answered(*c, self.now_ms);
            }
            if out.applied.contains(&Call::Devices) {
                rec.devices = snap.devices.ready().cloned().unwrap_or_default();
            }
            if let Some(st) = &out.settings {
                rec.zone = st.zone.clone().or(rec.zone.take());
                rec.offset_ms = st.offset_ms.or(rec.offset_ms);
                rec.units = st.units.or(rec.units.take());
            }
            if let Slot::Ready(p) = &mut snap.profile {
                p.time_zone = p.time_zone.take().or_else(|| rec.zone.clone());
                rec.profile = Some(p.clone());
            }
            if out.rate_limited {
                rec.paused_until_ms = self.now_ms + RATE_PAUSE_MS;
            }
            if !out.applied.is_empty() {
                rec.day = out.today;
            }
            self.keep(&mut k, &snap).await?;
        }
        Ok((self.shown(k, snap).await?, out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::google::testkit::{ask, plan, today, NOW};
    use crate::testing::{json, FakeHttp, MemParts};
    use futures::executor::block_on;

    /// New York in January (−5 h) as far as these tests go.
    const ZONES: sync::Zones<'static> = sync::Zones {
        today: &|z| (z == "America/New_York").then(today),
        offset: &|z, _| (z == "America/New_York").then_some(-5 * 3_600_000),
    };

    /// Google as the captures show it; `down` answers every data call 503.
    fn google(down: bool) -> FakeHttp {
        crate::testing::fake_google(move |_| {
            down.then(|| json(503, r#"{"error":{"code":503,"status":"UNAVAILABLE"}}"#))
        })
    }

    fn run(p: &MemParts, http: &FakeHttp, now: i64) -> (Shown, Outcome) {
        let (client, plan) = (GoogleClient::new(http.clone()), plan());
        block_on(ask(p, &client, &plan, now, &ZONES).refresh(None)).unwrap()
    }

    #[test]
    fn a_refresh_keeps_the_answers_and_a_fresh_reload_sends_nothing() {
        let p = MemParts::default();
        let http = google(false);
        let (shown, out) = run(&p, &http, NOW);
        assert_eq!(
            http.log.borrow().len(),
            out.requested.len() + 4,
            "total calories and active minutes in three ranges each"
        );
        assert_eq!(
            shown
                .snap
                .series(Metric::Steps)
                .ready()
                .unwrap()
                .on(Date::from_ymd(2026, 1, 6).unwrap()),
            Some(9000.0)
        );
        assert_eq!(shown.rec.zone.as_deref(), Some("America/New_York"));
        assert_eq!(shown.rec.devices[0].battery_percent, Some(80));
        // The profile: no name from Google, its start date and the settings' zone; kept.
        let profile = shown.snap.profile.ready().unwrap();
        assert_eq!(
            (profile.member_since, profile.time_zone.as_deref()),
            (Date::from_ymd(2026, 1, 2), Some("America/New_York"))
        );
        // Synced at 02:26 UTC on 8 January: 21:26 the evening before in New York's winter
        // (−5 h), not at the settings' −4 h of the capture's August (the offset in force then).
        assert_eq!(
            shown.rec.devices[0].last_sync.as_deref(),
            Some("2026-01-07T21:26:07")
        );
        // Asked and empty: no data, never a skeleton; no Google call at all: no data either.
        assert_eq!(shown.snap.series(Metric::Floors), &Slot::NoData);
        assert_eq!(shown.snap.friends, Slot::NoData);
        // Ten minutes later: everything is current, nothing is sent, the store paints it all.
        let sent = http.log.borrow().len();
        let (again, out) = run(&p, &http, NOW + 10 * 60_000);
        assert_eq!(http.log.borrow().len(), sent);
        assert!(out.requested.is_empty());
        assert_eq!(
            again.snap.series(Metric::Steps),
            shown.snap.series(Metric::Steps)
        );
        assert_eq!(again.snap.devices, shown.snap.devices);
        assert_eq!(again.snap.profile, shown.snap.profile);
        // And the store alone, as a reload paints it before any request.
        let stored = block_on(load(&p, &plan(), today(), &|z| {
            (z == "America/New_York").then(today)
        }))
        .unwrap();
        assert_eq!(
            stored.snap.series(Metric::Steps),
            shown.snap.series(Metric::Steps)
        );
        assert_eq!(stored.snap.sleep, shown.snap.sleep);
    }

    #[test]
    fn older_history_is_asked_for_once_before_what_is_kept_and_only_for_history_types() {
        let p = MemParts::default();
        let http = google(false);
        run(&p, &http, NOW);
        let after_dashboard = http.log.borrow().len();
        let from = today().add_days(-364);
        let (client, plan) = (GoogleClient::new(http.clone()), plan());
        let older = |from: Date| {
            block_on(ask(&p, &client, &plan, NOW + 1000, &ZONES).fetch_older(from)).unwrap()
        };
        let (shown, out) = older(from);
        let sent: Vec<String> = http.log.borrow()[after_dashboard..]
            .iter()
            .map(|r| r.url.clone())
            .collect();
        assert!(!sent.is_empty() && !out.rate_limited);
        assert!(
            sent.iter().all(|u| u.contains("/dataTypes/")),
            "no settings, profile or devices: {sent:?}"
        );
        // Roll-ups end the day before the dashboard's 30 days: 335 days of steps in 4 ranges of ≤ 90.
        let log = http.log.borrow();
        let steps: Vec<_> = log[after_dashboard..]
            .iter()
            .filter(|r| r.url.contains("/steps/"))
            .collect();
        assert_eq!(steps.len(), 4);
        let first_end = today().add_days(-29);
        let (y, m, d) = first_end.ymd();
        assert!(
            steps[0].body.as_deref().unwrap().contains(&format!(
                "\"end\":{{\"date\":{{\"year\":{y},\"month\":{m},\"day\":{d}}}}}"
            )),
            "{:?}",
            steps[0].body
        );
        drop(log);
        assert_eq!(shown.rec.back_to, Some(from));
        // The same range again, or a shorter one: nothing sent.
        let n = http.log.borrow().len();
        older(from);
        older(today().add_days(-100));
        assert_eq!(http.log.borrow().len(), n);
    }

    #[test]
    fn a_refresh_without_the_settings_still_places_a_sync_in_the_kept_zone() {
        let p = MemParts::default();
        let http = google(false);
        run(&p, &http, NOW);
        // 20 minutes on: the devices are stale, the settings (six hours) are not.
        let (again, out) = run(&p, &http, NOW + 20 * 60_000);
        assert!(!out.requested.contains(&Call::Settings) && out.requested.contains(&Call::Devices));
        assert_eq!(
            again.rec.devices[0].last_sync.as_deref(),
            Some("2026-01-07T21:26:07"),
            "New York's winter offset, from the kept zone"
        );
    }

    #[test]
    fn a_failed_refresh_removes_nothing_stored() {
        let p = MemParts::default();
        let (first, _) = run(&p, &google(false), NOW);
        let (later, out) = run(&p, &google(true), NOW + 20 * 60_000);
        assert!(!out.requested.is_empty());
        assert_eq!(
            later.snap.series(Metric::Steps),
            first.snap.series(Metric::Steps),
            "503: stored days stay"
        );
        assert_eq!(later.snap.sleep, first.snap.sleep);
        assert_eq!(later.rec.devices, first.rec.devices);
        // Never stored, failed now: the widget says so.
        assert!(matches!(
            later.snap.series(Metric::Floors),
            Slot::NoData | Slot::Failed(_)
        ));
    }

    #[test]
    fn a_429_pauses_requests_for_a_minute() {
        let p = MemParts::default();
        let limited = FakeHttp::new(|_| {
            json(
                429,
                r#"{"error":{"code":429,"status":"RESOURCE_EXHAUSTED"}}"#,
            )
        });
        let (_, out) = run(&p, &limited, NOW);
        assert!(out.rate_limited);
        assert_eq!(
            limited.log.borrow().len(),
            1,
            "the round stops at the first 429"
        );
        let (_, out) = run(&p, &limited, NOW + 30_000);
        assert!(
            out.rate_limited && limited.log.borrow().len() == 1,
            "no request within the pause"
        );
        let ok = google(false);
        let (_, out) = run(&p, &ok, NOW + RATE_PAUSE_MS + 1);
        assert!(!out.rate_limited && !ok.log.borrow().is_empty());
    }

    #[test]
    fn stale_calls_follow_their_age_and_a_new_day_makes_all_stale() {
        let mut rec = Record {
            v: 1,
            ..Record::default()
        };
        for c in [Call::Settings, Call::Sleep] {
            rec.answered(c, 0);
        }
        let plan = [Call::Settings, Call::Sleep, Call::Devices];
        assert_eq!(stale(&plan, &rec, FRESH_MS - 1, false), vec![Call::Devices]);
        assert_eq!(
            stale(&plan, &rec, FRESH_MS, false),
            vec![Call::Sleep, Call::Devices]
        );
        assert_eq!(stale(&plan, &rec, 1, true), plan.to_vec());
        let text = serde_json::to_string(&rec).unwrap();
        assert_eq!(Record::parse(&text), Some(rec));
        assert_eq!(
            Record::parse(r#"{"v":2}"#),
            None,
            "a newer version's record is not read"
        );
    }
}
