//! The "Relationships" and "Weekday and month profiles" sections.

use super::ask::Ask;
use super::charts::{self, fmt};
use super::doc::{Block, Section, Table};
use super::relate::{self, Strength};
use super::write::{find, p};
use crate::model::Series;

const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// "Time asleep and the next day's steps".
fn pair_name(ask: &Ask) -> String {
    let y = ask.y.label().to_lowercase();
    if ask.lag == 1 {
        format!("{} and the next day's {y}", ask.x.label())
    } else {
        format!("{} and {y} on the same day", ask.x.label())
    }
}

/// At most [`DOTS`] of the pairs, evenly spread (five years of dots are one long task to
/// draw and no clearer; the words and the table rest on every day).
const DOTS: usize = 400;

fn thinned(pairs: &[(f64, f64)]) -> Vec<(f64, f64)> {
    let step = pairs.len().div_ceil(DOTS).max(1);
    pairs.iter().step_by(step).copied().collect()
}

/// The reading in plain words, never causal.
pub fn reading(r: &relate::Relation, ask: &Ask) -> String {
    let dir = if r.rho > 0.0 { "higher" } else { "lower" };
    let tail = match r.strength {
        Strength::None => "their days do not tend to move together.".to_string(),
        s => format!(
            "{} tendency: on days with more {}, {} tended to be {dir}.",
            s.word(),
            ask.x.label().to_lowercase(),
            if ask.lag == 1 {
                format!("the next day's {}", ask.y.label().to_lowercase())
            } else {
                ask.y.label().to_lowercase()
            }
        ),
    };
    format!(
        "{}: rank correlation {:+.2} over {} days with both; {} This shows days that go together, not that one causes the other.",
        pair_name(ask),
        r.rho,
        r.n,
        capital(&tail)
    )
}

fn capital(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// The scatter's text alternative: `x` in five groups of days by rank, `y`'s average in each.
fn groups(r: &relate::Relation, ask: &Ask) -> Table {
    let mut pairs = r.pairs.clone();
    pairs.sort_by(|a, b| a.0.total_cmp(&b.0));
    let n = pairs.len();
    let u = &ask.units;
    let rows = (0..5)
        .map(|g| {
            let part = &pairs[g * n / 5..(g + 1) * n / 5];
            let ys: Vec<f64> = part.iter().map(|p| p.1).collect();
            vec![
                format!(
                    "{} to {}",
                    fmt(part[0].0, ask.x, u),
                    fmt(part[part.len() - 1].0, ask.x, u)
                ),
                super::mean(&ys)
                    .map(|m| fmt(m, ask.y, u))
                    .unwrap_or_default(),
                part.len().to_string(),
            ]
        })
        .collect();
    Table {
        caption: format!(
            "{}: the days in five groups by {}",
            pair_name(ask),
            ask.x.label().to_lowercase()
        ),
        head: vec![
            ask.x.label().into(),
            format!("Average {}", ask.y.label().to_lowercase()),
            "Days".into(),
        ],
        rows,
    }
}

pub(super) fn relation(series: &[Series], ask: &Ask) -> Section {
    let mut blocks = Vec::new();
    let found = find(series, ask.x)
        .zip(find(series, ask.y))
        .and_then(|(x, y)| relate::relate(x, y, ask.lag));
    match found {
        Some(r) => {
            let text = reading(&r, ask);
            blocks.push(p(text.clone()));
            let dots = thinned(&r.pairs);
            let alt = if dots.len() < r.n {
                format!(
                    "{text} (Drawn: {} of the {} days, evenly spread.)",
                    dots.len(),
                    r.n
                )
            } else {
                text
            };
            blocks.push(Block::Chart(charts::scatter(
                &dots, ask.x, ask.y, &ask.units, alt,
            )));
            blocks.push(Block::Table(groups(&r, ask)));
        }
        None => blocks.push(p(format!(
            "{}: not enough days with both to say anything (it needs {}).",
            pair_name(ask),
            relate::MIN_PAIRS
        ))),
    }
    blocks.push(p(format!(
        "How: Spearman's rank correlation of the days where both have a value (from −1 to +1; under 0.1 apart from 0 reads as none, under 0.3 weak, under 0.5 moderate, else strong). It needs {} days.",
        relate::MIN_PAIRS
    )));
    Section {
        id: "relation".into(),
        title: "Relationships".into(),
        blocks,
    }
}

fn profile_blocks(
    s: &Series,
    labels: &[&str],
    buckets: &[relate::Bucket],
    what: &str,
    ask: &Ask,
) -> Vec<Block> {
    let m = s.metric;
    let u = &ask.units;
    let values: Vec<Option<f64>> = buckets.iter().map(|b| b.0).collect();
    let shown: Vec<(&&str, f64)> = labels
        .iter()
        .zip(&values)
        .filter_map(|(l, v)| Some((l, (*v)?)))
        .collect();
    let words = match (
        shown.iter().max_by(|a, b| a.1.total_cmp(&b.1)),
        shown.iter().min_by(|a, b| a.1.total_cmp(&b.1)),
    ) {
        (Some(hi), Some(lo)) if shown.len() > 1 => format!(
            "{} by {what}: highest on average in {} ({}), lowest in {} ({}).",
            m.label(),
            hi.0,
            fmt(hi.1, m, u),
            lo.0,
            fmt(lo.1, m, u)
        ),
        _ => format!(
            "{} by {what}: not enough days in each (it needs {}).",
            m.label(),
            relate::MIN_PER_BUCKET
        ),
    };
    vec![
        p(words.clone()),
        Block::Chart(charts::buckets(labels, &values, m, u, words)),
        Block::Table(Table {
            caption: format!("{} by {what}", m.label()),
            head: vec![capital(what), "Average".into(), "Days".into()],
            rows: labels
                .iter()
                .zip(buckets)
                .map(|(l, b)| {
                    vec![
                        l.to_string(),
                        b.0.map(|v| fmt(v, m, u)).unwrap_or("—".into()),
                        b.1.to_string(),
                    ]
                })
                .collect(),
        }),
    ]
}

pub(super) fn profiles(series: &[Series], ask: &Ask) -> Section {
    let blocks = match find(series, ask.profile) {
        Some(s) => {
            let mut b = profile_blocks(s, &WEEKDAYS, &relate::weekdays(s), "weekday", ask);
            b.extend(profile_blocks(s, &MONTHS, &relate::months(s), "month", ask));
            b
        }
        None => vec![p(format!(
            "No days of {} kept here.",
            ask.profile.label().to_lowercase()
        ))],
    };
    Section {
        id: "profile".into(),
        title: "Weekday and month profiles".into(),
        blocks,
    }
}
