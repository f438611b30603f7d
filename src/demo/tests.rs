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
