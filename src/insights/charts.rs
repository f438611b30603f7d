//! Charts for the doc: data coordinates, "nice" ticks labelled in the person's units, and the
//! sentence that says what a chart shows.

use super::doc::Chart;
use crate::date::Date;
use crate::model::Metric;
use crate::units::{show, UnitPrefs};

/// A value in the person's units, with its unit ("54 bpm", "7.2 km").
pub fn fmt(v: f64, m: Metric, u: &UnitPrefs) -> String {
    show(v, m.unit(), u).to_string()
}

/// A difference with its sign ("+3 bpm", "−0.4 kg").
pub fn fmt_diff(d: f64, m: Metric, u: &UnitPrefs) -> String {
    let abs = fmt(d.abs(), m, u);
    let abs = abs.trim_start_matches('+');
    if d < 0.0 {
        format!("−{abs}")
    } else {
        format!("+{abs}")
    }
}

/// The unit's symbol in the person's units ("bpm"; "" for a count).
pub fn unit_name(m: Metric, u: &UnitPrefs) -> &'static str {
    show(1.0, m.unit(), u).unit
}

/// About `n` round steps covering `[lo, hi]`.
pub fn ticks(lo: f64, hi: f64, n: usize) -> Vec<f64> {
    // Also NaN: no steps.
    if hi.partial_cmp(&lo) != Some(std::cmp::Ordering::Greater) {
        return vec![lo];
    }
    let raw = (hi - lo) / n.max(1) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .map(|k| k * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag);
    let mut t = (lo / step).ceil() * step;
    let mut out = Vec::new();
    while t <= hi + step * 1e-9 {
        out.push(t);
        t += step;
    }
    out
}

/// The y range of `values` (a little room above and below) and its ticks.
fn y_axis(
    values: impl Iterator<Item = f64>,
    m: Metric,
    u: &UnitPrefs,
) -> ((f64, f64), Vec<(f64, String)>) {
    let (mut lo, mut hi) = values.fold((f64::MAX, f64::MIN), |(a, b), v| (a.min(v), b.max(v)));
    if lo > hi {
        (lo, hi) = (0.0, 1.0);
    }
    let pad = ((hi - lo) * 0.1).max(hi.abs().max(1.0) * 0.01);
    let (lo, hi) = (lo - pad, hi + pad);
    let lo = if lo < 0.0 && m.unit() != crate::model::Unit::KelvinDelta {
        0.0
    } else {
        lo
    };
    let t = ticks(lo, hi, 4)
        .into_iter()
        .map(|v| (v, show(v, m.unit(), u).number))
        .collect();
    ((lo, hi), t)
}

/// A chart over days: `lines[0]` the data, later lines guides; `kind` "line" or "bars".
pub fn over_days(
    kind: &str,
    lines: Vec<Vec<(Date, f64)>>,
    m: Metric,
    u: &UnitPrefs,
    alt: String,
) -> Chart {
    let all = || lines.iter().flatten();
    let first = all()
        .map(|p| p.0)
        .min()
        .unwrap_or(Date::from_days_since_epoch(0));
    let last = all().map(|p| p.0).max().unwrap_or(first);
    let (y, y_ticks) = y_axis(
        all().map(|p| p.1).chain((kind == "bars").then_some(0.0)),
        m,
        u,
    );
    let x = |d: Date| d.days_since_epoch() as f64;
    let span = (last.days_since(first)).max(1);
    let x_ticks = (0..=4)
        .map(|i| first.add_days(span * i / 4))
        .map(|d| {
            (
                x(d),
                if span > 300 {
                    d.short_label_y()
                } else {
                    d.short_label()
                },
            )
        })
        .collect();
    Chart {
        kind: kind.into(),
        x_label: "Date".into(),
        y_label: format!("{} ({})", m.label(), unit_or_count(m, u)),
        x: (x(first) - 0.5, x(last) + 0.5),
        y,
        x_ticks,
        y_ticks,
        lines: lines
            .into_iter()
            .map(|l| l.into_iter().map(|(d, v)| (x(d), v)).collect())
            .collect(),
        alt,
    }
}

fn unit_or_count(m: Metric, u: &UnitPrefs) -> &'static str {
    match unit_name(m, u) {
        "" => "count",
        s => s,
    }
}

/// Bars over labelled buckets (weekdays, months): `None` buckets are gaps.
pub fn buckets(
    labels: &[&str],
    values: &[Option<f64>],
    m: Metric,
    u: &UnitPrefs,
    alt: String,
) -> Chart {
    let (y, y_ticks) = y_axis(values.iter().flatten().copied().chain([0.0]), m, u);
    Chart {
        kind: "bars".into(),
        x_label: String::new(),
        y_label: format!("{} ({})", m.label(), unit_or_count(m, u)),
        x: (-0.5, labels.len() as f64 - 0.5),
        y,
        x_ticks: labels
            .iter()
            .enumerate()
            .map(|(i, l)| (i as f64, l.to_string()))
            .collect(),
        y_ticks,
        lines: vec![values
            .iter()
            .enumerate()
            .filter_map(|(i, v)| Some((i as f64, (*v)?)))
            .collect()],
        alt,
    }
}

/// A scatter of (x, y) pairs of two metrics.
pub fn scatter(pairs: &[(f64, f64)], mx: Metric, my: Metric, u: &UnitPrefs, alt: String) -> Chart {
    let (x, x_ticks) = y_axis(pairs.iter().map(|p| p.0), mx, u);
    let (y, y_ticks) = y_axis(pairs.iter().map(|p| p.1), my, u);
    Chart {
        kind: "dots".into(),
        x_label: format!("{} ({})", mx.label(), unit_or_count(mx, u)),
        y_label: format!("{} ({})", my.label(), unit_or_count(my, u)),
        x,
        y,
        x_ticks,
        y_ticks,
        lines: vec![pairs.to_vec()],
        alt,
    }
}
