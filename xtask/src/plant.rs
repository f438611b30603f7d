//! The planted export (`planted/` beside the others): a generated export (2026 layout, 500
//! days) whose files are rewritten so it holds what Insights must find, stated in its
//! `expected.json`:
//!
//! - a fever week on the nights [`FEVER`] (7 nights ending 34 days before the last): skin
//!   temperature +1.5 °C over a steady ±0.1 °C, resting heart rate +8 bpm over a steady ±1;
//!   no other night of either is outside its usual range;
//! - resting heart rate easing from 57 to 54 bpm over the 30 days before the last 90 ("what
//!   changed": 57 → 54 bpm);
//! - each day's steps scaled by the previous night's sleep (0.5× after 380 minutes asleep up to
//!   1.5× after 470): a strong positive relation between sleep and the next day's steps.

use pulsedeck::date::Date;
use pulsedeck::takeout::gen::{generate, Spec, Vintage};
use pulsedeck::takeout::zip::{self, write, Limits};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

/// The fever week: its first night's distance from the last day, and its length.
pub const FEVER: (i32, i32) = (40, 7);

/// A small deterministic wobble in {-1, 0, 1}.
fn wobble(d: Date, salt: u32) -> i32 {
    let mut x =
        (d.days_since_epoch() as u32).wrapping_mul(2_654_435_761) ^ salt.wrapping_mul(40_503);
    x ^= x >> 15;
    x = x.wrapping_mul(0x2c1b_3c6d);
    x ^= x >> 12;
    (x % 3) as i32 - 1
}

struct Plan {
    end: Date,
    fever: Vec<Date>,
    asleep: BTreeMap<Date, f64>,
    rhr: BTreeMap<Date, f64>,
    skin: BTreeMap<Date, f64>,
    steps: BTreeMap<Date, f64>,
}

impl Plan {
    fn ill(&self, d: Date) -> bool {
        self.fever.contains(&d)
    }

    /// 57 bpm, easing to 54 over the 30 days before the last 90; ±1; +8 in the fever week.
    fn resting(&self, d: Date) -> f64 {
        let to_end = self.end.days_since(d);
        let eased = ((120 - to_end).clamp(0, 30)) as f64 / 30.0;
        57.0 - 3.0 * eased + wobble(d, 1) as f64 + if self.ill(d) { 8.0 } else { 0.0 }
    }

    /// The factor of a day's steps: from the night before it (1 without one).
    fn factor(&self, d: Date) -> f64 {
        self.asleep
            .get(&d.add_days(-1))
            .map_or(1.0, |m| 0.5 + (m - 380.0) / 90.0)
    }
}

/// A steps CSV with every row's count scaled by its local day's factor; adds the tracker's
/// steps per local day to `plan.steps`.
fn scale_steps(text: &str, plan: &mut Plan, offset_h: i32) -> String {
    let mut out = String::new();
    for (i, line) in text.lines().enumerate() {
        let cells: Vec<&str> = line.split(',').collect();
        let utc = Date::parse(cells[0].get(..10).unwrap_or(""));
        let hour: i32 = cells[0]
            .get(11..13)
            .and_then(|h| h.parse().ok())
            .unwrap_or(0);
        match (i, utc, cells.get(1).and_then(|s| s.parse::<f64>().ok())) {
            (1.., Ok(day), Some(s)) => {
                let local = if hour + offset_h < 0 {
                    day.add_days(-1)
                } else {
                    day
                };
                let v = (s * plan.factor(local)).round();
                if cells.get(2) == Some(&"Charge 6") {
                    *plan.steps.entry(local).or_default() += v;
                }
                let _ = writeln!(out, "{},{v},{}", cells[0], cells[2..].join(","));
            }
            _ => {
                let _ = writeln!(out, "{line}");
            }
        }
    }
    out
}

/// The planted files in place of the generated ones (and skin temperature added).
fn plant(files: Vec<(String, Vec<u8>)>, plan: &mut Plan, offset_h: i32) -> Vec<(String, Vec<u8>)> {
    let days: Vec<Date> = plan.asleep.keys().copied().collect();
    let mut out = Vec::new();
    for (name, bytes) in files {
        let text = String::from_utf8_lossy(&bytes);
        let body = if name.ends_with("daily_resting_heart_rate.csv") {
            let mut b = String::from("timestamp,beats per minute,data source\n");
            for d in &days {
                let v = plan.resting(*d);
                plan.rhr.insert(*d, v);
                let _ = writeln!(b, "{d}T00:00:00Z,{v:.1},Charge 6");
            }
            b.into_bytes()
        } else if name.contains("/Steps/steps_") {
            scale_steps(&text, plan, offset_h).into_bytes()
        } else {
            bytes
        };
        out.push((name, body));
    }
    let mut skin = String::from("timestamp,nightly temperature celsius,baseline temperature celsius,relative nightly stddev 30d celsius,data source\n");
    for d in &days {
        let v = 0.1 * wobble(*d, 2) as f64 + if plan.ill(*d) { 1.5 } else { 0.0 };
        plan.skin.insert(*d, v);
        let _ = writeln!(skin, "{d}T00:00:00Z,{:.2},34.00,0.20,Fitbit App", 34.0 + v);
    }
    out.push((
        "Takeout/Google Health/Physical Activity_GoogleData/Daily Sleep Temperature Derivations/daily_sleep_temperature_derivations.csv".into(),
        skin.into_bytes(),
    ));
    out
}

/// Writes the planted export into `dir` (emptied first) with its `expected.json`.
pub fn write(dir: &Path, end: Date) -> Result<(), String> {
    let spec = Spec {
        vintage: Vintage::GoogleHealth2026,
        end,
        days: 500,
        offset_h: -5,
        hr_every_s: 3600,
        parts: 1,
        unworn_days: false,
        tracker: pulsedeck::takeout::gen::TRACKER,
    };
    let (zips, ex) = generate(&spec);
    let mut files = Vec::new();
    for (_, z) in &zips {
        for e in zip::entries(z)
            .map_err(|e| format!("{e:?}"))?
            .iter()
            .filter(|e| !e.is_dir())
        {
            files.push((
                e.name.clone(),
                zip::extract(z, e, Limits::default()).map_err(|e| format!("{e:?}"))?,
            ));
        }
    }
    let (first, len) = FEVER;
    let mut plan = Plan {
        end,
        fever: (0..len).map(|i| end.add_days(i - first)).collect(),
        asleep: ex.minutes_asleep.clone(),
        rhr: BTreeMap::new(),
        skin: BTreeMap::new(),
        steps: BTreeMap::new(),
    };
    let files = plant(files, &mut plan, spec.offset_h);
    let name = "takeout-20261122T090000Z-1-001.zip";
    let bytes = write::zip(
        &files,
        &write::Options {
            deflate: true,
            zip64: false,
        },
    );
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    std::fs::write(dir.join(name), &bytes).map_err(|e| e.to_string())?;
    let mean = |m: &BTreeMap<Date, f64>, from: Date, to: Date| {
        let v: Vec<f64> = m.range(from..=to).map(|(_, v)| *v).collect();
        v.iter().sum::<f64>() / v.len().max(1) as f64
    };
    let recent_from = end.add_days(-89);
    let expected = serde_json::json!({
        "first": end.add_days(1 - spec.days as i32),
        "last": end,
        "files": [{ "name": name, "bytes": bytes.len() }],
        "fever_nights": plan.fever,
        "fever": { "skin_temperature_delta_c": 1.5, "resting_heart_rate_bpm": 8.0 },
        "changed": {
            "metric": "resting_heart_rate",
            "before": mean(&plan.rhr, recent_from.add_days(-365), recent_from.add_days(-1)),
            "recent": mean(&plan.rhr, recent_from, end),
        },
        "relation": { "x": "minutes_asleep", "y": "steps", "lag_days": 1, "sign": "positive" },
        "resting_hr": plan.rhr,
        "skin_temperature": plan.skin,
        "steps": plan.steps,
        "minutes_asleep": plan.asleep,
    });
    std::fs::write(dir.join("expected.json"), expected.to_string()).map_err(|e| e.to_string())
}
