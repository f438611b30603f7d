//! Sleep logs, with stages or the classic levels.

use super::*;

pub(super) fn sleep_log(l: &Value) -> Option<SleepLog> {
    let date = date_of(&l["dateOfSleep"])?;
    let minutes = |k: &str| num(&l[k]).unwrap_or(0.0).max(0.0) as u32;
    let summary = &l["levels"]["summary"];
    let m = |k: &str| num(&summary[k]["minutes"]).map(|x| x as u32);
    let stages = match l["type"].as_str() {
        Some("stages") => Some(SleepStages::Stages {
            deep: m("deep").unwrap_or(0),
            light: m("light").unwrap_or(0),
            rem: m("rem").unwrap_or(0),
            wake: m("wake").unwrap_or(0),
        }),
        _ if m("asleep").is_some() || m("restless").is_some() => Some(SleepStages::Classic {
            asleep: m("asleep").unwrap_or(0),
            restless: m("restless").unwrap_or(0),
            awake: m("awake").unwrap_or(0),
        }),
        _ => None,
    };
    Some(SleepLog {
        date,
        start: l["startTime"].as_str().and_then(hh_mm).unwrap_or_default(),
        minutes_asleep: minutes("minutesAsleep"),
        minutes_awake: minutes("minutesAwake"),
        time_in_bed: minutes("timeInBed"),
        minutes_to_fall_asleep: minutes("minutesToFallAsleep"),
        efficiency: num(&l["efficiency"]).map(|e| e.clamp(0.0, 100.0) as u8),
        is_main: l["isMainSleep"].as_bool().unwrap_or(true),
        stages,
    })
}

/// The answer of [`Endpoint::Sleep`].
pub(super) fn sleep(a: &Answer, snap: &mut Snapshot) -> Result<(), String> {
    let v = &a.json;
    let logs: Vec<SleepLog> = items(v, "sleep")
        .into_iter()
        .filter_map(sleep_log)
        .collect();
    let main: Vec<Point> = logs
        .iter()
        .filter(|l| l.is_main)
        .map(|l| Point {
            date: l.date,
            value: l.minutes_asleep as f64,
        })
        .collect();
    snap.series.insert(
        Metric::MinutesAsleep,
        series_slot(Metric::MinutesAsleep, main),
    );
    snap.sleep = list_slot(logs);
    Ok(())
}
