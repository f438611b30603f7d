//! Demo data: a realistic, deterministic three years of one made-up person's data (so the
//! history views, heatmap and streaks have something to show).
//!
//! It fills the same provider-neutral [`Snapshot`] as a real data source, so the demo exercises
//! the very widgets a connected account uses. Values depend only on how many days ago a date
//! is, so the demo reads the same on any day (and tests can assert on it).

use crate::date::Date;
use crate::model::*;
use std::collections::BTreeMap;

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

/// The demo person's whole snapshot for `today`.
pub fn snapshot(today: Date) -> Snapshot {
    let mut series = BTreeMap::new();
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
    let sleep_logs = sleep(today);
    series.insert(
        Metric::MinutesAsleep,
        Slot::Ready(Series::new(
            Metric::MinutesAsleep,
            sleep_logs
                .iter()
                .filter(|s| s.is_main)
                .map(|s| Point {
                    date: s.date,
                    value: s.minutes_asleep as f64,
                })
                .collect(),
        )),
    );
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
        daily(today, Metric::CaloriesIn, |a, _| {
            Some(between(10, a, 1_750.0, 2_500.0).round() * if a == 0 { 0.55 } else { 1.0 })
        }),
    );
    series.insert(
        Metric::Water,
        daily(today, Metric::Water, |a, _| {
            Some((between(11, a, 1_200.0, 2_400.0) / 50.0).round() * 50.0)
        }),
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
        daily(today, Metric::Vo2Max, |a, _| {
            Some((44.0 + trend(a) * 0.02).floor())
        }),
    );
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
        heart_zones: Slot::Ready(vec![
            HeartZone {
                name: "Out of range".into(),
                min_bpm: 30,
                max_bpm: 98,
                minutes: 812,
            },
            HeartZone {
                name: "Fat burn".into(),
                min_bpm: 98,
                max_bpm: 127,
                minutes: 64,
            },
            HeartZone {
                name: "Cardio".into(),
                min_bpm: 127,
                max_bpm: 154,
                minutes: 17,
            },
            HeartZone {
                name: "Peak".into(),
                min_bpm: 154,
                max_bpm: 220,
                minutes: 3,
            },
        ]),
        devices: Slot::Ready(vec![
            Device {
                name: "Charge 6".into(),
                kind: DeviceKind::Tracker,
                battery_percent: Some(64),
                last_sync: Some(format!("{today}T07:42:10")),
            },
            Device {
                name: "Aria Air".into(),
                kind: DeviceKind::Scale,
                battery_percent: Some(81),
                last_sync: Some(format!("{}T07:05:33", today.add_days(-1))),
            },
        ]),
        exercises: Slot::Ready(exercises(today)),
        ecg: Slot::Ready(vec![
            EcgReading {
                start: format!("{}T21:14:03", today.add_days(-3)),
                classification: "Normal Sinus Rhythm".into(),
                avg_heart_rate: Some(64),
            },
            EcgReading {
                start: format!("{}T08:40:51", today.add_days(-19)),
                classification: "Normal Sinus Rhythm".into(),
                avg_heart_rate: Some(71),
            },
        ]),
        rhythm_alerts: Slot::Ready(vec![]),
        friends: Slot::Ready(vec![
            Friend {
                name: "Sam".into(),
                rank: Some(1),
                steps: Some(84_210.0),
                is_me: false,
            },
            Friend {
                name: "Alex (demo)".into(),
                rank: Some(2),
                steps: Some(71_904.0),
                is_me: true,
            },
            Friend {
                name: "Robin".into(),
                rank: Some(3),
                steps: Some(52_377.0),
                is_me: false,
            },
            Friend {
                name: "Kim".into(),
                rank: Some(4),
                steps: Some(31_050.0),
                is_me: false,
            },
        ]),
        nutrition: Slot::Ready(NutritionDay {
            calories: between(10, 0, 1_750.0, 2_500.0).round() * 0.55,
            carbs_g: 142.0,
            fat_g: 41.5,
            protein_g: 63.0,
            fiber_g: 18.5,
            sodium_mg: 1_420.0,
            water_ml: (between(11, 0, 1_200.0, 2_400.0) / 50.0).round() * 50.0,
            calorie_goal: Some(2_200.0),
        }),
        cardio_fitness: Slot::Ready(
            (0..DAYS)
                .map(|a| {
                    let v = (44.0 + trend(a) * 0.02).floor();
                    Vo2Max {
                        date: today.add_days(-a),
                        low: v - 2.0,
                        high: v + 2.0,
                    }
                })
                .rev()
                .collect(),
        ),
        routes: BTreeMap::new(),
        intraday: BTreeMap::new(),
        units: None,
        height_m: Some(HEIGHT_M),
        ..Snapshot::loading(Origin::Demo, today)
    }
}

/// A walk most days, a run twice a week, a ride on Saturdays.
fn exercises(today: Date) -> Vec<Exercise> {
    let mut out = Vec::new();
    for ago in 0..14 {
        let date = today.add_days(-ago);
        let (name, minutes, pace_m_per_min, hr) = match date.weekday() {
            1 | 4 => ("Run", 28 + (unit(30, ago) * 15.0) as u32, 165.0, 152),
            5 => (
                "Outdoor bike",
                55 + (unit(31, ago) * 30.0) as u32,
                320.0,
                128,
            ),
            _ if unit(32, ago) < 0.6 => ("Walk", 20 + (unit(33, ago) * 25.0) as u32, 85.0, 102),
            _ => continue,
        };
        out.push(Exercise {
            name: name.into(),
            date,
            start: Some(format!("{:02}:{:02}", 7 + (ago % 3) * 5, (ago * 7) % 60)),
            duration_min: minutes,
            calories: Some((minutes as f64 * if name == "Walk" { 4.5 } else { 10.0 }).round()),
            avg_heart_rate: Some(hr),
            steps: (name != "Outdoor bike")
                .then(|| (minutes as f64 * if name == "Run" { 165.0 } else { 110.0 }) as u32),
            distance: Some((minutes as f64 * pace_m_per_min).round()),
            log_id: 40_000_000_000 + ago as u64,
            has_route: name != "Walk",
        });
    }
    out
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

/// One main sleep a night, plus an afternoon nap now and then.
fn sleep(today: Date) -> Vec<SleepLog> {
    let mut logs = Vec::new();
    for ago in (0..DAYS).rev() {
        let date = today.add_days(-ago);
        let asleep = between(20, ago, 355.0, 485.0).round() as u32;
        let awake = between(21, ago, 28.0, 70.0).round() as u32;
        let deep = asleep * between(22, ago, 13.0, 20.0) as u32 / 100;
        let rem = asleep * between(23, ago, 18.0, 25.0) as u32 / 100;
        let start_min = 22 * 60 + between(24, ago, 0.0, 100.0) as u32;
        logs.push(SleepLog {
            date,
            start: format!("{:02}:{:02}", (start_min / 60) % 24, start_min % 60),
            minutes_asleep: asleep,
            minutes_awake: awake,
            time_in_bed: asleep + awake,
            minutes_to_fall_asleep: between(25, ago, 3.0, 21.0) as u32,
            efficiency: Some((asleep * 100 / (asleep + awake)) as u8),
            is_main: true,
            stages: Some(SleepStages::Stages {
                deep,
                light: asleep - deep - rem,
                rem,
                wake: awake,
            }),
        });
        // A short nap on some afternoons: classic levels (too short for stages).
        if ago > 0 && unit(26, ago) < 0.12 {
            let nap = between(27, ago, 22.0, 55.0) as u32;
            logs.push(SleepLog {
                date,
                start: "14:20".into(),
                minutes_asleep: nap,
                minutes_awake: 4,
                time_in_bed: nap + 4,
                minutes_to_fall_asleep: 2,
                efficiency: Some(90),
                is_main: false,
                stages: Some(SleepStages::Classic {
                    asleep: nap,
                    restless: 3,
                    awake: 1,
                }),
            });
        }
    }
    logs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> Date {
        Date::from_ymd(2026, 11, 21).unwrap()
    }

    #[test]
    fn is_deterministic() {
        assert_eq!(snapshot(today()), snapshot(today()));
    }

    #[test]
    fn reads_the_same_relative_to_any_today() {
        let a = snapshot(today());
        let b = snapshot(today().add_days(7)); // same weekday, a week later
        let steps = |s: &Snapshot| {
            s.series(Metric::Steps)
                .ready()
                .unwrap()
                .on(s.today)
                .unwrap()
        };
        assert_eq!(steps(&a), steps(&b));
        let sleep = |s: &Snapshot| s.main_sleep_on(s.today).unwrap().minutes_asleep;
        assert_eq!(sleep(&a), sleep(&b));
    }

    #[test]
    fn covers_every_metric_with_plausible_values() {
        let s = snapshot(today());
        let ranges: &[(Metric, f64, f64)] = &[
            (Metric::Steps, 0.0, 30_000.0),
            (Metric::Distance, 0.0, 25_000.0),
            (Metric::RestingHeartRate, 45.0, 75.0),
            (Metric::MinutesAsleep, 300.0, 540.0),
            (Metric::Weight, 60.0, 80.0),
            (Metric::Bmi, 18.0, 28.0),
            (Metric::OxygenSaturation, 90.0, 100.0),
            (Metric::SkinTemperatureDelta, -1.0, 1.0),
        ];
        for &(m, lo, hi) in ranges {
            let series = s
                .series(m)
                .ready()
                .unwrap_or_else(|| panic!("{m:?} missing"));
            assert!(
                series.points.len() >= 60,
                "{m:?} has only {} days",
                series.points.len()
            );
            for p in &series.points {
                assert!(
                    (lo..=hi).contains(&p.value),
                    "{m:?} {} = {}",
                    p.date,
                    p.value
                );
            }
        }
        let all_metrics = [
            Metric::Steps,
            Metric::Distance,
            Metric::Floors,
            Metric::CaloriesOut,
            Metric::ActiveZoneMinutes,
            Metric::RestingHeartRate,
            Metric::HeartRateVariability,
            Metric::MinutesAsleep,
            Metric::Weight,
            Metric::BodyFat,
            Metric::Bmi,
            Metric::CaloriesIn,
            Metric::Water,
            Metric::OxygenSaturation,
            Metric::BreathingRate,
            Metric::SkinTemperatureDelta,
            Metric::Vo2Max,
            Metric::SleepScore,
            Metric::Readiness,
            Metric::StressScore,
        ];
        for m in all_metrics {
            assert!(s.series(m).ready().is_some(), "{m:?} not in demo");
        }
    }

    #[test]
    fn sleep_is_internally_consistent() {
        let s = snapshot(today());
        let logs = s.sleep.ready().unwrap();
        assert_eq!(logs.iter().filter(|l| l.is_main).count(), DAYS as usize);
        assert!(logs.iter().any(|l| !l.is_main), "expected at least one nap");
        for l in logs {
            assert_eq!(l.time_in_bed, l.minutes_asleep + l.minutes_awake);
            if let Some(SleepStages::Stages {
                deep, light, rem, ..
            }) = l.stages
            {
                assert_eq!(deep + light + rem, l.minutes_asleep);
            }
        }
    }

    #[test]
    fn a_previous_day_has_its_own_food_and_steps() {
        let s = snapshot(today());
        let day = today().add_days(-3);
        let past = as_of(&s, day);
        assert_eq!(past.today, day);
        let eaten = past.nutrition.ready().unwrap().calories;
        assert_eq!(
            Some(eaten),
            s.series(Metric::CaloriesIn).ready().unwrap().on(day)
        );
        assert!(as_of(&s, today().add_days(-DAYS - 10)).nutrition == Slot::NoData);
    }

    #[test]
    fn today_is_a_partial_day() {
        let s = snapshot(today());
        let st = s.series(Metric::Steps).ready().unwrap();
        let goal = s.goals[&Metric::Steps];
        assert!(
            st.on(today()).unwrap() < goal,
            "today's steps should be in progress"
        );
    }
}
