//! One load of the dashboard from the Google Health API: the plan's calls in order, each
//! answer mapped into the snapshot, each failure marking only what that call feeds. An
//! expired token or a rate limit stops the round (every later call would fail the same way);
//! what the store holds stays shown either way.

use super::client::{Answer, CallError, GoogleClient};
use super::errors::GoogleError;
use super::map;
use super::plan::Call;
use crate::date::Date;
use crate::env::Http;
use crate::model::{Metric, Series, Slot, Snapshot};

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Outcome {
    pub requested: Vec<Call>,
    /// Calls whose answers were read and applied, every page of them.
    pub applied: Vec<Call>,
    /// Calls applied with pages left over at Google: kept, but not done (asked again).
    pub partial: Vec<Call>,
    /// Older history: years remain before the day asked for (the next round asks for them).
    pub more: bool,
    /// The token ran out: paint from the store, ask the person to continue.
    pub expired: bool,
    pub rate_limited: bool,
    /// A refusal about the account or the project, not one kind of data (not linked to Fitbit
    /// data, the API not enabled, the project refused): said once, the round stopped.
    pub problem: Option<GoogleError>,
    /// The settings, when they were read: the person's time zone, offset and units.
    pub settings: Option<map::Settings>,
    /// The day the round's ranges ended on (the person's today once their zone is known).
    pub today: Option<Date>,
}

fn series(m: Metric, points: Vec<crate::model::Point>) -> Slot<Series> {
    if points.is_empty() {
        Slot::NoData
    } else {
        Slot::Ready(Series::new(m, points))
    }
}

/// The civil days a round asks for, and how to place an instant in the person's zone.
struct Window<'a> {
    first: Date,
    last: Date,
    /// The settings' offset now, for when the zone is unknown.
    offset_ms: i64,
    zone: Option<&'a str>,
    zones: &'a Zones<'a>,
}

impl Window<'_> {
    /// The person's UTC offset at an instant: their zone's then, else the settings' now.
    fn offset_at(&self, utc_ms: i64) -> i64 {
        self.zone
            .and_then(|z| (self.zones.offset)(z, utc_ms))
            .unwrap_or(self.offset_ms)
    }

    /// Only the days asked for: a wider physical query brings the edges' neighbours, and a day
    /// at the edge may hold only part of what it has (a nap without its night).
    fn within(&self, points: Vec<crate::model::Point>) -> Vec<crate::model::Point> {
        points
            .into_iter()
            .filter(|p| p.date >= self.first && p.date <= self.last)
            .collect()
    }
}

/// Puts an answer of `call` into `snap`.
fn apply(call: Call, body: &str, snap: &mut Snapshot, w: &Window) -> Result<(), String> {
    match call {
        Call::Rollup(m) => {
            snap.series
                .insert(m, series(m, map::daily_rollup(m, body)?));
        }
        Call::Daily(m) => {
            snap.series.insert(m, series(m, map::daily_list(m, body)?));
        }
        Call::Weight | Call::BodyFat => {
            let m = if call == Call::Weight {
                Metric::Weight
            } else {
                Metric::BodyFat
            };
            snap.series
                .insert(m, series(m, w.within(map::samples(m, body)?)));
        }
        Call::Sleep => {
            let mut logs = map::sleep_sessions(body)?;
            logs.retain(|l| l.date >= w.first && l.date <= w.last);
            let mut asleep: std::collections::BTreeMap<Date, f64> =
                std::collections::BTreeMap::new();
            for l in &logs {
                *asleep.entry(l.date).or_default() += l.minutes_asleep as f64;
            }
            let points = asleep
                .into_iter()
                .map(|(date, value)| crate::model::Point { date, value })
                .collect();
            snap.series
                .insert(Metric::MinutesAsleep, series(Metric::MinutesAsleep, points));
            snap.sleep = if logs.is_empty() {
                Slot::NoData
            } else {
                Slot::Ready(logs)
            };
        }
        Call::Exercises => {
            let list = map::exercises(body)?;
            snap.exercises = if list.is_empty() {
                Slot::NoData
            } else {
                Slot::Ready(list)
            };
        }
        Call::Devices => {
            let d = map::paired_devices(body, &|ms| w.offset_at(ms))?;
            snap.devices = if d.is_empty() {
                Slot::NoData
            } else {
                Slot::Ready(d)
            };
        }
        Call::Profile => snap.profile = Slot::Ready(map::profile(body, None)?),
        // Read by `load` (they change the day the next calls end on).
        Call::Settings => {}
    }
    Ok(())
}

/// What a failed call leaves in the slots it feeds.
enum Mark {
    NotShared,
    Failed(String),
}

impl Mark {
    fn slot<T>(&self) -> Slot<T> {
        match self {
            Mark::NotShared => Slot::NotShared,
            Mark::Failed(m) => Slot::Failed(m.clone()),
        }
    }
}

/// Marks what `call` feeds.
fn mark(call: Call, snap: &mut Snapshot, mark: Mark) {
    let metric = match call {
        Call::Rollup(m) | Call::Daily(m) => Some(m),
        Call::Weight => Some(Metric::Weight),
        Call::BodyFat => Some(Metric::BodyFat),
        Call::Sleep => {
            snap.sleep = mark.slot();
            Some(Metric::MinutesAsleep)
        }
        Call::Devices => {
            snap.devices = mark.slot();
            None
        }
        Call::Exercises => {
            snap.exercises = mark.slot();
            None
        }
        Call::Profile => {
            snap.profile = mark.slot();
            None
        }
        Call::Settings => None,
    };
    if let Some(m) = metric {
        snap.series.insert(m, mark.slot());
    }
}

/// Where the person is, as far as known before a round: their today and UTC offset; and the
/// days the round asks for, ending `today` (30 for the dashboard; older history on demand ends
/// before the oldest day kept).
#[derive(Clone, Debug, PartialEq)]
pub struct Here {
    pub today: Date,
    pub offset_ms: i64,
    pub days: u32,
    /// Their IANA zone as the record keeps it (a round that reads the settings uses theirs).
    pub zone: Option<String>,
}

/// Applies an answer: done when every page came, kept but not done when pages were left over.
fn take(call: Call, answer: &Answer, snap: &mut Snapshot, w: &Window, out: &mut Outcome) {
    match apply(call, &answer.body, snap, w) {
        Ok(()) if answer.complete => out.applied.push(call),
        Ok(()) => out.partial.push(call),
        Err(_) => mark(
            call,
            snap,
            Mark::Failed(crate::words::GOOGLE_UNREADABLE.into()),
        ),
    }
}

/// What the page knows of IANA zones (`Intl` in the browser, a table in tests): a zone's today,
/// and its UTC offset at an instant.
pub struct Zones<'a> {
    pub today: &'a dyn Fn(&str) -> Option<Date>,
    pub offset: &'a dyn Fn(&str, i64) -> Option<i64>,
}

/// Sends `plan` in order for the days of `here` (ending on the person's today once the
/// settings have said their zone), applying each answer to `snap`.
pub async fn load<H: Http>(
    client: &GoogleClient<H>,
    token: &str,
    plan: &[Call],
    here: Here,
    snap: &mut Snapshot,
    zones: &Zones<'_>,
) -> Outcome {
    let Here {
        mut today,
        mut offset_ms,
        days,
        zone: kept_zone,
    } = here;
    let mut out = Outcome::default();
    for &call in plan {
        out.requested.push(call);
        match client.fetch(token, call, today, days).await {
            Ok(answer) if call == Call::Settings => {
                let settings = map::settings(&answer.body);
                if let Some(d) = settings.zone.as_deref().and_then(zones.today) {
                    today = d;
                    snap.today = d;
                }
                offset_ms = settings.offset_ms.unwrap_or(offset_ms);
                snap.units = settings.units;
                out.settings = Some(settings);
                out.applied.push(call);
            }
            Ok(answer) => {
                let zone = out.settings.as_ref().and_then(|s| s.zone.clone());
                let w = Window {
                    first: today.add_days(1 - days as i32),
                    last: today,
                    offset_ms,
                    zone: zone.as_deref().or(kept_zone.as_deref()),
                    zones,
                };
                take(call, &answer, snap, &w, &mut out);
            }
            Err(CallError::Google(GoogleError::Expired)) => {
                out.expired = true;
                break;
            }
            Err(CallError::Google(GoogleError::RateLimited)) => {
                out.rate_limited = true;
                break;
            }
            Err(CallError::Google(
                e @ (GoogleError::NotLinked
                | GoogleError::ServiceDisabled(_)
                | GoogleError::ProjectDenied(_)),
            )) => {
                out.problem = Some(e);
                break;
            }
            Err(CallError::Google(GoogleError::NotShared)) => mark(call, snap, Mark::NotShared),
            Err(CallError::Google(e)) => mark(call, snap, Mark::Failed(e.message())),
            Err(CallError::Network(why)) => mark(
                call,
                snap,
                Mark::Failed(crate::words::google_unreachable(&why)),
            ),
            Err(CallError::Unreadable) => mark(
                call,
                snap,
                Mark::Failed(crate::words::GOOGLE_UNREADABLE.into()),
            ),
        }
    }
    out.today = Some(today);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Origin;
    use crate::testing::{json, FakeHttp};
    use futures::executor::block_on;

    const NO_ZONES: Zones<'static> = Zones {
        today: &|_| None,
        offset: &|_, _| None,
    };

    /// The 30 days to `today`, in UTC, no zone said.
    fn utc_month(today: Date) -> Here {
        Here {
            today,
            offset_ms: 0,
            days: 30,
            zone: None,
        }
    }

    fn google() -> FakeHttp {
        crate::testing::fake_google(|u| {
            if u.contains("daily-oxygen-saturation") {
                Some(json(
                    403,
                    r#"{"error":{"code":403,"status":"PERMISSION_DENIED","details":[{"reason":"ACCESS_TOKEN_SCOPE_INSUFFICIENT"}]}}"#,
                ))
            } else if u.contains("/floors/") {
                Some(json(500, ""))
            } else {
                None
            }
        })
    }

    #[test]
    fn a_load_fills_what_came_back_and_marks_only_what_failed() {
        let today = Date::from_ymd(2026, 1, 7).unwrap();
        let plan = [
            Call::Settings,
            Call::Rollup(Metric::Steps),
            Call::Daily(Metric::RestingHeartRate),
            Call::Daily(Metric::OxygenSaturation),
            Call::Sleep,
            Call::Devices,
            Call::Rollup(Metric::Floors),
        ];
        let mut snap = Snapshot::loading(Origin::GoogleHealth, today);
        let out = block_on(load(
            &GoogleClient::new(google()),
            "t",
            &plan,
            utc_month(today),
            &mut snap,
            &NO_ZONES,
        ));
        assert_eq!(out.requested.len(), plan.len());
        assert!(!out.expired && !out.rate_limited);
        assert!(
            snap.series(Metric::Steps)
                .ready()
                .unwrap()
                .on(Date::from_ymd(2026, 1, 6).unwrap())
                == Some(9000.0)
        );
        assert!(snap.series(Metric::RestingHeartRate).ready().is_some());
        assert_eq!(snap.series(Metric::OxygenSaturation), &Slot::NotShared);
        assert!(matches!(snap.series(Metric::Floors), Slot::Failed(m) if m.contains("500")));
        assert_eq!(snap.sleep.ready().unwrap().len(), 1);
        assert_eq!(
            snap.series(Metric::MinutesAsleep)
                .ready()
                .unwrap()
                .points
                .len(),
            1
        );
        assert_eq!(snap.devices.ready().unwrap()[0].battery_percent, Some(80));
    }

    #[test]
    fn an_expired_token_or_a_rate_limit_stops_the_round() {
        let today = Date::from_ymd(2026, 1, 7).unwrap();
        for (status, body, expired) in [
            (
                401,
                r#"{"error":{"code":401,"status":"UNAUTHENTICATED"}}"#,
                true,
            ),
            (
                429,
                r#"{"error":{"code":429,"status":"RESOURCE_EXHAUSTED"}}"#,
                false,
            ),
        ] {
            let http = FakeHttp::new(move |_| json(status, body));
            let mut snap = Snapshot::loading(Origin::GoogleHealth, today);
            let out = block_on(load(
                &GoogleClient::new(http.clone()),
                "t",
                &[Call::Settings, Call::Sleep, Call::Devices],
                utc_month(today),
                &mut snap,
                &NO_ZONES,
            ));
            assert_eq!(http.log.borrow().len(), 1, "stopped after the first answer");
            assert_eq!((out.expired, out.rate_limited), (expired, !expired));
            assert_eq!(
                snap.sleep,
                Slot::Loading,
                "nothing marked: the store's data stays shown"
            );
        }
    }

    /// Google as measured live for sample and sleep filters: a civil-time filter on a sample
    /// type answers 200 with no points; a physical-time one the points whose instant is inside.
    fn live_filters(points: &'static [(&'static str, &'static str)]) -> FakeHttp {
        FakeHttp::new(move |req| {
            let q = req.url.split_once("filter=").map(|x| x.1).unwrap_or("");
            let f: String = form_urlencoded::parse(format!("f={q}").as_bytes())
                .next()
                .map(|x| x.1.into_owned())
                .unwrap_or_default();
            if f.contains("civil_time") {
                return json(200, "{}");
            }
            let bounds: Vec<&str> = f.split('"').skip(1).step_by(2).collect();
            let inside = |t: &str| bounds.len() == 2 && t >= bounds[0] && t < bounds[1];
            let list: Vec<&str> = points
                .iter()
                .filter(|(at, _)| inside(at))
                .map(|(_, p)| *p)
                .collect();
            json(200, &format!(r#"{{"dataPoints":[{}]}}"#, list.join(",")))
        })
    }

    fn run(http: FakeHttp, plan: &[Call], today: Date) -> Snapshot {
        let mut snap = Snapshot::loading(Origin::GoogleHealth, today);
        let here = utc_month(today);
        block_on(load(
            &GoogleClient::new(http),
            "t",
            plan,
            here,
            &mut snap,
            &NO_ZONES,
        ));
        snap
    }

    #[test]
    fn weight_comes_back_through_a_physical_filter_and_only_its_days_are_kept() {
        let today = Date::from_ymd(2026, 1, 7).unwrap();
        // The 7th at 23:30 in Sydney is 12:30 UTC; a sample on the 9th (outside) is dropped.
        static POINTS: [(&str, &str); 3] = [
            (
                "2026-01-07T12:30:00Z",
                r#"{"weight":{"weightGrams":80500,"sampleTime":{"physicalTime":"2026-01-07T12:30:00Z","utcOffset":"39600s"}}}"#,
            ),
            (
                "2026-01-08T14:00:00Z",
                r#"{"weight":{"weightGrams":90000,"sampleTime":{"physicalTime":"2026-01-08T14:00:00Z","utcOffset":"39600s"}}}"#,
            ),
            (
                "2025-12-08T20:00:00Z",
                r#"{"weight":{"weightGrams":81000,"sampleTime":{"physicalTime":"2025-12-08T20:00:00Z","utcOffset":"32400s"}}}"#,
            ),
        ];
        let snap = run(live_filters(&POINTS), &[Call::Weight], today);
        let w = snap.series(Metric::Weight).ready().expect("weight shown");
        assert_eq!(w.on(today), Some(80.5));
        // 20:00 UTC on the 8th is 05:00 on the 9th in Tokyo: the window's first day, found
        // thanks to the day of margin.
        assert_eq!(w.on(Date::from_ymd(2025, 12, 9).unwrap()), Some(81.0));
        assert_eq!(w.points.len(), 2, "the 9th in Sydney is after the window");
    }

    #[test]
    fn a_day_at_the_windows_edge_keeps_its_whole_night_and_its_nap() {
        let today = Date::from_ymd(2026, 1, 7).unwrap();
        // At UTC+8 the first day's night ends at 07:00 local, 23:00 UTC the day before (before
        // the old `T00:00Z` bound); its nap ends at 14:00 local. The night
        // and a nap ending at 18:00 local the day before the window come in the wider query, and
        // that nap is not kept. Minutes: 420 + 60 on the window's first day.
        static POINTS: [(&str, &str); 3] = [
            (
                "2025-12-08T23:00:00Z",
                r#"{"sleep":{"type":"CLASSIC","interval":{"startTime":"2025-12-08T16:00:00Z","startUtcOffset":"28800s","endTime":"2025-12-08T23:00:00Z","endUtcOffset":"28800s"},"summary":{"minutesAsleep":"420"},"metadata":{"nap":false}}}"#,
            ),
            (
                "2025-12-09T06:00:00Z",
                r#"{"sleep":{"type":"CLASSIC","interval":{"startTime":"2025-12-09T05:00:00Z","startUtcOffset":"28800s","endTime":"2025-12-09T06:00:00Z","endUtcOffset":"28800s"},"summary":{"minutesAsleep":"60"},"metadata":{"nap":true}}}"#,
            ),
            (
                "2025-12-08T10:00:00Z",
                r#"{"sleep":{"type":"CLASSIC","interval":{"startTime":"2025-12-08T09:00:00Z","startUtcOffset":"28800s","endTime":"2025-12-08T10:00:00Z","endUtcOffset":"28800s"},"summary":{"minutesAsleep":"50"},"metadata":{"nap":true}}}"#,
            ),
        ];
        let snap = run(live_filters(&POINTS), &[Call::Sleep], today);
        let first = today.add_days(-29);
        let asleep = snap
            .series(Metric::MinutesAsleep)
            .ready()
            .expect("sleep shown");
        assert_eq!(
            asleep.on(first),
            Some(480.0),
            "night and nap, never the nap alone"
        );
        assert_eq!(
            asleep.points.len(),
            1,
            "the day before the window is not kept"
        );
        assert_eq!(snap.sleep.ready().unwrap().len(), 2);
    }

    #[test]
    fn never_more_than_one_request_in_flight() {
        // The cap on concurrent requests: a round sends its next call only once the previous one
        // is answered (and rounds take the writers' lock, so one round per browser).
        use futures::executor::LocalPool;
        use futures::task::LocalSpawnExt;
        let today = Date::from_ymd(2026, 1, 7).unwrap();
        let http = google();
        http.hold();
        let plan = vec![
            Call::Settings,
            Call::Rollup(Metric::Steps),
            Call::Rollup(Metric::CaloriesOut),
            Call::Sleep,
            Call::Devices,
        ];
        let mut pool = LocalPool::new();
        let client = GoogleClient::new(http.clone());
        pool.spawner()
            .spawn_local(async move {
                let mut snap = Snapshot::loading(Origin::GoogleHealth, today);
                let here = utc_month(today);
                load(&client, "t", &plan, here, &mut snap, &NO_ZONES).await;
            })
            .unwrap();
        let mut answered = 0;
        loop {
            pool.run_until_stalled();
            let sent = http.log.borrow().len();
            assert!(sent - answered <= 1, "{} in flight", sent - answered);
            if sent == answered {
                break;
            }
            http.release_all();
            answered = sent;
        }
        assert_eq!(
            answered, 7,
            "settings, steps, calories in 3 ranges, sleep, devices"
        );
    }
}
