//! The "Your usual ranges" section: per metric, last night against its range (words), the
//! nights of the last 12 months outside it (a table with their dates), and the last 90 nights
//! drawn with the range's edges.

use super::ask::Ask;
use super::charts::{self, fmt};
use super::doc::{Block, Para, Section, Table};
use super::ranges::{self, Band};
use super::write::{find, p};
use crate::date::Date;
use crate::model::{Metric, Point, Series};
use crate::units::UnitPrefs;

/// The method, as the page states it.
pub fn method() -> String {
    format!(
        "How: a night's usual range is the median of your nights in the {} days before it, plus or minus twice their spread (1.4826 × the median absolute deviation), never narrower than a small margin per metric. It needs at least {} nights; with fewer, nothing is said.",
        ranges::NIGHTS,
        ranges::MIN_NIGHTS
    )
}

/// "52–58 bpm".
pub fn band_text(b: &Band, m: Metric, u: &UnitPrefs) -> String {
    let low = fmt(b.low, m, u);
    let low = low.trim_end_matches(charts::unit_name(m, u)).trim_end();
    format!("{low} to {}", fmt(b.high, m, u))
}

fn side_word(b: &Band, v: f64) -> &'static str {
    match b.side(v) {
        -1 => "below",
        1 => "above",
        _ => "within",
    }
}

/// Last night in words.
fn last_night(s: &Series, nights: &[(Point, Band)], u: &UnitPrefs) -> Block {
    let m = s.metric;
    let last = s.points.last().copied();
    match (last, nights.last().filter(|(p, _)| Some(*p) == last)) {
        (Some(p), Some((_, b))) => {
            let out = b.side(p.value) != 0;
            Block::P(Para {
                text: format!(
                    "{}: {}, {} your usual range ({}, from {} nights).",
                    p.date,
                    fmt(p.value, m, u),
                    if out { format!("outside ({})", side_word(b, p.value)) } else { "within".into() },
                    band_text(b, m, u),
                    b.nights
                ),
                flag: out,
            })
        }
        (Some(p), None) => p_text(format!(
            "{}: {}. Not enough nights before it for a usual range (it needs {} in the {} days before).",
            p.date,
            fmt(p.value, m, u),
            ranges::MIN_NIGHTS,
            ranges::NIGHTS
        )),
        _ => p_text("No nights yet."),
    }
}

fn p_text(s: impl Into<String>) -> Block {
    p(s)
}

/// One metric's blocks.
fn metric(s: &Series, end: Date, u: &UnitPrefs) -> Vec<Block> {
    let m = s.metric;
    let nights = ranges::nights(s);
    let year = end.add_days(-364);
    let outside: Vec<&(Point, Band)> = nights
        .iter()
        .filter(|(p, b)| p.date >= year && b.side(p.value) != 0)
        .collect();
    let mut blocks = vec![Block::H(m.label().into()), last_night(s, &nights, u)];
    if outside.is_empty() {
        blocks.push(p(
            "No night in the last 12 months was outside your usual range.",
        ));
    } else {
        blocks.push(Block::Table(Table {
            caption: format!(
                "{}: {} night{} outside your usual range in the last 12 months",
                m.label(),
                outside.len(),
                if outside.len() == 1 { "" } else { "s" }
            ),
            head: ["Night", "Value", "Usual range", "Where"]
                .map(String::from)
                .to_vec(),
            rows: outside
                .iter()
                .rev()
                .map(|(p, b)| {
                    vec![
                        p.date.to_string(),
                        fmt(p.value, m, u),
                        band_text(b, m, u),
                        side_word(b, p.value).into(),
                    ]
                })
                .collect(),
        }));
    }
    let from = end.add_days(-89);
    let recent: Vec<&(Point, Band)> = nights.iter().filter(|(p, _)| p.date >= from).collect();
    if recent.len() >= 2 {
        let line = |f: &dyn Fn(&(Point, Band)) -> f64| -> Vec<(Date, f64)> {
            recent.iter().map(|n| (n.0.date, f(n))).collect()
        };
        let n_out = recent.iter().filter(|(p, b)| b.side(p.value) != 0).count();
        blocks.push(Block::Chart(charts::over_days(
            "line",
            vec![line(&|n| n.0.value), line(&|n| n.1.low), line(&|n| n.1.high)],
            m,
            u,
            format!(
                "{} over the last 90 nights ({} with a range), drawn with the edges of the usual range; {} outside it.",
                m.label(),
                recent.len(),
                n_out
            ),
        )));
    }
    blocks
}

pub(super) fn section(series: &[Series], ask: &Ask) -> Section {
    let mut blocks = vec![p(method())];
    let mut any = false;
    for m in ranges::METRICS {
        if let Some(s) = find(series, m) {
            any = true;
            blocks.extend(metric(s, ask.end, &ask.units));
        }
    }
    if !any {
        blocks.push(p("None of the nightly measures with a usual range (resting heart rate, heart-rate variability, breathing rate, blood oxygen, skin temperature, sleep score, readiness) is kept here yet."));
    }
    Section {
        id: "ranges".into(),
        title: "Your usual ranges".into(),
        blocks,
    }
}
