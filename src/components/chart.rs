//! Small SVG trend charts with axes, units and a text alternative.
//!
//! Hand-written rather than a chart crate: a bar/line chart is a few dozen lines of SVG, and the
//! one maintained Leptos chart crate would add leptos-use and tens of kilobytes of wasm. The
//! geometry is plain functions so it is tested natively.

use crate::history::stats::Bucket;
use crate::model::{Metric, Point, Unit};
use crate::units::{show, UnitPrefs};
use leptos::prelude::*;

pub const WIDTH: f64 = 320.0;
pub const HEIGHT: f64 = 120.0;
/// Left margin for y-axis labels, bottom margin for x-axis labels.
const LEFT: f64 = 34.0;
const BOTTOM: f64 = 16.0;
const TOP: f64 = 6.0;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChartKind {
    Bars,
    Line,
}

/// The y range a chart shows: bars start at zero, lines hug the data, both include the goal;
/// the margin around the data never reaches below zero or above `most` (a score of 100 is not
/// drawn under an axis reading 107) unless the data does.
pub fn y_range(
    values: &[f64],
    kind: ChartKind,
    goal: Option<f64>,
    most: Option<f64>,
) -> (f64, f64) {
    let mut lo = values.iter().copied().fold(f64::INFINITY, f64::min);
    let mut hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if let Some(g) = goal {
        lo = lo.min(g);
        hi = hi.max(g);
    }
    if !lo.is_finite() || !hi.is_finite() {
        return (0.0, 1.0);
    }
    let top = |v: f64| match most {
        Some(m) if hi <= m => v.min(m),
        _ => v,
    };
    match kind {
        ChartKind::Bars => (0.0f64.min(lo), if hi > 0.0 { top(hi * 1.05) } else { 1.0 }),
        ChartKind::Line => {
            let pad = ((hi - lo) * 0.1).max(hi.abs() * 0.01).max(0.1);
            let bottom = if lo >= 0.0 {
                (lo - pad).max(0.0)
            } else {
                lo - pad
            };
            (bottom, top(hi + pad))
        }
    }
}

/// Maps a value to a y coordinate in the plot area.
fn y_of(v: f64, (lo, hi): (f64, f64)) -> f64 {
    let plot_h = HEIGHT - BOTTOM - TOP;
    TOP + plot_h * (1.0 - (v - lo) / (hi - lo))
}

/// x coordinate of the centre of slot `i` of `n`.
fn x_of(i: usize, n: usize) -> f64 {
    let plot_w = WIDTH - LEFT;
    LEFT + plot_w * (i as f64 + 0.5) / n.max(1) as f64
}

#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

/// Bars for a run of daily points laid out over `days` slots ending at the last slot.
pub fn bars(points: &[(usize, f64)], days: usize, range: (f64, f64)) -> Vec<Bar> {
    let slot = (WIDTH - LEFT) / days.max(1) as f64;
    let w = (slot * 0.7).max(1.0);
    let base = y_of(range.0.max(0.0), range);
    points
        .iter()
        .map(|&(i, v)| {
            let top = y_of(v, range);
            Bar {
                x: x_of(i, days) - w / 2.0,
                y: top.min(base),
                w,
                h: (base - top).abs(),
            }
        })
        .collect()
}

/// An SVG path through the points (gaps in the data are bridged).
pub fn line_path(points: &[(usize, f64)], days: usize, range: (f64, f64)) -> String {
    let mut d = String::new();
    for (k, &(i, v)) in points.iter().enumerate() {
        let cmd = if k == 0 { 'M' } else { 'L' };
        d.push_str(&format!("{cmd}{:.1} {:.1} ", x_of(i, days), y_of(v, range)));
    }
    d.trim_end().to_string()
}

/// Props for [`TrendChart`].
#[component]
pub fn TrendChart(
    /// The window's points (already cut to `days`, oldest first).
    points: Vec<Point>,
    /// The first date of the window.
    start: crate::date::Date,
    days: u32,
    /// What is charted: its unit, and the axis's ceiling where it has one.
    metric: Metric,
    kind: ChartKind,
    #[prop(optional_no_strip)] goal: Option<f64>,
    /// What is charted, for the text alternative ("Steps, last 30 days").
    caption: String,
    prefs: UnitPrefs,
    /// What one mark stands for (long ranges: a week's or a month's mean, points dated by
    /// their bucket's first day).
    #[prop(optional)]
    bucket: Option<Bucket>,
    /// Where the days came from (first, last, source's name), when more than one source gave
    /// them: a column of the data table.
    #[prop(optional)]
    sources: Vec<(crate::date::Date, crate::date::Date, &'static str)>,
) -> impl IntoView {
    let bucket = bucket.unwrap_or(Bucket::Day);
    let end = start.add_days(days as i32 - 1);
    let (days_n, indexed) = in_slots(&points, start, end, bucket);
    let values: Vec<f64> = indexed.iter().map(|&(_, v)| v).collect();
    let unit = metric.unit();
    let range = y_range(&values, kind, goal, metric.most());
    let fmt = move |v: f64| show(v, unit, &prefs).number;
    // The y axis names its unit ("kg", "bpm"…); counts have none.
    let unit_label = show(0.0, unit, &prefs).unit;
    let per = match bucket {
        Bucket::Day => "day",
        Bucket::Week => "week",
        Bucket::Month => "month",
    };

    let full = move |v: f64| show(v, unit, &prefs).to_string();
    let summary = summary(&caption, &values, per, full);
    let marks = trend_marks(kind, &indexed, days_n, range);
    let goal_line = goal.map(|g| {
        let y = format!("{:.1}", y_of(g, range));
        view! { <line class="goal" x1=LEFT.to_string() x2=WIDTH.to_string() y1=y.clone() y2=y/> }
    });
    let y_hi = range.1;
    let y_lo = range.0;
    let table = data_table(&points, &sources, full, caption);
    view! {
        <figure class="chart">
            <svg viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="img" aria-label=summary.clone()>
                <line class="axis" x1=LEFT.to_string() x2=WIDTH.to_string() y1=format!("{:.1}", HEIGHT - BOTTOM) y2=format!("{:.1}", HEIGHT - BOTTOM)/>
                <text class="tick" x=(LEFT - 4.0).to_string() y=format!("{:.1}", TOP + 8.0) text-anchor="end">{fmt(y_hi)}</text>
                <text class="tick unit" x=(LEFT + 4.0).to_string() y=format!("{:.1}", TOP + 8.0)>{unit_label}</text>
                <text class="tick" x=(LEFT - 4.0).to_string() y=format!("{:.1}", HEIGHT - BOTTOM) text-anchor="end">{fmt(y_lo)}</text>
                <text class="tick" x=LEFT.to_string() y=(HEIGHT - 3.0).to_string()>{start.short_label()}</text>
                <text class="tick" x=WIDTH.to_string() y=(HEIGHT - 3.0).to_string() text-anchor="end">{end.short_label()}</text>
                {goal_line}
                {marks}
            </svg>
            <figcaption class="sr-only">{summary}{table}</figcaption>
        </figure>
    }
}

/// Each point's slot (a day, week or month from `start`) among the slots up to `end`: (how
/// many slots, (slot, value) of the points inside them).
fn in_slots(
    points: &[Point],
    start: crate::date::Date,
    end: crate::date::Date,
    bucket: Bucket,
) -> (usize, Vec<(usize, f64)>) {
    let slot = move |d: crate::date::Date| -> i32 {
        let month = |d: crate::date::Date| d.ymd().0 * 12 + d.ymd().1 as i32;
        match bucket {
            Bucket::Day => d.days_since(start),
            Bucket::Week => d.days_since(Bucket::Week.start(start)).div_euclid(7),
            Bucket::Month => month(d) - month(start),
        }
    };
    let days_n = (slot(end) + 1) as usize;
    let indexed: Vec<(usize, f64)> = points
        .iter()
        .filter_map(|p| {
            let i = slot(p.date);
            (0..days_n as i32)
                .contains(&i)
                .then_some((i as usize, p.value))
        })
        .collect();
    (days_n, indexed)
}

/// The text alternative: how many days (weeks, months) have data, their average and extremes.
fn summary(caption: &str, values: &[f64], per: &str, full: impl Fn(f64) -> String) -> String {
    if values.is_empty() {
        format!("{caption}: no data.")
    } else {
        let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let avg = values.iter().sum::<f64>() / values.len() as f64;
        format!(
            "{caption}: {} with data, average {}, lowest {}, highest {}.",
            if values.len() == 1 {
                format!("1 {per}")
            } else {
                format!("{} {per}s", values.len())
            },
            full(avg),
            full(lo),
            full(hi)
        )
    }
}

/// A trend's bars, or its line with a dot on the newest point.
fn trend_marks(
    kind: ChartKind,
    indexed: &[(usize, f64)],
    days_n: usize,
    range: (f64, f64),
) -> Vec<AnyView> {
    match kind {
        ChartKind::Bars => bars(indexed, days_n, range)
            .into_iter()
            .map(|b| {
                view! { <rect class="bar" x=format!("{:.1}", b.x) y=format!("{:.1}", b.y) width=format!("{:.1}", b.w) height=format!("{:.1}", b.h) rx="1"/> }
                    .into_any()
            })
            .collect::<Vec<_>>(),
        ChartKind::Line => {
            let dots = indexed.last().map(|&(i, v)| {
                view! { <circle class="dot" cx=format!("{:.1}", x_of(i, days_n)) cy=format!("{:.1}", y_of(v, range)) r="3"/> }
                    .into_any()
            });
            std::iter::once(view! { <path class="line" d=line_path(indexed, days_n, range)/> }.into_any())
                .chain(dots)
                .collect()
        }
    }
}

/// The chart's data as a table (for screen readers): date, value, and each day's source when
/// `sources` names more than one.
fn data_table(
    points: &[Point],
    sources: &[(crate::date::Date, crate::date::Date, &'static str)],
    fmt: impl Fn(f64) -> String,
    caption: String,
) -> impl IntoView {
    let of = |d: crate::date::Date| {
        sources
            .iter()
            .find(|(a, b, _)| (*a..=*b).contains(&d))
            .map(|r| r.2)
    };
    let rows = points
        .iter()
        .map(|p| {
            let src = (!sources.is_empty()).then(|| view! { <td>{of(p.date).unwrap_or("")}</td> });
            view! { <tr><td>{p.date.to_string()}</td><td>{fmt(p.value)}</td>{src}</tr> }
        })
        .collect_view();
    let head = (!sources.is_empty()).then(|| view! { <th scope="col">"Source"</th> });
    view! {
        <table>
            <caption>{caption}</caption>
            <thead><tr><th scope="col">"Date"</th><th scope="col">"Value"</th>{head}</tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

/// Today's curve: values by minute of the day, in `slots` equal parts (96 = 15 min).
#[component]
pub fn DayCurveChart(
    points: Vec<(u32, f64)>,
    slots: usize,
    unit: Unit,
    kind: ChartKind,
    caption: String,
    prefs: UnitPrefs,
) -> impl IntoView {
    let per = (1440 / slots.max(1)) as u32;
    let mut indexed: Vec<(usize, f64)> = Vec::new();
    for (minute, v) in points {
        let i = ((minute / per) as usize).min(slots - 1);
        match indexed.last_mut() {
            // Finer data than the slots: steps add up, a heart rate keeps the mean.
            Some(last) if last.0 == i => {
                last.1 = if kind == ChartKind::Bars {
                    last.1 + v
                } else {
                    (last.1 + v) / 2.0
                }
            }
            _ => indexed.push((i, v)),
        }
    }
    let values: Vec<f64> = indexed.iter().map(|p| p.1).collect();
    let range = y_range(&values, kind, None, None);
    let fmt = move |v: f64| show(v, unit, &prefs).number;
    let peak = indexed.iter().copied().fold(None::<(usize, f64)>, |m, p| {
        if m.is_none_or(|m| p.1 > m.1) {
            Some(p)
        } else {
            m
        }
    });
    let summary = match peak {
        Some((i, v)) => {
            let m = i as u32 * per;
            format!(
                "{caption}: highest {} at {:02}:{:02}.",
                show(v, unit, &prefs),
                m / 60,
                m % 60
            )
        }
        None => format!("{caption}: no data."),
    };
    let marks = match kind {
        ChartKind::Bars => bars(&indexed, slots, range)
            .into_iter()
            .map(|b| view! { <rect class="bar" x=format!("{:.1}", b.x) y=format!("{:.1}", b.y) width=format!("{:.1}", b.w) height=format!("{:.1}", b.h)/> }.into_any())
            .collect::<Vec<_>>(),
        ChartKind::Line => vec![view! { <path class="line" d=line_path(&indexed, slots, range)/> }.into_any()],
    };
    view! {
        <figure class="chart day-curve">
            <svg viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="img" aria-label=summary>
                <line class="axis" x1=LEFT.to_string() x2=WIDTH.to_string() y1=format!("{:.1}", HEIGHT - BOTTOM) y2=format!("{:.1}", HEIGHT - BOTTOM)/>
                <text class="tick" x=(LEFT - 4.0).to_string() y=format!("{:.1}", TOP + 8.0) text-anchor="end">{fmt(range.1)}</text>
                <text class="tick" x=LEFT.to_string() y=(HEIGHT - 3.0).to_string()>"00:00"</text>
                <text class="tick" x=((LEFT + WIDTH) / 2.0).to_string() y=(HEIGHT - 3.0).to_string() text-anchor="middle">"12:00"</text>
                <text class="tick" x=WIDTH.to_string() y=(HEIGHT - 3.0).to_string() text-anchor="end">"24:00"</text>
                {marks}
            </svg>
        </figure>
    }
}

/// Projects (lat, lon) points into a `w`×`h` box, keeping the shape (longitude scaled by the
/// cosine of the latitude), and returns an SVG path.
pub fn route_path(points: &[(f64, f64)], w: f64, h: f64) -> String {
    if points.is_empty() {
        return String::new();
    }
    let mid_lat = points.iter().map(|p| p.0).sum::<f64>() / points.len() as f64;
    let k = mid_lat.to_radians().cos().max(0.01);
    let xs: Vec<f64> = points.iter().map(|p| p.1 * k).collect();
    let ys: Vec<f64> = points.iter().map(|p| p.0).collect();
    let (x0, x1) = (
        xs.iter().copied().fold(f64::INFINITY, f64::min),
        xs.iter().copied().fold(f64::NEG_INFINITY, f64::max),
    );
    let (y0, y1) = (
        ys.iter().copied().fold(f64::INFINITY, f64::min),
        ys.iter().copied().fold(f64::NEG_INFINITY, f64::max),
    );
    let scale = ((w - 8.0) / (x1 - x0).max(1e-9)).min((h - 8.0) / (y1 - y0).max(1e-9));
    let (ox, oy) = ((w - (x1 - x0) * scale) / 2.0, (h - (y1 - y0) * scale) / 2.0);
    let mut d = String::new();
    for (i, (x, y)) in xs.iter().zip(&ys).enumerate() {
        // North is up: larger latitudes get smaller y.
        d.push_str(&format!(
            "{}{:.1} {:.1} ",
            if i == 0 { 'M' } else { 'L' },
            ox + (x - x0) * scale,
            oy + (y1 - y) * scale
        ));
    }
    d.trim_end().to_string()
}

#[cfg(test)]
mod tests;
