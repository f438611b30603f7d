//! The demo's daily series: every metric over [`DAYS`], each from its own random stream.

use super::{between, round1, season, trend, unit, DAYS, HEIGHT_M, RECENT};
use crate::date::Date;
use crate::model::*;
use std::collections::BTreeMap;

fn daily(today: Date, metric: Metric, f: impl Fn(i32, Date) -> Option<f64>) -> Slot<Series> {
    let points = (0..DAYS)
        .filter_map(|ago| {
            let date = today.add_days(-ago);
            f(ago, date).map(|value| Point { date, value })
        })
        .collect();
    Slot::Ready(Series::new(metric, points))
}

fn steps(ago: i32, date: Date) -> f64 {
    // Weekends are lazier; one long hike every other Sunday.
    let weekend = date.weekday() >= 5;
    let base = if weekend {
        between(1, ago, 4_200.0, 9_000.0)
    } else {
        between(1, ago, 7_000.0, 12_500.0)
    };
    let hike = if date.weekday() == 6 && (date.days_since_epoch() / 7) % 2 == 0 {
        8_000.0
    } else {
        0.0
    };
    // Today is not over yet: roughly two thirds done.
    let part = if ago == 0 { 0.68 } else { 1.0 };
    ((base + hike) * part).round()
}

/// Calories eaten `a` days ago (today's meals are not all eaten yet); also today's food log.
pub(super) fn eaten(a: i32) -> f64 {
    between(10, a, 1_750.0, 2_500.0).round() * if a == 0 { 0.55 } else { 1.0 }
}

/// Water drunk `a` days ago, in steps of 50 ml; also today's food log.
pub(super) fn water(a: i32) -> f64 {
    (between(11, a, 1_200.0, 2_400.0) / 50.0).round() * 50.0
}

/// Cardio fitness `a` days ago: the series and the cardio-fitness ranges' middle.
pub(super) fn vo2(a: i32) -> f64 {
    (44.0 + trend(a) * 0.02).floor()
}

/// Every metric's series; time asleep is the main sleeps of `sleep`.
pub(super) fn all(today: Date, sleep: &[SleepLog]) -> BTreeMap<Metric, Slot<Series>> {
    let mut series = BTreeMap::new();
    activity(today, &mut series);
    series.insert(
        Metric::MinutesAsleep,
        Slot::Ready(Series::new(
            Metric::MinutesAsleep,
            sleep
                .iter()
                .filter(|s| s.is_main)
                .map(|s| Point {
                    date: s.date,
                    value: s.minutes_asleep as f64,
                })
                .collect(),
        )),
    );
    body(today, &mut series);
    scores(today, &mut series);
    series
}

/// Steps and what follows from them, and the heart's daily figures.
fn activity(today: Date, series: &mut BTreeMap<Metric, Slot<Series>>) {
    series.insert(
        Metric::Steps,
        daily(today, Metric::Steps, |a, d| Some(steps(a, d))),
    );
    series.insert(
        Metric::Distance,
        daily(today, Metric::Distance, |a, d| {
            Some((steps(a, d) * 0.76).round())
        }),
    );
    series.insert(
        Metric::Floors,
        daily(today, Metric::Floors, |a, _| {
            Some(between(2, a, 4.0, 22.0).floor())
        }),
    );
    series.insert(
        Metric::CaloriesOut,
        daily(today, Metric::CaloriesOut, |a, d| {
            Some((1_640.0 + steps(a, d) * 0.045 + between(3, a, 0.0, 220.0)).round())
        }),
    );
    series.insert(
        Metric::ActiveZoneMinutes,
        daily(today, Metric::ActiveZoneMinutes, |a, d| {
            Some((steps(a, d) / 400.0 + between(4, a, 0.0, 18.0)).floor())
        }),
    );
    series.insert(
        Metric::ActiveMinutes,
        daily(today, Metric::ActiveMinutes, |a, d| {
            Some((steps(a, d) / 300.0 + between(31, a, 0.0, 25.0)).floor())
        }),
    );
    series.insert(
        Metric::RestingHeartRate,
        // Slowly improving fitness: a little lower each month.
        daily(today, Metric::RestingHeartRate, |a, _| {
            Some(
                (58.0 + a.min(RECENT) as f64 * 0.03 + season(a) + between(5, a, -1.5, 1.5)).round(),
            )
        }),
    );
    series.insert(
        Metric::HeartRateVariability,
        daily(today, Metric::HeartRateVariability, |a, _| {
            Some(round1(between(6, a, 34.0, 52.0)))
        }),
    );
}

/// Weight and body, food and water, the overnight readings and cardio fitness.
fn body(today: Date, series: &mut BTreeMap<Metric, Slot<Series>>) {
    let weight = |a: i32| 74.8 - trend(a) * 0.028 + season(a) + between(7, a, -0.35, 0.35);
    // Weighed on most mornings, not all.
    let weighed = |a: i32| unit(8, a) < 0.8;
    series.insert(
        Metric::Weight,
        daily(today, Metric::Weight, |a, _| {
            weighed(a).then(|| round1(weight(a)))
        }),
    );
    series.insert(
        Metric::Bmi,
        daily(today, Metric::Bmi, |a, _| {
            weighed(a).then(|| round1(weight(a) / (HEIGHT_M * HEIGHT_M)))
        }),
    );
    series.insert(
        Metric::BodyFat,
        daily(today, Metric::BodyFat, |a, _| {
            weighed(a).then(|| {
                round1(23.5 - trend(a) * 0.01 + season(a) * 0.4 + between(9, a, -0.4, 0.4))
            })
        }),
    );
    series.insert(
        Metric::CaloriesIn,
        daily(today, Metric::CaloriesIn, |a, _| Some(eaten(a))),
    );
    series.insert(
        Metric::Water,
        daily(today, Metric::Water, |a, _| Some(water(a))),
    );
    series.insert(
        Metric::OxygenSaturation,
        daily(today, Metric::OxygenSaturation, |a, _| {
            Some(round1(between(12, a, 94.8, 97.9)))
        }),
    );
    series.insert(
        Metric::BreathingRate,
        daily(today, Metric::BreathingRate, |a, _| {
            Some(round1(between(13, a, 13.6, 15.8)))
        }),
    );
    series.insert(
        Metric::SkinTemperatureDelta,
        daily(today, Metric::SkinTemperatureDelta, |a, _| {
            Some(round1(between(14, a, -0.6, 0.6)))
        }),
    );
    series.insert(
        Metric::Vo2Max,
        daily(today, Metric::Vo2Max, |a, _| Some(vo2(a))),
    );
}

/// The scores an export holds (with snoring).
fn scores(today: Date, series: &mut BTreeMap<Metric, Slot<Series>>) {
    // The scores an export holds (the demo shows every widget).
    series.insert(
        Metric::SleepScore,
        daily(today, Metric::SleepScore, |a, _| {
            Some(between(24, a, 68.0, 91.0).round())
        }),
    );
    series.insert(
        Metric::Readiness,
        daily(today, Metric::Readiness, |a, _| {
            Some(between(25, a, 45.0, 95.0).round())
        }),
    );
    series.insert(
        Metric::StressScore,
        daily(today, Metric::StressScore, |a, _| {
            Some(between(26, a, 60.0, 88.0).round())
        }),
    );
    series.insert(
        Metric::SleepScoreDuration,
        daily(today, Metric::SleepScoreDuration, |a, _| {
            Some(between(27, a, 34.0, 48.0).round())
        }),
    );
    series.insert(
        Metric::SleepScoreComposition,
        daily(today, Metric::SleepScoreComposition, |a, _| {
            Some(between(28, a, 16.0, 23.0).round())
        }),
    );
    series.insert(
        Metric::SnoreMinutes,
        daily(today, Metric::SnoreMinutes, |a, _| {
            Some(between(30, a, 0.0, 45.0).round())
        }),
    );
    series.insert(
        Metric::SleepScoreRevitalization,
        daily(today, Metric::SleepScoreRevitalization, |a, _| {
            Some(between(29, a, 15.0, 22.0).round())
        }),
    );
}
