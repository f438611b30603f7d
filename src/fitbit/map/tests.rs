use super::*;

use crate::testing::fixture;

#[test]
fn profile_from_both_fixture_sources() {
    let a = profile(&fixture("allenporter-fitbit-web-api/user_profile.json")).unwrap();
    assert_eq!(a.display_name, "Display name");
    assert_eq!(a.member_since, Date::from_ymd(2020, 1, 1));
    assert_eq!(a.time_zone.as_deref(), Some("America/Los_Angeles"));
    let b = profile(&fixture("Fitbit.NET/UserProfile.json")).unwrap();
    assert_eq!(b.display_name, "Adam");
}

fn today() -> Date {
    Date::from_ymd(2026, 11, 21).unwrap()
}

fn applied(e: Endpoint, path: &str) -> Snapshot {
    let mut snap = Snapshot::loading(Origin::Fitbit, today());
    apply(e, &fixture(path), &mut snap).unwrap_or_else(|err| panic!("{path}: {err}"));
    snap
}

fn d(s: &str) -> Date {
    Date::parse(s).unwrap()
}

#[test]
fn every_sample_fixture_parses_and_no_mapper_panics_on_any_of_them() {
    let root = format!("{}/tests/fixtures/fitbit", env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![];
    let mut stack = vec![std::path::PathBuf::from(&root)];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "json") {
                files.push(p);
            }
        }
    }
    assert!(files.len() > 80, "found only {} fixtures", files.len());
    // Six Fitbit.NET files are not valid JSON in the original (unquoted keys, comments).
    let known_invalid = [
        "GetSleepOld.json",
        "SleepLogList.json",
        "ListApiSubscriptions.json",
        "ListApiSubscriptionsResponseMultiple.json",
        "ListApiSubscriptionsResponseSingle.json",
        "ApiSubscriptionNotification.json",
    ];
    for f in &files {
        let body = std::fs::read_to_string(f).unwrap();
        let name = f.file_name().unwrap().to_str().unwrap();
        let parsed = serde_json::from_str::<serde_json::Value>(&body);
        assert_eq!(parsed.is_ok(), !known_invalid.contains(&name), "{name}");
        for e in Endpoint::ALL.into_iter().chain(Endpoint::INTRADAY) {
            let mut snap = Snapshot::loading(Origin::Fitbit, today());
            // Any shape: Ok or a clean error, never a panic.
            let _ = apply(e, &body, &mut snap);
        }
    }
}

#[test]
fn daily_summary_gives_todays_totals_in_base_units_and_goals() {
    let s = applied(Endpoint::DailySummary, "Fitbit.NET/GetActivities.json");
    assert_eq!(
        s.series(Metric::Distance).ready().unwrap().on(today()),
        Some(12_320.0)
    );
    assert!(s
        .series(Metric::Steps)
        .ready()
        .unwrap()
        .on(today())
        .is_some());
    assert_eq!(s.goals[&Metric::Steps], 10_000.0);
    assert_eq!(s.goals[&Metric::Distance], 8_050.0);
    // 2026: the distance goal sometimes arrives in millimetres.
    let mut snap = Snapshot::loading(Origin::Fitbit, today());
    apply(
        Endpoint::DailySummary,
        r#"{"summary":{"steps":5},"goals":{"distance":8050000}}"#,
        &mut snap,
    )
    .unwrap();
    assert_eq!(snap.goals[&Metric::Distance], 8_050.0);
}

#[test]
fn time_series_values_arrive_as_strings() {
    let s = applied(
        Endpoint::Steps,
        "allenporter-fitbit-web-api/activity_time_series_steps.json",
    );
    let series = s.series(Metric::Steps).ready().unwrap();
    assert!(!series.points.is_empty());
    assert!(series.points.iter().all(|p| p.value >= 0.0));
    let empty = applied(
        Endpoint::Steps,
        "Fitbit.NET/TimeSeries-ActivitiesSteps-Empty.json",
    );
    // An empty list is "nothing recorded", not a series of nothing.
    assert_eq!(empty.series(Metric::Steps), &Slot::NoData);
}

#[test]
fn a_day_without_zone_minutes_is_zero_not_missing() {
    let body = r#"{"activities-active-zone-minutes":[{"dateTime":"2026-11-19","value":{"activeZoneMinutes":31,"fatBurnActiveZoneMinutes":31}}]}"#;
    let mut snap = Snapshot::loading(Origin::Fitbit, today());
    apply(Endpoint::ActiveZoneMinutes, body, &mut snap).unwrap();
    let s = snap.series(Metric::ActiveZoneMinutes).ready().unwrap();
    assert_eq!(s.on(d("2026-11-19")), Some(31.0));
    assert_eq!(s.on(today()), Some(0.0), "Fitbit leaves out days with none");
    assert_eq!(s.on(today().add_days(-29)), Some(0.0));
    assert_eq!(
        s.on(today().add_days(-30)),
        None,
        "outside the requested range: unknown"
    );
    assert_eq!(s.on(today().add_days(1)), None);
}

#[test]
fn heart_series_gives_resting_rate_and_the_latest_zones() {
    let s = applied(
        Endpoint::Heart,
        "allenporter-fitbit-web-api/heart_rate_time_series.json",
    );
    let zones = s.heart_zones.ready().unwrap();
    assert_eq!(zones[0].name, "Out of Range");
    assert_eq!(zones[0].max_bpm, 94);
    let missing = applied(
        Endpoint::Heart,
        "ha/test_sensor_timeseries_activities-heart_missing_resting.json",
    );
    assert!(
        !matches!(missing.series(Metric::RestingHeartRate), Slot::Ready(ref x) if !x.points.is_empty())
    );
}

#[test]
fn sleep_v1_2_with_stages_and_main_sleep() {
    let s = applied(Endpoint::Sleep, "Fitbit.NET/GetSleepRange.json");
    let logs = s.sleep.ready().unwrap();
    let first = &logs[0];
    assert_eq!(first.date, d("2017-04-02"));
    assert!(
        matches!(first.stages, Some(SleepStages::Stages { deep: 99, .. })),
        "{:?}",
        first.stages
    );
    assert_eq!(first.start.len(), 5);
    assert!(s.series(Metric::MinutesAsleep).ready().is_some());
}

#[test]
fn overnight_series_hrv_spo2_breathing_and_cardio_ranges() {
    let hrv = applied(Endpoint::Hrv, "Fitbit.NET/GetHRVSummaryByInterval.json");
    assert_eq!(
        hrv.series(Metric::HeartRateVariability)
            .ready()
            .unwrap()
            .on(d("2021-10-25")),
        Some(62.887)
    );
    let spo2 = applied(Endpoint::Spo2, "Fitbit.NET/GetSpO2SummaryByInterval.json");
    assert_eq!(
        spo2.series(Metric::OxygenSaturation)
            .ready()
            .unwrap()
            .on(d("2021-10-01")),
        Some(94.7)
    );
    // By date the answer is a bare object rather than an array.
    let one = applied(Endpoint::Spo2, "Fitbit.NET/GetSpO2SummaryByDate.json");
    assert_eq!(
        one.series(Metric::OxygenSaturation)
            .ready()
            .unwrap()
            .points
            .len(),
        1
    );
    let br = applied(
        Endpoint::BreathingRate,
        "Fitbit.NET/GetBreathingRateSummaryByInterval.json",
    );
    assert_eq!(
        br.series(Metric::BreathingRate)
            .ready()
            .unwrap()
            .on(d("2021-10-25")),
        Some(17.8)
    );
    let cf = applied(
        Endpoint::CardioScore,
        "Fitbit.NET/GetCardioScoreSummaryByInterval.json",
    );
    assert_eq!(
        cf.cardio_fitness.ready().unwrap()[0],
        Vo2Max {
            date: d("2023-10-15"),
            low: 42.0,
            high: 46.0
        }
    );
    assert_eq!(
        cf.series(Metric::Vo2Max)
            .ready()
            .unwrap()
            .on(d("2023-10-15")),
        Some(44.0)
    );
}

#[test]
fn weight_logs_with_bmi_and_devices_with_battery() {
    let w = applied(Endpoint::WeightLog, "Fitbit.NET/GetWeight.json");
    // Two logs on one day: the series keeps one value per date.
    assert_eq!(w.series(Metric::Weight).ready().unwrap().points.len(), 1);
    assert!(w.series(Metric::Bmi).ready().is_some());
    assert_eq!(
        w.series(Metric::BodyFat),
        &Slot::NoData,
        "no fat logged is no data"
    );
    let dev = applied(Endpoint::Devices, "allenporter-fitbit-web-api/devices.json");
    let list = dev.devices.ready().unwrap();
    assert_eq!(list[0].name, "Charge 2");
    assert_eq!(list[0].battery_percent, Some(60));
    assert_eq!(list[0].last_sync.as_deref(), Some("2019-11-07T12:00:58"));
    let mut none = Snapshot::loading(Origin::Fitbit, today());
    apply(Endpoint::Devices, "[]", &mut none).unwrap();
    assert_eq!(none.devices, Slot::Ready(vec![]));
}

#[test]
fn food_log_and_exercises() {
    let f = applied(Endpoint::FoodLog, "Fitbit.NET/GetFoodLogs.json");
    let day = f.nutrition.ready().unwrap();
    assert_eq!(
        (day.calories, day.carbs_g, day.calorie_goal),
        (752.0, 66.5, Some(2286.0))
    );
    let ex = applied(Endpoint::Exercises, "Fitbit.NET/GetActivityLogsList.json");
    let first = &ex.exercises.ready().unwrap()[0];
    assert_eq!(first.name, "Walk");
    assert_eq!(first.duration_min, 46);
    assert_eq!(first.start.as_deref(), Some("04:14"));
    let mut empty = Snapshot::loading(Origin::Fitbit, today());
    apply(Endpoint::Exercises, r#"{"pagination":{}}"#, &mut empty).unwrap();
    assert_eq!(
        empty.exercises,
        Slot::NoData,
        "a missing activities array is no data"
    );
}

#[test]
fn ecg_rhythm_alerts_and_leaderboard() {
    let mut s = Snapshot::loading(Origin::Fitbit, today());
    apply(
        Endpoint::Ecg,
        r#"{"ecgReadings":[],"pagination":{}}"#,
        &mut s,
    )
    .unwrap();
    assert_eq!(s.ecg, Slot::NoData);
    apply(Endpoint::Ecg, r#"{"ecgReadings":[{"startTime":"2026-11-02T09:30:00.000","averageHeartRate":70,"resultClassification":"Normal Sinus Rhythm"}]}"#, &mut s).unwrap();
    assert_eq!(
        s.ecg.ready().unwrap()[0].classification,
        "Normal Sinus Rhythm"
    );
    apply(
        Endpoint::RhythmAlerts,
        r#"{"alerts":[],"pagination":{}}"#,
        &mut s,
    )
    .unwrap();
    assert_eq!(s.rhythm_alerts, Slot::Ready(vec![]));
    let board = r#"{"data":[{"type":"ranked-user","id":"A","attributes":{"step-rank":1,"step-summary":70000},"relationships":{"user":{"data":{"id":"A","type":"person"}}}}],
                   "included":[{"type":"person","id":"A","attributes":{"name":"Sam","friend":true}}]}"#;
    apply(Endpoint::Leaderboard, board, &mut s).unwrap();
    assert_eq!(
        s.friends.ready().unwrap()[0],
        Friend {
            name: "Sam".into(),
            rank: Some(1),
            steps: Some(70000.0),
            is_me: false
        }
    );
}

#[test]
fn profile_units_height_and_offset() {
    let s = applied(
        Endpoint::Profile,
        "allenporter-fitbit-web-api/user_profile.json",
    );
    let u = s.units.unwrap();
    assert_eq!(
        (u.distance, u.weight, u.volume),
        (
            DistanceUnit::Miles,
            WeightUnit::Pounds,
            VolumeUnit::FluidOunces
        )
    );
    assert_eq!(s.height_m, Some(1.8));
    let uk = unit_prefs(&serde_json::json!({"weightUnit":"en_GB","distanceUnit":"METRIC"}));
    assert_eq!(
        (uk.weight, uk.distance),
        (WeightUnit::Stone, DistanceUnit::Kilometers)
    );
    assert_eq!(
        utc_offset_ms(&fixture("allenporter-fitbit-web-api/user_profile.json")),
        Some(-25_200_000)
    );
}

#[test]
fn intraday_curves_from_the_fixtures() {
    let s = applied(
        Endpoint::StepsIntraday,
        "Fitbit.NET/IntradayActivitiesSteps.json",
    );
    let c = s.intraday[&Intraday::Steps].ready().unwrap();
    assert_eq!(c[0], (0, 1.0));
    assert_eq!(c[1], (1, 2.0));
    let h = applied(
        Endpoint::HeartIntraday,
        "allenporter-fitbit-web-api/heart_rate_intraday.json",
    );
    assert_eq!(
        h.intraday[&Intraday::HeartRate].ready().unwrap()[0],
        (0, 67.0)
    );
    let mut empty = Snapshot::loading(Origin::Fitbit, today());
    apply(
        Endpoint::StepsIntraday,
        r#"{"activities-steps-intraday":{"dataset":[]}}"#,
        &mut empty,
    )
    .unwrap();
    assert_eq!(empty.intraday[&Intraday::Steps], Slot::NoData);
}

#[test]
fn tcx_track_points_with_positions_only() {
    let xml = r#"<?xml version="1.0"?><TrainingCenterDatabase><Activities><Activity><Lap><Track>
        <Trackpoint><Time>t</Time><Position><LatitudeDegrees>51.5007</LatitudeDegrees><LongitudeDegrees>-0.1246</LongitudeDegrees></Position></Trackpoint>
        <Trackpoint><Time>t</Time><HeartRateBpm><Value>120</Value></HeartRateBpm></Trackpoint>
        <Trackpoint><Position><LatitudeDegrees>51.5010</LatitudeDegrees><LongitudeDegrees>-0.1240</LongitudeDegrees></Position></Trackpoint>
        <Trackpoint><Position><LatitudeDegrees>999</LatitudeDegrees><LongitudeDegrees>0</LongitudeDegrees></Position></Trackpoint>
        </Track></Lap></Activity></Activities></TrainingCenterDatabase>"#;
    assert_eq!(tcx_route(xml), vec![(51.5007, -0.1246), (51.5010, -0.1240)]);
    assert!(tcx_route("<TrainingCenterDatabase/>").is_empty());
    assert!(tcx_route("not xml <Position> at all").is_empty());
}

#[test]
fn malformed_json_is_a_clean_error() {
    let mut s = Snapshot::loading(Origin::Fitbit, today());
    assert!(apply(
        Endpoint::Steps,
        r#"{"activities-steps": [{"dateTime": "20"#,
        &mut s
    )
    .is_err());
    assert!(apply(Endpoint::Steps, "42", &mut s).is_err());
}

#[test]
fn a_sparse_profile_still_maps() {
    let p = profile(r#"{"user":{"displayName":"  "}}"#).unwrap();
    assert_eq!(p.display_name, "Fitbit user");
    assert_eq!(p.member_since, None);
    assert!(profile(r#"{"nope":1}"#).is_err());
}
