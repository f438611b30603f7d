//! Demo data: a realistic, deterministic three years of one made-up person's data (so the
//! history views, heatmap and streaks have something to show).
//!
//! It fills the same provider-neutral [`Snapshot`] as a real data source, so the demo exercises
//! the very widgets a connected account uses. Values depend only on how many days ago a date
//! is, so the demo reads the same on any day (and tests can assert on it).

use crate::date::Date;
use crate::model::*;
use std::collections::BTreeMap;

mod records;
mod series;

/// How many days of history the demo has (today included): three years.
pub const DAYS: i32 = 3 * 365 + 1;

/// The recent stretch with a trend (weight going down, fitness up); before it, seasons.
const RECENT: i32 = 90;

/// Days into the recent trend (0 before it).
fn trend(a: i32) -> f64 {
    (RECENT - a.min(RECENT)) as f64
}

/// Height used to derive BMI, in metres.
const HEIGHT_M: f64 = 1.74;

/// SplitMix64: a tiny, well-distributed deterministic generator.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A uniform value in [0, 1) for (stream, days ago).
fn unit(stream: u64, days_ago: i32) -> f64 {
    (mix(stream.wrapping_mul(1_000_003) ^ days_ago as u64) >> 11) as f64 / (1u64 << 53) as f64
}

/// A value in [lo, hi) for (stream, days ago).
fn between(stream: u64, days_ago: i32, lo: f64, hi: f64) -> f64 {
    lo + (hi - lo) * unit(stream, days_ago)
}

/// A yearly swing (heavier in winter), zero at the start of the recent trend.
fn season(a: i32) -> f64 {
    if a <= RECENT {
        0.0
    } else {
        // A triangle wave, not `sin`: the demo must not pull libm's trigonometry into the bundle.
        let phase = ((a - RECENT) % 365) as f64 / 365.0;
        let wave = if phase < 0.25 {
            4.0 * phase
        } else if phase < 0.75 {
            2.0 - 4.0 * phase
        } else {
            4.0 * phase - 4.0
        };
        1.2 * wave
    }
}

fn round1(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

/// The demo person's whole snapshot for `today`.
pub fn snapshot(today: Date) -> Snapshot {
    let sleep_logs = records::sleep(today);
    let series = series::all(today, &sleep_logs);

    let mut goals = BTreeMap::new();
    goals.insert(Metric::Steps, 10_000.0);
    goals.insert(Metric::Distance, 8_000.0);
    goals.insert(Metric::Floors, 10.0);
    goals.insert(Metric::CaloriesOut, 2_400.0);
    goals.insert(Metric::ActiveZoneMinutes, 22.0);
    goals.insert(Metric::Weight, 70.0);
    goals.insert(Metric::Water, 2_000.0);

    Snapshot {
        origin: Origin::Demo,
        today,
        profile: Slot::Ready(Profile {
            display_name: "Alex (demo)".into(),
            avatar_url: None,
            member_since: Date::from_ymd(2017, 5, 14),
            time_zone: Some("Europe/London".into()),
        }),
        series,
        goals,
        sleep: Slot::Ready(sleep_logs),
        heart_zones: Slot::Ready(records::heart_zones()),
        devices: Slot::Ready(records::devices(today)),
        exercises: Slot::Ready(records::exercises(today)),
        ecg: Slot::Ready(records::ecg(today)),
        rhythm_alerts: Slot::Ready(vec![]),
        friends: Slot::Ready(records::friends()),
        nutrition: Slot::Ready(records::nutrition()),
        cardio_fitness: Slot::Ready(records::cardio_fitness(today)),
        routes: BTreeMap::new(),
        intraday: BTreeMap::new(),
        units: None,
        height_m: Some(HEIGHT_M),
        ..Snapshot::loading(Origin::Demo, today)
    }
}

/// The demo as of a previous `day`: the same person, with that day's food and water.
pub fn as_of(snap: &Snapshot, day: Date) -> Snapshot {
    let mut s = snap.clone();
    s.today = day;
    let ago = snap.today.days_since(day);
    let eaten = s.series(Metric::CaloriesIn).ready().and_then(|x| x.on(day));
    let water = s.series(Metric::Water).ready().and_then(|x| x.on(day));
    s.nutrition = match eaten {
        Some(kcal) => Slot::Ready(NutritionDay {
            calories: kcal,
            carbs_g: (kcal * 0.5 / 4.0).round(),
            fat_g: (kcal * 0.3 / 9.0).round(),
            protein_g: (kcal * 0.2 / 4.0).round(),
            fiber_g: between(15, ago, 12.0, 32.0).round(),
            sodium_mg: between(16, ago, 1_200.0, 2_600.0).round(),
            water_ml: water.unwrap_or(0.0),
            calorie_goal: Some(2_200.0),
        }),
        None => Slot::NoData,
    };
    s
}

#[cfg(test)]
mod tests;
