use super::csv::{num, num_bytes};
use super::*;
use crate::date::Date;
use crate::model::{Intraday, SleepLog, SleepStages};
use crate::takeout::agg::Agg;
use crate::takeout::classify::{classify, Class};
use crate::takeout::clock::Fixed;

fn root() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/takeout")
}

fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            walk(&p, out)
        } else {
            out.push(p)
        }
    }
}

fn d(s: &str) -> Date {
    Date::parse(s).unwrap()
}

fn fixture(rel: &str) -> Vec<u8> {
    std::fs::read(root().join(rel)).unwrap()
}

fn new_york() -> Fixed {
    Fixed(-4 * 3_600_000)
}

/// Every public sample is read by its family's parser or skipped on purpose; none fails.
#[test]
fn every_fixture_file_parses_or_is_skipped_on_purpose() {
    let mut files = vec![];
    walk(&root(), &mut files);
    let (mut n_read, mut skipped) = (0, 0);
    for path in files {
        let rel = path
            .strip_prefix(root())
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        // The folder per archive stands where `Takeout/` would be.
        let in_zip = rel
            .split_once('/')
            .map_or(rel.clone(), |(_, r)| r.to_string());
        let in_zip = if in_zip.starts_with("TIMESERIES_GoogleData") {
            format!("Fitbit/{in_zip}")
        } else {
            in_zip
        };
        match classify(&in_zip) {
            Class::Read(f) => {
                let mut agg = Agg::until(d("2026-11-22"));
                read(f, &std::fs::read(&path).unwrap(), &mut agg, &mut new_york())
                    .unwrap_or_else(|e| panic!("{rel}: {e}"));
                let found = agg.finish(fold);
                assert!(
                    !found.days.is_empty()
                        || !found.curves.is_empty()
                        || !found.sleep.is_empty()
                        || !found.exercises.is_empty()
                        || !found.devices.is_empty()
                        || !found.dropped.is_empty()
                        || matches!(f, Family::CsvCalories | Family::HfSleepStages),
                    "{rel}: read as {f:?} but gave nothing"
                );
                n_read += 1;
            }
            Class::Private(_) | Class::Unused | Class::Elsewhere => skipped += 1,
        }
    }
    assert!(n_read >= 30, "read {n_read}, skipped {skipped}");
}

#[test]
fn json_steps_and_distance_are_utc_and_centimetres_calories_local() {
    let mut agg = Agg::default();
    let gd = "2026-04_fitbit-root/Fitbit/Global Export Data/";
    read(
        Family::JsonSteps,
        &fixture(&format!("{gd}steps-2026-03-18.json")),
        &mut agg,
        &mut new_york(),
    )
    .unwrap();
    read(
        Family::JsonDistance,
        &fixture(&format!("{gd}distance-2026-03-18.json")),
        &mut agg,
        &mut new_york(),
    )
    .unwrap();
    read(
        Family::JsonCalories,
        &fixture(&format!("{gd}calories-2026-03-18.json")),
        &mut agg,
        &mut new_york(),
    )
    .unwrap();
    let found = agg.finish(fold);
    // `04/06/26 02:44:00` "37" is 22:44 on 5 April in New York.
    let steps = &found.days[&Metric::Steps];
    assert!(steps.contains_key(&d("2026-04-05")), "{steps:?}");
    assert!(!steps.contains_key(&d("2026-04-06")), "{steps:?}");
    let curve = &found.curves[&(Intraday::Steps, d("2026-04-05"))];
    assert!(
        curve.iter().any(|&(m, v)| m == 22 * 60 + 40 && v >= 37),
        "{curve:?}"
    );
    // 2320 cm in that minute: metres.
    assert!(found.days[&Metric::Distance][&d("2026-04-05")] >= 23.2);
    assert!(found.days[&Metric::Distance][&d("2026-04-05")] < 1000.0);
    // Calories `04/09/26 21:38:00` stay on the 9th (local).
    assert!(found.days[&Metric::CaloriesOut].contains_key(&d("2026-04-09")));
    assert_eq!(found.chosen[&Metric::Steps], Family::JsonSteps);
}

#[test]
fn heart_rate_json_and_csv_land_on_the_same_local_minutes() {
    let mut json = Agg::default();
    read(
        Family::JsonHeartRate,
        &fixture("2026-04_fitbit-root/Fitbit/Global Export Data/heart_rate-2026-03-26.json"),
        &mut json,
        &mut new_york(),
    )
    .unwrap();
    let mut csv = Agg::default();
    read(
        Family::CsvHeartRate,
        &fixture(
            "2026-04_fitbit-root/Fitbit/Physical Activity_GoogleData/heart_rate_2026-03-26.csv",
        ),
        &mut csv,
        &mut new_york(),
    )
    .unwrap();
    let (j, c) = (json.finish(fold), csv.finish(fold));
    // 17:50:52 UTC = 13:50 in New York.
    let jc = &j.curves[&(Intraday::HeartRate, d("2026-03-26"))];
    let cc = &c.curves[&(Intraday::HeartRate, d("2026-03-26"))];
    assert_eq!(jc.first().unwrap().0, 13 * 60 + 50);
    assert_eq!(jc.first(), cc.first());
}

#[test]
fn the_east_of_utc_archive_puts_the_first_heart_rate_at_local_midnight() {
    let mut agg = Agg::default();
    read(
        Family::CsvHeartRate,
        &fixture(
            "2025-08_fitbit-root/Fitbit/Physical Activity_GoogleData/heart_rate_2025-07-31.csv",
        ),
        &mut agg,
        &mut Fixed(7 * 3_600_000),
    )
    .unwrap();
    let found = agg.finish(fold);
    let first = found
        .curves
        .keys()
        .find(|(k, _)| *k == Intraday::HeartRate)
        .unwrap()
        .1;
    assert_eq!(first, d("2025-08-01"));
    assert_eq!(found.curves[&(Intraday::HeartRate, first)][0].0, 0);
}

#[test]
fn sleep_logs_keep_stages_and_classic_naps_apart_and_count_once() {
    let mut agg = Agg::default();
    let bytes = fixture("2026-04_fitbit-root/Fitbit/Global Export Data/sleep-2026-03-18.json");
    read(Family::JsonSleep, &bytes, &mut agg, &mut new_york()).unwrap();
    // The same chunk again (trap T10: boundary nights are in two files).
    read(Family::JsonSleep, &bytes, &mut agg, &mut new_york()).unwrap();
    let found = agg.finish(fold);
    assert_eq!(found.sleep.len(), 2);
    let main = found.sleep.iter().find(|l| l.is_main).unwrap();
    assert_eq!(
        (main.date, main.start.as_str(), main.minutes_asleep),
        (d("2026-04-13"), "03:48", 285)
    );
    assert_eq!(
        main.stages,
        Some(SleepStages::Stages {
            deep: 61,
            light: 145,
            rem: 79,
            wake: 38
        })
    );
    assert!(found
        .sleep
        .iter()
        .any(|l| matches!(l.stages, Some(SleepStages::Classic { .. }))));
    assert!(found.days[&Metric::MinutesAsleep][&d("2026-04-13")] >= 285.0);
}

#[test]
fn exercise_starts_are_utc_and_distance_follows_its_unit() {
    let mut agg = Agg::default();
    read(
        Family::JsonExercise,
        &fixture("2026-04_fitbit-root/Fitbit/Global Export Data/exercise-0.json"),
        &mut agg,
        &mut new_york(),
    )
    .unwrap();
    let found = agg.finish(fold);
    let walk = found
        .exercises
        .iter()
        .find(|e| e.log_id == 76131899133)
        .unwrap();
    assert_eq!(walk.name, "Walk");
    assert_eq!(
        (walk.date, walk.start.as_deref()),
        (d("2026-04-06"), Some("09:42"))
    );
    assert_eq!(walk.duration_min, 22);
    assert!((walk.distance.unwrap() - 0.329802 * 1609.344).abs() < 0.01);
    assert!(!walk.has_route);
}

#[test]
fn placeholders_nan_and_the_spo2_sentinel_are_dropped_not_zero() {
    let mut agg = Agg::until(d("2026-04-14"));
    read(
        Family::JsonRestingHeartRate,
        &fixture(
            "2026-04_fitbit-root/Fitbit/Global Export Data/resting_heart_rate-2026-03-18.json",
        ),
        &mut agg,
        &mut new_york(),
    )
    .unwrap();
    read(Family::CsvSkinTemperature, b"timestamp,nightly temperature celsius,baseline temperature celsius,relative nightly stddev 30d celsius\n2026-04-06T00:00:00Z,34.1,NaN,NaN\n2026-04-07T00:00:00Z,34.4,34.0,0.2\n", &mut agg, &mut new_york()).unwrap();
    read(Family::CsvSpo2, b"timestamp,average percentage,lower bound percentage,upper bound percentage,baseline percentage,standard deviation percentage\n2026-04-06T00:00:00Z,50.0,50.0,50.0,0.0,0.0\n2026-04-07T00:00:00Z,95.5,93.0,98.0,0.0,0.0\n", &mut agg, &mut new_york()).unwrap();
    read(Family::CsvWeight, b"no data", &mut agg, &mut new_york()).unwrap();
    let found = agg.finish(fold);
    assert!(found
        .days
        .get(&Metric::RestingHeartRate)
        .is_none_or(|d| d.values().all(|v| *v > 0.0)));
    assert!(found.dropped["placeholder without a value"] > 0);
    assert_eq!(found.days[&Metric::SkinTemperatureDelta].len(), 1);
    assert!((found.days[&Metric::SkinTemperatureDelta][&d("2026-04-07")] - 0.4).abs() < 1e-9);
    assert_eq!(
        found.days[&Metric::OxygenSaturation]
            .keys()
            .copied()
            .collect::<Vec<_>>(),
        vec![d("2026-04-07")]
    );
    assert_eq!(found.dropped["SpO2 50.0 (no reading)"], 1);
    assert_eq!(found.dropped["empty file (\"no data\")"], 1);
}

#[test]
fn csv_steps_take_one_data_source_a_day_never_the_sum() {
    let mut agg = Agg::default();
    let csv = "timestamp,steps,data source\n\
        2026-04-06T12:00:00Z,100,Inspire 3\n2026-04-06T12:00:00Z,100,Phone Health Kit\n2026-04-06T12:01:00Z,50,Inspire 3\n\
        2026-04-06T12:01:00Z,\"60\",\"Garmin Connect™ Health Kit\"\n2026-04-07T12:00:00Z,80,Fitbit App\n";
    read(Family::CsvSteps, csv.as_bytes(), &mut agg, &mut new_york()).unwrap();
    let found = agg.finish(fold);
    assert_eq!(
        found.days[&Metric::Steps][&d("2026-04-06")],
        150.0,
        "the band's own count"
    );
    assert_eq!(
        found.days[&Metric::Steps][&d("2026-04-07")],
        80.0,
        "a mirror when it is all there is"
    );
}

#[test]
fn a_csv_without_a_needed_column_says_which() {
    let mut agg = Agg::default();
    let err = read(
        Family::CsvFloors,
        b"timestamp,stairs\n2026-04-06T12:00:00Z,3\n",
        &mut agg,
        &mut new_york(),
    )
    .unwrap_err();
    assert!(err.contains("\"floors\""), "{err}");
}

#[test]
fn quoted_commas_and_crlf_are_one_cell() {
    let mut rows: Vec<Vec<String>> = vec![];
    csv_rows(b"a,b\r\n\"x, y\",\"say \"\"hi\"\"\"\r\n1,2", |r| {
        rows.push(r.iter().map(|s| s.to_string()).collect())
    });
    assert_eq!(
        rows,
        vec![vec!["a", "b"], vec!["x, y", "say \"hi\""], vec!["1", "2"]]
    );
}

#[test]
fn the_older_feature_folders_fill_in_when_the_csv_tree_has_no_copy_and_never_mix_with_it() {
    let folder = "2026-04_fitbit-root/Fitbit/Heart Rate Variability/";
    let mut agg = Agg::default();
    // The file named "(10)" holds the 11th (trap T12).
    read(
        Family::FolderHrv,
        &fixture(&format!(
            "{folder}Daily Heart Rate Variability Summary - 2026-04-(10).csv"
        )),
        &mut agg,
        &mut new_york(),
    )
    .unwrap();
    read(
        Family::FolderBreathingRate,
        &fixture(&format!(
            "{folder}Daily Respiratory Rate Summary - 2026-04-06.csv"
        )),
        &mut agg,
        &mut new_york(),
    )
    .unwrap();
    let found = agg.finish(fold);
    assert_eq!(
        found.days[&Metric::HeartRateVariability][&d("2026-04-11")],
        17.767
    );
    assert_eq!(found.days[&Metric::BreathingRate][&d("2026-04-06")], 17.4);
    assert_eq!(
        found.chosen[&Metric::HeartRateVariability],
        Family::FolderHrv
    );
    // With the CSV tree's copy in the same export, only that copy is used.
    let mut both = Agg::default();
    read(
        Family::FolderHrv,
        &fixture(&format!(
            "{folder}Daily Heart Rate Variability Summary - 2026-04-(10).csv"
        )),
        &mut both,
        &mut new_york(),
    )
    .unwrap();
    read(Family::CsvHrv, b"timestamp,average heart rate variability milliseconds,non rem heart rate beats per minute,entropy,deep sleep root mean square of successive differences milliseconds\n2026-04-06T00:00:00Z,29.2,60.1,2.2,0.0\n", &mut both, &mut new_york()).unwrap();
    let found = both.finish(fold);
    assert_eq!(found.chosen[&Metric::HeartRateVariability], Family::CsvHrv);
    assert_eq!(
        found.days[&Metric::HeartRateVariability].len(),
        1,
        "no row of the other tree"
    );
}

#[test]
fn scores_only_an_export_holds_sleep_readiness_and_stress() {
    let mut agg = Agg::default();
    read(
        Family::SleepScore,
        &fixture("2026-04_fitbit-root/Fitbit/Sleep Score/sleep_score.csv"),
        &mut agg,
        &mut new_york(),
    )
    .unwrap();
    read(
        Family::CsvReadiness,
        &fixture(
            "2026-05_fitbit-root/Takeout/Fitbit/Physical Activity_GoogleData/daily_readiness.csv",
        ),
        &mut agg,
        &mut new_york(),
    )
    .unwrap();
    read(
        Family::StressScore,
        &fixture("2025-08_fitbit-root/Fitbit/Stress Score/Stress Score.csv"),
        &mut agg,
        &mut new_york(),
    )
    .unwrap();
    let found = agg.finish(fold);
    // 09:11:30Z is the local wake time of the night of 13 April (its date is not shifted).
    assert_eq!(found.days[&Metric::SleepScore][&d("2026-04-13")], 73.0);
    // 2026 leaves composition and duration blank and copies the overall score into
    // revitalization (73,,73,,): no parts at all, never "73 of 25".
    for part in [
        Metric::SleepScoreDuration,
        Metric::SleepScoreComposition,
        Metric::SleepScoreRevitalization,
    ] {
        assert!(!found.days.contains_key(&part), "{part:?}");
    }
    // 2025 fills them in.
    let mut y2025 = Agg::default();
    read(
        Family::SleepScore,
        &fixture("2025-08_fitbit-root/Fitbit/Sleep Score/sleep_score.csv"),
        &mut y2025,
        &mut new_york(),
    )
    .unwrap();
    let parts = y2025.finish(fold);
    let night = d("2025-08-08");
    let got: Vec<f64> = [
        Metric::SleepScore,
        Metric::SleepScoreDuration,
        Metric::SleepScoreComposition,
        Metric::SleepScoreRevitalization,
    ]
    .iter()
    .map(|m| parts.days[m][&night])
    .collect();
    assert_eq!(got, vec![75.0, 41.0, 16.0, 18.0]);
    // A part beyond its maximum (composition is of 25) is left out; the rest of the row stands.
    let mut odd = Agg::default();
    let row = b"sleep_log_entry_id,timestamp,overall_score,composition_score,revitalization_score,duration_score,deep_sleep_in_minutes,resting_heart_rate,restlessness\n1,2025-08-09T06:00:00Z,80,30,20,45,40,63,0.1\n";
    read(Family::SleepScore, row, &mut odd, &mut new_york()).unwrap();
    let odd = odd.finish(fold);
    let night = d("2025-08-09");
    assert!(!odd.days.contains_key(&Metric::SleepScoreComposition));
    assert_eq!(
        [
            Metric::SleepScore,
            Metric::SleepScoreDuration,
            Metric::SleepScoreRevitalization
        ]
        .map(|m| odd.days[&m][&night]),
        [80.0, 45.0, 20.0]
    );
    assert_eq!(found.days[&Metric::Readiness][&d("2026-05-13")], 16.0);
    assert_eq!(found.days[&Metric::Readiness][&d("2026-05-14")], 72.0);
    // NO_DATA and failed rows are not zeros.
    assert!(found.dropped["stress score not calculated"] >= 2);
    assert!(found
        .days
        .get(&Metric::StressScore)
        .is_none_or(|d| d.values().all(|v| *v > 0.0)));
}

#[test]
fn number_cells_read_directly_or_by_the_standard_parser() {
    assert_eq!(num("72.0"), Some(72.0));
    assert_eq!(num(" 73.557 "), Some(73.557));
    assert_eq!(num("-0.35"), Some(-0.35));
    assert_eq!(num("1e3"), Some(1000.0));
    assert!(num("NaN").unwrap().is_nan());
    for bad in ["", "-", "7.2.1", "12a", "--1"] {
        assert_eq!(num(bad), None, "{bad}");
    }
}

/// The newest exports may hold sleep and exercise only in the Health Fitness Data tables.
#[test]
fn sessions_from_the_health_fitness_tables_when_no_json_has_them() {
    let hf = "2026-04_fitbit-root/Fitbit/Health Fitness Data_GoogleData/";
    let mut agg = Agg::default();
    read(
        Family::HfSleeps,
        &fixture(&format!("{hf}UserSleeps_2026-03-19.csv")),
        &mut agg,
        &mut new_york(),
    )
    .unwrap();
    read(
        Family::HfSleepStages,
        &fixture(&format!("{hf}UserSleepStages_2026-03-19.csv")),
        &mut agg,
        &mut new_york(),
    )
    .unwrap();
    read(
        Family::HfExercises,
        &fixture(&format!("{hf}UserExercises_2026-03-19.csv")),
        &mut agg,
        &mut new_york(),
    )
    .unwrap();
    let sessions = agg.hf_sleeps.len();
    let found = agg.finish(fold);
    // v1 and v2 rows of one night count once (trap T11).
    assert!(
        found.sleep.len() < sessions,
        "{} of {sessions}",
        found.sleep.len()
    );
    // 12 April: v1 says 05:45:30Z–12:39:30Z, v2 08:14Z–12:33Z (04:14 local at −04:00); the
    // newer algorithm's night is kept, and the afternoon's v2 session over v1's classic one.
    let day: Vec<&SleepLog> = found
        .sleep
        .iter()
        .filter(|l| l.date == d("2026-04-12"))
        .collect();
    assert_eq!(day.len(), 2, "{day:?}");
    let night = day.iter().find(|l| l.is_main).unwrap();
    assert_eq!((night.start.as_str(), night.time_in_bed), ("04:14", 259));
    // The trimmed sample holds no stage rows of that session: no split is made up.
    assert_eq!(night.stages, None);
    let nap = day.iter().find(|l| !l.is_main).unwrap();
    assert_eq!((nap.start.as_str(), nap.time_in_bed), ("11:33", 148));
    // The walk of 6 April, 21:00:38Z = 17:00 in New York, 461,078 mm.
    let walk = found
        .exercises
        .iter()
        .find(|e| e.log_id == 2325504478442842896)
        .unwrap();
    assert_eq!(
        (walk.date, walk.start.as_deref(), walk.duration_min),
        (d("2026-04-06"), Some("17:00"), 11)
    );
    assert!((walk.distance.unwrap() - 461.078).abs() < 1e-9);
    assert_eq!(walk.steps, Some(771));
}

#[test]
fn stage_rows_add_up_per_session_in_any_order() {
    let sleeps = "sleep_id,sleep_type,minutes_in_sleep_period,minutes_after_wake_up,minutes_to_fall_asleep,minutes_asleep,minutes_awake,minutes_longest_awakening,minutes_to_persistent_sleep,start_utc_offset,sleep_start,end_utc_offset,sleep_end,data_source,algorithm_version,sleep_created,sleep_last_updated\n\
        7,STAGES,60,0,0,50,10,0,0,+02:00,2026-04-12 00:00:00+0000,+02:00,2026-04-12 01:00:00+0000,DERIVED,sleep_session_v2,x,x\n";
    let stages = "sleep_id,sleep_stage_id,sleep_stage_type,start_utc_offset,sleep_stage_start,end_utc_offset,sleep_stage_end,data_source,algorithm_version,sleep_stage_created,sleep_stage_last_updated\n\
        7,2,REM,+02:00,2026-04-12 00:40:00+0000,+02:00,2026-04-12 00:55:00+0000,DERIVED,v,x,x\n\
        7,1,LIGHT,+02:00,2026-04-12 00:00:00+0000,+02:00,2026-04-12 00:20:00+0000,DERIVED,v,x,x\n\
        7,3,DEEP,+02:00,2026-04-12 00:20:00+0000,+02:00,2026-04-12 00:40:00+0000,DERIVED,v,x,x\n\
        7,4,AWAKE,+02:00,2026-04-12 00:55:00+0000,+02:00,2026-04-12 01:00:00+0000,DERIVED,v,x,x\n";
    let mut agg = Agg::default();
    // Stages first: the two files may come in either order, or in two parts.
    read(
        Family::HfSleepStages,
        stages.as_bytes(),
        &mut agg,
        &mut Fixed(2 * 3_600_000),
    )
    .unwrap();
    read(
        Family::HfSleeps,
        sleeps.as_bytes(),
        &mut agg,
        &mut Fixed(2 * 3_600_000),
    )
    .unwrap();
    let found = agg.finish(fold);
    assert_eq!(found.sleep.len(), 1);
    let log = &found.sleep[0];
    assert_eq!(
        (
            log.date,
            log.start.as_str(),
            log.minutes_asleep,
            log.is_main
        ),
        (d("2026-04-12"), "02:00", 50, true)
    );
    assert_eq!(
        log.stages,
        Some(SleepStages::Stages {
            deep: 20,
            light: 20,
            rem: 15,
            wake: 5
        })
    );
    assert_eq!(found.days[&Metric::MinutesAsleep][&d("2026-04-12")], 50.0);
}

#[test]
fn trackers_as_of_the_export_with_battery_and_local_last_sync() {
    let mut agg = Agg::default();
    read(
        Family::Trackers,
        &fixture("2026-04_fitbit-root/Fitbit/Paired Devices/Trackers.csv"),
        &mut agg,
        &mut new_york(),
    )
    .unwrap();
    let found = agg.finish(fold);
    assert_eq!(found.devices.len(), 1);
    let d = &found.devices[0];
    // 17:37:29Z is 13:37:29 in New York.
    assert_eq!(
        (d.name.as_str(), d.battery_percent, d.last_sync.as_deref()),
        ("Inspire 3", Some(18), Some("2026-04-14T13:37:29"))
    );
    // Its id: what tells two people's exports apart.
    assert_eq!(d.id.as_deref(), Some("3072333323"));
    assert_eq!(
        crate::takeout::record::devices(Some(&format!(
            "{{\"v\":1,\"devices\":{}}}",
            serde_json::to_string(&found.devices).unwrap()
        ))),
        found.devices
    );
    assert!(crate::takeout::record::devices(Some("{\"v\":1,\"imported_ms\":5}")).is_empty());
}

#[test]
fn heart_rate_cells_read_from_bytes_as_from_text() {
    for cell in [
        "72.0", "7.5", "105.0", "123.4", "65", "NaN", "1e2", "-3.0", "1234.5",
    ] {
        let (a, b) = (num_bytes(cell.as_bytes()), num(cell));
        assert!(
            a == b || a.zip(b).is_some_and(|(x, y)| x.is_nan() && y.is_nan()),
            "{cell}: {a:?} {b:?}"
        );
    }
}

/// No public sample: the layout from Google's README in the 2026-04 archive.
#[test]
fn snoring_minutes_of_a_night_from_its_segments() {
    let csv = "timestamp,mean_dba,max_dba,min_dba,events_number,snoring_events_number,snore_label,sample_duration\n\
        2026-04-12T23:30:00,35.1,40.2,30.0,3,2,1,30\n\
        2026-04-12T23:30:30,35.1,40.2,30.0,3,0,0,30\n\
        2026-04-13T02:00:00,38.0,45.0,31.0,6,5,true,30\n\
        2026-04-13T02:00:30,38.0,45.0,31.0,6,5,TRUE,30\n";
    let mut agg = Agg::default();
    read(Family::Snore, csv.as_bytes(), &mut agg, &mut new_york()).unwrap();
    let found = agg.finish(fold);
    // Three snoring segments of 30 s, all of the night ending on the 13th.
    assert_eq!(
        found.days[&Metric::SnoreMinutes]
            .iter()
            .map(|(d, v)| (*d, *v))
            .collect::<Vec<_>>(),
        vec![(d("2026-04-13"), 1.5)]
    );
}

#[test]
fn active_minutes_are_moderate_plus_very_per_local_day_and_the_json_files_add_up() {
    let csv = fixture("2024-09_timeseries/TIMESERIES_GoogleData/active_minutes_2023-07-01.csv");
    let text = std::str::from_utf8(&csv).unwrap();
    // What the file says, counted here independently: moderate + very per New York day.
    let mut want: std::collections::BTreeMap<Date, f64> = Default::default();
    for line in text.lines().skip(1) {
        let c: Vec<&str> = line.split(',').collect();
        let (day, secs) = crate::takeout::clock::Stamp::parse(c[0])
            .unwrap()
            .local(&mut new_york());
        let _ = secs;
        *want.entry(day).or_default() +=
            c[2].parse::<f64>().unwrap() + c[3].parse::<f64>().unwrap();
    }
    let mut agg = Agg::default();
    read(Family::CsvActiveMinutes, &csv, &mut agg, &mut new_york()).unwrap();
    let found = agg.finish(fold);
    let got: std::collections::BTreeMap<Date, f64> = found.days[&Metric::ActiveMinutes]
        .iter()
        .map(|(d, v)| (*d, *v))
        .collect();
    assert_eq!(got, want);
    assert!(!got.is_empty());

    // The legacy JSON: two files of one family, a day's minutes added across them.
    let mut agg = Agg::default();
    agg.file = "moderately_active_minutes-2026-03-18.json".into();
    read(Family::JsonActiveMinutes, br#"[{"dateTime":"03/19/26 00:00:00","value":"12"},{"dateTime":"03/20/26 00:00:00","value":"0"}]"#, &mut agg, &mut new_york()).unwrap();
    agg.file = "very_active_minutes-2026-03-18.json".into();
    read(
        Family::JsonActiveMinutes,
        br#"[{"dateTime":"03/19/26 00:00:00","value":"30"}]"#,
        &mut agg,
        &mut new_york(),
    )
    .unwrap();
    let found = agg.finish(fold);
    // The zero (how these files pad the weeks past an export) is no day at all.
    assert_eq!(
        found.days[&Metric::ActiveMinutes]
            .iter()
            .map(|(d, v)| (*d, *v))
            .collect::<Vec<_>>(),
        vec![(d("2026-03-19"), 42.0)]
    );
}

/// The one-pass heart-rate reader: quoted cells further right (a comma, a doubled quote, a line
/// end inside them), a blank line, CRLF, a last line without an end, an unreadable value.
#[test]
fn the_heart_rate_fast_path_steps_over_quoted_cells_and_odd_lines() {
    let csv = "timestamp,beats per minute,data source\n\
        2026-04-06T02:44:00Z,72.0,Charge 6\n\
        2026-04-06T02:44:05Z,74.0,\"Phone, \"\"Pixel\"\"\nsecond line\"\n\
        \r\n\
        2026-04-06T02:45:00Z,abc,Charge 6\n\
        2026-04-06T02:45:05Z,80,Charge 6\r\n\
        2026-04-06T02:45:10Z,90";
    let mut agg = Agg::default();
    read(
        Family::CsvHeartRate,
        csv.as_bytes(),
        &mut agg,
        &mut Fixed(0),
    )
    .unwrap();
    let found = agg.finish(fold);
    let curve = &found.curves[&(Intraday::HeartRate, d("2026-04-06"))];
    // 5-minute buckets: 02:44 in the one from 02:40 (72, 74), 02:45 in the next (80, 90).
    assert_eq!(
        curve.iter().map(|&(m, v)| (m, v)).collect::<Vec<_>>(),
        vec![(160, 73), (165, 85)]
    );
    assert_eq!(
        found.dropped.values().sum::<u64>(),
        1,
        "{:?}",
        found.dropped
    );
}
