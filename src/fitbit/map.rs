//! Mapping Fitbit responses into the provider-neutral model. Missing fields are "no data",
//! never an error; only a body that is not the expected JSON at all is.

use super::endpoints::Endpoint;
use crate::date::Date;
use crate::model::*;
use crate::units::{DistanceUnit, TemperatureUnit, UnitPrefs, VolumeUnit, WeightUnit};
use serde::Deserialize;
use serde_json::Value;

#[derive(Deserialize)]
struct ProfileBody {
    user: ProfileUser,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ProfileUser {
    display_name: Option<String>,
    full_name: Option<String>,
    first_name: Option<String>,
    avatar150: Option<String>,
    avatar: Option<String>,
    member_since: Option<String>,
    timezone: Option<String>,
}

/// `GET /1/user/-/profile.json`.
pub fn profile(body: &str) -> Result<Profile, String> {
    let p: ProfileBody = serde_json::from_str(body).map_err(|e| format!("unreadable profile: {e}"))?;
    let u = p.user;
    let name = [u.display_name, u.first_name, u.full_name].into_iter().flatten().find(|n| !n.trim().is_empty());
    Ok(Profile {
        display_name: name.unwrap_or_else(|| "Fitbit user".into()),
        avatar_url: u.avatar150.or(u.avatar),
        member_since: u.member_since.as_deref().and_then(|d| Date::parse(d).ok()),
        time_zone: u.timezone,
    })
}

/// A number that Fitbit may send as a number or as a numeric string.
fn num(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
    .filter(|f: &f64| f.is_finite())
}

fn date_of(v: &Value) -> Option<Date> {
    v.as_str().and_then(|s| Date::parse(s.get(..10)?).ok())
}

/// The array under `key`, or the body itself if it is an array; a bare object counts as one.
fn items<'a>(body: &'a Value, key: &str) -> Vec<&'a Value> {
    let v = if key.is_empty() { body } else { &body[key] };
    match v {
        Value::Array(a) => a.iter().collect(),
        Value::Object(o) if !o.is_empty() => vec![v],
        _ => vec![],
    }
}

/// "2017-04-01T23:58:30.000" → "23:58".
fn hh_mm(s: &str) -> Option<String> {
    let t = s.split('T').nth(1).unwrap_or(s);
    (t.len() >= 5 && t.as_bytes()[2] == b':').then(|| t[..5].to_string())
}

fn series_slot(metric: Metric, points: Vec<Point>) -> Slot<Series> {
    if points.is_empty() {
        Slot::NoData
    } else {
        Slot::Ready(Series::new(metric, points))
    }
}

fn list_slot<T>(v: Vec<T>) -> Slot<Vec<T>> {
    if v.is_empty() {
        Slot::NoData
    } else {
        Slot::Ready(v)
    }
}

/// A daily series from `[{dateTime, value}]`, with `pick` reading the value.
fn daily(body: &Value, key: &str, metric: Metric, pick: impl Fn(&Value) -> Option<f64>) -> Slot<Series> {
    let points = items(body, key)
        .into_iter()
        .filter_map(|it| Some(Point { date: date_of(&it["dateTime"])?, value: pick(&it["value"])? }))
        .collect();
    series_slot(metric, points)
}

/// Sets one day's value, keeping the rest of the series.
fn set_point(snap: &mut Snapshot, metric: Metric, date: Date, value: Option<f64>) {
    let Some(value) = value else { return };
    let mut points = snap.series(metric).ready().map(|s| s.points.clone()).unwrap_or_default();
    points.push(Point { date, value });
    snap.series.insert(metric, Slot::Ready(Series::new(metric, points)));
}

fn unit_pref<T>(v: &Value, us: T, uk: T, metric: T) -> T {
    match v.as_str() {
        Some("en_US") => us,
        Some("en_GB") => uk,
        _ => metric,
    }
}

/// The person's units, from the profile's per-quantity preferences.
pub fn unit_prefs(user: &Value) -> UnitPrefs {
    UnitPrefs {
        distance: unit_pref(&user["distanceUnit"], DistanceUnit::Miles, DistanceUnit::Kilometers, DistanceUnit::Kilometers),
        weight: unit_pref(&user["weightUnit"], WeightUnit::Pounds, WeightUnit::Stone, WeightUnit::Kilograms),
        volume: unit_pref(&user["waterUnit"], VolumeUnit::FluidOunces, VolumeUnit::Milliliters, VolumeUnit::Milliliters),
        temperature: unit_pref(&user["temperatureUnit"], TemperatureUnit::Fahrenheit, TemperatureUnit::Celsius, TemperatureUnit::Celsius),
    }
}

/// The profile's current UTC offset, for the person's own "today".
pub fn utc_offset_ms(body: &str) -> Option<i64> {
    let v: Value = serde_json::from_str(body).ok()?;
    v["user"]["offsetFromUTCMillis"].as_i64()
}

/// The profile's IANA time zone ("Europe/Berlin").
pub fn time_zone(body: &str) -> Option<String> {
    let v: Value = serde_json::from_str(body).ok()?;
    v["user"]["timezone"].as_str().filter(|z| !z.is_empty()).map(String::from)
}

/// The TCX file of one exercise.
pub fn route_path(log_id: u64) -> String {
    format!("/1/user/-/activities/{log_id}.tcx")
}

/// Keeps about `max` evenly spaced points of a track, always with its first and last.
pub fn thin(points: Vec<(f64, f64)>, max: usize) -> Vec<(f64, f64)> {
    if points.len() <= max || max < 2 {
        return points;
    }
    let last = points.len() - 1;
    (0..max).map(|i| points[i * last / (max - 1)]).collect()
}

/// Applies one endpoint's answer (requested with `Accept-Language: metric`) to the snapshot.
/// Errors only when the body is not JSON of the expected kind at all; the caller then marks
/// just this endpoint's parts as failed.
pub fn apply(endpoint: Endpoint, body: &str, snap: &mut Snapshot) -> Result<(), String> {
    let v: Value = serde_json::from_str(body).map_err(|e| format!("unreadable answer: {e}"))?;
    if !(v.is_object() || v.is_array()) {
        return Err("unexpected answer".into());
    }
    let today = snap.today;
    match endpoint {
        Endpoint::Profile => {
            snap.profile = Slot::Ready(profile(body)?);
            snap.units = Some(unit_prefs(&v["user"]));
            // Height is in centimetres with the metric header.
            snap.height_m = num(&v["user"]["height"]).filter(|h| *h > 50.0).map(|cm| cm / 100.0);
        }
        Endpoint::DailySummary => {
            let s = &v["summary"];
            let total_km = items(s, "distances").into_iter().find(|d| d["activity"] == "total").and_then(|d| num(&d["distance"]));
            set_point(snap, Metric::Distance, today, total_km.map(|km| (km * 1_000_000.0).round() / 1000.0));
            set_point(snap, Metric::Floors, today, num(&s["floors"]));
            set_point(snap, Metric::CaloriesOut, today, num(&s["caloriesOut"]));
            set_point(snap, Metric::Steps, today, num(&s["steps"]));
            let g = &v["goals"];
            let mut goals = snap.goals.clone();
            for (m, key) in [(Metric::Steps, "steps"), (Metric::Floors, "floors"), (Metric::CaloriesOut, "caloriesOut")] {
                if let Some(x) = num(&g[key]) {
                    goals.insert(m, x);
                }
            }
            // Kilometres with the metric header; since 2026 sometimes millimetres.
            if let Some(d) = num(&g["distance"]) {
                let metres = if d > 1_000.0 { d / 1000.0 } else { d * 1000.0 };
                goals.insert(Metric::Distance, (metres * 1000.0).round() / 1000.0);
            }
            if let Some(azm) = num(&g["activeZoneMinutes"]) {
                goals.insert(Metric::ActiveZoneMinutes, azm);
            }
            snap.goals = goals;
        }
        Endpoint::Steps => {
            let s = daily(&v, "activities-steps", Metric::Steps, num);
            snap.series.insert(Metric::Steps, s);
        }
        Endpoint::ActiveZoneMinutes => {
            // Fitbit lists only days with zone minutes: a day of the requested 30 that the
            // answer leaves out had none (0, not "no data").
            let mut points = match daily(&v, "activities-active-zone-minutes", Metric::ActiveZoneMinutes, |x| num(&x["activeZoneMinutes"])) {
                Slot::Ready(s) => s.points,
                _ => vec![],
            };
            if v["activities-active-zone-minutes"].is_array() {
                for back in 0..30 {
                    let date = today.add_days(-back);
                    if !points.iter().any(|p| p.date == date) {
                        points.push(Point { date, value: 0.0 });
                    }
                }
            }
            snap.series.insert(Metric::ActiveZoneMinutes, series_slot(Metric::ActiveZoneMinutes, points));
        }
        Endpoint::Heart => {
            snap.series.insert(
                Metric::RestingHeartRate,
                daily(&v, "activities-heart", Metric::RestingHeartRate, |x| num(&x["restingHeartRate"]).filter(|r| *r > 0.0)),
            );
            let today_zones = items(&v, "activities-heart")
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
        }
        Endpoint::Hrv => {
            let s = daily(&v, "hrv", Metric::HeartRateVariability, |x| num(&x["dailyRmssd"]));
            snap.series.insert(Metric::HeartRateVariability, s);
        }
        Endpoint::Sleep => {
            let logs: Vec<SleepLog> = items(&v, "sleep").into_iter().filter_map(sleep_log).collect();
            let main: Vec<Point> =
                logs.iter().filter(|l| l.is_main).map(|l| Point { date: l.date, value: l.minutes_asleep as f64 }).collect();
            snap.series.insert(Metric::MinutesAsleep, series_slot(Metric::MinutesAsleep, main));
            snap.sleep = list_slot(logs);
        }
        Endpoint::WeightLog => {
            let logs = items(&v, "weight");
            let pick = |key: &str| -> Vec<Point> {
                logs.iter().filter_map(|l| Some(Point { date: date_of(&l["date"])?, value: num(&l[key])? })).collect()
            };
            let weights = pick("weight");
            let mut bmi = pick("bmi");
            if bmi.is_empty() {
                if let Some(h) = snap.height_m {
                    bmi = weights.iter().map(|p| Point { date: p.date, value: (p.value / (h * h) * 10.0).round() / 10.0 }).collect();
                }
            }
            snap.series.insert(Metric::Weight, series_slot(Metric::Weight, weights));
            snap.series.insert(Metric::Bmi, series_slot(Metric::Bmi, bmi));
            snap.series.insert(Metric::BodyFat, series_slot(Metric::BodyFat, pick("fat")));
        }
        Endpoint::FoodLog => {
            let s = &v["summary"];
            let day = NutritionDay {
                calories: num(&s["calories"]).unwrap_or(0.0),
                carbs_g: num(&s["carbs"]).unwrap_or(0.0),
                fat_g: num(&s["fat"]).unwrap_or(0.0),
                protein_g: num(&s["protein"]).unwrap_or(0.0),
                fiber_g: num(&s["fiber"]).unwrap_or(0.0),
                sodium_mg: num(&s["sodium"]).unwrap_or(0.0),
                water_ml: num(&s["water"]).unwrap_or(0.0),
                calorie_goal: num(&v["goals"]["calories"]),
            };
            let logged = !items(&v, "foods").is_empty() || day.calories > 0.0 || day.water_ml > 0.0;
            set_point(snap, Metric::CaloriesIn, today, logged.then_some(day.calories));
            set_point(snap, Metric::Water, today, (day.water_ml > 0.0).then_some(day.water_ml));
            snap.nutrition = if logged { Slot::Ready(day) } else { Slot::NoData };
        }
        Endpoint::Spo2 => {
            let s = daily(&v, "", Metric::OxygenSaturation, |x| num(&x["avg"]));
            snap.series.insert(Metric::OxygenSaturation, s);
        }
        Endpoint::BreathingRate => {
            let s = daily(&v, "br", Metric::BreathingRate, |x| num(&x["breathingRate"]));
            snap.series.insert(Metric::BreathingRate, s);
        }
        Endpoint::SkinTemperature => {
            let s = daily(&v, "tempSkin", Metric::SkinTemperatureDelta, |x| num(&x["nightlyRelative"]));
            snap.series.insert(Metric::SkinTemperatureDelta, s);
        }
        Endpoint::CardioScore => {
            let scores: Vec<Vo2Max> = items(&v, "cardioScore")
                .into_iter()
                .filter_map(|it| {
                    let date = date_of(&it["dateTime"])?;
                    let (low, high) = vo2_range(&it["value"]["vo2Max"])?;
                    Some(Vo2Max { date, low, high })
                })
                .collect();
            let mid = scores.iter().map(|s| Point { date: s.date, value: (s.low + s.high) / 2.0 }).collect();
            snap.series.insert(Metric::Vo2Max, series_slot(Metric::Vo2Max, mid));
            snap.cardio_fitness = list_slot(scores);
        }
        Endpoint::Devices => {
            // A bare array; an account without devices answers [].
            let devices = items(&v, "")
                .into_iter()
                .map(|d| Device {
                    name: d["deviceVersion"].as_str().unwrap_or("Device").to_string(),
                    kind: match d["type"].as_str() {
                        Some("TRACKER") => DeviceKind::Tracker,
                        Some("SCALE") => DeviceKind::Scale,
                        _ => DeviceKind::Other,
                    },
                    battery_percent: num(&d["batteryLevel"]).map(|b| b.clamp(0.0, 100.0) as u8).or_else(|| {
                        // Older devices only report a level word.
                        match d["battery"].as_str() {
                            Some("High") => Some(90),
                            Some("Medium") => Some(50),
                            Some("Low") => Some(15),
                            Some("Empty") => Some(0),
                            _ => None,
                        }
                    }),
                    last_sync: d["lastSyncTime"].as_str().map(|s| s.get(..19).unwrap_or(s).to_string()),
                })
                .collect();
            snap.devices = Slot::Ready(devices);
        }
        Endpoint::Ecg => {
            let readings = items(&v, "ecgReadings")
                .into_iter()
                .filter_map(|r| {
                    Some(EcgReading {
                        start: r["startTime"].as_str()?.get(..19)?.to_string(),
                        classification: r["resultClassification"].as_str().unwrap_or("Unclassified").to_string(),
                        avg_heart_rate: num(&r["averageHeartRate"]).map(|h| h as u32),
                    })
                })
                .collect();
            snap.ecg = list_slot(readings);
        }
        Endpoint::RhythmAlerts => {
            let alerts = items(&v, "alerts")
                .into_iter()
                .filter_map(|a| {
                    let t = a["detectedTime"].as_str().or_else(|| a["alertTime"].as_str())?;
                    Some(RhythmAlert { detected: t.get(..19).unwrap_or(t).to_string() })
                })
                .collect();
            // An empty list is good news, not missing data.
            snap.rhythm_alerts = Slot::Ready(alerts);
        }
        Endpoint::Leaderboard => {
            let people: Vec<&Value> = items(&v, "included").into_iter().filter(|p| p["type"] == "person").collect();
            let friends = items(&v, "data")
                .into_iter()
                .filter(|r| r["type"] == "ranked-user" || r["type"] == "inactive-user")
                .map(|r| {
                    let uid = r["relationships"]["user"]["data"]["id"].as_str().or_else(|| r["id"].as_str()).unwrap_or("");
                    let person = people.iter().find(|p| p["id"].as_str() == Some(uid));
                    let a = &r["attributes"];
                    Friend {
                        name: person.and_then(|p| p["attributes"]["name"].as_str()).unwrap_or("Friend").to_string(),
                        rank: num(&a["step-rank"]).map(|x| x as u32),
                        steps: num(&a["step-summary"]),
                        is_me: person.is_some_and(|p| p["attributes"]["friend"] == false),
                    }
                })
                .collect();
            snap.friends = list_slot(friends);
        }
        Endpoint::StepsIntraday => {
            snap.intraday.insert(Intraday::Steps, curve(&v["activities-steps-intraday"]["dataset"]));
        }
        Endpoint::HeartIntraday => {
            snap.intraday.insert(Intraday::HeartRate, curve(&v["activities-heart-intraday"]["dataset"]));
        }
        Endpoint::Exercises => {
            let list = items(&v, "activities")
                .into_iter()
                .filter_map(|a| {
                    let start = a["startTime"].as_str().or_else(|| a["originalStartTime"].as_str());
                    let date = start.and_then(|s| Date::parse(s.get(..10)?).ok()).or_else(|| date_of(&a["startDate"]))?;
                    let km = num(&a["distance"]).map(|d| match a["distanceUnit"].as_str() {
                        Some("Mile") | Some("mi") => d * crate::units::METERS_PER_MILE / 1000.0,
                        _ => d,
                    });
                    Some(Exercise {
                        name: a["activityName"].as_str().or_else(|| a["name"].as_str()).unwrap_or("Exercise").to_string(),
                        date,
                        start: start.and_then(hh_mm),
                        duration_min: (num(&a["activeDuration"]).or_else(|| num(&a["duration"])).unwrap_or(0.0) / 60_000.0).round() as u32,
                        calories: num(&a["calories"]),
                        avg_heart_rate: num(&a["averageHeartRate"]).map(|h| h as u32),
                        steps: num(&a["steps"]).map(|x| x as u32),
                        distance: km.map(|k| k * 1000.0),
                        log_id: a["logId"].as_u64().unwrap_or(0),
                        has_route: a["tcxLink"].is_string() && a["hasGps"] != false,
                    })
                })
                .collect();
            snap.exercises = list_slot(list);
        }
    }
    Ok(())
}

/// What to show in the parts of the snapshot an endpoint feeds, when it gave no data.
#[derive(Clone, Debug, PartialEq)]
pub enum Mark {
    NotShared,
    Failed(String),
}

fn marked<T>(slot: &mut Slot<T>, m: &Mark, keep_ready: bool) {
    if keep_ready && matches!(slot, Slot::Ready(_)) {
        return;
    }
    *slot = match m {
        Mark::NotShared => Slot::NotShared,
        Mark::Failed(msg) => Slot::Failed(msg.clone()),
    };
}

/// Marks every part `endpoint` feeds; with `keep_ready`, data already shown (cached) stays.
pub fn mark(endpoint: Endpoint, snap: &mut Snapshot, m: &Mark, keep_ready: bool) {
    for need in endpoint.feeds() {
        match need {
            Need::Series(metric) => {
                let mut slot = snap.series(*metric).clone();
                marked(&mut slot, m, keep_ready);
                snap.series.insert(*metric, slot);
            }
            Need::Goals => {}
            Need::Sleep => marked(&mut snap.sleep, m, keep_ready),
            Need::HeartZones => marked(&mut snap.heart_zones, m, keep_ready),
            Need::Devices => marked(&mut snap.devices, m, keep_ready),
            Need::Profile => marked(&mut snap.profile, m, keep_ready),
            Need::Exercises => marked(&mut snap.exercises, m, keep_ready),
            Need::Ecg => marked(&mut snap.ecg, m, keep_ready),
            Need::RhythmAlerts => marked(&mut snap.rhythm_alerts, m, keep_ready),
            Need::Friends => marked(&mut snap.friends, m, keep_ready),
            Need::Nutrition => marked(&mut snap.nutrition, m, keep_ready),
            Need::CardioFitness => marked(&mut snap.cardio_fitness, m, keep_ready),
            Need::Intraday(kind) => {
                let mut slot = snap.intraday.get(kind).cloned().unwrap_or(Slot::Loading);
                marked(&mut slot, m, keep_ready);
                snap.intraday.insert(*kind, slot);
            }
        }
    }
}

/// The GPS track of a TCX file: (latitude, longitude) of every trackpoint that has a position.
/// A plain scan rather than an XML crate: TCX positions are flat, well-known elements.
pub fn tcx_route(xml: &str) -> Vec<(f64, f64)> {
    let value = |s: &str, tag: &str| -> Option<f64> {
        let open = format!("<{tag}>");
        let start = s.find(&open)? + open.len();
        let end = start + s[start..].find('<')?;
        s[start..end].trim().parse().ok()
    };
    xml.split("<Position>")
        .skip(1)
        .filter_map(|chunk| {
            let pos = &chunk[..chunk.find("</Position>")?];
            let lat = value(pos, "LatitudeDegrees")?;
            let lon = value(pos, "LongitudeDegrees")?;
            ((-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon)).then_some((lat, lon))
        })
        .collect()
}

/// `[{time: "HH:MM:SS", value}]` → (minute of day, value); empty is "no data".
fn curve(dataset: &Value) -> Slot<DayCurve> {
    let mut points: DayCurve = items(dataset, "")
        .into_iter()
        .filter_map(|p| {
            let t = p["time"].as_str()?;
            let h: u32 = t.get(..2)?.parse().ok()?;
            let m: u32 = t.get(3..5)?.parse().ok()?;
            Some((h * 60 + m, num(&p["value"])?))
        })
        .collect();
    crate::order::by_key(&mut points, |p| p.0 as i64);
    if points.is_empty() {
        Slot::NoData
    } else {
        Slot::Ready(points)
    }
}

fn vo2_range(v: &Value) -> Option<(f64, f64)> {
    if let Some(x) = v.as_f64() {
        return Some((x, x));
    }
    let s = v.as_str()?.trim();
    match s.split_once('-') {
        Some((a, b)) => Some((a.trim().parse().ok()?, b.trim().parse().ok()?)),
        None => s.parse().ok().map(|x| (x, x)),
    }
}

fn sleep_log(l: &Value) -> Option<SleepLog> {
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

#[cfg(test)]
mod tests {
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
        assert_eq!(s.series(Metric::Distance).ready().unwrap().on(today()), Some(12_320.0));
        assert!(s.series(Metric::Steps).ready().unwrap().on(today()).is_some());
        assert_eq!(s.goals[&Metric::Steps], 10_000.0);
        assert_eq!(s.goals[&Metric::Distance], 8_050.0);
        // 2026: the distance goal sometimes arrives in millimetres.
        let mut snap = Snapshot::loading(Origin::Fitbit, today());
        apply(Endpoint::DailySummary, r#"{"summary":{"steps":5},"goals":{"distance":8050000}}"#, &mut snap).unwrap();
        assert_eq!(snap.goals[&Metric::Distance], 8_050.0);
    }

    #[test]
    fn time_series_values_arrive_as_strings() {
        let s = applied(Endpoint::Steps, "allenporter-fitbit-web-api/activity_time_series_steps.json");
        let series = s.series(Metric::Steps).ready().unwrap();
        assert!(!series.points.is_empty());
        assert!(series.points.iter().all(|p| p.value >= 0.0));
        let empty = applied(Endpoint::Steps, "Fitbit.NET/TimeSeries-ActivitiesSteps-Empty.json");
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
        assert_eq!(s.on(today().add_days(-30)), None, "outside the requested range: unknown");
        assert_eq!(s.on(today().add_days(1)), None);
    }

    #[test]
    fn heart_series_gives_resting_rate_and_the_latest_zones() {
        let s = applied(Endpoint::Heart, "allenporter-fitbit-web-api/heart_rate_time_series.json");
        let zones = s.heart_zones.ready().unwrap();
        assert_eq!(zones[0].name, "Out of Range");
        assert_eq!(zones[0].max_bpm, 94);
        let missing = applied(Endpoint::Heart, "ha/test_sensor_timeseries_activities-heart_missing_resting.json");
        assert!(!matches!(missing.series(Metric::RestingHeartRate), Slot::Ready(ref x) if !x.points.is_empty()));
    }

    #[test]
    fn sleep_v1_2_with_stages_and_main_sleep() {
        let s = applied(Endpoint::Sleep, "Fitbit.NET/GetSleepRange.json");
        let logs = s.sleep.ready().unwrap();
        let first = &logs[0];
        assert_eq!(first.date, d("2017-04-02"));
        assert!(matches!(first.stages, Some(SleepStages::Stages { deep: 99, .. })), "{:?}", first.stages);
        assert_eq!(first.start.len(), 5);
        assert!(s.series(Metric::MinutesAsleep).ready().is_some());
    }

    #[test]
    fn overnight_series_hrv_spo2_breathing_and_cardio_ranges() {
        let hrv = applied(Endpoint::Hrv, "Fitbit.NET/GetHRVSummaryByInterval.json");
        assert_eq!(hrv.series(Metric::HeartRateVariability).ready().unwrap().on(d("2021-10-25")), Some(62.887));
        let spo2 = applied(Endpoint::Spo2, "Fitbit.NET/GetSpO2SummaryByInterval.json");
        assert_eq!(spo2.series(Metric::OxygenSaturation).ready().unwrap().on(d("2021-10-01")), Some(94.7));
        // By date the answer is a bare object rather than an array.
        let one = applied(Endpoint::Spo2, "Fitbit.NET/GetSpO2SummaryByDate.json");
        assert_eq!(one.series(Metric::OxygenSaturation).ready().unwrap().points.len(), 1);
        let br = applied(Endpoint::BreathingRate, "Fitbit.NET/GetBreathingRateSummaryByInterval.json");
        assert_eq!(br.series(Metric::BreathingRate).ready().unwrap().on(d("2021-10-25")), Some(17.8));
        let cf = applied(Endpoint::CardioScore, "Fitbit.NET/GetCardioScoreSummaryByInterval.json");
        assert_eq!(cf.cardio_fitness.ready().unwrap()[0], Vo2Max { date: d("2023-10-15"), low: 42.0, high: 46.0 });
        assert_eq!(cf.series(Metric::Vo2Max).ready().unwrap().on(d("2023-10-15")), Some(44.0));
    }

    #[test]
    fn weight_logs_with_bmi_and_devices_with_battery() {
        let w = applied(Endpoint::WeightLog, "Fitbit.NET/GetWeight.json");
        // Two logs on one day: the series keeps one value per date.
        assert_eq!(w.series(Metric::Weight).ready().unwrap().points.len(), 1);
        assert!(w.series(Metric::Bmi).ready().is_some());
        assert_eq!(w.series(Metric::BodyFat), &Slot::NoData, "no fat logged is no data");
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
        assert_eq!((day.calories, day.carbs_g, day.calorie_goal), (752.0, 66.5, Some(2286.0)));
        let ex = applied(Endpoint::Exercises, "Fitbit.NET/GetActivityLogsList.json");
        let first = &ex.exercises.ready().unwrap()[0];
        assert_eq!(first.name, "Walk");
        assert_eq!(first.duration_min, 46);
        assert_eq!(first.start.as_deref(), Some("04:14"));
        let mut empty = Snapshot::loading(Origin::Fitbit, today());
        apply(Endpoint::Exercises, r#"{"pagination":{}}"#, &mut empty).unwrap();
        assert_eq!(empty.exercises, Slot::NoData, "a missing activities array is no data");
    }

    #[test]
    fn ecg_rhythm_alerts_and_leaderboard() {
        let mut s = Snapshot::loading(Origin::Fitbit, today());
        apply(Endpoint::Ecg, r#"{"ecgReadings":[],"pagination":{}}"#, &mut s).unwrap();
        assert_eq!(s.ecg, Slot::NoData);
        apply(Endpoint::Ecg, r#"{"ecgReadings":[{"startTime":"2026-11-02T09:30:00.000","averageHeartRate":70,"resultClassification":"Normal Sinus Rhythm"}]}"#, &mut s).unwrap();
        assert_eq!(s.ecg.ready().unwrap()[0].classification, "Normal Sinus Rhythm");
        apply(Endpoint::RhythmAlerts, r#"{"alerts":[],"pagination":{}}"#, &mut s).unwrap();
        assert_eq!(s.rhythm_alerts, Slot::Ready(vec![]));
        let board = r#"{"data":[{"type":"ranked-user","id":"A","attributes":{"step-rank":1,"step-summary":70000},"relationships":{"user":{"data":{"id":"A","type":"person"}}}}],
                       "included":[{"type":"person","id":"A","attributes":{"name":"Sam","friend":true}}]}"#;
        apply(Endpoint::Leaderboard, board, &mut s).unwrap();
        assert_eq!(s.friends.ready().unwrap()[0], Friend { name: "Sam".into(), rank: Some(1), steps: Some(70000.0), is_me: false });
    }

    #[test]
    fn profile_units_height_and_offset() {
        let s = applied(Endpoint::Profile, "allenporter-fitbit-web-api/user_profile.json");
        let u = s.units.unwrap();
        assert_eq!((u.distance, u.weight, u.volume), (DistanceUnit::Miles, WeightUnit::Pounds, VolumeUnit::FluidOunces));
        assert_eq!(s.height_m, Some(1.8));
        let uk = unit_prefs(&serde_json::json!({"weightUnit":"en_GB","distanceUnit":"METRIC"}));
        assert_eq!((uk.weight, uk.distance), (WeightUnit::Stone, DistanceUnit::Kilometers));
        assert_eq!(utc_offset_ms(&fixture("allenporter-fitbit-web-api/user_profile.json")), Some(-25_200_000));
    }

    #[test]
    fn intraday_curves_from_the_fixtures() {
        let s = applied(Endpoint::StepsIntraday, "Fitbit.NET/IntradayActivitiesSteps.json");
        let c = s.intraday[&Intraday::Steps].ready().unwrap();
        assert_eq!(c[0], (0, 1.0));
        assert_eq!(c[1], (1, 2.0));
        let h = applied(Endpoint::HeartIntraday, "allenporter-fitbit-web-api/heart_rate_intraday.json");
        assert_eq!(h.intraday[&Intraday::HeartRate].ready().unwrap()[0], (0, 67.0));
        let mut empty = Snapshot::loading(Origin::Fitbit, today());
        apply(Endpoint::StepsIntraday, r#"{"activities-steps-intraday":{"dataset":[]}}"#, &mut empty).unwrap();
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
        assert!(apply(Endpoint::Steps, r#"{"activities-steps": [{"dateTime": "20"#, &mut s).is_err());
        assert!(apply(Endpoint::Steps, "42", &mut s).is_err());
    }

    #[test]
    fn a_sparse_profile_still_maps() {
        let p = profile(r#"{"user":{"displayName":"  "}}"#).unwrap();
        assert_eq!(p.display_name, "Fitbit user");
        assert_eq!(p.member_since, None);
        assert!(profile(r#"{"nope":1}"#).is_err());
    }
}
