//! What an import gathers while it streams: per metric and per family, a sum or a mean for
//! each local day; 5-minute curves; sleep logs and exercises by id; rows dropped and why. At
//! the end [`Agg::finish`] keeps one family per metric for the whole import (never a mix of
//! trees, never a sum across them: takeout-format.md §2) and says which.

use super::classify::Family;
use crate::date::Date;
use crate::history::BUCKET_MIN;
use crate::model::{Exercise, Intraday, Metric, SleepLog};
use std::collections::BTreeMap;

const BUCKETS: usize = (24 * 60 / BUCKET_MIN) as usize;

#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Acc {
    sum: f64,
    n: u32,
}

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
        Metric::ActiveZoneMinutes => &[CsvActiveZoneMinutes],
        Metric::RestingHeartRate => &[CsvRestingHeartRate, JsonRestingHeartRate],
        Metric::HeartRateVariability => &[CsvHrv],
        Metric::MinutesAsleep => &[JsonSleep],
        // The legacy JSON's weight is in an unstated unit: only its BMI and fat are used.
        Metric::Weight => &[CsvWeight],
        Metric::BodyFat => &[CsvBodyFat, JsonWeight],
        Metric::Bmi => &[JsonWeight],
        Metric::OxygenSaturation => &[CsvSpo2],
        Metric::BreathingRate => &[CsvBreathingRate],
        Metric::SkinTemperatureDelta => &[CsvSkinTemperature],
        Metric::Vo2Max => &[CsvVo2Max],
        Metric::CaloriesIn | Metric::Water => &[],
    }
}

pub fn curve_preference(k: Intraday) -> &'static [Family] {
    match k {
        Intraday::HeartRate => &[Family::CsvHeartRate, Family::JsonHeartRate],
        Intraday::Steps => &[Family::JsonSteps, Family::CsvSteps],
    }
}

#[derive(Default)]
pub struct Agg {
    days: BTreeMap<(Metric, Family), BTreeMap<Date, Acc>>,
    /// Steps and distance of the CSV tree, per day and data source: one source is kept a day.
    sourced: BTreeMap<(Metric, Date), Vec<(String, f64)>>,
    curves: BTreeMap<(Intraday, Family, Date), Box<[Acc; BUCKETS]>>,
    pub sleep: BTreeMap<u64, SleepLog>,
    pub exercises: BTreeMap<u64, Exercise>,
    /// Rows left out, by reason ("NaN", "SpO2 50.0 sentinel"…).
    pub dropped: BTreeMap<&'static str, u64>,
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
    /// Which family gave each metric (for the summary's "which copy won").
    pub chosen: BTreeMap<Metric, Family>,
    pub dropped: BTreeMap<&'static str, u64>,
}

impl Agg {
    /// Nothing dated after `last_day` is kept.
    pub fn until(last_day: Date) -> Agg {
        Agg { last_day: Some(last_day), ..Agg::default() }
    }

    fn in_range(&mut self, date: Date) -> bool {
        let ok = self.last_day.is_none_or(|last| date <= last) && date.ymd().0 >= 2000;
        if !ok {
            self.drop("dated in the future or before 2000");
        }
        ok
    }

    pub fn drop(&mut self, why: &'static str) {
        *self.dropped.entry(why).or_default() += 1;
    }

    /// A value of `m` on `date` from `family`.
    pub fn add(&mut self, m: Metric, family: Family, date: Date, value: f64, fold: Fold) {
        if !value.is_finite() {
            return self.drop("not a number (NaN)");
        }
        if !self.in_range(date) {
            return;
        }
        let acc = self.days.entry((m, family)).or_default().entry(date).or_default();
        match fold {
            Fold::Sum | Fold::Mean => {
                acc.sum += value;
                acc.n += 1;
            }
            Fold::Last => *acc = Acc { sum: value, n: 1 },
        }
        if fold == Fold::Sum {
            // A sum's count is not a mean's divisor.
            acc.n = 1;
        }
    }

    /// A CSV steps or distance value with its `data source`.
    pub fn add_sourced(&mut self, m: Metric, date: Date, source: &str, value: f64) {
        if !value.is_finite() || !self.in_range(date) {
            return;
        }
        let list = self.sourced.entry((m, date)).or_default();
        match list.iter_mut().find(|(s, _)| s == source) {
            Some((_, v)) => *v += value,
            None => list.push((source.to_string(), value)),
        }
    }

    /// A reading for a day curve at local second `secs` of `date`.
    pub fn add_curve(&mut self, k: Intraday, family: Family, date: Date, secs: u32, value: f64) {
        if !value.is_finite() || !self.in_range(date) {
            return;
        }
        let b = ((secs / 60).min(1439) / BUCKET_MIN) as usize;
        let day = self.curves.entry((k, family, date)).or_insert_with(|| Box::new([Acc::default(); BUCKETS]));
        day[b].sum += value;
        day[b].n += 1;
    }

    /// One family per metric (the first of [`preference`] holding any day), one data source
    /// per day for the CSV tree's steps and distance (a device's own, not a phone's or a
    /// Health Kit / Health Connect mirror's, the largest of those).
    pub fn finish(mut self, folds: impl Fn(Metric) -> Fold) -> Found {
        for ((m, date), sources) in std::mem::take(&mut self.sourced) {
            let mirror = |s: &str| s.contains("Health Kit") || s.contains("Health Connect") || s.contains("Web API") || s == "MobileTrack" || s.ends_with(" App");
            let best = sources
                .iter()
                .filter(|(s, _)| !mirror(s))
                .chain(sources.iter().filter(|(s, _)| mirror(s)))
                .fold(None::<&(String, f64)>, |best, x| match best {
                    Some(b) if mirror(&b.0) == mirror(&x.0) && b.1 >= x.1 => Some(b),
                    Some(b) if !mirror(&b.0) && mirror(&x.0) => Some(b),
                    _ => Some(x),
                });
            if let Some((_, v)) = best {
                let family = if m == Metric::Steps { Family::CsvSteps } else { Family::CsvDistance };
                self.days.entry((m, family)).or_default().insert(date, Acc { sum: *v, n: 1 });
            }
        }
        for log in self.sleep.values() {
            let acc = self.days.entry((Metric::MinutesAsleep, Family::JsonSleep)).or_default().entry(log.date).or_default();
            acc.sum += log.minutes_asleep as f64;
            acc.n = 1;
        }
        let mut found = Found { dropped: self.dropped, ..Found::default() };
        for m in Metric::ALL {
            let Some((family, days)) = preference(m).iter().find_map(|f| self.days.get(&(m, *f)).filter(|d| !d.is_empty()).map(|d| (*f, d))) else {
                continue;
            };
            found.chosen.insert(m, family);
            let mean = folds(m) == Fold::Mean;
            found.days.insert(m, days.iter().map(|(d, a)| (*d, if mean { a.sum / a.n.max(1) as f64 } else { a.sum })).collect());
        }
        for k in Intraday::ALL {
            let Some(family) = curve_preference(k).iter().copied().find(|f| self.curves.keys().any(|(kk, ff, _)| *kk == k && ff == f)) else {
                continue;
            };
            for ((_, _, date), buckets) in self.curves.range((k, family, Date::from_days_since_epoch(i32::MIN / 2))..=(k, family, Date::from_days_since_epoch(i32::MAX / 2))) {
                let curve = buckets
                    .iter()
                    .enumerate()
                    .filter(|(_, a)| a.n > 0)
                    .map(|(i, a)| {
                        let v = if k == Intraday::HeartRate { a.sum / a.n as f64 } else { a.sum };
                        ((i as u32 * BUCKET_MIN) as u16, v.round().clamp(0.0, 65535.0) as u16)
                    })
                    .collect();
                found.curves.insert((k, *date), curve);
            }
        }
        found.sleep = self.sleep.into_values().collect();
        found.exercises = self.exercises.into_values().collect();
        found
    }
}
