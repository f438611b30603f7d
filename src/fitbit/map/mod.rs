//! Mapping Fitbit responses into the provider-neutral model, one family per file, each
//! endpoint's mapper chosen from one table ([`mapper`]). Missing fields are "no data", never an
//! error; only a body that is not the expected JSON at all is.

mod account;
mod activity;
mod body;
mod heart;
mod sleep;

pub use account::{profile, time_zone, unit_prefs, utc_offset_ms};
pub use activity::{route_path, tcx_route, thin};

use super::endpoints::Endpoint;
use crate::date::Date;
use crate::model::*;
use crate::units::{DistanceUnit, TemperatureUnit, UnitPrefs, VolumeUnit, WeightUnit};
use serde_json::Value;

/// One answer: its text and its JSON.
pub struct Answer<'a> {
    pub text: &'a str,
    pub json: Value,
}

type Mapper = fn(&Answer, &mut Snapshot) -> Result<(), String>;

/// Which mapper reads which endpoint's answer.
fn mapper(endpoint: Endpoint) -> Mapper {
    match endpoint {
        Endpoint::Profile => account::profile_answer,
        Endpoint::DailySummary => activity::daily_summary,
        Endpoint::Steps => activity::steps,
        Endpoint::ActiveZoneMinutes => activity::active_zone_minutes,
        Endpoint::Heart => heart::heart,
        Endpoint::Hrv => heart::hrv,
        Endpoint::Sleep => sleep::sleep,
        Endpoint::WeightLog => body::weight_log,
        Endpoint::FoodLog => body::food_log,
        Endpoint::Spo2 => heart::spo2,
        Endpoint::BreathingRate => heart::breathing_rate,
        Endpoint::SkinTemperature => heart::skin_temperature,
        Endpoint::CardioScore => heart::cardio_score,
        Endpoint::Devices => account::devices,
        Endpoint::Ecg => heart::ecg,
        Endpoint::RhythmAlerts => heart::rhythm_alerts,
        Endpoint::Leaderboard => account::leaderboard,
        Endpoint::StepsIntraday => activity::steps_intraday,
        Endpoint::HeartIntraday => activity::heart_intraday,
        Endpoint::Exercises => activity::exercises,
    }
}

/// Applies one endpoint's answer (requested with `Accept-Language: metric`) to the snapshot.
/// Errors only when the body is not JSON of the expected kind at all; the caller then marks
/// just this endpoint's parts as failed.
pub fn apply(endpoint: Endpoint, body: &str, snap: &mut Snapshot) -> Result<(), String> {
    let json: Value = serde_json::from_str(body).map_err(|e| format!("unreadable answer: {e}"))?;
    if !(json.is_object() || json.is_array()) {
        return Err("unexpected answer".into());
    }
    mapper(endpoint)(&Answer { text: body, json }, snap)
}

/// A number that Fitbit may send as a number or as a numeric string.
pub(super) fn num(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
    .filter(|f: &f64| f.is_finite())
}

pub(super) fn date_of(v: &Value) -> Option<Date> {
    v.as_str().and_then(|s| Date::parse(s.get(..10)?).ok())
}

/// The array under `key`, or the body itself if it is an array; a bare object counts as one.
pub(super) fn items<'a>(body: &'a Value, key: &str) -> Vec<&'a Value> {
    let v = if key.is_empty() { body } else { &body[key] };
    match v {
        Value::Array(a) => a.iter().collect(),
        Value::Object(o) if !o.is_empty() => vec![v],
        _ => vec![],
    }
}

/// "2017-04-01T23:58:30.000" → "23:58".
pub(super) fn hh_mm(s: &str) -> Option<String> {
    let t = s.split('T').nth(1).unwrap_or(s);
    (t.len() >= 5 && t.as_bytes()[2] == b':').then(|| t[..5].to_string())
}

pub(super) fn series_slot(metric: Metric, points: Vec<Point>) -> Slot<Series> {
    if points.is_empty() {
        Slot::NoData
    } else {
        Slot::Ready(Series::new(metric, points))
    }
}

pub(super) fn list_slot<T>(v: Vec<T>) -> Slot<Vec<T>> {
    if v.is_empty() {
        Slot::NoData
    } else {
        Slot::Ready(v)
    }
}

/// A daily series from `[{dateTime, value}]`, with `pick` reading the value.
pub(super) fn daily(
    body: &Value,
    key: &str,
    metric: Metric,
    pick: impl Fn(&Value) -> Option<f64>,
) -> Slot<Series> {
    let points = items(body, key)
        .into_iter()
        .filter_map(|it| {
            Some(Point {
                date: date_of(&it["dateTime"])?,
                value: pick(&it["value"])?,
            })
        })
        .collect();
    series_slot(metric, points)
}

/// Sets one day's value, keeping the rest of the series.
pub(super) fn set_point(snap: &mut Snapshot, metric: Metric, date: Date, value: Option<f64>) {
    let Some(value) = value else { return };
    let mut points = snap
        .series(metric)
        .ready()
        .map(|s| s.points.clone())
        .unwrap_or_default();
    points.push(Point { date, value });
    snap.series
        .insert(metric, Slot::Ready(Series::new(metric, points)));
}

/// What to show in the parts of the snapshot an endpoint feeds, when it gave no data.
#[derive(Clone, Debug, PartialEq)]
pub enum Mark {
    NotShared,
    Failed(String),
}

fn marked<T>(slot: &mut Slot<T>, m: &Mark, keep_ready: bool) {
    if keep_ready && matches!(slot, Slot::Ready(_)) {
        return;
    }
    *slot = match m {
        Mark::NotShared => Slot::NotShared,
        Mark::Failed(msg) => Slot::Failed(msg.clone()),
    };
}

/// Marks every part `endpoint` feeds; with `keep_ready`, data already shown (cached) stays.
pub fn mark(endpoint: Endpoint, snap: &mut Snapshot, m: &Mark, keep_ready: bool) {
    for need in endpoint.feeds() {
        match need {
            Need::Series(metric) => {
                let mut slot = snap.series(*metric).clone();
                marked(&mut slot, m, keep_ready);
                snap.series.insert(*metric, slot);
            }
            Need::Goals => {}
            Need::Sleep => marked(&mut snap.sleep, m, keep_ready),
            Need::HeartZones => marked(&mut snap.heart_zones, m, keep_ready),
            Need::Devices => marked(&mut snap.devices, m, keep_ready),
            Need::Profile => marked(&mut snap.profile, m, keep_ready),
            Need::Exercises => marked(&mut snap.exercises, m, keep_ready),
            Need::Ecg => marked(&mut snap.ecg, m, keep_ready),
            Need::RhythmAlerts => marked(&mut snap.rhythm_alerts, m, keep_ready),
            Need::Friends => marked(&mut snap.friends, m, keep_ready),
            Need::Nutrition => marked(&mut snap.nutrition, m, keep_ready),
            Need::CardioFitness => marked(&mut snap.cardio_fitness, m, keep_ready),
            Need::Intraday(kind) => {
                let mut slot = snap.intraday.get(kind).cloned().unwrap_or(Slot::Loading);
                marked(&mut slot, m, keep_ready);
                snap.intraday.insert(*kind, slot);
            }
        }
    }
}

#[cfg(test)]
mod tests;
