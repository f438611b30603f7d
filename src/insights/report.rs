//! The report to print: the chosen days and metrics, each a section (words, a chart with axes
//! and units, a table of the figures by week or month), then the heart-rhythm readings. The
//! range and sources are in its header; the print stylesheet breaks pages between sections.

use super::ask::Ask;
use super::charts::{self, fmt};
use super::doc::{Block, Doc, Section, Table};
use super::write::{find, p, NOT_ADVICE};
use super::{compare, ranges};
use crate::date::Date;
use crate::history::stats::{adds_up, Bucket};
use crate::model::Series;
use crate::units::UnitPrefs;

/// The rows of the figures table: per day up to 31 days, per week up to a year, else per month.
fn rows(s: &Series, from: Date, to: Date, u: &UnitPrefs) -> (String, Vec<Vec<String>>) {
    let days = to.days_since(from) + 1;
    let bucket = match days {
        0..=31 => Bucket::Day,
        32..=366 => Bucket::Week,
        _ => Bucket::Month,
    };
    let m = s.metric;
    let mut out: Vec<Vec<String>> = Vec::new();
    let mut start = bucket.start(from);
    while start <= to {
        let next = match bucket {
            Bucket::Day => start.add_days(1),
            Bucket::Week => start.add_days(7),
            Bucket::Month => Bucket::Month.start(start.add_days(32)),
        };
        let sm = compare::summary(s, start.max(from), next.add_days(-1).min(to));
        let lo = s
            .points
            .iter()
            .filter(|p| p.date >= sm.from && p.date <= sm.to)
            .map(|p| p.value)
            .fold(f64::MAX, f64::min);
        let hi = s
            .points
            .iter()
            .filter(|p| p.date >= sm.from && p.date <= sm.to)
            .map(|p| p.value)
            .fold(f64::MIN, f64::max);
        if let Some(a) = sm.average {
            out.push(vec![
                if bucket == Bucket::Day {
                    sm.from.to_string()
                } else {
                    format!("{} to {}", sm.from, sm.to)
                },
                fmt(a, m, u),
                fmt(lo, m, u),
                fmt(hi, m, u),
                sm.days.to_string(),
            ]);
        }
        start = next;
    }
    let by = match bucket {
        Bucket::Day => "day",
        Bucket::Week => "week",
        Bucket::Month => "month",
    };
    (by.into(), out)
}

/// "Average 56 bpm a day over 88 days with data; lowest … on …, highest … on …."
fn summary_words(s: &Series, ask: &Ask, avg: f64, sm: &compare::Summary) -> String {
    let (m, u) = (s.metric, &ask.units);
    let pts: Vec<(Date, f64)> = s
        .points
        .iter()
        .filter(|p| p.date >= ask.from && p.date <= ask.to)
        .map(|p| (p.date, p.value))
        .collect();
    let zero = (ask.from, 0.0);
    let low = pts
        .iter()
        .copied()
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .unwrap_or(zero);
    let high = pts
        .iter()
        .copied()
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .unwrap_or(zero);
    let total = sm
        .total
        .map(|t| format!(", {} in all", fmt(t, m, u)))
        .unwrap_or_default();
    let words = format!(
        "Average {}{} over {} days with data{total}; lowest {} on {}, highest {} on {}.",
        fmt(avg, m, u),
        if sm.total.is_some() { " a day" } else { "" },
        sm.days,
        fmt(low.1, m, u),
        low.0,
        fmt(high.1, m, u),
        high.0
    );
    words
}

fn metric_section(s: &Series, ask: &Ask) -> Section {
    let (m, u) = (s.metric, &ask.units);
    let sm = compare::summary(s, ask.from, ask.to);
    let mut blocks = Vec::new();
    let title = format!(
        "{} ({})",
        m.label(),
        match charts::unit_name(m, u) {
            "" => "count",
            x => x,
        }
    );
    let Some(avg) = sm.average else {
        blocks.push(p("No days with data in this range."));
        return Section {
            id: format!("r-{}", m.key()),
            title,
            blocks,
        };
    };
    let words = summary_words(s, ask, avg, &sm);
    blocks.push(p(words.clone()));
    if ranges::METRICS.contains(&m) {
        let out: Vec<String> = ranges::outside(s)
            .into_iter()
            .filter(|(p, _)| p.date >= ask.from && p.date <= ask.to)
            .map(|(p, b)| {
                format!(
                    "{} ({}, usual {})",
                    p.date,
                    fmt(p.value, m, u),
                    super::write_ranges::band_text(&b, m, u)
                )
            })
            .collect();
        blocks.push(if out.is_empty() {
            p("No night in this range was outside the usual range.")
        } else {
            p(format!(
                "Outside the usual range on {} night{}: {}.",
                out.len(),
                if out.len() == 1 { "" } else { "s" },
                out.join("; ")
            ))
        });
    }
    let days = ask.to.days_since(ask.from) as u32 + 1;
    let drawn = crate::history::stats::aggregate(s, ask.from, ask.to, Bucket::for_days(days));
    let kind = if adds_up(m) { "bars" } else { "line" };
    blocks.push(Block::Chart(charts::over_days(
        kind,
        vec![drawn.iter().map(|p| (p.date, p.value)).collect()],
        m,
        u,
        words,
    )));
    let (by, rows) = rows(s, ask.from, ask.to, u);
    blocks.push(Block::Table(Table {
        caption: format!("{} by {by}", m.label()),
        head: vec![
            capital(&by),
            "Average".into(),
            "Lowest".into(),
            "Highest".into(),
            "Days".into(),
        ],
        rows,
    }));
    Section {
        id: format!("r-{}", m.key()),
        title,
        blocks,
    }
}

fn capital(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// The report: `readings` are ECG and irregular-rhythm rows ("when|what|heart rate").
pub fn report(series: &[Series], ask: &Ask, readings: &[String], sources: &str) -> Doc {
    let mut sections: Vec<Section> = ask
        .metrics
        .iter()
        .filter_map(|m| find(series, *m))
        .map(|s| metric_section(s, ask))
        .collect();
    let shown: Vec<Vec<String>> = readings
        .iter()
        .map(|r| r.split('|').map(String::from).collect::<Vec<_>>())
        .filter(|r| {
            r.len() == 3
                && Date::parse(r[0].get(..10).unwrap_or(""))
                    .is_ok_and(|d| d >= ask.from && d <= ask.to)
        })
        .collect();
    if !shown.is_empty() {
        sections.push(Section {
            id: "r-rhythm".into(),
            title: "Heart rhythm readings".into(),
            blocks: vec![
                p(format!(
                    "{} reading{} in this range, as the device classified them.",
                    shown.len(),
                    if shown.len() == 1 { "" } else { "s" }
                )),
                Block::Table(Table {
                    caption: "ECG readings and irregular rhythm notifications".into(),
                    head: vec!["When".into(), "Result".into(), "Average heart rate".into()],
                    rows: shown,
                }),
            ],
        });
    }
    if sections.is_empty() {
        sections.push(Section {
            id: "r-none".into(),
            title: "Nothing to show".into(),
            blocks: vec![p("None of the chosen metrics has days kept here.")],
        });
    }
    Doc {
        title: "Health report".into(),
        lines: vec![
            format!(
                "{} to {} ({} days)",
                ask.from,
                ask.to,
                ask.to.days_since(ask.from) + 1
            ),
            format!(
                "Sources: {sources}. Made by pulsedeck in this browser from the data kept here."
            ),
            NOT_ADVICE.into(),
        ],
        sections,
    }
}
