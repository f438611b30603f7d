//! Heart and lungs: resting rate and zones, HRV, SpO2, breathing rate, skin temperature, cardio
//! fitness, ECG readings and irregular-rhythm alerts.

use super::*;

pub(super) fn vo2_range(v: &Value) -> Option<(f64, f64)> {
    if let Some(x) = v.as_f64() {
        return Some((x, x));
    }
    let s = v.as_str()?.trim();
    match s.split_once('-') {
        Some((a, b)) => Some((a.trim().parse().ok()?, b.trim().parse().ok()?)),
        None => s.parse().ok().map(|x| (x, x)),
    }
}

/// The answer of [`Endpoint::Heart`].
pub(super) fn heart(a: &Answer, snap: &mut Snapshot) -> Result<(), String> {
    let v = &a.json;
    let today = snap.today;
    snap.series.insert(
        Metric::RestingHeartRate,
        daily(v, "activities-heart", Metric::RestingHeartRate, |x| {
            num(&x["restingHeartRate"]).filter(|r| *r > 0.0)
        }),
    );
    let today_zones = items(v, "activities-heart")
        .into_iter()
        .filter(|it| date_of(&it["dateTime"]).is_some_and(|d| d <= today))
        .max_by_key(|it| date_of(&it["dateTime"]))
        .map(|it| {
            items(&it["value"], "heartRateZones")
                .into_iter()
                .map(|z| HeartZone {
                    name: z["name"].as_str().unwrap_or("Zone").to_string(),
                    min_bpm: num(&z["min"]).unwrap_or(0.0) as u32,
                    max_bpm: num(&z["max"]).unwrap_or(0.0) as u32,
                    minutes: num(&z["minutes"]).unwrap_or(0.0) as u32,
                })
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    snap.heart_zones = list_slot(today_zones);
    Ok(())
}

/// The answer of [`Endpoint::Hrv`].
pub(super) fn hrv(a: &Answer, snap: &mut Snapshot) -> Result<(), String> {
    let v = &a.json;
    let s = daily(v, "hrv", Metric::HeartRateVariability, |x| {
        num(&x["dailyRmssd"])
    });
    snap.series.insert(Metric::HeartRateVariability, s);
    Ok(())
}

/// The answer of [`Endpoint::Spo2`].
pub(super) fn spo2(a: &Answer, snap: &mut Snapshot) -> Result<(), String> {
    let v = &a.json;
    let s = daily(v, "", Metric::OxygenSaturation, |x| num(&x["avg"]));
    snap.series.insert(Metric::OxygenSaturation, s);
    Ok(())
}

/// The answer of [`Endpoint::BreathingRate`].
pub(super) fn breathing_rate(a: &Answer, snap: &mut Snapshot) -> Result<(), String> {
    let v = &a.json;
    let s = daily(v, "br", Metric::BreathingRate, |x| num(&x["breathingRate"]));
    snap.series.insert(Metric::BreathingRate, s);
    Ok(())
}

/// The answer of [`Endpoint::SkinTemperature`].
pub(super) fn skin_temperature(a: &Answer, snap: &mut Snapshot) -> Result<(), String> {
    let v = &a.json;
    let s = daily(v, "tempSkin", Metric::SkinTemperatureDelta, |x| {
        num(&x["nightlyRelative"])
    });
    snap.series.insert(Metric::SkinTemperatureDelta, s);
    Ok(())
}

/// The answer of [`Endpoint::CardioScore`].
pub(super) fn cardio_score(a: &Answer, snap: &mut Snapshot) -> Result<(), String> {
    let v = &a.json;
    let scores: Vec<Vo2Max> = items(v, "cardioScore")
        .into_iter()
        .filter_map(|it| {
            let date = date_of(&it["dateTime"])?;
            let (low, high) = vo2_range(&it["value"]["vo2Max"])?;
            Some(Vo2Max { date, low, high })
        })
        .collect();
    let mid = scores
        .iter()
        .map(|s| Point {
            date: s.date,
            value: (s.low + s.high) / 2.0,
        })
        .collect();
    snap.series
        .insert(Metric::Vo2Max, series_slot(Metric::Vo2Max, mid));
    snap.cardio_fitness = list_slot(scores);
    Ok(())
}

/// The answer of [`Endpoint::Ecg`].
pub(super) fn ecg(a: &Answer, snap: &mut Snapshot) -> Result<(), String> {
    let v = &a.json;
    let readings = items(v, "ecgReadings")
        .into_iter()
        .filter_map(|r| {
            Some(EcgReading {
                start: r["startTime"].as_str()?.get(..19)?.to_string(),
                classification: r["resultClassification"]
                    .as_str()
                    .unwrap_or("Unclassified")
                    .to_string(),
                avg_heart_rate: num(&r["averageHeartRate"]).map(|h| h as u32),
            })
        })
        .collect();
    snap.ecg = list_slot(readings);
    Ok(())
}

/// The answer of [`Endpoint::RhythmAlerts`].
pub(super) fn rhythm_alerts(a: &Answer, snap: &mut Snapshot) -> Result<(), String> {
    let v = &a.json;
    let alerts = items(v, "alerts")
        .into_iter()
        .filter_map(|a| {
            let t = a["detectedTime"]
                .as_str()
                .or_else(|| a["alertTime"].as_str())?;
            Some(RhythmAlert {
                detected: t.get(..19).unwrap_or(t).to_string(),
            })
        })
        .collect();
    // An empty list is good news, not missing data.
    snap.rhythm_alerts = Slot::Ready(alerts);
    Ok(())
}
