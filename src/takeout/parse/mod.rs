//! One reader per family: each turns an entry's bytes into values for the [`Agg`], in the
//! family's units and clock (takeout-format.md §3–4). CSV by header name, never by column
//! position (columns were added over the years); the per-minute legacy JSON by a scanner (a
//! `serde_json::Value` per sample would be far slower on years of heart rate); the small
//! legacy JSON files (sleep, exercise, weight, resting heart rate) as a `Value`.
//!
//! [`read`] sends each family to its reader: one file per group of families (the CSV tree's
//! per-minute files, its daily values, the legacy JSON, sleep, exercises, trackers), the CSV
//! and number reading they share in `csv`.

mod csv;
mod daily;
mod exercise;
mod json;
mod minutes;
mod sleep;
mod trackers;

pub use csv::csv_rows;
pub use json::minute_samples;

use super::agg::{Agg, Fold};
use super::classify::Family;
use super::clock::Zone;
use crate::model::Metric;

/// How each metric's day is made from its values.
pub fn fold(m: Metric) -> Fold {
    match m {
        Metric::Steps
        | Metric::Distance
        | Metric::Floors
        | Metric::CaloriesOut
        | Metric::ActiveZoneMinutes
        | Metric::ActiveMinutes
        | Metric::MinutesAsleep
        | Metric::CaloriesIn
        | Metric::Water
        | Metric::SnoreMinutes => Fold::Sum,
        Metric::Weight | Metric::BodyFat | Metric::Bmi => Fold::Last,
        _ => Fold::Mean,
    }
}

/// Reads one entry of `family` into `agg`. `Err` says why the file was left out.
pub fn read(
    family: Family,
    bytes: &[u8],
    agg: &mut Agg,
    zone: &mut impl Zone,
) -> Result<(), String> {
    // "no data" placeholders (7 bytes) and empty files are not errors (trap T5).
    let trimmed = bytes.trim_ascii();
    if trimmed.is_empty() || trimmed == b"no data" {
        agg.drop("empty file (\"no data\")");
        return Ok(());
    }
    use Family::*;
    match family {
        JsonSteps | JsonDistance | JsonCalories | JsonHeartRate => {
            json::minutes(family, bytes, agg, zone)
        }
        JsonRestingHeartRate => json::resting_heart_rate(bytes, agg),
        JsonActiveMinutes => json::active_minutes(bytes, agg),
        JsonWeight => json::weight(bytes, agg),
        JsonSleep => sleep::json_logs(bytes, agg),
        JsonExercise => exercise::json_logs(bytes, agg, zone),
        CsvActiveMinutes => minutes::active_minutes(bytes, agg, zone),
        CsvSteps | CsvDistance => minutes::steps_or_distance(family, bytes, agg, zone),
        CsvHeartRate => minutes::heart_rate(bytes, agg, zone),
        CsvSkinTemperature => daily::skin_temperature(bytes, agg, zone),
        FolderSkinTemperature => daily::folder_skin_temperature(bytes, agg, zone),
        StressScore => daily::stress(bytes, agg, zone),
        CsvVo2Max => daily::vo2_max(bytes, agg, zone),
        SleepScore => sleep::score(bytes, agg),
        HfSleeps => sleep::sessions(bytes, agg, zone),
        HfSleepStages => sleep::stages(bytes, agg),
        Snore => sleep::snore(bytes, agg),
        HfExercises => exercise::sessions(bytes, agg, zone),
        Trackers => trackers::read(bytes, agg, zone),
        // Never planned (the CSV may lack the basal minutes: `agg::preference`).
        CsvCalories => Ok(()),
        // Vitals, floors, zone minutes, body and readiness: one value column each.
        _ => daily::one_column(family, bytes, agg, zone),
    }
}

#[cfg(test)]
mod tests;
