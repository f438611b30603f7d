//! What an import gathers while it streams: per metric and per family, a sum or a mean for
//! each local day; 5-minute curves; sleep logs and exercises by id; rows dropped and why. At
//! the end [`Agg::finish`] keeps one family per metric for the whole import (never a mix of
//! trees, never a sum across them: takeout-format.md §2) and says which.

use super::classify::Family;
use crate::date::Date;
use crate::history::BUCKET_MIN;
use crate::model::{Exercise, Intraday, Metric, SleepLog};
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

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

/// A day's sum as files gave it: (file, data source, sum), the file by its id
/// ([`super::classify::file_id`]: not its path, which changes with the root, the part and the
/// vintage). Kept, not just added up, so parts of one export imported one after another
/// complete a day that straddles them, and a file imported again replaces its own share
/// instead of adding to it.
pub use crate::history::Shares;

/// The tree a share comes from: its file's folder under the root (`Global Export Data`,
/// `Physical Activity_GoogleData`…), or for a night's minutes the table its id is from
/// (`sleep`, `UserSleeps`). Of one metric, each family has a tree of its own.
fn tree(id: &str) -> &str {
    id.split_once('/')
        .or_else(|| id.split_once(' '))
        .map_or(id, |(t, _)| t)
}

/// Puts an import's shares of a metric (`new`, of the files `read`, by id) into the stored ones
/// and says which days' totals to redo. A stored share goes when its file was read again
/// (whatever days it gave before: a re-import in another time zone moves them), or when its
/// day now comes from another tree (the same days from another vintage's copy replace it, never
/// add: takeout-format.md §2). Shares of other files of the same tree stay: other parts of an
/// export. Shares stored by path (before ids) are renamed to their id, and copies of one file
/// under two roots kept once.
pub fn absorb_shares(
    stored: &mut BTreeMap<Date, Shares>,
    new: &BTreeMap<Date, Shares>,
    read: &BTreeSet<String>,
) -> BTreeSet<Date> {
    let mut touched: BTreeSet<Date> = new.keys().copied().collect();
    for (d, shares) in stored.iter_mut() {
        let trees: Vec<&str> = new
            .get(d)
            .into_iter()
            .flatten()
            .map(|(f, _, _)| tree(f))
            .collect();
        let mut kept = Shares::new();
        for (f, s, v) in shares.iter() {
            let id = super::classify::file_id(f);
            if !read.contains(&id) && (trees.is_empty() || trees.contains(&tree(&id))) {
                merge_share(&mut kept, &id, s, *v);
            }
        }
        if kept != *shares {
            *shares = kept;
            touched.insert(*d);
        }
    }
    for (d, shares) in new {
        let day = stored.entry(*d).or_default();
        for (f, s, v) in shares {
            merge_share(day, f, s, *v);
        }
        // In one order whatever the order of imports: the same shares store (and add up) alike.
        day.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    }
    stored.retain(|_, shares| !shares.is_empty());
    touched
}

/// A day's total from its shares: summed per data source across files, then one source (a
/// device's own, not a phone's or a Health Kit / Health Connect mirror's; the largest of
/// those), never the sum of sources (trap T3).
pub fn day_total(shares: &Shares) -> f64 {
    let mirror = |s: &str| {
        s.contains("Health Kit")
            || s.contains("Health Connect")
            || s.contains("Web API")
            || s == "MobileTrack"
            || s.ends_with(" App")
    };
    let mut by_source: Vec<(&str, f64)> = Vec::new();
    for (_, src, v) in shares {
        match by_source.iter_mut().find(|(s, _)| s == src) {
            Some((_, t)) => *t += v,
            None => by_source.push((src, *v)),
        }
    }
    let best = |own: bool| {
        by_source
            .iter()
            .filter(|(s, _)| mirror(s) != own)
            .map(|(_, v)| *v)
            .fold(None, |a: Option<f64>, v| Some(a.map_or(v, |a| a.max(v))))
    };
    best(true).or_else(|| best(false)).unwrap_or(0.0)
}

/// Adds `(file, source, value)` to `shares`: a share of the same file and source is replaced.
pub fn merge_share(shares: &mut Shares, file: &str, source: &str, value: f64) -> bool {
    match shares.iter_mut().find(|(f, s, _)| f == file && s == source) {
        Some((_, _, v)) if *v == value => false,
        Some((_, _, v)) => {
            *v = value;
            true
        }
        None => {
            shares.push((file.to_string(), source.to_string(), value));
            true
        }
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

/// A session of `UserSleeps`, in the person's local time.
#[derive(Clone, Debug, PartialEq)]
pub struct HfSleep {
    pub id: u64,
    pub stages: bool,
    pub start: (Date, u32),
    pub end: (Date, u32),
    pub asleep: u32,
    pub awake: u32,
    pub to_fall_asleep: u32,
    pub in_bed: u32,
    /// `sleep_session_v2` over `v1` when both describe one night (trap T11).
    pub version: String,
}

impl HfSleep {
    fn minutes(at: (Date, u32)) -> i64 {
        at.0.days_since_epoch() as i64 * 1440 + at.1 as i64 / 60
    }
    fn overlaps(&self, o: &HfSleep) -> bool {
        HfSleep::minutes(self.start) < HfSleep::minutes(o.end)
            && HfSleep::minutes(o.start) < HfSleep::minutes(self.end)
    }
}

/// Sleep logs from `UserSleeps` sessions and `UserSleepStages` minutes: of sessions that
/// overlap, the newest algorithm's (then the longest); the longest of a day is its main sleep.
fn hf_logs(mut sessions: Vec<HfSleep>, stages: &BTreeMap<u64, [u32; 4]>) -> Vec<(u64, SleepLog)> {
    crate::order::by_key(&mut sessions, |s| -(s.in_bed as i64));
    let mut kept: Vec<HfSleep> = Vec::new();
    for s in sessions {
        match kept.iter_mut().find(|k| k.overlaps(&s)) {
            Some(k) if s.version > k.version => *k = s,
            Some(_) => {}
            None => kept.push(s),
        }
    }
    let mut logs: Vec<(u64, SleepLog)> = kept
        .iter()
        .map(|s| {
            let st = stages.get(&s.id);
            // A stages night whose stage rows are not in the export has no stage split to show.
            let stages = match (s.stages, st) {
                (true, Some(m)) => Some(crate::model::SleepStages::Stages {
                    deep: m[0],
                    light: m[1],
                    rem: m[2],
                    wake: m[3],
                }),
                (true, None) => None,
                (false, _) => Some(crate::model::SleepStages::Classic {
                    asleep: s.asleep,
                    restless: 0,
                    awake: s.awake,
                }),
            };
            let log = SleepLog {
                date: s.end.0,
                start: format!("{:02}:{:02}", s.start.1 / 3600, s.start.1 / 60 % 60),
                minutes_asleep: s.asleep,
                minutes_awake: s.awake,
                time_in_bed: s.in_bed,
                minutes_to_fall_asleep: s.to_fall_asleep,
                efficiency: None,
                is_main: false,
                stages,
            };
            (s.id, log)
        })
        .collect();
    let days: std::collections::BTreeSet<Date> = logs.iter().map(|(_, l)| l.date).collect();
    for d in days {
        if let Some(main) = logs
            .iter_mut()
            .filter(|(_, l)| l.date == d)
            .max_by_key(|(_, l)| l.time_in_bed)
        {
            main.1.is_main = true;
        }
    }
    logs
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

    /// A reading for a day curve at local second `secs` of `date`.
    pub fn add_curve(&mut self, k: Intraday, family: Family, date: Date, secs: u32, value: f64) {
        if !value.is_finite() || !self.in_range(date) {
            return;
        }
        let b = ((secs / 60).min(1439) / BUCKET_MIN) as usize;
        let key = (k, family, date);
        if self.hot.as_ref().is_none_or(|(hk, _)| *hk != key) {
            self.cool();
            let day = self
                .curves
                .remove(&key)
                .unwrap_or_else(|| Box::new([Acc::default(); BUCKETS]));
            self.hot = Some((key, day));
        }
        if let Some((_, day)) = self.hot.as_mut() {
            day[b].sum += value;
            day[b].n += 1;
        }
    }

    /// The curves gathered so far, as numbers another worker can add to its own
    /// ([`Agg::add_curves`]): per curve its kind, family (their places in [`Intraday::ALL`] and
    /// [`SHAREABLE`]) and day, then each bucket's sum and count.
    pub fn take_curves(&mut self) -> Vec<f64> {
        self.cool();
        let mut out = Vec::with_capacity(self.curves.len() * (3 + 2 * BUCKETS));
        for ((k, f, d), day) in std::mem::take(&mut self.curves) {
            let (Some(ki), Some(fi)) = (
                Intraday::ALL.iter().position(|x| *x == k),
                SHAREABLE.iter().position(|x| *x == f),
            ) else {
                continue;
            };
            out.extend([ki as f64, fi as f64, d.days_since_epoch() as f64]);
            out.extend(day.iter().flat_map(|a| [a.sum, a.n as f64]));
        }
        out
    }

    /// Adds curves taken from another worker's `Agg` ([`Agg::take_curves`]): sums and counts add
    /// up, so the result does not depend on which worker read which file.
    pub fn add_curves(&mut self, flat: &[f64]) -> Result<(), &'static str> {
        self.cool();
        for c in flat.chunks(3 + 2 * BUCKETS) {
            if c.len() != 3 + 2 * BUCKETS {
                return Err("curves from the other worker do not read");
            }
            let (Some(k), Some(f)) = (
                Intraday::ALL.get(c[0] as usize),
                SHAREABLE.get(c[1] as usize),
            ) else {
                return Err("curves from the other worker do not read");
            };
            let day = self
                .curves
                .entry((*k, *f, Date::from_days_since_epoch(c[2] as i32)))
                .or_insert_with(|| Box::new([Acc::default(); BUCKETS]));
            for (a, b) in day.iter_mut().zip(c[3..].chunks(2)) {
                a.sum += b[0];
                a.n += b[1] as u32;
            }
        }
        Ok(())
    }

    /// Puts the day being filled back with the others.
    fn cool(&mut self) {
        if let Some((k, day)) = self.hot.take() {
            self.curves.insert(k, day);
        }
    }

    /// One family per metric (the first of [`preference`] holding any day); summed days from
    /// their shares ([`day_total`]).
    pub fn finish(mut self, folds: impl Fn(Metric) -> Fold) -> Found {
        self.cool();
        let mut hf = BTreeSet::new();
        for (id, log) in hf_logs(std::mem::take(&mut self.hf_sleeps), &self.hf_stages) {
            if let std::collections::btree_map::Entry::Vacant(e) = self.sleep.entry(id) {
                e.insert(log);
                hf.insert(id);
            }
        }
        // Minutes asleep: one share per sleep log, named by its table and id (a night in two
        // files, or in two imports, counts once; the tables' ids differ, so a night of one
        // replaces the other's, see `tree`).
        for (id, log) in &self.sleep {
            let shares = self
                .sums
                .entry((Metric::MinutesAsleep, Family::JsonSleep))
                .or_default()
                .entry(log.date)
                .or_default();
            let table = if hf.contains(id) {
                "UserSleeps"
            } else {
                "sleep"
            };
            merge_share(
                shares,
                &format!("{table} {id}"),
                "",
                log.minutes_asleep as f64,
            );
        }
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
        for k in Intraday::ALL {
            let Some(family) = curve_preference(k)
                .iter()
                .copied()
                .find(|f| self.curves.keys().any(|(kk, ff, _)| *kk == k && ff == f))
            else {
                continue;
            };
            for ((_, _, date), buckets) in self.curves.range(
                (k, family, Date::from_days_since_epoch(i32::MIN / 2))
                    ..=(k, family, Date::from_days_since_epoch(i32::MAX / 2)),
            ) {
                let curve = buckets
                    .iter()
                    .enumerate()
                    .filter(|(_, a)| a.n > 0)
                    .map(|(i, a)| {
                        let v = if k == Intraday::HeartRate {
                            a.sum / a.n as f64
                        } else {
                            a.sum
                        };
                        (
                            (i as u32 * BUCKET_MIN) as u16,
                            v.round().clamp(0.0, 65535.0) as u16,
                        )
                    })
                    .collect();
                found.curves.insert((k, *date), curve);
            }
        }
        found.sleep = self.sleep.into_values().collect();
        found.exercises = self.exercises.into_values().collect();
        found.devices = self.devices;
        found
    }
}
