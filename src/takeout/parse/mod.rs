//! One reader per family: each turns an entry's bytes into values for the [`Agg`], in the
//! family's units and clock (takeout-format.md §3–4). CSV by header name, never by column
//! position (columns were added over the years); the per-minute legacy JSON by a scanner (a
//! `serde_json::Value` per sample would be far slower on years of heart rate); the small
//! legacy JSON files (sleep, exercise, weight, resting heart rate) as a `Value`.

use super::agg::{Agg, Fold};
use super::classify::Family;
use super::clock::{Stamp, Zone};
use crate::date::Date;
use crate::model::{Exercise, Intraday, Metric, SleepLog, SleepStages};
use serde_json::Value;

/// Calls `f` with the fields of each row of an RFC 4180 CSV (quoted commas, quotes, CRLF).
/// Rows that are not UTF-8 are counted, not passed.
pub fn csv_rows(bytes: &[u8], mut f: impl FnMut(&[&str])) -> u64 {
    // Files without a quote (the per-minute families: tens of millions of rows) are split by
    // hand, several times faster than the general reader below.
    if !bytes.contains(&b'"') {
        let mut bad = 0;
        for line in lines(bytes) {
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            if line.is_empty() {
                continue;
            }
            let Ok(line) = std::str::from_utf8(line) else {
                bad += 1;
                continue;
            };
            let mut fields = [""; 64];
            let mut n = 0;
            for field in line.split(',').take(64) {
                fields[n] = field;
                n += 1;
            }
            f(&fields[..n]);
        }
        return bad;
    }
    use csv_core::ReadRecordResult::*;
    let mut rdr = csv_core::Reader::new();
    let (mut out, mut ends) = (vec![0u8; 1024], vec![0usize; 32]);
    let (mut input, mut o, mut e, mut bad) = (bytes, 0, 0, 0);
    loop {
        let (res, nin, nout, nend) = rdr.read_record(input, &mut out[o..], &mut ends[e..]);
        input = &input[nin..];
        o += nout;
        e += nend;
        match res {
            InputEmpty => continue,
            OutputFull => out.resize(out.len() * 2, 0),
            OutputEndsFull => ends.resize(ends.len() * 2, 0),
            Record => {
                // No allocation per row (years of heart rate are tens of millions of rows);
                // the files read here have a dozen columns at most.
                let mut fields = [""; 64];
                let mut start = 0;
                let mut ok = true;
                for (i, &end) in ends[..e.min(64)].iter().enumerate() {
                    match std::str::from_utf8(&out[start..end]) {
                        Ok(s) => fields[i] = s,
                        Err(_) => ok = false,
                    }
                    start = end;
                }
                if ok {
                    f(&fields[..e.min(64)]);
                } else {
                    bad += 1;
                }
                o = 0;
                e = 0;
            }
            End => return bad,
        }
    }
}

/// A CSV read by header names: `f` gets the named columns of each row (in `names`' order) and
/// the `data source` cell when there is one. `Err` names the first missing column.
fn table(
    bytes: &[u8],
    names: &[&str],
    mut f: impl FnMut(&[&str], Option<&str>),
) -> Result<(), String> {
    if !bytes.contains(&b'"') {
        return plain_table(bytes, names, f);
    }
    let mut cols: Option<(Vec<usize>, Option<usize>)> = None;
    let mut missing = None;
    csv_rows(bytes, |row| match &cols {
        None if missing.is_none() => {
            let find = |n: &str| row.iter().position(|h| h.trim().eq_ignore_ascii_case(n));
            match names
                .iter()
                .map(|n| find(n).ok_or(*n))
                .collect::<Result<Vec<_>, _>>()
            {
                Ok(ix) => cols = Some((ix, find("data source"))),
                Err(n) => missing = Some(n.to_string()),
            }
        }
        None => {}
        Some((ix, src)) => {
            let mut picked = [""; 8];
            for (p, &i) in picked.iter_mut().zip(ix.iter()) {
                *p = row.get(i).copied().unwrap_or("");
            }
            f(&picked[..ix.len()], src.and_then(|s| row.get(s).copied()));
        }
    });
    match missing {
        Some(n) => Err(format!("no \"{n}\" column")),
        None => Ok(()),
    }
}

/// [`table`] of a file without quotes (the per-minute families, tens of millions of rows):
/// each line split once, only the wanted cells kept, nothing allocated per row.
fn plain_table(
    bytes: &[u8],
    names: &[&str],
    mut f: impl FnMut(&[&str], Option<&str>),
) -> Result<(), String> {
    let mut lines = lines(bytes)
        .map(|l| l.strip_suffix(b"\r").unwrap_or(l))
        .filter(|l| !l.is_empty());
    let Some(header) = lines.next() else {
        return Ok(());
    };
    let header: Vec<&str> = std::str::from_utf8(header)
        .map_err(|_| "the header is not text".to_string())?
        .split(',')
        .map(str::trim)
        .collect();
    let find = |n: &str| header.iter().position(|h| h.eq_ignore_ascii_case(n));
    let ix = names
        .iter()
        .map(|n| find(n).ok_or_else(|| format!("no \"{n}\" column")))
        .collect::<Result<Vec<_>, _>>()?;
    let src = find("data source");
    let last = ix.iter().copied().chain(src).max().unwrap_or(0);
    for line in lines {
        let Ok(line) = std::str::from_utf8(line) else {
            continue;
        };
        let (mut picked, mut source) = ([""; 8], None);
        for (i, cell) in line.split(',').enumerate().take(last + 1) {
            if Some(i) == src {
                source = Some(cell);
            }
            for (p, &want) in picked.iter_mut().zip(&ix) {
                if want == i {
                    *p = cell;
                }
            }
        }
        f(&picked[..ix.len()], source);
    }
    Ok(())
}

/// The lines of a file (its line ends found with `memchr`, several bytes at a time).
fn lines(bytes: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut start = 0;
    let ends = memchr::memchr_iter(b'\n', bytes).chain(std::iter::once(bytes.len()));
    ends.filter_map(move |end| {
        let line = bytes.get(start..end)?;
        start = end + 1;
        Some(line)
    })
}

/// Whether a file without quotes starts with the header columns `a,b`.
fn leading_pair(bytes: &[u8], a: &str, b: &str) -> bool {
    let header = bytes.split(|c| *c == b'\n').next().unwrap_or(b"");
    let mut cols = header.split(|c| *c == b',').map(|c| c.trim_ascii());
    // Quoted leading cells go the general way (checked on the header and the first row; a
    // quote further right is stepped over by `line_end`).
    let first_row = bytes
        .get(header.len() + 1..)
        .and_then(|r| r.split(|c| *c == b'\n').next())
        .unwrap_or(b"");
    cols.next()
        .is_some_and(|c| c.eq_ignore_ascii_case(a.as_bytes()))
        && cols
            .next()
            .is_some_and(|c| c.eq_ignore_ascii_case(b.as_bytes()))
        && !header.contains(&b'"')
        && !first_row.contains(&b'"')
}

/// Where the line holding `row[from..]` ends (the index of its `\n`, or `row.len()`), stepping
/// over quoted cells, which may hold commas and line ends.
fn line_end(row: &[u8], from: usize) -> usize {
    let mut i = from.min(row.len());
    loop {
        match memchr::memchr2(b'\n', b'"', &row[i..]) {
            None => return row.len(),
            Some(k) if row[i + k] == b'\n' => return i + k,
            // A quoted cell: to its closing quote (a doubled quote is a quote inside it).
            Some(k) => {
                i += k + 1;
                loop {
                    match memchr::memchr(b'"', &row[i..]) {
                        None => return row.len(),
                        Some(q) if row.get(i + q + 1) == Some(&b'"') => i += q + 2,
                        Some(q) => {
                            i += q + 1;
                            break;
                        }
                    }
                }
            }
        }
    }
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

/// [`num`] of bytes (the heart-rate rows' `72.0`).
fn num_bytes(b: &[u8]) -> Option<f64> {
    match b {
        [i @ b'0'..=b'9', b'.', f @ b'0'..=b'9'] => {
            Some((i - b'0') as f64 + (f - b'0') as f64 / 10.0)
        }
        [i @ b'0'..=b'9', j @ b'0'..=b'9', b'.', f @ b'0'..=b'9'] => {
            Some(((i - b'0') * 10 + (j - b'0')) as f64 + (f - b'0') as f64 / 10.0)
        }
        [i @ b'0'..=b'9', j @ b'0'..=b'9', k @ b'0'..=b'9', b'.', f @ b'0'..=b'9'] => Some(
            ((i - b'0') as f64 * 100.0 + ((j - b'0') * 10 + (k - b'0')) as f64)
                + (f - b'0') as f64 / 10.0,
        ),
        _ => num(std::str::from_utf8(b).ok()?),
    }
}

/// A number cell: plain decimals (`72`, `72.0`, `-0.35`) read directly, anything else
/// (`NaN`, exponents) by the standard parser.
fn num(s: &str) -> Option<f64> {
    let s = s.trim();
    let b = s.as_bytes();
    let (neg, digits) = match b.first() {
        Some(b'-') => (true, &b[1..]),
        _ => (false, b),
    };
    let (mut int, mut frac, mut scale, mut seen_dot) = (0u64, 0u64, 1u64, false);
    if digits.is_empty() || digits.len() > 15 {
        return s.parse().ok();
    }
    for &c in digits {
        match c {
            b'0'..=b'9' if seen_dot => {
                frac = frac * 10 + (c - b'0') as u64;
                scale *= 10;
            }
            b'0'..=b'9' => int = int * 10 + (c - b'0') as u64,
            b'.' if !seen_dot => seen_dot = true,
            _ => return s.parse().ok(),
        }
    }
    let v = int as f64 + frac as f64 / scale as f64;
    Some(if neg { -v } else { v })
}

/// How each metric's day is made from its values.
pub fn fold(m: Metric) -> Fold {
    match m {
        Metric::Steps
        | Metric::Distance
        | Metric::Floors
        | Metric::CaloriesOut
        | Metric::ActiveZoneMinutes
        | Metric::ActiveMinutes
        | Metric::MinutesAsleep
        | Metric::CaloriesIn
        | Metric::Water
        | Metric::SnoreMinutes => Fold::Sum,
        Metric::Weight | Metric::BodyFat | Metric::Bmi => Fold::Last,
        _ => Fold::Mean,
    }
}

/// Reads one entry of `family` into `agg`. `Err` says why the file was left out.
pub fn read(
    family: Family,
    bytes: &[u8],
    agg: &mut Agg,
    zone: &mut impl Zone,
) -> Result<(), String> {
    // "no data" placeholders (7 bytes) and empty files are not errors (trap T5).
    let trimmed = bytes.trim_ascii();
    if trimmed.is_empty() || trimmed == b"no data" {
        agg.drop("empty file (\"no data\")");
        return Ok(());
    }
    use Family::*;
    match family {
        JsonSteps | JsonDistance | JsonCalories | JsonHeartRate => {
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
        JsonRestingHeartRate => json_array(bytes, agg, |item, agg| {
            let value = item["value"]["value"].as_f64().unwrap_or(0.0);
            // `{date: null, value: 0}` fills the year past the export (trap T9).
            if value <= 0.0 || item["value"]["date"].is_null() {
                return Err("placeholder without a value");
            }
            let s =
                Stamp::parse(item["dateTime"].as_str().unwrap_or("")).ok_or("unreadable time")?;
            agg.add(Metric::RestingHeartRate, family, s.date, value, Fold::Mean);
            Ok(())
        }),
        // `{"dateTime":"03/19/26 00:00:00","value":"1"}`: a calendar label, minutes as text.
        JsonActiveMinutes => json_array(bytes, agg, |item, agg| {
            let s =
                Stamp::parse(item["dateTime"].as_str().unwrap_or("")).ok_or("unreadable time")?;
            let v = item["value"]
                .as_str()
                .and_then(|v| v.parse::<f64>().ok())
                .or_else(|| item["value"].as_f64())
                .ok_or("empty or unreadable value")?;
            // A zero is how these files pad the weeks past the export (trap T9): a day with no
            // moderate or very minute at all stays a gap, never a false 0 after the export.
            if v > 0.0 {
                agg.add(Metric::ActiveMinutes, family, s.date, v, Fold::Sum);
            }
            Ok(())
        }),
        JsonWeight => json_array(bytes, agg, |item, agg| {
            let s = Stamp::parse(item["date"].as_str().unwrap_or("")).ok_or("unreadable time")?;
            // The weight itself is in the person's unit (pounds or kilograms), which the export
            // does not state: only the unit-free BMI and body fat are taken from here.
            if let Some(bmi) = item["bmi"].as_f64() {
                agg.add(Metric::Bmi, family, s.date, bmi, Fold::Last);
            }
            if let Some(fat) = item["fat"].as_f64() {
                agg.add(Metric::BodyFat, family, s.date, fat, Fold::Last);
            }
            Ok(())
        }),
        JsonSleep => json_array(bytes, agg, |item, agg| {
            let log = sleep_log(item).ok_or("sleep log without its times")?;
            let id = item["logId"].as_u64().ok_or("sleep log without an id")?;
            // A night at a 30-day boundary is in two files (trap T10): one copy by logId.
            agg.sleep.insert(id, log);
            Ok(())
        }),
        JsonExercise => json_array(bytes, agg, |item, agg| {
            let e = exercise(item, zone).ok_or("exercise without its time")?;
            agg.exercises.insert(e.log_id, e);
            Ok(())
        }),
        _ => read_csv(family, bytes, agg, zone),
    }
}

fn json_array(
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

/// "2026-04-13T03:48:00.000" → "03:48".
fn hh_mm(local: &str) -> Option<String> {
    let t = local.split_once('T')?.1;
    (t.len() >= 5).then(|| t[..5].to_string())
}

fn sleep_log(item: &Value) -> Option<SleepLog> {
    let u = |k: &str| item[k].as_u64().map(|v| v as u32);
    let summary = &item["levels"]["summary"];
    let minutes = |k: &str| summary[k]["minutes"].as_u64().map(|v| v as u32);
    // Classic logs say asleep/restless/awake: never read "awake" as a stage's "wake".
    let stages = match item["type"].as_str() {
        Some("stages") => Some(SleepStages::Stages {
            deep: minutes("deep")?,
            light: minutes("light")?,
            rem: minutes("rem")?,
            wake: minutes("wake")?,
        }),
        Some("classic") => Some(SleepStages::Classic {
            asleep: minutes("asleep")?,
            restless: minutes("restless")?,
            awake: minutes("awake")?,
        }),
        _ => None,
    };
    Some(SleepLog {
        date: Date::parse(item["dateOfSleep"].as_str()?).ok()?,
        start: hh_mm(item["startTime"].as_str()?)?,
        minutes_asleep: u("minutesAsleep")?,
        minutes_awake: u("minutesAwake").unwrap_or(0),
        time_in_bed: u("timeInBed").unwrap_or(0),
        minutes_to_fall_asleep: u("minutesToFallAsleep").unwrap_or(0),
        efficiency: item["efficiency"].as_u64().map(|v| v.min(100) as u8),
        is_main: item["mainSleep"]
            .as_bool()
            .unwrap_or(item["type"] == "stages"),
        stages,
    })
}

fn exercise(item: &Value, zone: &mut impl Zone) -> Option<Exercise> {
    // Start times are UTC without a marker (§3.1).
    let (date, secs) = Stamp::parse(item["startTime"].as_str()?)?.local_from_utc(zone);
    let ms = item["activeDuration"]
        .as_f64()
        .or_else(|| item["duration"].as_f64())?;
    let metres = match item["distanceUnit"].as_str() {
        Some("Mile") => 1609.344,
        Some("Kilometer") => 1000.0,
        Some("Meter") => 1.0,
        _ => f64::NAN,
    };
    Some(Exercise {
        name: item["activityName"]
            .as_str()
            .unwrap_or("Exercise")
            .to_string(),
        date,
        start: Some(format!("{:02}:{:02}", secs / 3600, secs / 60 % 60)),
        duration_min: (ms / 60_000.0).round() as u32,
        calories: item["calories"].as_f64(),
        avg_heart_rate: item["averageHeartRate"]
            .as_u64()
            .filter(|v| *v > 0)
            .map(|v| v as u32),
        steps: item["steps"].as_u64().map(|v| v as u32),
        distance: item["distance"]
            .as_f64()
            .map(|d| d * metres)
            .filter(|d| d.is_finite()),
        log_id: item["logId"].as_u64()?,
        // Routes are location data: an export's GPS folders are never read.
        has_route: false,
    })
}

fn read_csv(
    family: Family,
    bytes: &[u8],
    agg: &mut Agg,
    zone: &mut impl Zone,
) -> Result<(), String> {
    use Family::*;
    // (columns, metric, fold): one value column read as a number.
    let simple: Option<(&[&str], Metric)> = match family {
        CsvFloors => Some((&["timestamp", "floors"], Metric::Floors)),
        CsvActiveZoneMinutes => Some((&["timestamp", "total minutes"], Metric::ActiveZoneMinutes)),
        CsvRestingHeartRate => Some((&["timestamp", "beats per minute"], Metric::RestingHeartRate)),
        CsvHrv => Some((
            &["timestamp", "average heart rate variability milliseconds"],
            Metric::HeartRateVariability,
        )),
        CsvSpo2 => Some((
            &["timestamp", "average percentage"],
            Metric::OxygenSaturation,
        )),
        CsvBreathingRate => Some((&["timestamp", "breaths per minute"], Metric::BreathingRate)),
        CsvWeight => Some((&["timestamp", "weight grams"], Metric::Weight)),
        CsvBodyFat => Some((&["timestamp", "body fat percentage"], Metric::BodyFat)),
        FolderHrv => Some((&["timestamp", "rmssd"], Metric::HeartRateVariability)),
        FolderBreathingRate => Some((
            &["timestamp", "daily_respiratory_rate"],
            Metric::BreathingRate,
        )),
        FolderSpo2 => Some((&["timestamp", "average_value"], Metric::OxygenSaturation)),
        // Local naive minutes, fewer rows than the CSV tree's copy (takeout-format.md §2).
        FolderActiveZoneMinutes => {
            Some((&["date_time", "total_minutes"], Metric::ActiveZoneMinutes))
        }
        // A bare date label.
        CsvReadiness => Some((&["timestamp", "score"], Metric::Readiness)),
        _ => None,
    };
    // Daily files are labelled by date; floors, zone minutes, weight and fat are instants.
    let daily = matches!(
        family,
        CsvRestingHeartRate
            | CsvHrv
            | CsvSpo2
            | CsvBreathingRate
            | CsvSkinTemperature
            | CsvVo2Max
            | FolderHrv
            | FolderBreathingRate
            | FolderSpo2
            | CsvReadiness
            | StressScore
    );
    let mut on_day = |agg: &mut Agg, stamp: &str, m: Metric, v: Option<f64>| {
        let Some(s) = Stamp::parse(stamp) else {
            return agg.drop("unreadable time");
        };
        let Some(v) = v else {
            return agg.drop("empty or unreadable value");
        };
        // 50.0 is the sensor's invalid-reading floor, not a reading (trap T7).
        if m == Metric::OxygenSaturation && v == 50.0 {
            return agg.drop("SpO2 50.0 (no reading)");
        }
        let date = if daily {
            s.label(zone)
        } else {
            s.local(zone).0
        };
        let v = if m == Metric::Weight { v / 1000.0 } else { v };
        agg.add(m, family, date, v, fold(m));
    };
    if let Some((cols, m)) = simple {
        return table(bytes, cols, |r, _| on_day(agg, r[0], m, num(r[1])));
    }
    match family {
        // Fitbit's active minutes: moderate plus very (light ones do not count).
        CsvActiveMinutes => table(bytes, &["timestamp", "moderate", "very"], |r, src| {
            let (Some(s), Some(moderate), Some(very)) = (Stamp::parse(r[0]), num(r[1]), num(r[2]))
            else {
                return agg.drop("unreadable row");
            };
            let (d, _) = s.local(zone);
            agg.add_sourced(
                Metric::ActiveMinutes,
                family,
                d,
                src.unwrap_or(""),
                moderate + very,
            );
        }),
        CsvSteps | CsvDistance => {
            let (col, m) = if family == CsvSteps {
                ("steps", Metric::Steps)
            } else {
                ("distance", Metric::Distance)
            };
            table(bytes, &["timestamp", col], |r, src| {
                let (Some(s), Some(v)) = (Stamp::parse(r[0]), num(r[1])) else {
                    return agg.drop("unreadable row");
                };
                let (d, secs) = s.local(zone);
                agg.add_sourced(m, family, d, src.unwrap_or(""), v);
                if m == Metric::Steps {
                    agg.add_curve(Intraday::Steps, family, d, secs, v);
                }
            })
        }
        // Most of an export's rows: two leading columns read straight from the bytes, in one
        // pass (in wasm, without SIMD, every extra pass over half a gigabyte shows).
        CsvHeartRate if leading_pair(bytes, "timestamp", "beats per minute") => {
            // Samples come every few seconds: a minute's stamps share their first 16 bytes
            // (`2026-04-06T02:44`), so the local minute is worked out once per minute.
            let mut minute: Option<(&[u8], Date, u32)> = None;
            let mut p = memchr::memchr(b'\n', bytes).map_or(bytes.len(), |i| i + 1);
            while p < bytes.len() {
                let row = &bytes[p..];
                // `2026-04-06T02:44:00Z,72.0,…`: the stamp's 20 bytes, then the value.
                let c1 = if row.get(20) == Some(&b',') {
                    Some(20)
                } else {
                    row.iter()
                        .position(|b| matches!(b, b',' | b'\n'))
                        .filter(|&c| row[c] == b',')
                };
                // The value: digits and a point, up to the next comma or the line's end.
                let (mut v_end, mut stop) = (c1.map_or(0, |c| c + 1), false);
                if c1.is_some() {
                    while v_end < row.len() && (row[v_end].is_ascii_digit() || row[v_end] == b'.') {
                        v_end += 1;
                    }
                    stop = row
                        .get(v_end)
                        .is_some_and(|b| !matches!(b, b',' | b'\n' | b'\r'));
                }
                // The rest of the line, quoted cells included (a quoted cell may hold a line end).
                let next = line_end(row, v_end) + 1;
                p += next;
                let line = &row[..next.min(row.len())];
                let Some(c1) = c1.filter(|_| !stop) else {
                    if !line.trim_ascii().is_empty() {
                        agg.drop("unreadable row");
                    }
                    continue;
                };
                let ts = &row[..c1];
                let Some(v) = num_bytes(&row[c1 + 1..v_end]) else {
                    agg.drop("unreadable row");
                    continue;
                };
                let (d, secs) = match minute {
                    Some((pre, d, secs))
                        if ts.len() == 20 && ts.starts_with(pre) && ts[19] == b'Z' =>
                    {
                        (d, secs)
                    }
                    _ => {
                        let Some(s) = Stamp::parse_bytes(ts) else {
                            agg.drop("unreadable row");
                            continue;
                        };
                        let (d, secs) = s.local(zone);
                        let start = secs - secs % 60;
                        minute = (ts.len() == 20 && s.secs % 60 == secs % 60).then_some((
                            &ts[..16],
                            d,
                            start,
                        ));
                        (d, start)
                    }
                };
                agg.add_curve(Intraday::HeartRate, family, d, secs, v);
            }
            Ok(())
        }
        CsvHeartRate => table(bytes, &["timestamp", "beats per minute"], |r, _| {
            let (Some(s), Some(v)) = (Stamp::parse(r[0]), num(r[1])) else {
                return agg.drop("unreadable row");
            };
            let (d, secs) = s.local(zone);
            agg.add_curve(Intraday::HeartRate, family, d, secs, v);
        }),
        CsvSkinTemperature => table(
            bytes,
            &[
                "timestamp",
                "nightly temperature celsius",
                "baseline temperature celsius",
            ],
            |r, _| {
                // `NaN` until about three nights make a baseline (trap T6).
                let v = num(r[1]).zip(num(r[2])).map(|(n, b)| n - b);
                on_day(agg, r[0], Metric::SkinTemperatureDelta, v)
            },
        ),
        // The deviation from the baseline, dated by the local wake-up (`NaN` before a baseline).
        FolderSkinTemperature => table(
            bytes,
            &[
                "sleep_end",
                "temperature_samples",
                "baseline_relative_sample_sum",
            ],
            |r, _| {
                let v = num(r[2])
                    .zip(num(r[1]).filter(|n| *n > 0.0))
                    .map(|(sum, n)| sum / n);
                on_day(agg, r[0], Metric::SkinTemperatureDelta, v)
            },
        ),
        // The stamp ends in `Z` but is the local wake time (§3.1): its date as written.
        SleepScore => table(
            bytes,
            &[
                "timestamp",
                "overall_score",
                "duration_score",
                "composition_score",
                "revitalization_score",
            ],
            |r, _| {
                let Some(s) = Stamp::parse(r[0]) else {
                    return agg.drop("unreadable time");
                };
                let Some(v) = num(r[1]).filter(|v| *v > 0.0) else {
                    return agg.drop("empty or unreadable value");
                };
                agg.add(Metric::SleepScore, family, s.date, v, Fold::Last);
                // The parts (of 50, 25 and 25: `Metric::most`). Since 2026 duration and composition
                // are blank and `revitalization_score` repeats the overall score (75,,75,,): such a
                // row has no parts (left out, not zero), and a part beyond its maximum is not one.
                if r[2].trim().is_empty() && r[3].trim().is_empty() {
                    return;
                }
                for (m, cell) in [
                    (Metric::SleepScoreDuration, r[2]),
                    (Metric::SleepScoreComposition, r[3]),
                    (Metric::SleepScoreRevitalization, r[4]),
                ] {
                    if let Some(p) =
                        num(cell).filter(|p| m.most().is_some_and(|of| (0.0..=of).contains(p)))
                    {
                        agg.add(m, family, s.date, p, Fold::Last);
                    }
                }
            },
        ),
        // Rows that failed or have no data carry no score (§4.4).
        StressScore => table(
            bytes,
            &["DATE", "STRESS_SCORE", "STATUS", "CALCULATION_FAILED"],
            |r, _| {
                if r[3].eq_ignore_ascii_case("true") || r[2] == "NO_DATA" {
                    return agg.drop("stress score not calculated");
                }
                on_day(
                    agg,
                    r[0],
                    Metric::StressScore,
                    num(r[1]).filter(|v| *v > 0.0),
                )
            },
        ),
        // 2026 (an `algorithm_version` column): true UTC plus a real offset; 2025: the local
        // clock labelled `+0000` (takeout-format.md §3.1).
        HfSleeps => {
            let versioned = bytes
                .split(|b| *b == b'\n')
                .next()
                .is_some_and(|h| h.windows(17).any(|w| w == b"algorithm_version"));
            let cols = [
                "sleep_id",
                "sleep_type",
                "minutes_in_sleep_period",
                "minutes_to_fall_asleep",
                "minutes_asleep",
                "minutes_awake",
                "sleep_start",
                "sleep_end",
            ];
            let mut versions = std::collections::BTreeMap::new();
            if versioned {
                table(bytes, &["sleep_id", "algorithm_version"], |r, _| {
                    versions.insert(r[0].to_string(), r[1].to_string());
                })?;
            }
            table(bytes, &cols, |r, _| {
                let mut at = |s: &str| {
                    Stamp::parse(s).map(|st| {
                        if versioned {
                            st.local(zone)
                        } else {
                            (st.date, st.secs)
                        }
                    })
                };
                let (Some(id), Some(start), Some(end)) =
                    (r[0].parse::<u64>().ok(), at(r[6]), at(r[7]))
                else {
                    return agg.drop("unreadable row");
                };
                let n = |s: &str| num(s).map_or(0, |v| v.max(0.0) as u32);
                agg.hf_sleeps.push(super::agg::HfSleep {
                    id,
                    stages: r[1] == "STAGES",
                    start,
                    end,
                    in_bed: n(r[2]),
                    to_fall_asleep: n(r[3]),
                    asleep: n(r[4]),
                    awake: n(r[5]),
                    version: versions.get(r[0]).cloned().unwrap_or_default(),
                });
            })
        }
        HfSleepStages => table(
            bytes,
            &[
                "sleep_id",
                "sleep_stage_type",
                "sleep_stage_start",
                "sleep_stage_end",
            ],
            |r, _| {
                let (Some(id), Some(a), Some(b)) = (
                    r[0].parse::<u64>().ok(),
                    Stamp::parse(r[2]),
                    Stamp::parse(r[3]),
                ) else {
                    return agg.drop("unreadable row");
                };
                let secs = |s: Stamp| s.date.days_since_epoch() as i64 * 86_400 + s.secs as i64;
                let minutes = ((secs(b) - secs(a)).max(0) / 60) as u32;
                let slot = match r[1] {
                    "DEEP" => 0,
                    "LIGHT" => 1,
                    "REM" => 2,
                    "AWAKE" => 3,
                    _ => return,
                };
                agg.hf_stages.entry(id).or_insert([0; 4])[slot] += minutes;
            },
        ),
        // Starts in true UTC in every vintage seen; distances in millimetres.
        HfExercises => table(
            bytes,
            &[
                "exercise_id",
                "exercise_start",
                "exercise_end",
                "activity_name",
                "tracker_total_calories",
                "tracker_total_steps",
                "tracker_total_distance_mm",
                "tracker_avg_heart_rate",
            ],
            |r, _| {
                let (Some(id), Some(a), Some(b)) = (
                    r[0].parse::<u64>().ok(),
                    Stamp::parse(r[1]),
                    Stamp::parse(r[2]),
                ) else {
                    return agg.drop("unreadable row");
                };
                let (date, secs) = a.local(zone);
                let span = |s: Stamp| s.date.days_since_epoch() as i64 * 86_400 + s.secs as i64;
                let positive = |s: &str| num(s).filter(|v| *v > 0.0);
                agg.exercises.insert(
                    id,
                    Exercise {
                        name: if r[3].is_empty() {
                            "Exercise".into()
                        } else {
                            r[3].to_string()
                        },
                        date,
                        start: Some(format!("{:02}:{:02}", secs / 3600, secs / 60 % 60)),
                        duration_min: ((span(b) - span(a)).max(0) / 60) as u32,
                        calories: positive(r[4]),
                        avg_heart_rate: positive(r[7]).map(|v| v as u32),
                        steps: positive(r[5]).map(|v| v as u32),
                        distance: positive(r[6]).map(|mm| mm / 1000.0),
                        log_id: id,
                        has_route: false,
                    },
                );
            },
        ),
        // The last sync is a true UTC instant: shown in the person's local time, as devices do.
        Trackers => table(
            bytes,
            &[
                "tracker_name",
                "device_type",
                "batt_level",
                "last_sync_date_time",
            ],
            |r, _| {
                let name = [r[0], r[1]]
                    .into_iter()
                    .find(|n| !n.trim().is_empty())
                    .unwrap_or("Tracker")
                    .to_string();
                let last_sync = Stamp::parse(r[3]).map(|s| {
                    let (d, secs) = s.local(zone);
                    format!(
                        "{d}T{:02}:{:02}:{:02}",
                        secs / 3600,
                        secs / 60 % 60,
                        secs % 60
                    )
                });
                let battery = num(r[2])
                    .filter(|b| (0.0..=100.0).contains(b))
                    .map(|b| b as u8);
                agg.devices.push(crate::model::Device {
                    name,
                    kind: crate::model::DeviceKind::Tracker,
                    battery_percent: battery,
                    last_sync,
                });
            },
        ),
        // Local naive segment starts; a night belongs to the day it ends on, so a segment from
        // noon on counts for the next day. Minutes of segments labelled as snoring (the label is
        // "binary": 1/0 or true/false; no public sample shows which).
        Snore => table(
            bytes,
            &["timestamp", "snore_label", "sample_duration"],
            |r, _| {
                let Some(s) = Stamp::parse(r[0]) else {
                    return agg.drop("unreadable time");
                };
                let night = if s.secs >= 12 * 3600 {
                    s.date.add_days(1)
                } else {
                    s.date
                };
                let snoring = matches!(
                    r[1].trim().to_ascii_lowercase().as_str(),
                    "1" | "true" | "1.0"
                );
                let seconds = num(r[2]).filter(|v| *v > 0.0).unwrap_or(30.0);
                agg.add(
                    Metric::SnoreMinutes,
                    family,
                    night,
                    if snoring { seconds / 60.0 } else { 0.0 },
                    Fold::Sum,
                );
            },
        ),
        CsvVo2Max => {
            let col = [
                "demographic vo2max",
                "daily vo2 max value",
                "vo2 max value",
                "run VO2 max",
            ]
            .into_iter()
            .find(|c| table(bytes, &[c], |_, _| {}).is_ok())
            .ok_or("no VO2 max column")?;
            table(bytes, &["timestamp", col], |r, _| {
                on_day(agg, r[0], Metric::Vo2Max, num(r[1]))
            })
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests;
