//! The per-minute families of the CSV tree (`Physical Activity_GoogleData`): active minutes,
//! steps, distance and heart rate (most of an export's rows).

use super::csv::{leading_pair, line_end, num, num_bytes, table};
use crate::date::Date;
use crate::model::{Intraday, Metric};
use crate::takeout::agg::Agg;
use crate::takeout::classify::Family;
use crate::takeout::clock::{Stamp, Zone};

/// Fitbit's active minutes: moderate plus very (light ones do not count).
pub(super) fn active_minutes(
    bytes: &[u8],
    agg: &mut Agg,
    zone: &mut impl Zone,
) -> Result<(), String> {
    table(bytes, &["timestamp", "moderate", "very"], |r, src| {
        let (Some(s), Some(moderate), Some(very)) = (Stamp::parse(r[0]), num(r[1]), num(r[2]))
        else {
            return agg.drop("unreadable row");
        };
        let (d, _) = s.local(zone);
        agg.add_sourced(
            Metric::ActiveMinutes,
            Family::CsvActiveMinutes,
            d,
            src.unwrap_or(""),
            moderate + very,
        );
    })
}

/// Steps (a day's sum and its curve) or distance, per data source.
pub(super) fn steps_or_distance(
    family: Family,
    bytes: &[u8],
    agg: &mut Agg,
    zone: &mut impl Zone,
) -> Result<(), String> {
    let (col, m) = if family == Family::CsvSteps {
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

/// Heart rate: straight from the bytes where the file starts with its two columns, else by
/// header names.
pub(super) fn heart_rate(bytes: &[u8], agg: &mut Agg, zone: &mut impl Zone) -> Result<(), String> {
    if leading_pair(bytes, "timestamp", "beats per minute") {
        heart_rate_rows(bytes, agg, zone);
        return Ok(());
    }
    table(bytes, &["timestamp", "beats per minute"], |r, _| {
        let (Some(s), Some(v)) = (Stamp::parse(r[0]), num(r[1])) else {
            return agg.drop("unreadable row");
        };
        let (d, secs) = s.local(zone);
        agg.add_curve(Intraday::HeartRate, Family::CsvHeartRate, d, secs, v);
    })
}

/// Most of an export's rows: two leading columns read straight from the bytes, in one pass (in
/// wasm, without SIMD, every extra pass over half a gigabyte shows).
fn heart_rate_rows(bytes: &[u8], agg: &mut Agg, zone: &mut impl Zone) {
    // Samples come every few seconds: a minute's stamps share their first 16 bytes
    // (`2026-04-06T02:44`), so the local minute is worked out once per minute.
    let mut minute: Option<(&[u8], Date, u32)> = None;
    let mut p = memchr::memchr(b'\n', bytes).map_or(bytes.len(), |i| i + 1);
    while p < bytes.len() {
        let row = &bytes[p..];
        let (c1, v_end) = stamp_and_value(row);
        // The rest of the line, quoted cells included (a quoted cell may hold a line end).
        let next = line_end(row, v_end) + 1;
        p += next;
        let line = &row[..next.min(row.len())];
        let Some(c1) = c1 else {
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
            Some((pre, d, secs)) if ts.len() == 20 && ts.starts_with(pre) && ts[19] == b'Z' => {
                (d, secs)
            }
            _ => {
                let Some(s) = Stamp::parse_bytes(ts) else {
                    agg.drop("unreadable row");
                    continue;
                };
                let (d, secs) = s.local(zone);
                let start = secs - secs % 60;
                minute =
                    (ts.len() == 20 && s.secs % 60 == secs % 60).then_some((&ts[..16], d, start));
                (d, start)
            }
        };
        agg.add_curve(Intraday::HeartRate, Family::CsvHeartRate, d, secs, v);
    }
}

/// Where a heart-rate row's first comma is (`None` when the row does not start with a cell and
/// a number), and where the number's digits end.
fn stamp_and_value(row: &[u8]) -> (Option<usize>, usize) {
    // `2026-04-06T02:44:00Z,72.0,…`: the stamp's 20 bytes, then the value.
    let c1 = if row.get(20) == Some(&b',') {
        Some(20)
    } else {
        row.iter()
            .position(|b| matches!(b, b',' | b'\n'))
            .filter(|&c| row[c] == b',')
    };
    let Some(c1) = c1 else {
        return (None, 0);
    };
    // The value: digits and a point, up to the next comma or the line's end.
    let mut v_end = c1 + 1;
    while v_end < row.len() && (row[v_end].is_ascii_digit() || row[v_end] == b'.') {
        v_end += 1;
    }
    let stop = row
        .get(v_end)
        .is_some_and(|b| !matches!(b, b',' | b'\n' | b'\r'));
    ((!stop).then_some(c1), v_end)
}
