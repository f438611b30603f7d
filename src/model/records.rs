//! What a day holds besides its metrics' values: the series themselves, sleep, heart-rate
//! zones, devices, the profile, exercises, ECG readings, rhythm alerts, friends, food, cardio
//! fitness and the minute-by-minute curves.

use super::Metric;
use crate::date::Date;
use serde::Serialize;

/// One day's value.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Point {
    pub date: Date,
    pub value: f64,
}

/// Daily values of one metric, sorted by date, at most one per date, gaps allowed.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Series {
    pub metric: Metric,
    pub points: Vec<Point>,
}

impl Series {
    /// Builds a series, sorting by date and keeping the last value given for a date.
    pub fn new(metric: Metric, mut points: Vec<Point>) -> Series {
        crate::order::by_key(&mut points, |p| p.date.days_since_epoch() as i64);
        let mut out: Vec<Point> = Vec::with_capacity(points.len());
        for p in points {
            match out.last_mut() {
                Some(last) if last.date == p.date => *last = p,
                _ => out.push(p),
            }
        }
        Series {
            metric,
            points: out,
        }
    }

    pub fn on(&self, date: Date) -> Option<f64> {
        self.points
            .binary_search_by_key(&date, |p| p.date)
            .ok()
            .map(|i| self.points[i].value)
    }

    /// The newest point on or before `date`.
    pub fn latest_until(&self, date: Date) -> Option<Point> {
        self.points.iter().rev().find(|p| p.date <= date).copied()
    }

    /// Points in the `days`-long window ending at `end` (inclusive).
    pub fn window(&self, end: Date, days: u32) -> &[Point] {
        let start = end.add_days(1 - days as i32);
        let lo = self.points.partition_point(|p| p.date < start);
        let hi = self.points.partition_point(|p| p.date <= end);
        &self.points[lo..hi]
    }

    /// Mean of the values in a window, `None` if it holds no value.
    pub fn mean(&self, end: Date, days: u32) -> Option<f64> {
        let w = self.window(end, days);
        (!w.is_empty()).then(|| w.iter().map(|p| p.value).sum::<f64>() / w.len() as f64)
    }
}

/// Time in each sleep stage, in minutes.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SleepStages {
    /// Devices with a heart-rate sensor: deep, light, REM and wake.
    Stages {
        deep: u32,
        light: u32,
        rem: u32,
        wake: u32,
    },
    /// Older devices, naps and nights with too little heart-rate data.
    Classic {
        asleep: u32,
        restless: u32,
        awake: u32,
    },
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SleepLog {
    /// The date the sleep ended on ("last night" belongs to today).
    pub date: Date,
    /// Local start time, "HH:MM".
    pub start: String,
    pub minutes_asleep: u32,
    pub minutes_awake: u32,
    pub time_in_bed: u32,
    pub minutes_to_fall_asleep: u32,
    pub efficiency: Option<u8>,
    pub is_main: bool,
    pub stages: Option<SleepStages>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HeartZone {
    pub name: String,
    pub min_bpm: u32,
    pub max_bpm: u32,
    pub minutes: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DeviceKind {
    Tracker,
    Scale,
    Other,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Device {
    /// The tracker's own id (an export's `tracker_id`, the Web API's `id`): two exports whose
    /// trackers share none may be two people's.
    pub id: Option<String>,
    pub name: String,
    pub kind: DeviceKind,
    pub battery_percent: Option<u8>,
    /// Local date-time of the last sync, "YYYY-MM-DDTHH:MM:SS" (no zone, as devices report it).
    pub last_sync: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Profile {
    pub display_name: String,
    pub avatar_url: Option<String>,
    pub member_since: Option<Date>,
    /// IANA time zone name, e.g. "Europe/London".
    pub time_zone: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Exercise {
    pub name: String,
    pub date: Date,
    /// Local start time, "HH:MM", when known.
    pub start: Option<String>,
    pub duration_min: u32,
    pub calories: Option<f64>,
    pub avg_heart_rate: Option<u32>,
    pub steps: Option<u32>,
    /// Metres.
    pub distance: Option<f64>,
    pub log_id: u64,
    /// Whether a GPS track can be fetched (shown only with the location scope).
    pub has_route: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EcgReading {
    /// Local date-time, "YYYY-MM-DDTHH:MM:SS".
    pub start: String,
    /// As the device classified it, e.g. "Normal Sinus Rhythm", "Atrial Fibrillation", "Inconclusive".
    pub classification: String,
    pub avg_heart_rate: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RhythmAlert {
    /// Local date-time the irregular rhythm was detected.
    pub detected: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Friend {
    pub name: String,
    pub rank: Option<u32>,
    /// Steps over the leaderboard's period (7 days).
    pub steps: Option<f64>,
    pub is_me: bool,
}

/// Today's food and water (base units: kcal, grams, milligrams, millilitres).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NutritionDay {
    pub calories: f64,
    pub carbs_g: f64,
    pub fat_g: f64,
    pub protein_g: f64,
    pub fiber_g: f64,
    pub sodium_mg: f64,
    pub water_ml: f64,
    pub calorie_goal: Option<f64>,
}

/// Cardio fitness: a single value (after GPS runs) or a range, in ml/kg/min.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Vo2Max {
    pub date: Date,
    pub low: f64,
    pub high: f64,
}

/// A minute-by-minute series of the day viewed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Intraday {
    Steps,
    HeartRate,
}

impl Intraday {
    pub const ALL: [Intraday; 2] = [Intraday::Steps, Intraday::HeartRate];

    /// Its serde name (see [`Metric::key`]).
    pub fn key(self) -> &'static str {
        match self {
            Intraday::Steps => "steps",
            Intraday::HeartRate => "heart_rate",
        }
    }

    pub fn from_key(key: &str) -> Option<Intraday> {
        Intraday::ALL.into_iter().find(|k| k.key() == key)
    }
}

/// (minute of the day, value) pairs, sorted.
pub type DayCurve = Vec<(u32, f64)>;
