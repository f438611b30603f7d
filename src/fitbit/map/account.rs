//! The account: profile (name, units, time zone), devices, friends' leaderboard.

use super::*;

/// `GET /1/user/-/profile.json`.
pub fn profile(body: &str) -> Result<Profile, String> {
    let v: Value = serde_json::from_str(body).map_err(|e| format!("unreadable profile: {e}"))?;
    let u = &v["user"];
    if !u.is_object() {
        return Err("unreadable profile: no user".into());
    }
    let text = |k: &str| u[k].as_str().map(String::from);
    let name = ["displayName", "firstName", "fullName"]
        .into_iter()
        .filter_map(text)
        .find(|n| !n.trim().is_empty());
    Ok(Profile {
        display_name: name.unwrap_or_else(|| "Fitbit user".into()),
        avatar_url: text("avatar150").or_else(|| text("avatar")),
        member_since: text("memberSince").and_then(|d| Date::parse(&d).ok()),
        time_zone: text("timezone"),
    })
}

pub(super) fn unit_pref<T>(v: &Value, us: T, uk: T, metric: T) -> T {
    match v.as_str() {
        Some("en_US") => us,
        Some("en_GB") => uk,
        _ => metric,
    }
}

/// The person's units, from the profile's per-quantity preferences.
pub fn unit_prefs(user: &Value) -> UnitPrefs {
    UnitPrefs {
        distance: unit_pref(
            &user["distanceUnit"],
            DistanceUnit::Miles,
            DistanceUnit::Kilometers,
            DistanceUnit::Kilometers,
        ),
        weight: unit_pref(
            &user["weightUnit"],
            WeightUnit::Pounds,
            WeightUnit::Stone,
            WeightUnit::Kilograms,
        ),
        volume: unit_pref(
            &user["waterUnit"],
            VolumeUnit::FluidOunces,
            VolumeUnit::Milliliters,
            VolumeUnit::Milliliters,
        ),
        temperature: unit_pref(
            &user["temperatureUnit"],
            TemperatureUnit::Fahrenheit,
            TemperatureUnit::Celsius,
            TemperatureUnit::Celsius,
        ),
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
    v["user"]["timezone"]
        .as_str()
        .filter(|z| !z.is_empty())
        .map(String::from)
}

/// The answer of [`Endpoint::Profile`].
pub(super) fn profile_answer(a: &Answer, snap: &mut Snapshot) -> Result<(), String> {
    let v = &a.json;
    snap.profile = Slot::Ready(profile(a.text)?);
    snap.units = Some(unit_prefs(&v["user"]));
    // Height is in centimetres with the metric header.
    snap.height_m = num(&v["user"]["height"])
        .filter(|h| *h > 50.0)
        .map(|cm| cm / 100.0);
    Ok(())
}

/// The answer of [`Endpoint::Devices`].
pub(super) fn devices(a: &Answer, snap: &mut Snapshot) -> Result<(), String> {
    let v = &a.json;
    // A bare array; an account without devices answers [].
    let devices = items(v, "")
        .into_iter()
        .map(|d| Device {
            id: d["id"].as_str().map(str::to_string),
            name: d["deviceVersion"].as_str().unwrap_or("Device").to_string(),
            kind: match d["type"].as_str() {
                Some("TRACKER") => DeviceKind::Tracker,
                Some("SCALE") => DeviceKind::Scale,
                _ => DeviceKind::Other,
            },
            battery_percent: num(&d["batteryLevel"])
                .map(|b| b.clamp(0.0, 100.0) as u8)
                .or_else(|| {
                    // Older devices only report a level word.
                    match d["battery"].as_str() {
                        Some("High") => Some(90),
                        Some("Medium") => Some(50),
                        Some("Low") => Some(15),
                        Some("Empty") => Some(0),
                        _ => None,
                    }
                }),
            last_sync: d["lastSyncTime"]
                .as_str()
                .map(|s| s.get(..19).unwrap_or(s).to_string()),
        })
        .collect();
    snap.devices = Slot::Ready(devices);
    Ok(())
}

/// The answer of [`Endpoint::Leaderboard`].
pub(super) fn leaderboard(a: &Answer, snap: &mut Snapshot) -> Result<(), String> {
    let v = &a.json;
    let people: Vec<&Value> = items(v, "included")
        .into_iter()
        .filter(|p| p["type"] == "person")
        .collect();
    let friends = items(v, "data")
        .into_iter()
        .filter(|r| r["type"] == "ranked-user" || r["type"] == "inactive-user")
        .map(|r| {
            let uid = r["relationships"]["user"]["data"]["id"]
                .as_str()
                .or_else(|| r["id"].as_str())
                .unwrap_or("");
            let person = people.iter().find(|p| p["id"].as_str() == Some(uid));
            let a = &r["attributes"];
            Friend {
                name: person
                    .and_then(|p| p["attributes"]["name"].as_str())
                    .unwrap_or("Friend")
                    .to_string(),
                rank: num(&a["step-rank"]).map(|x| x as u32),
                steps: num(&a["step-summary"]),
                is_me: person.is_some_and(|p| p["attributes"]["friend"] == false),
            }
        })
        .collect();
    snap.friends = list_slot(friends);
    Ok(())
}
