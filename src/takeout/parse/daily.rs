//! The files of a value a day or a reading at a time: the CSV tree's and the feature folders'
//! vitals, floors, zone minutes, body measurements, readiness, stress, skin temperature and
//! VO2 max.

use super::csv::{num, table};
use super::fold;
use crate::model::Metric;
use crate::takeout::agg::Agg;
use crate::takeout::classify::Family;
use crate::takeout::clock::{Stamp, Zone};

/// A file of one value column read as a number (see [`column`]).
pub(super) fn one_column(
    family: Family,
    bytes: &[u8],
    agg: &mut Agg,
    zone: &mut impl Zone,
) -> Result<(), String> {
    let Some((cols, m)) = column(family) else {
        return Ok(());
    };
    table(bytes, cols, |r, _| {
        on_day(agg, zone, family, r[0], m, num(r[1]))
    })
}

/// The columns and metric of the families read by [`one_column`].
fn column(family: Family) -> Option<(&'static [&'static str], Metric)> {
    use Family::*;
    match family {
        CsvFloors => Some((&["timestamp", "floors"], Metric::Floors)),
        CsvActiveZoneMinutes => Some((&["timestamp", "total minutes"], Metric::ActiveZoneMinutes)),
        CsvRestingHeartRate => Some((&["timestamp", "beats per minute"], Metric::RestingHeartRate)),
        CsvHrv => Some((
            &["timestamp", "average heart rate variability milliseconds"],
            Metric::HeartRateVariability,
        )),
        CsvSpo2 => Some((
            &["timestamp", "average percentage"],
            Metric::OxygenSaturation,
        )),
        CsvBreathingRate => Some((&["timestamp", "breaths per minute"], Metric::BreathingRate)),
        CsvWeight => Some((&["timestamp", "weight grams"], Metric::Weight)),
        CsvBodyFat => Some((&["timestamp", "body fat percentage"], Metric::BodyFat)),
        FolderHrv => Some((&["timestamp", "rmssd"], Metric::HeartRateVariability)),
        FolderBreathingRate => Some((
            &["timestamp", "daily_respiratory_rate"],
            Metric::BreathingRate,
        )),
        FolderSpo2 => Some((&["timestamp", "average_value"], Metric::OxygenSaturation)),
        // Local naive minutes, fewer rows than the CSV tree's copy (takeout-format.md §2).
        FolderActiveZoneMinutes => {
            Some((&["date_time", "total_minutes"], Metric::ActiveZoneMinutes))
        }
        // A bare date label.
        CsvReadiness => Some((&["timestamp", "score"], Metric::Readiness)),
        _ => None,
    }
}

/// Daily files are labelled by date; floors, zone minutes, weight and fat are instants.
fn labelled_by_date(family: Family) -> bool {
    use Family::*;
    matches!(
        family,
        CsvRestingHeartRate
            | CsvHrv
            | CsvSpo2
            | CsvBreathingRate
            | CsvSkinTemperature
            | CsvVo2Max
            | FolderHrv
            | FolderBreathingRate
            | FolderSpo2
            | CsvReadiness
            | StressScore
    )
}

/// Adds the value `v` of `m` stamped `stamp`, on its day: the label of a daily file, the local
/// day of an instant.
fn on_day(
    agg: &mut Agg,
    zone: &mut impl Zone,
    family: Family,
    stamp: &str,
    m: Metric,
    v: Option<f64>,
) {
    let Some(s) = Stamp::parse(stamp) else {
        return agg.drop("unreadable time");
    };
    let Some(v) = v else {
        return agg.drop("empty or unreadable value");
    };
    // 50.0 is the sensor's invalid-reading floor, not a reading (trap T7).
    if m == Metric::OxygenSaturation && v == 50.0 {
        return agg.drop("SpO2 50.0 (no reading)");
    }
    let date = if labelled_by_date(family) {
        s.label(zone)
    } else {
        s.local(zone).0
    };
    let v = if m == Metric::Weight { v / 1000.0 } else { v };
    agg.add(m, family, date, v, fold(m));
}

pub(super) fn skin_temperature(
    bytes: &[u8],
    agg: &mut Agg,
    zone: &mut impl Zone,
) -> Result<(), String> {
    table(
        bytes,
        &[
            "timestamp",
            "nightly temperature celsius",
            "baseline temperature celsius",
        ],
        |r, _| {
            // `NaN` until about three nights make a baseline (trap T6).
            let v = num(r[1]).zip(num(r[2])).map(|(n, b)| n - b);
            on_day(
                agg,
                zone,
                Family::CsvSkinTemperature,
                r[0],
                Metric::SkinTemperatureDelta,
                v,
            )
        },
    )
}

/// The deviation from the baseline, dated by the local wake-up (`NaN` before a baseline).
pub(super) fn folder_skin_temperature(
    bytes: &[u8],
    agg: &mut Agg,
    zone: &mut impl Zone,
) -> Result<(), String> {
    table(
        bytes,
        &[
            "sleep_end",
            "temperature_samples",
            "baseline_relative_sample_sum",
        ],
        |r, _| {
            let v = num(r[2])
                .zip(num(r[1]).filter(|n| *n > 0.0))
                .map(|(sum, n)| sum / n);
            on_day(
                agg,
                zone,
                Family::FolderSkinTemperature,
                r[0],
                Metric::SkinTemperatureDelta,
                v,
            )
        },
    )
}

/// Rows that failed or have no data carry no score (§4.4).
pub(super) fn stress(bytes: &[u8], agg: &mut Agg, zone: &mut impl Zone) -> Result<(), String> {
    table(
        bytes,
        &["DATE", "STRESS_SCORE", "STATUS", "CALCULATION_FAILED"],
        |r, _| {
            if r[3].eq_ignore_ascii_case("true") || r[2] == "NO_DATA" {
                return agg.drop("stress score not calculated");
            }
            on_day(
                agg,
                zone,
                Family::StressScore,
                r[0],
                Metric::StressScore,
                num(r[1]).filter(|v| *v > 0.0),
            )
        },
    )
}

/// The one VO2 max column there is (its name changed over the years).
pub(super) fn vo2_max(bytes: &[u8], agg: &mut Agg, zone: &mut impl Zone) -> Result<(), String> {
    let col = [
        "demographic vo2max",
        "daily vo2 max value",
        "vo2 max value",
        "run VO2 max",
    ]
    .into_iter()
    .find(|c| table(bytes, &[c], |_, _| {}).is_ok())
    .ok_or("no VO2 max column")?;
    table(bytes, &["timestamp", col], |r, _| {
        on_day(
            agg,
            zone,
            Family::CsvVo2Max,
            r[0],
            Metric::Vo2Max,
            num(r[1]),
        )
    })
}
