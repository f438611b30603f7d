//! The person's history: every daily value, sleep, exercise, day curve, food day and heart-zone
//! day any source has given, kept across days and years, with one precedence rule.
//!
//! Pure. A source's refresh *absorbs* the parts that came back well (never an error, never an
//! empty slot); the dashboard *paints* a snapshot from it. `store` keeps it in IndexedDB in
//! parts, so a refresh writes only what changed.
//!
//! **Precedence** (one rule, never a sum): for one metric and day, a value from a live source
//! (Fitbit Web API, Google Health API) replaces one from an archive import, never the other
//! way; between sources of equal rank the newer write wins.

pub mod backup;
mod codec;
pub mod idb;
pub mod layer;
pub mod person;
#[cfg(any(test, feature = "test-support"))]
pub mod sample;
pub mod stats;
pub mod store;
pub mod tables;

use crate::date::Date;
use crate::model::{
    DayCurve, Exercise, HeartZone, Intraday, Metric, Need, NutritionDay, Origin, Point, Series,
    SleepLog, Slot, Snapshot,
};
use std::collections::{BTreeMap, BTreeSet};

/// A summed day of an export as its files gave it: (file id, data source, sum); see
/// `takeout::agg`, which keeps them.
pub type Shares = Vec<(String, String, f64)>;

/// A stored day curve: (minute of the day a bucket starts, its value).
pub type Curve = Vec<(u16, u16)>;

/// Minutes per bucket of a stored day curve: years of curves stay small (288 values a day).
pub const BUCKET_MIN: u32 = 5;

/// One stored part: the unit of reading and writing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Part {
    Days(Metric),
    Sleep,
    Exercises,
    Nutrition,
    Zones,
    /// The curves of one kind in one month (year, month).
    Curves(Intraday, i32, u32),
    /// The shares behind an imported metric's summed days (see `takeout::agg::Shares`).
    Sums(Metric),
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct History {
    pub days: BTreeMap<Metric, BTreeMap<Date, (f64, Origin)>>,
    /// Keyed by the date the sleep ended on and its start time.
    pub sleep: BTreeMap<(Date, String), (SleepLog, Origin)>,
    pub exercises: BTreeMap<u64, (Exercise, Origin)>,
    /// 5-minute buckets: (minute of the day the bucket starts, value rounded to a whole step
    /// or beat per minute: integers keep the stored text short).
    pub curves: BTreeMap<(Intraday, Date), (Curve, Origin)>,
    pub nutrition: BTreeMap<Date, (NutritionDay, Origin)>,
    pub zones: BTreeMap<Date, (Vec<HeartZone>, Origin)>,
    /// What other sources gave where a value above wins (see `layer`).
    pub under: layer::Under,
    /// Per summed metric and day, the shares an export's files gave (an imported export only).
    pub sums: BTreeMap<Metric, BTreeMap<Date, Shares>>,
    /// Parts changed since the last save.
    pub dirty: BTreeSet<Part>,
}

/// Whether a value from `new` may replace one from `old` (see the module's precedence rule).
pub fn replaces(new: Origin, old: Origin) -> bool {
    new.rank() >= old.rank()
}

pub(crate) fn curve_part(kind: Intraday, d: Date) -> Part {
    let (y, m, _) = d.ymd();
    Part::Curves(kind, y, m)
}

/// A minute-by-minute curve in [`BUCKET_MIN`]-minute buckets: steps add up, a heart rate
/// keeps the mean.
pub fn downsample(curve: &DayCurve, kind: Intraday) -> Vec<(u16, u16)> {
    let mut out: Vec<(u16, f64, u32)> = Vec::new();
    for &(minute, v) in curve {
        let b = (minute.min(1439) / BUCKET_MIN * BUCKET_MIN) as u16;
        match out.last_mut() {
            Some(last) if last.0 == b => {
                last.1 += v;
                last.2 += 1;
            }
            _ => out.push((b, v, 1)),
        }
    }
    out.into_iter()
        .map(|(b, sum, n)| {
            (
                b,
                (if kind == Intraday::HeartRate {
                    sum / n as f64
                } else {
                    sum
                })
                .round()
                .clamp(0.0, 65535.0) as u16,
            )
        })
        .collect()
}

impl History {
    pub(crate) fn put_day(&mut self, metric: Metric, date: Date, value: f64, src: Origin) -> bool {
        let days = self.days.entry(metric).or_default();
        let under = self.under.days.entry(metric).or_default();
        let changed = layer::put(days, under, date, value, src);
        if under.is_empty() {
            self.under.days.remove(&metric);
        }
        changed
    }

    /// A night under the precedence rule; marks the sleep part when it changed.
    pub(crate) fn put_sleep(&mut self, log: &SleepLog, src: Origin) {
        if layer::put(
            &mut self.sleep,
            &mut self.under.sleep,
            sleep_key(log),
            log.clone(),
            src,
        ) {
            self.dirty.insert(Part::Sleep);
        }
    }

    /// An exercise, by its id, under the same rule.
    pub(crate) fn put_exercise(&mut self, e: &Exercise, src: Origin) {
        if layer::put(
            &mut self.exercises,
            &mut self.under.exercises,
            e.log_id,
            e.clone(),
            src,
        ) {
            self.dirty.insert(Part::Exercises);
        }
    }

    /// A day's curve under the same rule.
    pub(crate) fn put_curve(&mut self, kind: Intraday, d: Date, c: Vec<(u16, u16)>, src: Origin) {
        if layer::put(&mut self.curves, &mut self.under.curves, (kind, d), c, src) {
            self.dirty.insert(curve_part(kind, d));
        }
    }

    /// The curve `src` itself gave for a day (shown or kept under another's).
    pub(crate) fn curve_of(
        &self,
        kind: Intraday,
        d: Date,
        src: Origin,
    ) -> Option<&Vec<(u16, u16)>> {
        let top = self
            .curves
            .get(&(kind, d))
            .filter(|(_, o)| *o == src)
            .map(|(c, _)| c);
        top.or_else(|| {
            self.under
                .curves
                .get(&(kind, d))?
                .iter()
                .find(|(_, o)| *o == src)
                .map(|(c, _)| c)
        })
    }

    /// Takes what `snap` holds ready for `needs` (the parts of answers that came back well),
    /// as given by `src`. Slots that are loading, failed, not shared or empty change nothing.
    pub fn absorb(&mut self, src: Origin, snap: &Snapshot, needs: &[Need]) {
        for need in needs {
            match *need {
                Need::Series(m) => {
                    let Some(series) = snap.series(m).ready() else {
                        continue;
                    };
                    let mut changed = false;
                    for p in &series.points {
                        changed |= self.put_day(m, p.date, p.value, src);
                    }
                    if changed {
                        self.dirty.insert(Part::Days(m));
                    }
                }
                Need::Sleep => {
                    for log in snap.sleep.ready().into_iter().flatten() {
                        self.put_sleep(log, src);
                    }
                }
                Need::Exercises => {
                    for e in snap.exercises.ready().into_iter().flatten() {
                        self.put_exercise(e, src);
                    }
                }
                Need::Nutrition => {
                    if let Some(n) = snap.nutrition.ready() {
                        if layer::put(
                            &mut self.nutrition,
                            &mut self.under.nutrition,
                            snap.today,
                            n.clone(),
                            src,
                        ) {
                            self.dirty.insert(Part::Nutrition);
                        }
                    }
                }
                Need::HeartZones => {
                    if let Some(z) = snap.heart_zones.ready() {
                        if layer::put(
                            &mut self.zones,
                            &mut self.under.zones,
                            snap.today,
                            z.clone(),
                            src,
                        ) {
                            self.dirty.insert(Part::Zones);
                        }
                    }
                }
                Need::Intraday(kind) => {
                    if let Some(curve) = snap.intraday.get(&kind).and_then(|s| s.ready()) {
                        self.put_curve(kind, snap.today, downsample(curve, kind), src);
                    }
                }
                // Current state, not history: kept with the source's own record.
                Need::Goals
                | Need::Devices
                | Need::Profile
                | Need::Ecg
                | Need::RhythmAlerts
                | Need::Friends
                | Need::CardioFitness => {}
            }
        }
    }

    /// Everything a snapshot holds that history can hold (a whole snapshot, e.g. the cache of
    /// an earlier version being migrated).
    pub fn absorb_all(&mut self, src: Origin, snap: &Snapshot) {
        let mut needs: Vec<Need> = snap.series.keys().map(|m| Need::Series(*m)).collect();
        needs.extend([
            Need::Sleep,
            Need::Exercises,
            Need::Nutrition,
            Need::HeartZones,
        ]);
        needs.extend(snap.intraday.keys().map(|k| Need::Intraday(*k)));
        self.absorb(src, snap, &needs);
    }

    /// The daily series of a metric, as the precedence rule chose it.
    pub fn series(&self, m: Metric) -> Option<Series> {
        let days = self.days.get(&m).filter(|d| !d.is_empty())?;
        Some(Series {
            metric: m,
            points: days
                .iter()
                .map(|(d, (v, _))| Point {
                    date: *d,
                    value: *v,
                })
                .collect(),
        })
    }

    /// Fills `snap` (a source's current state, `snap.today` the day viewed) from history:
    /// what history holds is shown, whatever the slot said (loading, failed); a day-bound part
    /// missing for the day viewed shows the latest earlier one, dated in `snap.dated`.
    pub fn paint(&self, snap: &mut Snapshot) {
        for m in self.days.keys() {
            if let Some(s) = self.series(*m) {
                snap.series.insert(*m, Slot::Ready(s));
            }
        }
        snap.sources = self
            .days
            .iter()
            .map(|(m, d)| (*m, layer::runs(d)))
            .collect();
        if !self.sleep.is_empty() {
            snap.sleep = Slot::Ready(self.sleep.values().map(|(l, _)| l.clone()).collect());
        }
        if !self.exercises.is_empty() {
            let mut list: Vec<Exercise> = self.exercises.values().map(|(e, _)| e.clone()).collect();
            // Newest first, as sources list them.
            // A known start sorts after an unknown one (as `Some` after `None`).
            let start = |e: &Exercise| {
                e.start
                    .as_deref()
                    .and_then(crate::date::minute_of_day)
                    .map_or(0, |m| 1 + m as i64)
            };
            crate::order::by_key(&mut list, |e| {
                -(e.date.days_since_epoch() as i64 * 2000 + start(e))
            });
            snap.exercises = Slot::Ready(list);
        }
        let day = snap.today;
        for kind in [Intraday::Steps, Intraday::HeartRate] {
            if let Some((c, _)) = self.curves.get(&(kind, day)) {
                snap.intraday.insert(
                    kind,
                    Slot::Ready(c.iter().map(|&(m, v)| (m as u32, v as f64)).collect()),
                );
            }
        }
        dated(
            &self.nutrition,
            day,
            &mut snap.nutrition,
            &mut snap.dated,
            Need::Nutrition,
        );
        dated(
            &self.zones,
            day,
            &mut snap.heart_zones,
            &mut snap.dated,
            Need::HeartZones,
        );
    }

    /// The first and last day holding any daily value.
    pub fn span(&self) -> Option<(Date, Date)> {
        let first = self.days.values().filter_map(|d| d.keys().next()).min()?;
        let last = self
            .days
            .values()
            .filter_map(|d| d.keys().next_back())
            .max()?;
        Some((*first, *last))
    }
}

/// A night's key: the date it ended on and its start time.
pub(crate) fn sleep_key(log: &SleepLog) -> (Date, String) {
    (log.date, log.start.clone())
}

/// The day's entry, or (if the slot has nothing of the day) the latest earlier one, dated.
fn dated<T: Clone>(
    by_day: &BTreeMap<Date, (T, Origin)>,
    day: Date,
    slot: &mut Slot<T>,
    dated: &mut BTreeMap<Need, Date>,
    need: Need,
) {
    if let Some((v, _)) = by_day.get(&day) {
        *slot = Slot::Ready(v.clone());
        dated.remove(&need);
    } else if !matches!(slot, Slot::Ready(_) | Slot::NotShared) {
        if let Some((d, (v, _))) = by_day.range(..day).next_back() {
            *slot = Slot::Ready(v.clone());
            dated.insert(need, *d);
        }
    }
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_one;
