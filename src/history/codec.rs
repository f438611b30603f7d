//! The stored parts' text: JSON arrays of rows, written and read by hand (numbers) and by
//! each record's [`FromJson`] (a sleep log, an exercise…): serde's derived readers would cost
//! tens of kilobytes of wasm. Every row ends with its source; the rows of the values shown
//! come first, then those kept under them (`layer`), so a key read a second time is "under".
//! Rows of version 1 (food, zones and curves without a source) read as their store's source's.

use super::{History, Part};
use crate::date::Date;
use crate::jsontext::{self, num, FromJson};
use crate::model::{Exercise, HeartZone, Intraday, Metric, NutritionDay, Origin, SleepLog};
use serde::Serialize;

fn origin_code(o: Origin) -> u8 {
    o as u8
}

pub(super) fn origin_of(c: u8) -> Origin {
    Origin::ALL
        .get(c as usize)
        .copied()
        .unwrap_or(Origin::Archive)
}

pub(super) fn part_key(person: &str, part: Part) -> String {
    match part {
        Part::Days(m) => format!("{person}/days/{}", m.key()),
        Part::Sleep => format!("{person}/sleep"),
        Part::Exercises => format!("{person}/exercises"),
        Part::Nutrition => format!("{person}/nutrition"),
        Part::Zones => format!("{person}/zones"),
        Part::Curves(k, y, m) => format!("{person}#curves/{}/{y:04}-{m:02}", k.key()),
        Part::Sums(m) => format!("{person}/sums/{}", m.key()),
    }
}

pub(super) fn to_json<T: Serialize>(v: &T) -> String {
    serde_json::to_string(v).expect("serialisable")
}

/// `[a,b,…]` from element texts.
fn array(items: impl Iterator<Item = String>) -> String {
    format!("[{}]", items.collect::<Vec<_>>().join(","))
}

/// The parts are JSON arrays of rows. Numbers are written and read by hand, and a row's
/// record (a sleep log, an exercise…) written by serde and read by its [`FromJson`]: serde's
/// derived readers would cost tens of kilobytes of wasm. Every row ends with its source; the
/// rows of values shown come first, then those kept under them (`layer`), so reading a key a
/// second time means "under".
pub(super) fn encode(h: &History, part: Part) -> String {
    let u = &h.under;
    let row = |json: String, o: Origin| format!("[{json},{}]", origin_code(o));
    let dated =
        |d: &Date, json: String, o: &Origin| format!("[\"{d}\",{json},{}]", origin_code(*o));
    match part {
        Part::Days(m) => {
            let day = |d: &Date, v: &f64, o: &Origin| {
                format!("[{},{v},{}]", d.days_since_epoch(), origin_code(*o))
            };
            let none = (Default::default(), Default::default());
            let top = h.days.get(&m).unwrap_or(&none.0);
            let under = u.days.get(&m).unwrap_or(&none.1);
            array(layered(top, under).map(|(d, (v, o))| day(d, v, o)))
        }
        Part::Sleep => array(
            h.sleep
                .values()
                .chain(u.sleep.values().flatten())
                .map(|(l, o)| row(to_json(l), *o)),
        ),
        Part::Exercises => array(
            h.exercises
                .values()
                .chain(u.exercises.values().flatten())
                .map(|(e, o)| row(to_json(e), *o)),
        ),
        Part::Nutrition => {
            array(layered(&h.nutrition, &u.nutrition).map(|(d, (n, o))| dated(d, to_json(n), o)))
        }
        Part::Zones => {
            array(layered(&h.zones, &u.zones).map(|(d, (z, o))| dated(d, to_json(z), o)))
        }
        Part::Curves(k, y, m) => array(
            layered(&h.curves, &u.curves)
                .filter(|((kind, d), _)| *kind == k && d.ymd().0 == y && d.ymd().1 == m)
                .map(|((_, d), (c, o))| {
                    format!(
                        "[{},{},{}]",
                        d.days_since_epoch(),
                        array(c.iter().map(|(t, v)| format!("[{t},{v}]"))),
                        origin_code(*o)
                    )
                }),
        ),
        Part::Sums(m) => array(
            h.sums
                .get(&m)
                .into_iter()
                .flatten()
                .flat_map(|(d, shares)| {
                    shares.iter().map(move |(file, src, v)| {
                        format!(
                            "[{},{},{},{v}]",
                            d.days_since_epoch(),
                            to_json(file),
                            to_json(src)
                        )
                    })
                }),
        ),
    }
}

/// The shown values of a map, then those kept under them.
fn layered<'a, K, V>(
    top: &'a std::collections::BTreeMap<K, (V, Origin)>,
    under: &'a super::layer::Layer<K, V>,
) -> impl Iterator<Item = (&'a K, &'a (V, Origin))> {
    top.iter().chain(
        under
            .iter()
            .flat_map(|(k, l)| l.iter().map(move |v| (k, v))),
    )
}

/// Adds a decoded row: the first of its key is shown, a later one was kept under it; a row
/// of a source the key already has replaces it (a part read twice reads the same).
fn keep<K: Ord, V>(
    top: &mut std::collections::BTreeMap<K, (V, Origin)>,
    under: &mut super::layer::Layer<K, V>,
    k: K,
    v: (V, Origin),
) {
    match top.get_mut(&k) {
        None => {
            top.insert(k, v);
        }
        Some(shown) if shown.1 == v.1 => *shown = v,
        Some(_) => {
            let list = under.entry(k).or_default();
            match list.iter_mut().find(|(_, o)| *o == v.1) {
                Some(kept) => *kept = v,
                None => list.push(v),
            }
        }
    }
}

/// Each row of `text` split into exactly `n` fields.
fn rows(text: &str, n: usize) -> Option<Vec<Vec<&str>>> {
    jsontext::array(text)?
        .into_iter()
        .map(|r| jsontext::array(r).filter(|f| f.len() == n))
        .collect()
}

fn day(s: &str) -> Option<Date> {
    num::<i32>(s).map(Date::from_days_since_epoch)
}

fn date(s: &str) -> Option<Date> {
    Date::parse(s.strip_prefix('"')?.strip_suffix('"')?).ok()
}

/// Each row of `text` split into `n` fields, or `n + 1` (its source last: version 2).
fn rows_or_more(text: &str, n: usize) -> Option<Vec<Vec<&str>>> {
    jsontext::array(text)?
        .into_iter()
        .map(|r| jsontext::array(r).filter(|f| f.len() == n || f.len() == n + 1))
        .collect()
}

/// A row's source: its last field when it has `n + 1`, else `fallback` (the source whose
/// store of version 1 it comes from).
fn source(r: &[&str], n: usize, fallback: Origin) -> Option<Origin> {
    if r.len() > n {
        num(r[n]).map(origin_of)
    } else {
        Some(fallback)
    }
}

/// Reads one stored part into `h` (rows without a source: `fallback`'s). An unreadable part
/// is skipped (the rest still shows), and said: `false`.
pub(super) fn decode(h: &mut History, rest: &str, text: &str, fallback: Origin) -> bool {
    let ok = if let Some(m) = rest.strip_prefix("days/") {
        Metric::from_key(m).and_then(|m| decode_days(h, m, text))
    } else if let Some(m) = rest.strip_prefix("sums/") {
        Metric::from_key(m).and_then(|m| decode_sums(h, m, text))
    } else if let Some(k) = rest.strip_prefix("curves/") {
        let kind = k.split_once('/').and_then(|(k, _)| Intraday::from_key(k));
        kind.and_then(|k| decode_curves(h, k, text, fallback))
    } else {
        decode_sessions(h, rest, text, fallback)
    };
    ok.is_some()
}

/// A metric's days: the first row of a day is shown, a second one was kept under it.
fn decode_days(h: &mut History, m: Metric, text: &str) -> Option<()> {
    let rows = rows(text, 3)?;
    let (mut days, mut under) = Default::default();
    for r in rows {
        let v = (num::<f64>(r[1])?, origin_of(num(r[2])?));
        keep(&mut days, &mut under, day(r[0])?, v);
    }
    h.days.insert(m, days);
    if under.is_empty() {
        h.under.days.remove(&m);
    } else {
        h.under.days.insert(m, under);
    }
    Some(())
}

fn decode_sums(h: &mut History, m: Metric, text: &str) -> Option<()> {
    let days = h.sums.entry(m).or_default();
    for r in rows(text, 4)? {
        let share = (
            jsontext::string(r[1])?,
            jsontext::string(r[2])?,
            num::<f64>(r[3])?,
        );
        days.entry(day(r[0])?).or_default().push(share);
    }
    Some(())
}

fn decode_curves(h: &mut History, k: Intraday, text: &str, fallback: Origin) -> Option<()> {
    for r in rows_or_more(text, 2)? {
        let curve = rows(r[1], 2)?
            .iter()
            .map(|p| Some((num(p[0])?, num(p[1])?)))
            .collect::<Option<_>>()?;
        let v = (curve, source(&r, 2, fallback)?);
        keep(&mut h.curves, &mut h.under.curves, (k, day(r[0])?), v);
    }
    Some(())
}

/// Sleep, exercises, food and zones (meta and sources' records are read by their owners).
fn decode_sessions(h: &mut History, rest: &str, text: &str, fallback: Origin) -> Option<()> {
    let u = &mut h.under;
    match rest {
        "sleep" => {
            for r in rows(text, 2)? {
                let l = SleepLog::from_json(r[0])?;
                let key = super::sleep_key(&l);
                keep(&mut h.sleep, &mut u.sleep, key, (l, origin_of(num(r[1])?)));
            }
        }
        "exercises" => {
            for r in rows(text, 2)? {
                let e = Exercise::from_json(r[0])?;
                let id = e.log_id;
                keep(
                    &mut h.exercises,
                    &mut u.exercises,
                    id,
                    (e, origin_of(num(r[1])?)),
                );
            }
        }
        "nutrition" => {
            for r in rows_or_more(text, 2)? {
                let n = (NutritionDay::from_json(r[1])?, source(&r, 2, fallback)?);
                keep(&mut h.nutrition, &mut u.nutrition, date(r[0])?, n);
            }
        }
        "zones" => {
            for r in rows_or_more(text, 2)? {
                let z = (Vec::<HeartZone>::from_json(r[1])?, source(&r, 2, fallback)?);
                keep(&mut h.zones, &mut u.zones, date(r[0])?, z);
            }
        }
        _ => {}
    }
    Some(())
}
