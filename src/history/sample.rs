//! A generated history for tests and the benchmark: `years` of every daily metric, a night's
//! sleep with stages, an exercise every third day and both 5-minute curves of every day. Values
//! are a deterministic function of the day, so any test can restate them.

use super::{curve_part, History, Part};
use crate::date::Date;
use crate::model::{Exercise, Intraday, Metric, Origin, SleepLog, SleepStages};

/// The value of metric number `k` on day `i` of the sample.
pub fn value(k: usize, i: i32) -> f64 {
    (1000 + (i * 37 + k as i32 * 11).rem_euclid(9000)) as f64 / if k == 0 { 1.0 } else { 10.0 }
}

pub fn years(end: Date, years: i32, src: Origin) -> History {
    let mut h = History::default();
    let start = end.add_days(-(years * 365));
    for i in 0..=years * 365 {
        let day = start.add_days(i);
        for (k, m) in Metric::ALL.iter().enumerate() {
            h.days
                .entry(*m)
                .or_default()
                .insert(day, (value(k, i), src));
        }
        let log = SleepLog {
            date: day,
            start: "23:10".into(),
            minutes_asleep: 400 + (i % 60) as u32,
            minutes_awake: 40,
            time_in_bed: 480,
            minutes_to_fall_asleep: 8,
            efficiency: Some(92),
            is_main: true,
            stages: Some(SleepStages::Stages {
                deep: 80,
                light: 220,
                rem: 100,
                wake: 40,
            }),
        };
        h.sleep.insert((day, log.start.clone()), (log, src));
        if i % 3 == 0 {
            let e = Exercise {
                name: "Run".into(),
                date: day,
                start: Some("07:30".into()),
                duration_min: 35,
                calories: Some(380.0),
                avg_heart_rate: Some(148),
                steps: Some(5200),
                distance: Some(6100.0),
                log_id: 9_000_000 + i as u64,
                has_route: false,
            };
            h.exercises.insert(e.log_id, (e, src));
        }
        for kind in [Intraday::Steps, Intraday::HeartRate] {
            let base = if kind == Intraday::Steps { 0 } else { 60 };
            h.curves.insert(
                (kind, day),
                (
                    (0..288)
                        .map(|b| ((b * 5) as u16, base + ((b + i) % 40) as u16))
                        .collect(),
                    src,
                ),
            );
            h.dirty.insert(curve_part(kind, day));
        }
    }
    h.dirty.extend(Metric::ALL.map(Part::Days));
    h.dirty.extend([Part::Sleep, Part::Exercises]);
    h
}
