//! What the dashboard's needs cost on the Google Health API: one request per data type for
//! the last 30 days (a `dailyRollUp` for the summed activity types, a filtered `list` for the
//! daily and session types), nothing for a type the person did not grant. The request bodies
//! and filters are the shapes the API accepted in the real captures (a `dailyRollUp` range of
//! nested `{date:…}`; a daily type filtered on its `date`, not `civil_date`).

use super::auth::google_scope;
use crate::date::Date;
use crate::model::{Metric, Need};
use crate::scope::Scope;

pub const API_ORIGIN: &str = "https://health.googleapis.com";

/// One request of a plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Call {
    /// `POST …/dataTypes/{type}/dataPoints:dailyRollUp`.
    Rollup(Metric),
    /// `GET …/dataTypes/{type}/dataPoints?filter=…` of a daily type.
    Daily(Metric),
    Sleep,
    /// `GET …/dataTypes/exercise/dataPoints?filter=…` (sessions, 25 a page).
    Exercises,
    Weight,
    BodyFat,
    Devices,
    Settings,
    Profile,
}

impl Call {
    /// The data type's id in the address.
    pub fn type_id(self) -> Option<&'static str> {
        Some(match self {
            Call::Rollup(Metric::Steps) => "steps",
            Call::Rollup(Metric::Distance) => "distance",
            Call::Rollup(Metric::Floors) => "floors",
            Call::Rollup(Metric::CaloriesOut) => "total-calories",
            Call::Rollup(Metric::ActiveZoneMinutes) => "active-zone-minutes",
            Call::Rollup(Metric::ActiveMinutes) => "active-minutes",
            Call::Daily(Metric::RestingHeartRate) => "daily-resting-heart-rate",
            Call::Daily(Metric::HeartRateVariability) => "daily-heart-rate-variability",
            Call::Daily(Metric::OxygenSaturation) => "daily-oxygen-saturation",
            Call::Daily(Metric::BreathingRate) => "daily-respiratory-rate",
            Call::Daily(Metric::SkinTemperatureDelta) => "daily-sleep-temperature-derivations",
            Call::Daily(Metric::Vo2Max) => "daily-vo2-max",
            Call::Sleep => "sleep",
            Call::Exercises => "exercise",
            Call::Weight => "weight",
            Call::BodyFat => "body-fat",
            _ => return None,
        })
    }

    /// Its name in the source's record: the data type, or the resource.
    pub fn key(self) -> String {
        match self {
            Call::Devices => "pairedDevices".into(),
            Call::Settings => "settings".into(),
            Call::Profile => "profile".into(),
            c => c.type_id().unwrap_or("unknown").into(),
        }
    }

    /// The kind of data (and so the Google scope) it needs.
    pub fn scope(self) -> Scope {
        match self {
            Call::Rollup(_) => Scope::Activity,
            Call::Daily(Metric::RestingHeartRate | Metric::HeartRateVariability) => {
                Scope::Heartrate
            }
            Call::Daily(Metric::OxygenSaturation) => Scope::OxygenSaturation,
            Call::Daily(Metric::BreathingRate) => Scope::RespiratoryRate,
            Call::Daily(Metric::SkinTemperatureDelta) => Scope::Temperature,
            Call::Daily(_) => Scope::CardioFitness,
            Call::Sleep => Scope::Sleep,
            Call::Exercises => Scope::Activity,
            Call::Weight | Call::BodyFat => Scope::Weight,
            Call::Devices | Call::Settings => Scope::Settings,
            Call::Profile => Scope::Profile,
        }
    }

    /// The call that serves a need, if the API has one.
    pub fn for_need(n: Need) -> Option<Call> {
        Some(match n {
            Need::Series(
                m @ (Metric::Steps
                | Metric::Distance
                | Metric::Floors
                | Metric::CaloriesOut
                | Metric::ActiveZoneMinutes
                | Metric::ActiveMinutes),
            ) => Call::Rollup(m),
            Need::Series(
                m @ (Metric::RestingHeartRate
                | Metric::HeartRateVariability
                | Metric::OxygenSaturation
                | Metric::BreathingRate
                | Metric::SkinTemperatureDelta
                | Metric::Vo2Max),
            ) => Call::Daily(m),
            Need::CardioFitness => Call::Daily(Metric::Vo2Max),
            Need::Sleep | Need::Series(Metric::MinutesAsleep) => Call::Sleep,
            Need::Exercises => Call::Exercises,
            Need::Series(Metric::Weight | Metric::Bmi) => Call::Weight,
            Need::Series(Metric::BodyFat) => Call::BodyFat,
            Need::Devices => Call::Devices,
            Need::Profile => Call::Profile,
            _ => return None,
        })
    }
}

/// The calls for `needs` that `granted` allows, each once; the settings (time zone, units)
/// first, as every date depends on them, then the profile.
pub fn plan(needs: &[Need], granted: &[Scope]) -> Vec<Call> {
    let allowed = |c: &Call| {
        google_scope(c.scope()).is_some_and(|g| granted.iter().any(|s| google_scope(*s) == Some(g)))
    };
    let mut calls: Vec<Call> = needs.iter().filter_map(|n| Call::for_need(*n)).collect();
    calls.push(Call::Settings);
    calls.sort();
    calls.dedup();
    calls.retain(allowed);
    // Settings, then profile, then the data (stable: the rest keep their order).
    crate::order::by_key(&mut calls, |c| match c {
        Call::Settings => 0,
        Call::Profile => 1,
        _ => 2,
    });
    calls
}

/// The longest range one `dailyRollUp` of a type may span (discovery doc: 14 days for
/// total calories, heart rate and active minutes, 90 for the others).
pub fn rollup_max_days(call: Call) -> u32 {
    match call {
        Call::Rollup(Metric::CaloriesOut | Metric::ActiveMinutes) => 14,
        _ => 90,
    }
}

fn civil(d: Date) -> String {
    let (y, m, day) = d.ymd();
    format!("{{\"date\":{{\"year\":{y},\"month\":{m},\"day\":{day}}}}}")
}

/// The source family a call asks for (release notes 2026-10-14: `list` and the roll-ups take
/// `dataSourceFamily`, sleep does not). Sums (steps, distance, calories, zone minutes, workouts)
/// come from the person's Fitbit and Pixel devices only, so a phone's or Health Connect's copy
/// never counts a step or a workout twice; weight and body fat keep every source, since
/// `google-wearables` leaves out what was logged by hand or by a scale, and a copy of a sample
/// adds nothing (the day's last one is kept). Daily types are Fitbit's own derivations.
pub fn family(call: Call) -> Option<&'static str> {
    match call {
        Call::Rollup(_) | Call::Exercises => Some(WEARABLES),
        _ => None,
    }
}

pub const WEARABLES: &str = "users/me/dataSourceFamilies/google-wearables";

/// A request: method, path (with its query) and JSON body, for the `days` ending `today`.
pub fn request(call: Call, today: Date, days: u32) -> (&'static str, String, Option<String>) {
    let first = today.add_days(1 - days as i32);
    // Every range ends with `today` (a filter's `<` bound is exclusive).
    let after = today.add_days(1);
    let fam = family(call)
        .map(|f| format!("&dataSourceFamily={}", enc(f)))
        .unwrap_or_default();
    let data = |t: &str| format!("/v4/users/me/dataTypes/{t}/dataPoints");
    let filter = |f: String| enc(&f);
    // Physical (UTC) bounds a day wider on each side than the civil days asked for: every
    // instant of those days at any offset (UTC−12 to UTC+14) falls inside; the answer's points
    // are dated by their own offset and those outside the days are dropped (`sync::within`).
    let (wide_from, wide_to) = (first.add_days(-1), after.add_days(1));
    match call {
        Call::Rollup(_) => {
            // Windows of one civil day; the end is exclusive.
            let body = format!("{{\"range\":{{\"start\":{},\"end\":{}}},\"windowSizeDays\":1,\"dataSourceFamily\":\"{WEARABLES}\"}}", civil(first), civil(after));
            ("POST", format!("{}:dailyRollUp", data(call.type_id().unwrap_or_default())), Some(body))
        }
        Call::Daily(_) => {
            let t = call.type_id().unwrap_or_default();
            let m = t.replace('-', "_");
            ("GET", format!("{}?filter={}", data(t), filter(format!("{m}.date >= \"{first}\" AND {m}.date < \"{after}\""))), None)
        }
        // Sleep ends on the civil day it is dated by; a wider physical window, then only the
        // nights of the days asked for (a day never gets half its sessions).
        Call::Sleep => (
            "GET",
            format!("{}?pageSize=25&filter={}", data("sleep"), filter(format!("sleep.interval.end_time >= \"{wide_from}T00:00:00Z\" AND sleep.interval.end_time < \"{wide_to}T00:00:00Z\""))),
            None,
        ),
        Call::Exercises => (
            "GET",
            format!("{}?pageSize=25{fam}&filter={}", data("exercise"), filter(format!("exercise.interval.civil_start_time >= \"{first}\" AND exercise.interval.civil_start_time < \"{after}\""))),
            None,
        ),
        // A civil-time filter on a sample type answers 200 with no points (measured live):
        // physical time, a day wider.
        Call::Weight | Call::BodyFat => {
            let t = call.type_id().unwrap_or_default();
            let m = t.replace('-', "_");
            ("GET", format!("{}?filter={}", data(t), filter(format!("{m}.sample_time.physical_time >= \"{wide_from}T00:00:00Z\" AND {m}.sample_time.physical_time < \"{wide_to}T00:00:00Z\""))), None)
        }
        Call::Devices => ("GET", "/v4/users/me/pairedDevices".into(), None),
        Call::Settings => ("GET", "/v4/users/me/settings".into(), None),
        Call::Profile => ("GET", "/v4/users/me/profile".into(), None),
    }
}

fn enc(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::widgets::registry::WIDGETS;

    fn all_needs() -> Vec<Need> {
        let mut n: Vec<Need> = WIDGETS
            .iter()
            .flat_map(|w| w.needs.iter().copied())
            .collect();
        n.push(Need::Profile);
        n
    }

    #[test]
    fn a_full_dashboard_is_one_request_per_data_type_settings_first() {
        let plan = plan(&all_needs(), &Scope::ALL);
        assert_eq!(plan[..2], [Call::Settings, Call::Profile]);
        // 6 rollups, 6 daily types, sleep, exercises, weight, body fat, devices, settings, profile.
        assert_eq!(plan.len(), 19, "{plan:?}");
        let types: Vec<&str> = plan.iter().filter_map(|c| c.type_id()).collect();
        let mut unique = types.clone();
        unique.dedup();
        assert_eq!(types.len(), unique.len());
    }

    #[test]
    fn nothing_is_planned_for_what_was_not_granted() {
        let plan = plan(&all_needs(), &[Scope::Sleep]);
        assert_eq!(
            plan,
            vec![Call::Sleep],
            "settings need the settings scope too"
        );
        // Heart rate alone: Google's one measurements scope covers resting rate, HRV and oxygen
        // alike; nothing of activity or sleep.
        let hr = super::plan(&all_needs(), &[Scope::Heartrate]);
        assert!(
            hr.contains(&Call::Daily(Metric::RestingHeartRate))
                && hr.contains(&Call::Daily(Metric::OxygenSaturation))
        );
        assert!(!hr
            .iter()
            .any(|c| matches!(c, Call::Rollup(_) | Call::Sleep)));
    }

    #[test]
    fn request_shapes_are_those_the_api_accepted() {
        let today = Date::from_ymd(2026, 1, 7).unwrap();
        let (method, path, body) = request(Call::Rollup(Metric::Steps), today, 2);
        assert_eq!(
            (method, path.as_str()),
            (
                "POST",
                "/v4/users/me/dataTypes/steps/dataPoints:dailyRollUp"
            )
        );
        assert_eq!(
            body.unwrap(),
            r#"{"range":{"start":{"date":{"year":2026,"month":1,"day":6}},"end":{"date":{"year":2026,"month":1,"day":8}}},"windowSizeDays":1,"dataSourceFamily":"users/me/dataSourceFamilies/google-wearables"}"#
        );
        let (_, path, body) = request(Call::Daily(Metric::RestingHeartRate), today, 30);
        assert!(body.is_none());
        let q = path.split_once("?filter=").unwrap().1;
        let f: String = form_urlencoded::parse(format!("f={q}").as_bytes())
            .next()
            .unwrap()
            .1
            .into_owned();
        assert_eq!(
            f,
            r#"daily_resting_heart_rate.date >= "2025-12-09" AND daily_resting_heart_rate.date < "2026-01-08""#
        );
        assert!(request(Call::Sleep, today, 30).1.contains("pageSize=25"));
    }

    fn filter_of(path: &str) -> String {
        let q = path.split_once("filter=").unwrap().1;
        form_urlencoded::parse(format!("f={q}").as_bytes())
            .next()
            .unwrap()
            .1
            .into_owned()
    }

    #[test]
    fn weight_and_body_fat_are_filtered_on_physical_time_a_day_wider() {
        // A civil-time filter on a sample type answers 200 with no points (measured live).
        let today = Date::from_ymd(2026, 1, 7).unwrap();
        for (call, m) in [(Call::Weight, "weight"), (Call::BodyFat, "body_fat")] {
            let f = filter_of(&request(call, today, 30).1);
            assert_eq!(
                f,
                format!("{m}.sample_time.physical_time >= \"2025-12-08T00:00:00Z\" AND {m}.sample_time.physical_time < \"2026-01-09T00:00:00Z\"")
            );
        }
    }

    #[test]
    fn sleep_is_asked_for_a_day_wider_on_each_side() {
        let today = Date::from_ymd(2026, 1, 7).unwrap();
        assert_eq!(
            filter_of(&request(Call::Sleep, today, 30).1),
            r#"sleep.interval.end_time >= "2025-12-08T00:00:00Z" AND sleep.interval.end_time < "2026-01-09T00:00:00Z""#
        );
    }

    #[test]
    fn sums_and_workouts_come_from_wearables_only_and_sleep_names_no_family() {
        let today = Date::from_ymd(2026, 1, 7).unwrap();
        let fam = "dataSourceFamily=users%2Fme%2FdataSourceFamilies%2Fgoogle-wearables";
        assert!(request(Call::Exercises, today, 30).1.contains(fam));
        assert!(request(Call::Rollup(Metric::Steps), today, 30)
            .2
            .unwrap()
            .contains(WEARABLES));
        // Sleep refuses the parameter; weight by hand or by a scale is not a wearable's.
        for c in [
            Call::Sleep,
            Call::Weight,
            Call::Daily(Metric::RestingHeartRate),
        ] {
            assert!(
                !request(c, today, 30).1.contains("dataSourceFamily"),
                "{c:?}"
            );
        }
    }
}
