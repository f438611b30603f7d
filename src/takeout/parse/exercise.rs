//! Exercises: the legacy JSON's logs, or the Health Fitness Data table's sessions in the
//! newest exports (one or the other is read, never both).

use super::csv::{num, table};
use super::json::json_array;
use crate::model::Exercise;
use crate::takeout::agg::Agg;
use crate::takeout::clock::{Stamp, Zone};
use serde_json::Value;

pub(super) fn json_logs(bytes: &[u8], agg: &mut Agg, zone: &mut impl Zone) -> Result<(), String> {
    json_array(bytes, agg, |item, agg| {
        let e = exercise(item, zone).ok_or("exercise without its time")?;
        agg.exercises.insert(e.log_id, e);
        Ok(())
    })
}

fn exercise(item: &Value, zone: &mut impl Zone) -> Option<Exercise> {
    // Start times are UTC without a marker (§3.1).
    let (date, secs) = Stamp::parse(item["startTime"].as_str()?)?.local_from_utc(zone);
    let ms = item["activeDuration"]
        .as_f64()
        .or_else(|| item["duration"].as_f64())?;
    let metres = match item["distanceUnit"].as_str() {
        Some("Mile") => 1609.344,
        Some("Kilometer") => 1000.0,
        Some("Meter") => 1.0,
        _ => f64::NAN,
    };
    Some(Exercise {
        name: item["activityName"]
            .as_str()
            .unwrap_or("Exercise")
            .to_string(),
        date,
        start: Some(format!("{:02}:{:02}", secs / 3600, secs / 60 % 60)),
        duration_min: (ms / 60_000.0).round() as u32,
        calories: item["calories"].as_f64(),
        avg_heart_rate: item["averageHeartRate"]
            .as_u64()
            .filter(|v| *v > 0)
            .map(|v| v as u32),
        steps: item["steps"].as_u64().map(|v| v as u32),
        distance: item["distance"]
            .as_f64()
            .map(|d| d * metres)
            .filter(|d| d.is_finite()),
        log_id: item["logId"].as_u64()?,
        // Routes are location data: an export's GPS folders are never read.
        has_route: false,
    })
}

/// Starts in true UTC in every vintage seen; distances in millimetres.
pub(super) fn sessions(bytes: &[u8], agg: &mut Agg, zone: &mut impl Zone) -> Result<(), String> {
    table(
        bytes,
        &[
            "exercise_id",
            "exercise_start",
            "exercise_end",
            "activity_name",
            "tracker_total_calories",
            "tracker_total_steps",
            "tracker_total_distance_mm",
            "tracker_avg_heart_rate",
        ],
        |r, _| {
            let (Some(id), Some(a), Some(b)) = (
                r[0].parse::<u64>().ok(),
                Stamp::parse(r[1]),
                Stamp::parse(r[2]),
            ) else {
                return agg.drop("unreadable row");
            };
            let (date, secs) = a.local(zone);
            let span = |s: Stamp| s.date.days_since_epoch() as i64 * 86_400 + s.secs as i64;
            let positive = |s: &str| num(s).filter(|v| *v > 0.0);
            agg.exercises.insert(
                id,
                Exercise {
                    name: if r[3].is_empty() {
                        "Exercise".into()
                    } else {
                        r[3].to_string()
                    },
                    date,
                    start: Some(format!("{:02}:{:02}", secs / 3600, secs / 60 % 60)),
                    duration_min: ((span(b) - span(a)).max(0) / 60) as u32,
                    calories: positive(r[4]),
                    avg_heart_rate: positive(r[7]).map(|v| v as u32),
                    steps: positive(r[5]).map(|v| v as u32),
                    distance: positive(r[6]).map(|mm| mm / 1000.0),
                    log_id: id,
                    has_route: false,
                },
            );
        },
    )
}
