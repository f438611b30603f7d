//! The legacy JSON of `Global Export Data`: the per-minute files by a scanner (a
//! `serde_json::Value` per sample would be far slower on years of heart rate), the small daily
//! files (resting heart rate, active minutes, weight) as one `Value` each.

use crate::model::{Intraday, Metric};
use crate::takeout::agg::{Agg, Fold};
use crate::takeout::classify::Family;
use crate::takeout::clock::{Stamp, Zone};
use serde_json::Value;

/// Steps, distance, calories and heart rate: a sample a minute (heart rate every few seconds).
pub(super) fn minutes(
    family: Family,
    bytes: &[u8],
    agg: &mut Agg,
    zone: &mut impl Zone,
) -> Result<(), String> {
    use Family::*;
    let text = std::str::from_utf8(bytes).map_err(|_| "not text".to_string())?;
    let bad = minute_samples(text, |stamp, v| {
        let Some(s) = Stamp::parse(stamp) else {
            return agg.drop("unreadable time");
        };
        match family {
            // Steps, distance and heart rate are stamped in UTC without a marker;
            // calories in local time (§3.1).
            JsonCalories => agg.add(Metric::CaloriesOut, family, s.date, v, Fold::Sum),
            JsonHeartRate => {
                let (d, secs) = s.local_from_utc(zone);
                agg.add_curve(Intraday::HeartRate, family, d, secs, v);
            }
            JsonSteps => {
                let (d, secs) = s.local_from_utc(zone);
                agg.add(Metric::Steps, family, d, v, Fold::Sum);
                agg.add_curve(Intraday::Steps, family, d, secs, v);
            }
            _ => {
                let (d, _) = s.local_from_utc(zone);
                // Centimetres.
                agg.add(Metric::Distance, family, d, v / 100.0, Fold::Sum);
            }
        }
    });
    for _ in 0..bad {
        agg.drop("unreadable value");
    }
    Ok(())
}

pub(super) fn resting_heart_rate(bytes: &[u8], agg: &mut Agg) -> Result<(), String> {
    json_array(bytes, agg, |item, agg| {
        let value = item["value"]["value"].as_f64().unwrap_or(0.0);
        // `{date: null, value: 0}` fills the year past the export (trap T9).
        if value <= 0.0 || item["value"]["date"].is_null() {
            return Err("placeholder without a value");
        }
        let s = Stamp::parse(item["dateTime"].as_str().unwrap_or("")).ok_or("unreadable time")?;
        agg.add(
            Metric::RestingHeartRate,
            Family::JsonRestingHeartRate,
            s.date,
            value,
            Fold::Mean,
        );
        Ok(())
    })
}

/// `{"dateTime":"03/19/26 00:00:00","value":"1"}`: a calendar label, minutes as text.
pub(super) fn active_minutes(bytes: &[u8], agg: &mut Agg) -> Result<(), String> {
    json_array(bytes, agg, |item, agg| {
        let s = Stamp::parse(item["dateTime"].as_str().unwrap_or("")).ok_or("unreadable time")?;
        let v = item["value"]
            .as_str()
            .and_then(|v| v.parse::<f64>().ok())
            .or_else(|| item["value"].as_f64())
            .ok_or("empty or unreadable value")?;
        // A zero is how these files pad the weeks past the export (trap T9): a day with no
        // moderate or very minute at all stays a gap, never a false 0 after the export.
        if v > 0.0 {
            agg.add(
                Metric::ActiveMinutes,
                Family::JsonActiveMinutes,
                s.date,
                v,
                Fold::Sum,
            );
        }
        Ok(())
    })
}

pub(super) fn weight(bytes: &[u8], agg: &mut Agg) -> Result<(), String> {
    json_array(bytes, agg, |item, agg| {
        let s = Stamp::parse(item["date"].as_str().unwrap_or("")).ok_or("unreadable time")?;
        // The weight itself is in the person's unit (pounds or kilograms), which the export
        // does not state: only the unit-free BMI and body fat are taken from here.
        if let Some(bmi) = item["bmi"].as_f64() {
            agg.add(Metric::Bmi, Family::JsonWeight, s.date, bmi, Fold::Last);
        }
        if let Some(fat) = item["fat"].as_f64() {
            agg.add(Metric::BodyFat, Family::JsonWeight, s.date, fat, Fold::Last);
        }
        Ok(())
    })
}

/// Calls `f` with each item of a file holding one JSON list; an `Err` is why the item is dropped.
pub(super) fn json_array(
    bytes: &[u8],
    agg: &mut Agg,
    mut f: impl FnMut(&Value, &mut Agg) -> Result<(), &'static str>,
) -> Result<(), String> {
    let v: Value = serde_json::from_slice(bytes).map_err(|e| format!("not readable JSON ({e})"))?;
    for item in v.as_array().ok_or("not a JSON list")? {
        if let Err(why) = f(item, agg) {
            agg.drop(why);
        }
    }
    Ok(())
}

/// Calls `f` with each `dateTime` and value of a legacy per-minute JSON array, where the value
/// is a string (`"13"`) or an object with `bpm`. Returns the count of samples it could not read.
pub fn minute_samples(text: &str, mut f: impl FnMut(&str, f64)) -> u64 {
    let mut bad = 0;
    let mut rest = text;
    while let Some(i) = rest.find("\"dateTime\"") {
        rest = &rest[i + 10..];
        let Some(stamp) = string_after_colon(rest) else {
            bad += 1;
            continue;
        };
        let Some(v) = rest.find("\"value\"") else {
            break;
        };
        let after = rest[v + 7..]
            .trim_start()
            .strip_prefix(':')
            .unwrap_or("")
            .trim_start();
        let value = if let Some(s) = after.strip_prefix('"') {
            s.split('"')
                .next()
                .and_then(|n| n.trim().parse::<f64>().ok())
        } else if after.starts_with('{') {
            let obj = &after[..after.find('}').unwrap_or(after.len())];
            obj.find("\"bpm\"")
                .and_then(|b| number_after_colon(&obj[b + 5..]))
        } else {
            number_after_colon(&rest[v + 7..])
        };
        match value {
            Some(v) => f(stamp, v),
            None => bad += 1,
        }
        rest = &rest[v + 7..];
    }
    bad
}

fn string_after_colon(s: &str) -> Option<&str> {
    let s = s
        .trim_start()
        .strip_prefix(':')?
        .trim_start()
        .strip_prefix('"')?;
    s.split('"').next()
}

fn number_after_colon(s: &str) -> Option<f64> {
    let s = s.trim_start().strip_prefix(':').unwrap_or(s).trim_start();
    let end = s
        .find(|c: char| !(c.is_ascii_digit() || "+-.eE".contains(c)))
        .unwrap_or(s.len());
    s[..end].parse().ok()
}
