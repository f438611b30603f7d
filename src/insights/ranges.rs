//! Personal ranges: is a night's value usual *for this person*? The method, stated where it
//! is shown: the nights in the [`NIGHTS`] days before it (never the night itself), at least
//! [`MIN_NIGHTS`] of them; the range is their median ± twice their spread (1.4826 × the
//! median absolute deviation, a standard deviation that a few odd nights do not pull), never
//! narrower than the metric's [`floor`]. Median and MAD keep a fever week from widening the
//! range of the nights after it.

use crate::date::Date;
use crate::model::{Metric, Point, Series};

/// How many days before a night make its range.
pub const NIGHTS: i32 = 30;
/// Fewer nights than this in those days: no range, no claim.
pub const MIN_NIGHTS: usize = 14;

/// The metrics with a personal range (the nightly vitals and the scores built on them).
pub const METRICS: [Metric; 7] = [
    Metric::RestingHeartRate,
    Metric::HeartRateVariability,
    Metric::BreathingRate,
    Metric::OxygenSaturation,
    Metric::SkinTemperatureDelta,
    Metric::SleepScore,
    Metric::Readiness,
];

/// The smallest half-width of a range, in base units: a very steady month would otherwise
/// call an ordinary wobble "outside" (a device rounds resting heart rate to 1 bpm).
pub fn floor(m: Metric) -> f64 {
    match m {
        Metric::RestingHeartRate => 3.0,
        Metric::HeartRateVariability => 5.0,
        Metric::BreathingRate => 1.0,
        Metric::OxygenSaturation => 1.0,
        Metric::SkinTemperatureDelta => 0.5,
        _ => 5.0,
    }
}

/// A night's usual range and what it rests on.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Band {
    pub low: f64,
    pub mid: f64,
    pub high: f64,
    /// Nights the range was made from.
    pub nights: usize,
}

impl Band {
    /// -1 below, 0 within, 1 above.
    pub fn side(&self, v: f64) -> i8 {
        if v < self.low {
            -1
        } else if v > self.high {
            1
        } else {
            0
        }
    }
}

/// The range from `before` (the values of the nights before, any order).
fn band(m: Metric, before: &[f64]) -> Option<Band> {
    if before.len() < MIN_NIGHTS {
        return None;
    }
    let mut v = before.to_vec();
    let mid = super::median(&mut v)?;
    let mut dev: Vec<f64> = before.iter().map(|x| (x - mid).abs()).collect();
    let spread = 1.4826 * super::median(&mut dev)?;
    let half = (2.0 * spread).max(floor(m));
    Some(Band {
        low: mid - half,
        mid,
        high: mid + half,
        nights: before.len(),
    })
}

/// The range for the night `date` from the nights before it; `None` under [`MIN_NIGHTS`].
pub fn usual(s: &Series, date: Date) -> Option<Band> {
    let lo = s
        .points
        .partition_point(|p| p.date < date.add_days(-NIGHTS));
    let hi = s.points.partition_point(|p| p.date < date);
    let before: Vec<f64> = s.points[lo..hi].iter().map(|p| p.value).collect();
    band(s.metric, &before)
}

/// Every night of `s` with its range (nights without one left out), oldest first: one pass
/// with a sliding window.
pub fn nights(s: &Series) -> Vec<(Point, Band)> {
    let mut out = Vec::with_capacity(s.points.len());
    let mut lo = 0;
    let mut window: Vec<f64> = Vec::with_capacity(NIGHTS as usize);
    for (i, p) in s.points.iter().enumerate() {
        while s.points[lo].date < p.date.add_days(-NIGHTS) {
            lo += 1;
        }
        window.clear();
        window.extend(s.points[lo..i].iter().map(|q| q.value));
        if let Some(b) = band(s.metric, &window) {
            out.push((*p, b));
        }
    }
    out
}

/// The nights outside their range, oldest first.
pub fn outside(s: &Series) -> Vec<(Point, Band)> {
    nights(s)
        .into_iter()
        .filter(|(p, b)| b.side(p.value) != 0)
        .collect()
}
