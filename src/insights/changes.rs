//! What changed: metrics whose average of the last [`RECENT`] days differs from the average of
//! the [`BEFORE`] days before them by at least [`THRESHOLD_SD`] of the daily values' standard
//! deviation in those earlier days (so a change is large against the metric's own
//! day-to-day wobble, whatever its unit), and, for the nightly measures, by at least [`least`].
//! Each side needs its minimum of days with data
//! ([`MIN_RECENT`], [`MIN_BEFORE`]); under them nothing is said.

use crate::date::Date;
use crate::model::{Metric, Series};

pub const RECENT: i32 = 90;
pub const BEFORE: i32 = 365;
pub const MIN_RECENT: usize = 30;
pub const MIN_BEFORE: usize = 90;
pub const THRESHOLD_SD: f64 = 0.5;

/// One metric's change.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Change {
    pub metric: Metric,
    pub before: f64,
    pub recent: f64,
    pub days_before: usize,
    pub days_recent: usize,
    /// The change in standard deviations of the earlier days (signed).
    pub size: f64,
}

impl Change {
    pub fn diff(&self) -> f64 {
        self.recent - self.before
    }

    /// The change in percent of the earlier average (`None` when that is 0, or for a
    /// deviation from a baseline such as skin temperature, where a percent means nothing).
    pub fn percent(&self) -> Option<f64> {
        let deviation = self.metric.unit() == crate::model::Unit::KelvinDelta;
        (self.before != 0.0 && !deviation).then(|| 100.0 * self.diff() / self.before.abs())
    }
}

/// Values of `s` in `[from, to]`.
fn values(s: &Series, from: Date, to: Date) -> Vec<f64> {
    let lo = s.points.partition_point(|p| p.date < from);
    let hi = s.points.partition_point(|p| p.date <= to);
    s.points[lo..hi].iter().map(|p| p.value).collect()
}

/// The change of `s` up to `end`, when both sides have enough days (`Some` even under the
/// threshold: [`crosses`] says whether it is a highlight).
pub fn change(s: &Series, end: Date) -> Option<Change> {
    let recent_from = end.add_days(1 - RECENT);
    let recent = values(s, recent_from, end);
    let before = values(s, recent_from.add_days(-BEFORE), recent_from.add_days(-1));
    if recent.len() < MIN_RECENT || before.len() < MIN_BEFORE {
        return None;
    }
    let (r, b) = (super::mean(&recent)?, super::mean(&before)?);
    let sd = super::sd(&before)?;
    Some(Change {
        metric: s.metric,
        before: b,
        recent: r,
        days_before: before.len(),
        days_recent: recent.len(),
        size: if sd > 0.0 { (r - b) / sd } else { 0.0 },
    })
}

/// The smallest change worth a highlight, for the nightly measures: half their usual range's
/// margin (1.5 bpm of resting heart rate, 0.25 °C of skin temperature); a very steady metric
/// would otherwise make a highlight of a few odd nights.
pub fn least(m: Metric) -> f64 {
    if super::ranges::METRICS.contains(&m) {
        super::ranges::floor(m) / 2.0
    } else {
        0.0
    }
}

/// Whether a change is large enough to be a highlight.
pub fn crosses(c: &Change) -> bool {
    c.size.abs() >= THRESHOLD_SD && c.diff().abs() >= least(c.metric)
}

/// The highlights among `series` up to `end`, largest first.
pub fn highlights(series: &[Series], end: Date) -> Vec<Change> {
    let mut out: Vec<Change> = series
        .iter()
        .filter_map(|s| change(s, end))
        .filter(crosses)
        .collect();
    out.sort_by(|a, b| b.size.abs().total_cmp(&a.size.abs()));
    out
}
