//! Compare periods: the last week, month or year against the one before it and the same one a
//! year earlier, for a daily metric: its average (the total too, where totals make sense),
//! days with data and best day. Periods are as long as History's ranges (7, 30, 365 days)
//! and end on the day viewed.

use crate::date::Date;
use crate::history::stats::{adds_up, Range};
use crate::model::{Metric, Point, Series};

/// A period's figures.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Summary {
    pub from: Date,
    pub to: Date,
    /// The mean of the days with data.
    pub average: Option<f64>,
    /// The sum of the days with data (for metrics that add up).
    pub total: Option<f64>,
    pub days: usize,
    pub best: Option<Point>,
}

/// A period against the previous one and the same one a year earlier.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Comparison {
    pub metric: Metric,
    pub this: Summary,
    pub previous: Summary,
    pub year_ago: Summary,
}

/// The difference `a - b` of two periods' averages, in units and percent of `b`.
pub fn difference(a: &Summary, b: &Summary) -> Option<(f64, Option<f64>)> {
    let (a, b) = (a.average?, b.average?);
    Some((a - b, (b != 0.0).then(|| 100.0 * (a - b) / b.abs())))
}

/// Whether less is better (the best day is the lowest).
pub fn lower_is_better(m: Metric) -> bool {
    matches!(m, Metric::RestingHeartRate | Metric::StressScore)
}

/// The figures of `s` in `[from, to]`.
pub fn summary(s: &Series, from: Date, to: Date) -> Summary {
    let lo = s.points.partition_point(|p| p.date < from);
    let hi = s.points.partition_point(|p| p.date <= to);
    let days = &s.points[lo..hi];
    let sum: f64 = days.iter().map(|p| p.value).sum();
    let low = lower_is_better(s.metric);
    let best = days.iter().copied().reduce(|a, b| {
        let better = if low {
            b.value < a.value
        } else {
            b.value > a.value
        };
        if better {
            b
        } else {
            a
        }
    });
    Summary {
        from,
        to,
        average: (!days.is_empty()).then(|| sum / days.len() as f64),
        total: (adds_up(s.metric) && !days.is_empty()).then_some(sum),
        days: days.len(),
        best,
    }
}

/// The period of `range` ending on `end` against the one before and a year earlier.
pub fn compare(s: &Series, end: Date, range: Range) -> Comparison {
    let len = range.step().max(1);
    let period = |to: Date| summary(s, to.add_days(1 - len), to);
    Comparison {
        metric: s.metric,
        this: period(end),
        previous: period(end.add_days(-len)),
        year_ago: period(end.add_days(-365)),
    }
}
