//! Google Health API sessions mapped into the model: exercises and sleep, dated and timed at
//! their own offsets. Read as `Value`s.

use super::map::{civil_date, local, number};
use crate::model::{Exercise, SleepLog, SleepStages};
use crate::takeout::clock::Stamp;
use serde_json::Value;

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
