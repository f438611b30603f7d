//! Sleep: the legacy JSON's logs, the Health Fitness Data tables' sessions and stage minutes
//! (made into logs at the end, by [`Agg::finish`]: the two tables may be in two parts), the
//! nightly sleep score and snoring.

use super::csv::{num, table};
use super::json::json_array;
use crate::date::Date;
use crate::model::{Metric, SleepLog, SleepStages};
use crate::takeout::agg::{Agg, Fold, HfSleep};
use crate::takeout::classify::Family;
use crate::takeout::clock::{Stamp, Zone};
use serde_json::Value;

pub(super) fn json_logs(bytes: &[u8], agg: &mut Agg) -> Result<(), String> {
    json_array(bytes, agg, |item, agg| {
        let log = sleep_log(item).ok_or("sleep log without its times")?;
        let id = item["logId"].as_u64().ok_or("sleep log without an id")?;
        // A night at a 30-day boundary is in two files (trap T10): one copy by logId.
        agg.sleep.insert(id, log);
        Ok(())
    })
}

/// "2026-04-13T03:48:00.000" → "03:48".
fn hh_mm(local: &str) -> Option<String> {
    let t = local.split_once('T')?.1;
    (t.len() >= 5).then(|| t[..5].to_string())
}

fn sleep_log(item: &Value) -> Option<SleepLog> {
    let u = |k: &str| item[k].as_u64().map(|v| v as u32);
    let summary = &item["levels"]["summary"];
    let minutes = |k: &str| summary[k]["minutes"].as_u64().map(|v| v as u32);
    // Classic logs say asleep/restless/awake: never read "awake" as a stage's "wake".
    let stages = match item["type"].as_str() {
        Some("stages") => Some(SleepStages::Stages {
            deep: minutes("deep")?,
            light: minutes("light")?,
            rem: minutes("rem")?,
            wake: minutes("wake")?,
        }),
        Some("classic") => Some(SleepStages::Classic {
            asleep: minutes("asleep")?,
            restless: minutes("restless")?,
            awake: minutes("awake")?,
        }),
        _ => None,
    };
    Some(SleepLog {
        date: Date::parse(item["dateOfSleep"].as_str()?).ok()?,
        start: hh_mm(item["startTime"].as_str()?)?,
        minutes_asleep: u("minutesAsleep")?,
        minutes_awake: u("minutesAwake").unwrap_or(0),
        time_in_bed: u("timeInBed").unwrap_or(0),
        minutes_to_fall_asleep: u("minutesToFallAsleep").unwrap_or(0),
        efficiency: item["efficiency"].as_u64().map(|v| v.min(100) as u8),
        is_main: item["mainSleep"]
            .as_bool()
            .unwrap_or(item["type"] == "stages"),
        stages,
    })
}

/// The stamp ends in `Z` but is the local wake time (§3.1): its date as written.
pub(super) fn score(bytes: &[u8], agg: &mut Agg) -> Result<(), String> {
    table(
        bytes,
        &[
            "timestamp",
            "overall_score",
            "duration_score",
            "composition_score",
            "revitalization_score",
        ],
        |r, _| {
            let Some(s) = Stamp::parse(r[0]) else {
                return agg.drop("unreadable time");
            };
            let Some(v) = num(r[1]).filter(|v| *v > 0.0) else {
                return agg.drop("empty or unreadable value");
            };
            agg.add(
                Metric::SleepScore,
                Family::SleepScore,
                s.date,
                v,
                Fold::Last,
            );
            // The parts (of 50, 25 and 25: `Metric::most`). Since 2026 duration and composition
            // are blank and `revitalization_score` repeats the overall score (75,,75,,): such a
            // row has no parts (left out, not zero), and a part beyond its maximum is not one.
            if r[2].trim().is_empty() && r[3].trim().is_empty() {
                return;
            }
            for (m, cell) in [
                (Metric::SleepScoreDuration, r[2]),
                (Metric::SleepScoreComposition, r[3]),
                (Metric::SleepScoreRevitalization, r[4]),
            ] {
                if let Some(p) =
                    num(cell).filter(|p| m.most().is_some_and(|of| (0.0..=of).contains(p)))
                {
                    agg.add(m, Family::SleepScore, s.date, p, Fold::Last);
                }
            }
        },
    )
}

/// 2026 (an `algorithm_version` column): true UTC plus a real offset; 2025: the local clock
/// labelled `+0000` (takeout-format.md §3.1).
pub(super) fn sessions(bytes: &[u8], agg: &mut Agg, zone: &mut impl Zone) -> Result<(), String> {
    let versioned = bytes
        .split(|b| *b == b'\n')
        .next()
        .is_some_and(|h| h.windows(17).any(|w| w == b"algorithm_version"));
    let cols = [
        "sleep_id",
        "sleep_type",
        "minutes_in_sleep_period",
        "minutes_to_fall_asleep",
        "minutes_asleep",
        "minutes_awake",
        "sleep_start",
        "sleep_end",
    ];
    let mut versions = std::collections::BTreeMap::new();
    if versioned {
        table(bytes, &["sleep_id", "algorithm_version"], |r, _| {
            versions.insert(r[0].to_string(), r[1].to_string());
        })?;
    }
    table(bytes, &cols, |r, _| {
        let mut at = |s: &str| {
            Stamp::parse(s).map(|st| {
                if versioned {
                    st.local(zone)
                } else {
                    (st.date, st.secs)
                }
            })
        };
        let (Some(id), Some(start), Some(end)) = (r[0].parse::<u64>().ok(), at(r[6]), at(r[7]))
        else {
            return agg.drop("unreadable row");
        };
        let n = |s: &str| num(s).map_or(0, |v| v.max(0.0) as u32);
        agg.hf_sleeps.push(HfSleep {
            id,
            stages: r[1] == "STAGES",
            start,
            end,
            in_bed: n(r[2]),
            to_fall_asleep: n(r[3]),
            asleep: n(r[4]),
            awake: n(r[5]),
            version: versions.get(r[0]).cloned().unwrap_or_default(),
        });
    })
}

/// Each session's minutes of deep, light, rem and awake.
pub(super) fn stages(bytes: &[u8], agg: &mut Agg) -> Result<(), String> {
    table(
        bytes,
        &[
            "sleep_id",
            "sleep_stage_type",
            "sleep_stage_start",
            "sleep_stage_end",
        ],
        |r, _| {
            let (Some(id), Some(a), Some(b)) = (
                r[0].parse::<u64>().ok(),
                Stamp::parse(r[2]),
                Stamp::parse(r[3]),
            ) else {
                return agg.drop("unreadable row");
            };
            let secs = |s: Stamp| s.date.days_since_epoch() as i64 * 86_400 + s.secs as i64;
            let minutes = ((secs(b) - secs(a)).max(0) / 60) as u32;
            let slot = match r[1] {
                "DEEP" => 0,
                "LIGHT" => 1,
                "REM" => 2,
                "AWAKE" => 3,
                _ => return,
            };
            agg.hf_stages.entry(id).or_insert([0; 4])[slot] += minutes;
        },
    )
}

/// Local naive segment starts; a night belongs to the day it ends on, so a segment from noon on
/// counts for the next day. Minutes of segments labelled as snoring (the label is "binary": 1/0
/// or true/false; no public sample shows which).
pub(super) fn snore(bytes: &[u8], agg: &mut Agg) -> Result<(), String> {
    table(
        bytes,
        &["timestamp", "snore_label", "sample_duration"],
        |r, _| {
            let Some(s) = Stamp::parse(r[0]) else {
                return agg.drop("unreadable time");
            };
            let night = if s.secs >= 12 * 3600 {
                s.date.add_days(1)
            } else {
                s.date
            };
            let snoring = matches!(
                r[1].trim().to_ascii_lowercase().as_str(),
                "1" | "true" | "1.0"
            );
            let seconds = num(r[2]).filter(|v| *v > 0.0).unwrap_or(30.0);
            agg.add(
                Metric::SnoreMinutes,
                Family::Snore,
                night,
                if snoring { seconds / 60.0 } else { 0.0 },
                Fold::Sum,
            );
        },
    )
}
