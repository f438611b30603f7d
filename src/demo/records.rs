//! The demo's records besides the daily series: heart-rate zones, devices, ECG readings,
//! friends, today's food, cardio fitness, exercises and sleep.

use super::series::{eaten, vo2, water};
use super::{between, unit, DAYS};
use crate::date::Date;
use crate::model::*;

/// Today's time in each heart-rate zone.
pub(super) fn heart_zones() -> Vec<HeartZone> {
    vec![
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
    ]
}

/// A tracker synced this morning and a scale yesterday.
pub(super) fn devices(today: Date) -> Vec<Device> {
    vec![
        Device {
            id: None,
            name: "Charge 6".into(),
            kind: DeviceKind::Tracker,
            battery_percent: Some(64),
            last_sync: Some(format!("{today}T07:42:10")),
        },
        Device {
            id: None,
            name: "Aria Air".into(),
            kind: DeviceKind::Scale,
            battery_percent: Some(81),
            last_sync: Some(format!("{}T07:05:33", today.add_days(-1))),
        },
    ]
}

/// Two ECG readings of the last three weeks.
pub(super) fn ecg(today: Date) -> Vec<EcgReading> {
    vec![
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
    ]
}

/// The week's leaderboard, the demo person second.
pub(super) fn friends() -> Vec<Friend> {
    vec![
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
    ]
}

/// Today's food and water (the same as today's calories eaten and water series).
pub(super) fn nutrition() -> NutritionDay {
    NutritionDay {
        calories: eaten(0),
        carbs_g: 142.0,
        fat_g: 41.5,
        protein_g: 63.0,
        fiber_g: 18.5,
        sodium_mg: 1_420.0,
        water_ml: water(0),
        calorie_goal: Some(2_200.0),
    }
}

/// A cardio-fitness range for every day, oldest first.
pub(super) fn cardio_fitness(today: Date) -> Vec<Vo2Max> {
    (0..DAYS)
        .map(|a| {
            let v = vo2(a);
            Vo2Max {
                date: today.add_days(-a),
                low: v - 2.0,
                high: v + 2.0,
            }
        })
        .rev()
        .collect()
}

/// A walk most days, a run twice a week, a ride on Saturdays.
pub(super) fn exercises(today: Date) -> Vec<Exercise> {
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

/// One main sleep a night, plus an afternoon nap now and then.
pub(super) fn sleep(today: Date) -> Vec<SleepLog> {
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
