//! What an import gathers while it streams: per metric and per family, a sum or a mean for
//! each local day; 5-minute curves; sleep logs and exercises by id; rows dropped and why. At
//! the end [`Agg::finish`] keeps one family per metric for the whole import (never a mix of
//! trees, never a sum across them: takeout-format.md §2) and says which.

mod curves;
mod shares;
mod sleep;

pub use shares::{absorb_shares, day_total, merge_share, Shares};
pub use sleep::HfSleep;

use super::classify::Family;
use crate::date::Date;
use crate::history::BUCKET_MIN;
use crate::model::{Exercise, Intraday, Metric, SleepLog};
use std::borrow::Cow;
use std::collections::BTreeMap;

const BUCKETS: usize = (24 * 60 / BUCKET_MIN) as usize;

#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Acc {
    sum: f64,
    n: u32,
}

/// The families whose readers only add to day curves (and count the rows they drop): their
/// files can be read by a second worker into an `Agg` of its own and added in at the end.
/// Most of an export's bytes are theirs (a day of heart rate every few seconds).
pub const SHAREABLE: [Family; 2] = [Family::CsvHeartRate, Family::JsonHeartRate];

/// How a metric's values of one day make its daily value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Fold {
    Sum,
    Mean,
    /// The day's last reading (weight, body fat: a later weigh-in corrects an earlier one).
    Last,
}

/// The families that may give each metric, preferred first (takeout-format.md §2).
pub fn preference(m: Metric) -> &'static [Family] {
    use Family::*;
    match m {
        // The JSON is Fitbit's reconciled stream across phone and band; the CSV repeats each
        // minute once per data source.
        Metric::Steps => &[JsonSteps, CsvSteps],
        Metric::Distance => &[JsonDistance, CsvDistance],
        // The CSV may lack the basal minutes: never summed.
        Metric::CaloriesOut => &[JsonCalories],
        Metric::Floors => &[CsvFloors],
        Metric::ActiveZoneMinutes => &[CsvActiveZoneMinutes, FolderActiveZoneMinutes],
        // Per minute, without the legacy JSON's zero padding past the export (trap T9).
        Metric::ActiveMinutes => &[CsvActiveMinutes, JsonActiveMinutes],
        Metric::RestingHeartRate => &[CsvRestingHeartRate, JsonRestingHeartRate],
        Metric::HeartRateVariability => &[CsvHrv, FolderHrv],
        Metric::MinutesAsleep => &[JsonSleep],
        // The legacy JSON's weight is in an unstated unit: only its BMI and fat are used.
        Metric::Weight => &[CsvWeight],
        Metric::BodyFat => &[CsvBodyFat, JsonWeight],
        Metric::Bmi => &[JsonWeight],
        Metric::OxygenSaturation => &[CsvSpo2, FolderSpo2],
        Metric::BreathingRate => &[CsvBreathingRate, FolderBreathingRate],
        Metric::SkinTemperatureDelta => &[CsvSkinTemperature, FolderSkinTemperature],
        Metric::Vo2Max => &[CsvVo2Max],
        Metric::SleepScore
        | Metric::SleepScoreDuration
        | Metric::SleepScoreComposition
        | Metric::SleepScoreRevitalization => &[SleepScore],
        Metric::Readiness => &[CsvReadiness],
        Metric::StressScore => &[StressScore],
        Metric::SnoreMinutes => &[Snore],
        Metric::CaloriesIn | Metric::Water => &[],
    }
}

pub fn curve_preference(k: Intraday) -> &'static [Family] {
    match k {
        Intraday::HeartRate => &[Family::CsvHeartRate, Family::JsonHeartRate],
        Intraday::Steps => &[Family::JsonSteps, Family::CsvSteps],
    }
}

/// A day curve being gathered: its kind, the family it comes from, its local day.
type CurveKey = (Intraday, Family, Date);

#[derive(Default)]
pub struct Agg {
    /// Means and last values.
    days: BTreeMap<(Metric, Family), BTreeMap<Date, Acc>>,
    /// Sums, by share (see [`Shares`]).
    sums: BTreeMap<(Metric, Family), BTreeMap<Date, Shares>>,
    /// The file being read: its shares carry its id.
    pub file: String,
    curves: BTreeMap<CurveKey, Box<[Acc; BUCKETS]>>,
    /// The day being filled (rows come day by day): spares a map lookup per sample.
    hot: Option<(CurveKey, Box<[Acc; BUCKETS]>)>,
    pub sleep: BTreeMap<u64, SleepLog>,
    /// Sessions of the Health Fitness Data tables, and their stage minutes (deep, light, rem,
    /// awake) by session id; made into sleep logs at the end (the two files may be in two parts).
    pub hf_sleeps: Vec<HfSleep>,
    pub hf_stages: BTreeMap<u64, [u32; 4]>,
    pub devices: Vec<crate::model::Device>,
    pub exercises: BTreeMap<u64, Exercise>,
    /// Rows left out, by reason ("NaN", "SpO2 50.0 sentinel"…; owned when another worker
    /// counted them).
    pub dropped: BTreeMap<Cow<'static, str>, u64>,
    /// Nothing dated after this is kept (exports pad some files into the future).
    pub last_day: Option<Date>,
}

/// What an import found, ready for the history.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Found {
    pub days: BTreeMap<Metric, BTreeMap<Date, f64>>,
    /// 5-minute buckets (minute of the day, value), as the history keeps them.
    pub curves: BTreeMap<(Intraday, Date), Vec<(u16, u16)>>,
    pub sleep: Vec<SleepLog>,
    pub exercises: Vec<Exercise>,
    /// Trackers as of the export (battery, last sync).
    pub devices: Vec<crate::model::Device>,
    /// Which family gave each metric (for the summary's "which copy won").
    pub chosen: BTreeMap<Metric, Family>,
    /// The shares behind each summed metric's days.
    pub sums: BTreeMap<Metric, BTreeMap<Date, Shares>>,
    /// The files the import read, by id (set by `Import::finish`).
    pub files: std::collections::BTreeSet<String>,
    pub dropped: BTreeMap<Cow<'static, str>, u64>,
}

impl Agg {
    /// Nothing dated after `last_day` is kept.
    pub fn until(last_day: Date) -> Agg {
        Agg {
            last_day: Some(last_day),
            ..Agg::default()
        }
    }

    fn in_range(&mut self, date: Date) -> bool {
        // 2000-01-01 is day 10957 of the epoch (no calendar arithmetic per sample).
        let ok = self.last_day.is_none_or(|last| date <= last) && date.days_since_epoch() >= 10_957;
        if !ok {
            self.drop("dated in the future or before 2000");
        }
        ok
    }

    pub fn drop(&mut self, why: &'static str) {
        *self.dropped.entry(Cow::Borrowed(why)).or_default() += 1;
    }

    /// A value of `m` on `date` from `family`.
    pub fn add(&mut self, m: Metric, family: Family, date: Date, value: f64, fold: Fold) {
        if !value.is_finite() {
            return self.drop("not a number (NaN)");
        }
        if !self.in_range(date) {
            return;
        }
        if fold == Fold::Sum {
            return self.add_share(m, family, date, "", value);
        }
        let acc = self
            .days
            .entry((m, family))
            .or_default()
            .entry(date)
            .or_default();
        match fold {
            Fold::Last => *acc = Acc { sum: value, n: 1 },
            _ => {
                acc.sum += value;
                acc.n += 1;
            }
        }
    }

    /// Takes back what the file `id` gave (read again in one import: under two roots).
    pub fn forget(&mut self, id: &str) {
        for shares in self.sums.values_mut().flat_map(|days| days.values_mut()) {
            shares.retain(|(f, _, _)| f != id);
        }
    }

    fn add_share(&mut self, m: Metric, family: Family, date: Date, source: &str, value: f64) {
        let list = self
            .sums
            .entry((m, family))
            .or_default()
            .entry(date)
            .or_default();
        match list
            .iter_mut()
            .find(|(f, s, _)| *f == self.file && s == source)
        {
            Some((_, _, v)) => *v += value,
            None => list.push((self.file.clone(), source.to_string(), value)),
        }
    }

    /// A summed value with its `data source` (the CSV tree's steps and distance).
    pub fn add_sourced(&mut self, m: Metric, family: Family, date: Date, source: &str, value: f64) {
        if !value.is_finite() || !self.in_range(date) {
            return;
        }
        self.add_share(m, family, date, source, value);
    }

    /// One family per metric (the first of [`preference`] holding any day); summed days from
    /// their shares ([`day_total`]).
    pub fn finish(mut self, folds: impl Fn(Metric) -> Fold) -> Found {
        self.cool();
        self.sleep_shares();
        let mut found = Found {
            dropped: std::mem::take(&mut self.dropped),
            ..Found::default()
        };
        for m in Metric::ALL {
            let has = |f: &Family| {
                self.days.get(&(m, *f)).is_some_and(|d| !d.is_empty())
                    || self.sums.get(&(m, *f)).is_some_and(|d| !d.is_empty())
            };
            let Some(family) = preference(m).iter().copied().find(|f| has(f)) else {
                continue;
            };
            found.chosen.insert(m, family);
            if let Some(sums) = self.sums.remove(&(m, family)) {
                found
                    .days
                    .insert(m, sums.iter().map(|(d, s)| (*d, day_total(s))).collect());
                found.sums.insert(m, sums);
            } else {
                let mean = folds(m) == Fold::Mean;
                let days = &self.days[&(m, family)];
                found.days.insert(
                    m,
                    days.iter()
                        .map(|(d, a)| {
                            (
                                *d,
                                if mean {
                                    a.sum / a.n.max(1) as f64
                                } else {
                                    a.sum
                                },
                            )
                        })
                        .collect(),
                );
            }
        }
        found.curves = self.found_curves();
        found.sleep = self.sleep.into_values().collect();
        found.exercises = self.exercises.into_values().collect();
        found.devices = self.devices;
        found
    }
}
