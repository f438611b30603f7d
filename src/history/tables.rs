//! The whole history as files for a spreadsheet, a doctor or another app: one tidy CSV of
//! every daily value (date, metric, value, unit, source), one CSV per metric, the sleep and
//! exercise sessions, and everything as JSON. Values in the model's base units, named in the
//! file; numbers written the same in every locale (`.` decimals, no grouping).

use super::History;
use crate::date::Date;
use crate::export::unit_suffix;
use crate::model::{Metric, Origin, SleepStages};
use serde::Serialize;
use std::fmt::Write;

const TIDY_HEADER: &str = "date,metric,value,unit,source\n";

/// The tidy rows of `metric` (every metric when None), from `from` to `to` (inclusive, when
/// given): one per day and metric, in date then metric order.
pub fn tidy(h: &History, only: Option<Metric>, from: Option<Date>, to: Option<Date>) -> String {
    let mut rows: Vec<(Date, usize, Metric, f64, Origin)> = Vec::new();
    for (k, m) in Metric::ALL.iter().enumerate() {
        if only.is_some_and(|o| o != *m) {
            continue;
        }
        for (d, (v, o)) in h.days.get(m).into_iter().flatten() {
            if from.is_none_or(|f| *d >= f) && to.is_none_or(|t| *d <= t) {
                rows.push((*d, k, *m, *v, *o));
            }
        }
    }
    rows.sort_by_key(|r| (r.0, r.1));
    let mut out = String::from(TIDY_HEADER);
    for (d, _, m, v, o) in rows {
        let _ = writeln!(
            out,
            "{d},{},{v},{},{}",
            m.key(),
            unit_suffix(m.unit()),
            o.key()
        );
    }
    out
}

/// One metric: `date,value,unit,source`.
pub fn metric(h: &History, m: Metric) -> String {
    let mut out = String::from("date,value,unit,source\n");
    for (d, (v, o)) in h.days.get(&m).into_iter().flatten() {
        let _ = writeln!(out, "{d},{v},{},{}", unit_suffix(m.unit()), o.key());
    }
    out
}

/// Every night kept, with its stages in minutes.
pub fn sleep(h: &History) -> String {
    let mut out = String::from(
        "date,start,minutes_asleep,minutes_awake,time_in_bed_min,minutes_to_fall_asleep,efficiency_percent,main_sleep,deep_min,light_min,rem_min,wake_min,source\n",
    );
    for (l, o) in h.sleep.values() {
        let stages = match l.stages {
            Some(SleepStages::Stages {
                deep,
                light,
                rem,
                wake,
            }) => format!("{deep},{light},{rem},{wake}"),
            _ => ",,,".into(),
        };
        let eff = l.efficiency.map(|e| e.to_string()).unwrap_or_default();
        let _ = writeln!(
            out,
            "{},{},{},{},{},{},{eff},{},{stages},{}",
            l.date,
            l.start,
            l.minutes_asleep,
            l.minutes_awake,
            l.time_in_bed,
            l.minutes_to_fall_asleep,
            l.is_main,
            o.key()
        );
    }
    out
}

/// Every exercise kept.
pub fn exercises(h: &History) -> String {
    let opt = |v: Option<String>| v.unwrap_or_default();
    let mut out = String::from(
        "date,start,activity,duration_min,calories_kcal,avg_heart_rate_bpm,steps,distance_m,source\n",
    );
    let mut list: Vec<_> = h.exercises.values().collect();
    list.sort_by(|a, b| (a.0.date, &a.0.start).cmp(&(b.0.date, &b.0.start)));
    for (e, o) in list {
        let _ = writeln!(
            out,
            "{},{},{},{},{},{},{},{},{}",
            e.date,
            opt(e.start.clone()),
            csv_text(&e.name),
            e.duration_min,
            opt(e.calories.map(|c| c.to_string())),
            opt(e.avg_heart_rate.map(|c| c.to_string())),
            opt(e.steps.map(|c| c.to_string())),
            opt(e.distance.map(|c| c.to_string())),
            o.key()
        );
    }
    out
}

/// A text cell: quoted when it holds a comma, a quote or a line break (RFC 4180), and never
/// read as a formula by a spreadsheet (a name from a file starting `=`, `+`, `-` or `@` gets a
/// leading `'`).
fn csv_text(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// A metric's key, its unit, and its `[date, value, source]` rows.
type MetricRows = (&'static str, &'static str, Vec<(String, f64, &'static str)>);

#[derive(Serialize)]
struct Everything<'a> {
    format: &'static str,
    version: u32,
    /// Per metric: its unit and `[date, value, source]` rows.
    days: Vec<MetricRows>,
    sleep: Vec<(&'a crate::model::SleepLog, &'static str)>,
    exercises: Vec<(&'a crate::model::Exercise, &'static str)>,
    nutrition: Vec<(String, &'a crate::model::NutritionDay, &'static str)>,
    heart_zones: Vec<(String, &'a Vec<crate::model::HeartZone>, &'static str)>,
}

/// Everything as JSON (`pulsedeck-history`, version 1): each metric's unit and rows, the
/// sessions, food days and heart-rate zones, each with its source.
pub fn json(h: &History) -> String {
    let days = Metric::ALL
        .iter()
        .filter_map(|m| {
            let rows: Vec<_> = h
                .days
                .get(m)?
                .iter()
                .map(|(d, (v, o))| (d.to_string(), *v, o.key()))
                .collect();
            Some((m.key(), unit_suffix(m.unit()), rows))
        })
        .collect();
    let all = Everything {
        format: "pulsedeck-history",
        version: 1,
        days,
        sleep: h.sleep.values().map(|(l, o)| (l, o.key())).collect(),
        exercises: h.exercises.values().map(|(e, o)| (e, o.key())).collect(),
        nutrition: h
            .nutrition
            .iter()
            .map(|(d, (n, o))| (d.to_string(), n, o.key()))
            .collect(),
        heart_zones: h
            .zones
            .iter()
            .map(|(d, (z, o))| (d.to_string(), z, o.key()))
            .collect(),
    };
    serde_json::to_string(&all).expect("serialisable")
}

/// Every file of "Download everything": the tidy CSV, one CSV per metric with data, the
/// sessions, and the JSON.
pub fn files(h: &History) -> Vec<(String, Vec<u8>)> {
    let mut out = vec![(
        "daily.csv".to_string(),
        tidy(h, None, None, None).into_bytes(),
    )];
    for m in Metric::ALL {
        if h.days.get(&m).is_some_and(|d| !d.is_empty()) {
            out.push((format!("daily/{}.csv", m.key()), metric(h, m).into_bytes()));
        }
    }
    out.push(("sleep.csv".into(), sleep(h).into_bytes()));
    out.push(("exercises.csv".into(), exercises(h).into_bytes()));
    out.push(("history.json".into(), json(h).into_bytes()));
    out
}

#[cfg(test)]
mod tests;
