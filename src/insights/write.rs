//! The insights as a [`Doc`]: words first (what changed, last night against its usual range,
//! the nights outside it), then the tables and charts that back them. Runs in the worker.

use super::ask::Ask;
use super::charts::{self, fmt, fmt_diff};
use super::doc::{Block, Doc, Para, Section, Table};
use super::{changes, compare};
use crate::model::{Metric, Series};
use crate::units::UnitPrefs;

/// The line every doc carries.
pub const NOT_ADVICE: &str = "This is not medical advice: it compares your days with your own \
earlier days, nothing else. If something worries you, talk to a doctor.";

pub(super) fn find(series: &[Series], m: Metric) -> Option<&Series> {
    series
        .iter()
        .find(|s| s.metric == m && !s.points.is_empty())
}

pub(super) fn p(text: impl Into<String>) -> Block {
    Block::P(Para {
        text: text.into(),
        flag: false,
    })
}

/// The insights up to `ask.end`.
pub fn insights(series: &[Series], ask: &Ask) -> Doc {
    let days: usize = series.iter().map(|s| s.points.len()).sum();
    Doc {
        title: "Insights".into(),
        lines: vec![
            format!(
                "Computed in this browser from the {} daily values kept here, up to {}.",
                crate::units::grouped(days as i64),
                ask.end
            ),
            NOT_ADVICE.into(),
        ],
        sections: vec![
            changed(series, ask),
            super::write_ranges::section(series, ask),
            compared(series, ask),
            super::write_relate::relation(series, ask),
            super::write_relate::profiles(series, ask),
        ],
    }
}

/// A highlight in words: "Resting heart rate: 57 → 54 bpm (−3 bpm, −5%), …".
pub fn sentence(c: &changes::Change, u: &UnitPrefs) -> String {
    let m = c.metric;
    let pct = c
        .percent()
        .map(|p| format!(", {}{:.0}%", if p < 0.0 { "−" } else { "+" }, p.abs()))
        .unwrap_or_default();
    format!(
        "{}: {} → {} ({}{pct}), last {} days ({} with data) against the 12 months before ({} with data).",
        m.label(),
        fmt(c.before, m, u).trim_end_matches(charts::unit_name(m, u)).trim_end(),
        fmt(c.recent, m, u),
        fmt_diff(c.diff(), m, u),
        changes::RECENT,
        c.days_recent,
        c.days_before,
    )
}

fn changed(series: &[Series], ask: &Ask) -> Section {
    let any = series.iter().any(|s| changes::change(s, ask.end).is_some());
    let found = changes::highlights(series, ask.end);
    let mut blocks = Vec::new();
    if !found.is_empty() {
        blocks.push(Block::List(
            found.iter().map(|c| sentence(c, &ask.units)).collect(),
        ));
    } else if any {
        blocks.push(p("No metric's last 90 days differ from the 12 months before by more than the threshold below."));
    } else {
        blocks.push(p(format!(
            "Not enough days yet to say what changed: this needs at least {} days with data in the last {} and {} in the 12 months before them.",
            changes::MIN_RECENT, changes::RECENT, changes::MIN_BEFORE
        )));
    }
    blocks.push(p(format!(
        "How: the average of the last {} days against the average of the {} days before them; a metric is listed when they differ by at least half the standard deviation of the earlier days' values (its usual day-to-day spread) and, for the nightly measures, by at least half the margin of their usual range (1.5 bpm of resting heart rate, 0.25 °C of skin temperature). Each side needs {} and {} days with data.",
        changes::RECENT, changes::BEFORE, changes::MIN_RECENT, changes::MIN_BEFORE
    )));
    Section {
        id: "changed".into(),
        title: "What changed".into(),
        blocks,
    }
}

/// One period's figure: the average (and total, where totals make sense).
fn figure(s: &compare::Summary, m: Metric, u: &UnitPrefs) -> String {
    match (s.average, s.total) {
        (Some(a), Some(t)) => format!("{} ({} a day)", fmt(t, m, u), fmt(a, m, u)),
        (Some(a), None) => fmt(a, m, u),
        _ => "no data".into(),
    }
}

fn change_text(a: &compare::Summary, b: &compare::Summary, m: Metric, u: &UnitPrefs) -> String {
    match compare::difference(a, b) {
        Some((d, Some(p))) => format!(
            "{} ({}{:.0}%)",
            fmt_diff(d, m, u),
            if p < 0.0 { "−" } else { "+" },
            p.abs()
        ),
        Some((d, None)) => fmt_diff(d, m, u),
        None => "—".into(),
    }
}

fn compared(series: &[Series], ask: &Ask) -> Section {
    let u = &ask.units;
    let name = ask.period.label().to_lowercase();
    let mut rows = Vec::new();
    let mut span = None;
    for s in series.iter().filter(|s| !s.points.is_empty()) {
        let c = compare::compare(s, ask.end, ask.period);
        span.get_or_insert((
            c.this.from,
            c.this.to,
            c.previous.from,
            c.year_ago.from,
            c.year_ago.to,
        ));
        if c.this.days == 0 {
            continue;
        }
        let m = s.metric;
        rows.push(vec![
            m.label().to_string(),
            figure(&c.this, m, u),
            figure(&c.previous, m, u),
            change_text(&c.this, &c.previous, m, u),
            figure(&c.year_ago, m, u),
            change_text(&c.this, &c.year_ago, m, u),
            format!(
                "{} / {} / {}",
                c.this.days, c.previous.days, c.year_ago.days
            ),
            c.this
                .best
                .map(|b| format!("{} ({})", fmt(b.value, m, u), b.date))
                .unwrap_or_default(),
        ]);
    }
    let mut blocks = Vec::new();
    if let Some((f, t, pf, yf, yt)) = span {
        blocks.push(p(format!(
            "This {name}: {f} to {t}; the previous one from {pf}; a year earlier: {yf} to {yt}. Averages are of the days with data; where a total makes sense it comes first."
        )));
    }
    if rows.is_empty() {
        blocks.push(p(format!("No days with data in this {name}.")));
    } else {
        blocks.push(Block::Table(Table {
            caption: format!(
                "This {name} against the previous one and the same one a year earlier"
            ),
            head: [
                "Metric",
                "This",
                "Previous",
                "Change",
                "A year earlier",
                "Change",
                "Days with data",
                "Best day",
            ]
            .map(String::from)
            .to_vec(),
            rows,
        }));
    }
    Section {
        id: "compare".into(),
        title: "Compare periods".into(),
        blocks,
    }
}
