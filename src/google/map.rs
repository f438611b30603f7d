//! Google Health API answers mapped into the model, in its base units (millimetres are not
//! metres, grams not kilograms) and on the person's civil dates. int64 values arrive as JSON
//! strings (`"countSum":"9000"`) and are read either way. Read as `Value`s.

use crate::date::Date;
use crate::model::{Device, DeviceKind, Exercise, Metric, Point, SleepLog, SleepStages};
use crate::takeout::clock::{Fixed, Stamp};
use serde_json::Value;

/// A number that may be a JSON number or an int64 in a string; `NaN` is none.
fn number(v: &Value) -> Option<f64> {
    v.as_f64()
        .or_else(|| v.as_str()?.parse().ok())
        .filter(|x: &f64| x.is_finite())
}

/// `{"year":2026,"month":1,"day":7}`.
fn civil_date(v: &Value) -> Option<Date> {
    Date::from_ymd(
        v["year"].as_i64()? as i32,
        v["month"].as_u64()? as u32,
        v["day"].as_u64()? as u32,
    )
}

/// A daily-rolled-up type: its dataPoint member in the rollup answer and its daily value.
/// A type's member in an answer, and how to read its day's value from it.
pub type Reader = (&'static str, fn(&Value) -> Option<f64>);

pub fn rollup_value(m: Metric) -> Option<Reader> {
    fn sum_zones(v: &Value) -> Option<f64> {
        Some(
            [
                "sumInFatBurnHeartZone",
                "sumInCardioHeartZone",
                "sumInPeakHeartZone",
            ]
            .iter()
            .map(|k| number(&v[k]).unwrap_or(0.0))
            .sum(),
        )
    }
    Some(match m {
        Metric::Steps => ("steps", |v| number(&v["countSum"])),
        Metric::Floors => ("floors", |v| number(&v["countSum"])),
        Metric::Distance => ("distance", |v| {
            number(&v["millimetersSum"]).map(|mm| mm / 1000.0)
        }),
        Metric::CaloriesOut => ("totalCalories", |v| number(&v["kcalSum"])),
        Metric::ActiveZoneMinutes => ("activeZoneMinutes", sum_zones),
        // Fitbit's active minutes: moderate and vigorous (light ones do not count).
        Metric::ActiveMinutes => ("activeMinutes", |v| {
            let levels = v["activeMinutesRollupByActivityLevel"].as_array()?;
            Some(
                levels
                    .iter()
                    .filter(|l| {
                        matches!(l["activityLevel"].as_str(), Some("MODERATE" | "VIGOROUS"))
                    })
                    .filter_map(|l| number(&l["activeMinutesSum"]))
                    .sum(),
            )
        }),
        _ => return None,
    })
}

/// The days of a `dataPoints:dailyRollUp` answer for `m` (each window is one civil day,
/// dated by its start).
pub fn daily_rollup(m: Metric, body: &str) -> Result<Vec<Point>, String> {
    let (member, value) = rollup_value(m).ok_or("not a rolled-up metric")?;
    let v: Value = serde_json::from_str(body).map_err(|e| format!("unreadable answer: {e}"))?;
    let points = v["rollupDataPoints"]
        .as_array()
        .ok_or("no rollupDataPoints")?;
    Ok(points
        .iter()
        .filter_map(|p| {
            Some(Point {
                date: civil_date(&p["civilStartTime"]["date"])?,
                value: value(&p[member])?,
            })
        })
        .collect())
}

/// A daily type listed by `dataPoints.list`: its member and its value.
pub fn daily_value(m: Metric) -> Option<Reader> {
    Some(match m {
        Metric::RestingHeartRate => ("dailyRestingHeartRate", |v| number(&v["beatsPerMinute"])),
        Metric::HeartRateVariability => ("dailyHeartRateVariability", |v| {
            number(&v["averageHeartRateVariabilityMilliseconds"])
        }),
        Metric::OxygenSaturation => ("dailyOxygenSaturation", |v| number(&v["averagePercentage"])),
        Metric::BreathingRate => ("dailyRespiratoryRate", |v| number(&v["breathsPerMinute"])),
        // The skin's deviation from its baseline (both absolute in the answer).
        Metric::SkinTemperatureDelta => ("dailySleepTemperatureDerivations", |v| {
            Some(
                number(&v["nightlyTemperatureCelsius"])?
                    - number(&v["baselineTemperatureCelsius"])?,
            )
        }),
        Metric::Vo2Max => ("dailyVo2Max", |v| number(&v["vo2Max"])),
        _ => return None,
    })
}

/// The days of a `dataPoints.list` answer of a daily type for `m`.
pub fn daily_list(m: Metric, body: &str) -> Result<Vec<Point>, String> {
    let (member, value) = daily_value(m).ok_or("not a daily type")?;
    let v: Value = serde_json::from_str(body).map_err(|e| format!("unreadable answer: {e}"))?;
    let points = v["dataPoints"].as_array().ok_or("no dataPoints")?;
    Ok(points
        .iter()
        .filter_map(|p| {
            Some(Point {
                date: civil_date(&p[member]["date"])?,
                value: value(&p[member])?,
            })
        })
        .collect())
}

/// What `settings` says: the person's IANA time zone, their UTC offset now, and the units they
/// chose (the nearest of the systems pulsedeck shows: stone → UK, miles or pounds → US, else
/// metric).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Settings {
    pub zone: Option<String>,
    pub offset_ms: Option<i64>,
    pub units: Option<crate::units::System>,
}

pub fn settings(body: &str) -> Settings {
    use crate::units::System;
    let Ok(v) = serde_json::from_str::<Value>(body) else {
        return Settings::default();
    };
    let zone = v["timeZone"]
        .as_str()
        .filter(|z| !z.is_empty() && z.len() < 64)
        .map(String::from);
    let (distance, weight) = (
        v["distanceUnit"].as_str().unwrap_or(""),
        v["weightUnit"].as_str().unwrap_or(""),
    );
    let units = match (distance, weight) {
        ("", "") => None,
        (_, "WEIGHT_UNIT_STONE") => Some(System::Uk),
        ("DISTANCE_UNIT_MILES", _) | (_, "WEIGHT_UNIT_POUNDS") => Some(System::Us),
        _ => Some(System::Metric),
    };
    Settings {
        zone,
        offset_ms: utc_offset_ms(&v["utcOffset"]),
        units,
    }
}

/// `profile`: Google keeps no name (the resource's `name` is `users/me/profile`), so the widget
/// shows the account as such, with when it joined and the settings' time zone.
pub fn profile(body: &str, zone: Option<&str>) -> Result<crate::model::Profile, String> {
    let v: Value = serde_json::from_str(body).map_err(|e| format!("unreadable answer: {e}"))?;
    Ok(crate::model::Profile {
        display_name: "Google Health account".into(),
        avatar_url: None,
        member_since: civil_date(&v["membershipStartDate"]),
        time_zone: zone.map(String::from),
    })
}

/// `pairedDevices.list`: trackers and scales with battery and last sync. The sync time is UTC
/// there; the model keeps the person's local time, at `offset_ms` (from `settings`).
pub fn paired_devices(body: &str, offset_ms: i64) -> Result<Vec<Device>, String> {
    let v: Value = serde_json::from_str(body).map_err(|e| format!("unreadable answer: {e}"))?;
    let list = v["pairedDevices"].as_array().ok_or("no pairedDevices")?;
    Ok(list
        .iter()
        .map(|d| Device {
            id: None,
            name: d["deviceVersion"]
                .as_str()
                .filter(|s| !s.is_empty())
                .unwrap_or("Device")
                .to_string(),
            kind: match d["deviceType"].as_str() {
                Some("TRACKER") => DeviceKind::Tracker,
                Some("SCALE") => DeviceKind::Scale,
                _ => DeviceKind::Other,
            },
            battery_percent: number(&d["batteryLevel"])
                .filter(|b| (0.0..=100.0).contains(b))
                .map(|b| b as u8),
            last_sync: d["lastSyncTime"].as_str().and_then(Stamp::parse).map(|st| {
                let (day, secs) = st.local(&mut Fixed(offset_ms));
                format!(
                    "{day}T{:02}:{:02}:{:02}",
                    secs / 3600,
                    secs / 60 % 60,
                    secs % 60
                )
            }),
        })
        .collect())
}

/// A duration as Google writes it (`"1830s"`, `"1830.5s"`), in whole minutes.
fn duration_min(v: &Value) -> Option<u32> {
    v.as_str()?
        .strip_suffix('s')?
        .parse::<f64>()
        .ok()
        .filter(|x| x.is_finite() && *x >= 0.0)
        .map(|x| (x / 60.0).round() as u32)
}

/// The exercise sessions of a `dataPoints.list` of `exercise` (shape: the discovery document's
/// `Exercise`; no public capture exists yet): dated and timed by their civil start, distance in
/// metres (given in millimetres), the active duration when given (else the interval's). A
/// session's id is a hash of its resource name, stable across refreshes.
pub fn exercises(body: &str) -> Result<Vec<Exercise>, String> {
    let v: Value = serde_json::from_str(body).map_err(|e| format!("unreadable answer: {e}"))?;
    let points = v["dataPoints"].as_array().ok_or("no dataPoints")?;
    Ok(points
        .iter()
        .filter_map(|p| {
            let e = &p["exercise"];
            let i = &e["interval"];
            let civil = &i["civilStartTime"];
            let (date, start_s) = match civil_date(&civil["date"]) {
                Some(d) => (
                    d,
                    (civil["time"]["hours"].as_u64().unwrap_or(0) * 3600
                        + civil["time"]["minutes"].as_u64().unwrap_or(0) * 60)
                        as u32,
                ),
                None => local(&i["startTime"], &i["startUtcOffset"])?,
            };
            let interval_min = || {
                let (a, b) = (
                    Stamp::parse(i["startTime"].as_str()?)?,
                    Stamp::parse(i["endTime"].as_str()?)?,
                );
                let secs =
                    (b.date.days_since(a.date) as i64) * 86_400 + b.secs as i64 - a.secs as i64;
                (secs >= 0).then_some((secs / 60) as u32)
            };
            let m = &e["metricsSummary"];
            let name = p["name"].as_str().unwrap_or("");
            Some(Exercise {
                name: e["displayName"]
                    .as_str()
                    .filter(|s| !s.is_empty())
                    .or(e["exerciseType"].as_str())
                    .unwrap_or("Exercise")
                    .to_string(),
                date,
                start: Some(format!("{:02}:{:02}", start_s / 3600, start_s / 60 % 60)),
                duration_min: duration_min(&e["activeDuration"])
                    .or_else(interval_min)
                    .unwrap_or(0),
                calories: number(&m["caloriesKcal"]),
                avg_heart_rate: number(&m["averageHeartRateBeatsPerMinute"]).map(|x| x as u32),
                steps: number(&m["steps"]).map(|x| x as u32),
                distance: number(&m["distanceMillimeters"]).map(|mm| mm / 1000.0),
                // FNV-1a of the resource name: the same session keeps its id.
                log_id: name.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
                    (h ^ b as u64).wrapping_mul(0x100_0000_01b3)
                }) >> 11,
                // A route is a Fitbit Web API feature here (Google's TCX export is not wired).
                has_route: false,
            })
        })
        .collect())
}

/// Samples of `weight` (grams → kilograms) or `body-fat` (%), dated by their civil time when
/// given, else by the UTC day of the instant; the day's last sample wins.
pub fn samples(m: Metric, body: &str) -> Result<Vec<Point>, String> {
    let (member, field, scale) = match m {
        Metric::Weight => ("weight", "weightGrams", 1000.0),
        Metric::BodyFat => ("bodyFat", "percentage", 1.0),
        _ => return Err("not a sample type".into()),
    };
    let v: Value = serde_json::from_str(body).map_err(|e| format!("unreadable answer: {e}"))?;
    let points = v["dataPoints"].as_array().ok_or("no dataPoints")?;
    let mut out: Vec<Point> = points
        .iter()
        .filter_map(|p| {
            let s = &p[member];
            let t = &s["sampleTime"];
            let date = civil_date(&t["civilTime"]["date"])
                .or_else(|| Some(Stamp::parse(t["physicalTime"].as_str()?)?.date))?;
            Some(Point {
                date,
                value: number(&s[field])? / scale,
            })
        })
        .collect();
    // Listed newest first: the first of a day is its last sample.
    out.reverse();
    Ok(crate::model::Series::new(m, out).points)
}

/// A UTC offset as Google writes it: a duration (`"-14400s"`) or, in some answers, `"-07:00"`.
fn utc_offset_ms(v: &Value) -> Option<i64> {
    let s = v.as_str()?;
    if let Some(secs) = s.strip_suffix('s') {
        return secs.parse::<f64>().ok().map(|x| (x * 1000.0) as i64);
    }
    let sign = if s.starts_with('-') { -1 } else { 1 };
    let (h, m) = s.trim_start_matches(['+', '-']).split_once(':')?;
    Some(sign * (h.parse::<i64>().ok()? * 3600 + m.parse::<i64>().ok()? * 60) * 1000)
}

/// An instant of an interval in the person's local time (its own offset, as Google gives it).
fn local(time: &Value, offset: &Value) -> Option<(Date, u32)> {
    let stamp = Stamp::parse(time.as_str()?)?;
    Some(stamp.local(&mut Fixed(utc_offset_ms(offset).unwrap_or(0))))
}

/// The sleep sessions of a `dataPoints.list` of `sleep`: dated by the local day they end on,
/// stage minutes from `stagesSummary` (classic nights say asleep/restless/awake). Google gives
/// no efficiency.
pub fn sleep_sessions(body: &str) -> Result<Vec<SleepLog>, String> {
    let v: Value = serde_json::from_str(body).map_err(|e| format!("unreadable answer: {e}"))?;
    let points = v["dataPoints"].as_array().ok_or("no dataPoints")?;
    Ok(points
        .iter()
        .filter_map(|p| {
            let s = &p["sleep"];
            let i = &s["interval"];
            let (_, start) = local(&i["startTime"], &i["startUtcOffset"])?;
            let (date, _) = local(&i["endTime"], &i["endUtcOffset"])?;
            let sum = &s["summary"];
            let minutes = |k: &str| number(&sum[k]).map(|x| x.max(0.0) as u32);
            // From the summary; else (a session without one) from the stages' own intervals.
            let from_intervals = |t: &str| -> Option<u32> {
                let at = |v: &Value| -> Option<i64> {
                    let st = Stamp::parse(v.as_str()?)?;
                    Some(
                        st.date.days_since_epoch() as i64 * 86_400_000 + st.secs as i64 * 1000
                            - st.offset_min.unwrap_or(0) as i64 * 60_000,
                    )
                };
                let ms: i64 = s["stages"]
                    .as_array()?
                    .iter()
                    .filter(|x| x["type"] == t)
                    .filter_map(|x| Some(at(&x["endTime"])? - at(&x["startTime"])?))
                    .sum();
                Some((ms / 60_000) as u32)
            };
            let stage = |t: &str| match sum["stagesSummary"].as_array() {
                Some(list) => list
                    .iter()
                    .find(|x| x["type"] == t)
                    .and_then(|x| number(&x["minutes"]))
                    .map(|x| x as u32),
                None => from_intervals(t),
            };
            let stages = match s["type"].as_str() {
                Some("STAGES") => Some(SleepStages::Stages {
                    deep: stage("DEEP")?,
                    light: stage("LIGHT")?,
                    rem: stage("REM")?,
                    wake: stage("AWAKE").unwrap_or(0),
                }),
                Some("CLASSIC") => Some(SleepStages::Classic {
                    asleep: stage("ASLEEP").unwrap_or(0),
                    restless: stage("RESTLESS").unwrap_or(0),
                    awake: stage("AWAKE").unwrap_or(0),
                }),
                _ => None,
            };
            let meta = &s["metadata"];
            Some(SleepLog {
                date,
                start: format!("{:02}:{:02}", start / 3600, start / 60 % 60),
                minutes_asleep: minutes("minutesAsleep")?,
                minutes_awake: minutes("minutesAwake").unwrap_or(0),
                time_in_bed: minutes("minutesInSleepPeriod").unwrap_or(0),
                minutes_to_fall_asleep: minutes("minutesToFallAsleep").unwrap_or(0),
                efficiency: None,
                is_main: meta["mainSleep"]
                    .as_bool()
                    .unwrap_or_else(|| !meta["nap"].as_bool().unwrap_or(false)),
                stages,
            })
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The mcp-fitbit-air captures wrap an answer as `{"status":…,"body":…}` (a rollup's
    /// body also holds the request: `{"request":…,"response":…}`).
    use crate::testing::google_capture as answer;

    fn d(y: i32, m: u32, day: u32) -> Date {
        Date::from_ymd(y, m, day).unwrap()
    }

    #[test]
    fn rolled_up_days_read_their_string_encoded_sums() {
        let steps = daily_rollup(Metric::Steps, &answer("rollup_steps__nested_date")).unwrap();
        assert!(
            steps.contains(&Point {
                date: d(2026, 1, 6),
                value: 9000.0
            }),
            "{steps:?}"
        );
        let azm = daily_rollup(
            Metric::ActiveZoneMinutes,
            &answer("rollup_active-zone-minutes__nested_date"),
        )
        .unwrap();
        assert!(
            azm.contains(&Point {
                date: d(2026, 1, 6),
                value: 7.0
            }),
            "{azm:?}"
        );
        // A refused request is an error body, not days.
        assert!(daily_rollup(Metric::Steps, &answer("rollup_steps_civil")).is_err());
    }

    #[test]
    fn daily_types_map_to_base_units_on_their_civil_dates() {
        let rhr = daily_list(
            Metric::RestingHeartRate,
            &answer("list_daily-resting-heart-rate_nofilter"),
        )
        .unwrap();
        assert!(
            rhr.contains(&Point {
                date: d(2026, 1, 7),
                value: 60.0
            }),
            "{rhr:?}"
        );
        let hrv = daily_list(
            Metric::HeartRateVariability,
            &answer("list_daily-heart-rate-variability_nofilter"),
        )
        .unwrap();
        assert!(hrv.contains(&Point {
            date: d(2026, 1, 7),
            value: 45.0
        }));
        let spo2 = daily_list(
            Metric::OxygenSaturation,
            &answer("list_daily-oxygen-saturation_nofilter"),
        )
        .unwrap();
        assert!(spo2.contains(&Point {
            date: d(2026, 1, 7),
            value: 96.0
        }));
        let skin = daily_list(
            Metric::SkinTemperatureDelta,
            &answer("list_daily-sleep-temperature-derivations_nofilter"),
        )
        .unwrap();
        let on7 = skin.iter().find(|p| p.date == d(2026, 1, 7)).unwrap();
        assert!(
            (on7.value - 0.2).abs() < 1e-9,
            "nightly 34.0 − baseline 33.8"
        );
        assert!(daily_list(Metric::Steps, "{}").is_err());
    }

    #[test]
    fn a_session_without_a_stage_summary_counts_its_stages() {
        let mut v: Value = serde_json::from_str(&answer("list_sleep")).unwrap();
        let with = sleep_sessions(&v.to_string()).unwrap();
        v["dataPoints"][0]["sleep"]["summary"]
            .as_object_mut()
            .unwrap()
            .remove("stagesSummary");
        let without = sleep_sessions(&v.to_string()).unwrap();
        assert_eq!(with.len(), without.len(), "the night is kept");
        let Some(SleepStages::Stages { deep, light, .. }) = without[0].stages else {
            panic!("{:?}", without[0].stages)
        };
        assert!(deep > 0 && light > 0, "{deep} {light}");
    }

    #[test]
    fn exercises_in_metres_and_minutes_on_their_civil_start() {
        // The discovery document's `Exercise` (no public capture yet): int64s as strings.
        let body = r#"{"dataPoints":[{"name":"users/me/dataTypes/exercise/dataPoints/abc","exercise":{"displayName":"Morning run","exerciseType":"RUNNING",
            "interval":{"startTime":"2026-01-07T11:05:00Z","startUtcOffset":"-18000s","endTime":"2026-01-07T11:45:00Z","endUtcOffset":"-18000s",
              "civilStartTime":{"date":{"year":2026,"month":1,"day":7},"time":{"hours":6,"minutes":5}}},
            "activeDuration":"2280s","metricsSummary":{"caloriesKcal":410.5,"averageHeartRateBeatsPerMinute":"151","steps":"5120","distanceMillimeters":6012000.0}}},
          {"name":"users/me/dataTypes/exercise/dataPoints/def","exercise":{"exerciseType":"WALKING",
            "interval":{"startTime":"2026-01-06T23:30:00Z","startUtcOffset":"-18000s","endTime":"2026-01-07T00:10:00Z","endUtcOffset":"-18000s"},"metricsSummary":{}}}]}"#;
        let list = exercises(body).unwrap();
        assert_eq!(
            (
                list[0].name.as_str(),
                list[0].date,
                list[0].start.as_deref(),
                list[0].duration_min
            ),
            ("Morning run", d(2026, 1, 7), Some("06:05"), 38)
        );
        assert_eq!(
            (
                list[0].calories,
                list[0].avg_heart_rate,
                list[0].steps,
                list[0].distance
            ),
            (Some(410.5), Some(151), Some(5120), Some(6012.0))
        );
        // No civil time: the UTC start moved by its offset; no active duration: the interval's.
        assert_eq!(
            (
                list[1].name.as_str(),
                list[1].date,
                list[1].start.as_deref(),
                list[1].duration_min
            ),
            ("WALKING", d(2026, 1, 6), Some("18:30"), 40)
        );
        assert_ne!(list[0].log_id, list[1].log_id);
        assert_eq!(exercises(body).unwrap()[0].log_id, list[0].log_id, "stable");
    }

    #[test]
    fn settings_give_the_zone_and_the_units() {
        let s = settings(&answer("settings"));
        assert_eq!(
            (s.zone.as_deref(), s.offset_ms, s.units),
            (
                Some("America/New_York"),
                Some(-14_400_000),
                Some(crate::units::System::Us)
            )
        );
        assert_eq!(settings(r#"{"distanceUnit":"DISTANCE_UNIT_KILOMETERS","weightUnit":"WEIGHT_UNIT_KILOGRAMS"}"#).units, Some(crate::units::System::Metric));
        assert_eq!(settings("not json"), Settings::default());
    }

    #[test]
    fn paired_devices_give_battery_and_last_sync() {
        // Captured with the settings' offset of −4 h: synced at 02:26 UTC, 22:26 the evening before.
        let devices = paired_devices(&answer("paired_devices"), -4 * 3_600_000).unwrap();
        assert_eq!(
            devices,
            vec![Device {
                id: None,
                name: "Fitbit Air".into(),
                kind: DeviceKind::Tracker,
                battery_percent: Some(80),
                last_sync: Some("2026-01-07T22:26:07".into())
            }]
        );
    }

    #[test]
    fn sleep_sessions_in_local_time_with_their_stage_minutes() {
        let logs = sleep_sessions(&answer("list_sleep")).unwrap();
        // 07:31Z at −04:00 is 03:31 local; it ends 14:50Z = 10:50 local on the 6th.
        assert_eq!(logs.len(), 1);
        let l = &logs[0];
        assert_eq!(
            (
                l.date,
                l.start.as_str(),
                l.minutes_asleep,
                l.time_in_bed,
                l.is_main
            ),
            (d(2026, 1, 6), "03:31", 390, 400, true)
        );
        assert_eq!(
            l.stages,
            Some(SleepStages::Stages {
                deep: 60,
                light: 60,
                rem: 60,
                wake: 60
            })
        );
        // Home Assistant's hand-written sample: numbers, "-07:00" offsets, no stages.
        let ha = std::fs::read_to_string(format!(
            "{}/tests/fixtures/google-health/ha-google_health-tests/sleep.json",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap();
        let logs = sleep_sessions(&ha).unwrap();
        assert_eq!(
            (logs[0].date, logs[0].start.as_str(), logs[0].minutes_asleep),
            (d(2026, 6, 29), "15:00", 420)
        );
    }

    #[test]
    fn weight_samples_in_kilograms() {
        let ha = std::fs::read_to_string(format!(
            "{}/tests/fixtures/google-health/ha-google_health-tests/weight.json",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap();
        assert_eq!(
            samples(Metric::Weight, &ha).unwrap(),
            vec![Point {
                date: d(2026, 6, 29),
                value: 80.0
            }]
        );
    }

    #[test]
    fn numbers_come_as_numbers_or_strings_and_nan_is_none() {
        assert_eq!(number(&serde_json::json!("6684")), Some(6684.0));
        assert_eq!(number(&serde_json::json!(33.8)), Some(33.8));
        assert_eq!(number(&serde_json::json!("NaN")), None);
        assert_eq!(number(&Value::Null), None);
    }
}
