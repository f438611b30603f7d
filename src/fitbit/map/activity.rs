//! Activity: the day's summary and goals, steps, active zone minutes, exercises (and their
//! GPS routes), minute-by-minute curves.

use super::*;

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
pub(super) fn curve(dataset: &Value) -> Slot<DayCurve> {
    let mut points: DayCurve = items(dataset, "")
        .into_iter()
        .filter_map(|p| {
            Some((
                crate::date::minute_of_day(p["time"].as_str()?)?,
                num(&p["value"])?,
            ))
        })
        .collect();
    crate::order::by_key(&mut points, |p| p.0 as i64);
    if points.is_empty() {
        Slot::NoData
    } else {
        Slot::Ready(points)
    }
}

/// The answer of [`Endpoint::DailySummary`].
pub(super) fn daily_summary(a: &Answer, snap: &mut Snapshot) -> Result<(), String> {
    let v = &a.json;
    let today = snap.today;
    let s = &v["summary"];
    let total_km = items(s, "distances")
        .into_iter()
        .find(|d| d["activity"] == "total")
        .and_then(|d| num(&d["distance"]));
    set_point(
        snap,
        Metric::Distance,
        today,
        total_km.map(|km| (km * 1_000_000.0).round() / 1000.0),
    );
    set_point(snap, Metric::Floors, today, num(&s["floors"]));
    set_point(snap, Metric::CaloriesOut, today, num(&s["caloriesOut"]));
    set_point(snap, Metric::Steps, today, num(&s["steps"]));
    // Fitbit's "active minutes": fairly plus very active (lightly active ones do not count).
    let active = num(&s["fairlyActiveMinutes"])
        .zip(num(&s["veryActiveMinutes"]))
        .map(|(f, v)| f + v);
    set_point(snap, Metric::ActiveMinutes, today, active);
    let g = &v["goals"];
    let mut goals = snap.goals.clone();
    for (m, key) in [
        (Metric::Steps, "steps"),
        (Metric::Floors, "floors"),
        (Metric::CaloriesOut, "caloriesOut"),
    ] {
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
    Ok(())
}

/// The answer of [`Endpoint::Steps`].
pub(super) fn steps(a: &Answer, snap: &mut Snapshot) -> Result<(), String> {
    let v = &a.json;
    let s = daily(v, "activities-steps", Metric::Steps, num);
    snap.series.insert(Metric::Steps, s);
    Ok(())
}

/// The answer of [`Endpoint::ActiveZoneMinutes`].
pub(super) fn active_zone_minutes(a: &Answer, snap: &mut Snapshot) -> Result<(), String> {
    let v = &a.json;
    let today = snap.today;
    // Fitbit lists only days with zone minutes: a day of the requested 30 that the
    // answer leaves out had none (0, not "no data").
    let mut points = match daily(
        v,
        "activities-active-zone-minutes",
        Metric::ActiveZoneMinutes,
        |x| num(&x["activeZoneMinutes"]),
    ) {
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
    snap.series.insert(
        Metric::ActiveZoneMinutes,
        series_slot(Metric::ActiveZoneMinutes, points),
    );
    Ok(())
}

/// The answer of [`Endpoint::Exercises`].
pub(super) fn exercises(a: &Answer, snap: &mut Snapshot) -> Result<(), String> {
    let v = &a.json;
    let list = items(v, "activities")
        .into_iter()
        .filter_map(|a| {
            let start = a["startTime"]
                .as_str()
                .or_else(|| a["originalStartTime"].as_str());
            let date = start
                .and_then(|s| Date::parse(s.get(..10)?).ok())
                .or_else(|| date_of(&a["startDate"]))?;
            let km = num(&a["distance"]).map(|d| match a["distanceUnit"].as_str() {
                Some("Mile") | Some("mi") => d * crate::units::METERS_PER_MILE / 1000.0,
                _ => d,
            });
            Some(Exercise {
                name: a["activityName"]
                    .as_str()
                    .or_else(|| a["name"].as_str())
                    .unwrap_or("Exercise")
                    .to_string(),
                date,
                start: start.and_then(hh_mm),
                duration_min: (num(&a["activeDuration"])
                    .or_else(|| num(&a["duration"]))
                    .unwrap_or(0.0)
                    / 60_000.0)
                    .round() as u32,
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
    Ok(())
}

/// The answer of [`Endpoint::StepsIntraday`].
pub(super) fn steps_intraday(a: &Answer, snap: &mut Snapshot) -> Result<(), String> {
    let v = &a.json;
    snap.intraday.insert(
        Intraday::Steps,
        curve(&v["activities-steps-intraday"]["dataset"]),
    );
    Ok(())
}

/// The answer of [`Endpoint::HeartIntraday`].
pub(super) fn heart_intraday(a: &Answer, snap: &mut Snapshot) -> Result<(), String> {
    let v = &a.json;
    snap.intraday.insert(
        Intraday::HeartRate,
        curve(&v["activities-heart-intraday"]["dataset"]),
    );
    Ok(())
}
