//! History kept in parts: one record per metric, per session kind, per month of curves, plus
//! each source's own record (freshness, time zone, current state). Behind the small [`Parts`]
//! trait (IndexedDB in the browser, a map in tests). Every save is one transaction: all of a
//! refresh's parts or none.
//!
//! Keys: `{person}/meta` (the schema version), `{person}/days/{metric}`, `{person}/sleep`,
//! `{person}/exercises`, `{person}/nutrition`, `{person}/zones`, `{person}/live/{source}`, and
//! `{person}#curves/{kind}/{yyyy-mm}` (outside the `/` prefix, so painting reads no curve but
//! the month of the day viewed).

use super::{History, Part};
use crate::date::Date;
use crate::model::{Exercise, HeartZone, Intraday, Metric, NutritionDay, Origin, SleepLog};
use serde::{de::DeserializeOwned, Serialize};

/// The stored shape's version. A store of a newer version belongs to a newer pulsedeck in
/// another tab: it is neither read nor written (version 1 is the first).
pub const VERSION: u32 = 1;

#[derive(Clone, Debug, PartialEq)]
pub enum StoreError {
    /// No IndexedDB (a private window of some browsers, or storage blocked).
    Unavailable,
    /// The browser refused to store more.
    Quota,
    /// A newer version of pulsedeck keeps this store.
    Newer,
    Other(String),
}

#[allow(async_fn_in_trait)]
pub trait Parts {
    /// Every (key, value) whose key starts with `prefix`, in key order.
    async fn read(&self, prefix: &str) -> Result<Vec<(String, String)>, StoreError>;
    /// Writes `puts` in one transaction: all or nothing.
    async fn write(&self, puts: Vec<(String, String)>) -> Result<(), StoreError>;
    /// Deletes every key starting with `prefix`.
    async fn delete(&self, prefix: &str) -> Result<(), StoreError>;
}

/// The store's name for one person of one source ("fitbit-ABC123"): two accounts never share
/// a part.
pub fn person(source: Origin, account: &str) -> String {
    format!("{}-{account}", origin_key(source))
}

pub fn origin_key(o: Origin) -> &'static str {
    match o {
        Origin::Demo => "demo",
        Origin::Fitbit => "fitbit",
        Origin::GoogleHealth => "google",
        Origin::Archive => "archive",
    }
}

fn origin_code(o: Origin) -> u8 {
    o as u8
}

fn origin_of(c: u8) -> Origin {
    [Origin::Demo, Origin::Fitbit, Origin::GoogleHealth, Origin::Archive].get(c as usize).copied().unwrap_or(Origin::Archive)
}

/// A serde name as a key word ("steps", "heart_rate").
fn word<T: Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_default().trim_matches('"').to_string()
}

fn from_word<T: DeserializeOwned>(w: &str) -> Option<T> {
    serde_json::from_str(&format!("\"{w}\"")).ok()
}

fn part_key(person: &str, part: Part) -> String {
    match part {
        Part::Days(m) => format!("{person}/days/{}", word(&m)),
        Part::Sleep => format!("{person}/sleep"),
        Part::Exercises => format!("{person}/exercises"),
        Part::Nutrition => format!("{person}/nutrition"),
        Part::Zones => format!("{person}/zones"),
        Part::Curves(k, y, m) => format!("{person}#curves/{}/{y:04}-{m:02}", word(&k)),
    }
}

fn to_json<T: Serialize>(v: &T) -> String {
    serde_json::to_string(v).expect("serialisable")
}

fn encode(h: &History, part: Part) -> String {
    match part {
        Part::Days(m) => {
            let rows: Vec<(i32, f64, u8)> = h.days.get(&m).into_iter().flatten().map(|(d, (v, o))| (d.days_since_epoch(), *v, origin_code(*o))).collect();
            to_json(&rows)
        }
        Part::Sleep => to_json(&h.sleep.values().map(|(l, o)| (l, origin_code(*o))).collect::<Vec<_>>()),
        Part::Exercises => to_json(&h.exercises.values().map(|(e, o)| (e, origin_code(*o))).collect::<Vec<_>>()),
        Part::Nutrition => to_json(&h.nutrition.iter().collect::<Vec<_>>()),
        Part::Zones => to_json(&h.zones.iter().collect::<Vec<_>>()),
        Part::Curves(k, y, m) => {
            let rows: Vec<(i32, &Vec<(u16, u16)>)> = h
                .curves
                .iter()
                .filter(|((kind, d), _)| *kind == k && d.ymd().0 == y && d.ymd().1 == m)
                .map(|((_, d), c)| (d.days_since_epoch(), c))
                .collect();
            to_json(&rows)
        }
    }
}

/// Reads one stored part into `h`. An unreadable part is skipped (the rest still shows), and
/// said: `false`.
fn decode(h: &mut History, rest: &str, text: &str) -> bool {
    fn parse<T: DeserializeOwned>(t: &str) -> Option<T> {
        serde_json::from_str(t).ok()
    }
    let ok = if let Some(m) = rest.strip_prefix("days/") {
        from_word::<Metric>(m).zip(parse::<Vec<(i32, f64, u8)>>(text)).map(|(m, rows)| {
            h.days.insert(m, rows.into_iter().map(|(d, v, o)| (Date::from_days_since_epoch(d), (v, origin_of(o)))).collect());
        })
    } else if let Some(k) = rest.strip_prefix("curves/") {
        k.split_once('/').and_then(|(k, _)| from_word::<Intraday>(k)).zip(parse::<Vec<(i32, Vec<(u16, u16)>)>>(text)).map(|(k, rows)| {
            for (d, c) in rows {
                h.curves.insert((k, Date::from_days_since_epoch(d)), c);
            }
        })
    } else {
        match rest {
            "sleep" => parse::<Vec<(SleepLog, u8)>>(text).map(|rows| {
                h.sleep = rows.into_iter().map(|(l, o)| ((l.date, l.start.clone()), (l, origin_of(o)))).collect();
            }),
            "exercises" => parse::<Vec<(Exercise, u8)>>(text).map(|rows| {
                h.exercises = rows.into_iter().map(|(e, o)| (e.log_id, (e, origin_of(o)))).collect();
            }),
            "nutrition" => parse::<Vec<(Date, NutritionDay)>>(text).map(|rows| h.nutrition = rows.into_iter().collect()),
            "zones" => parse::<Vec<(Date, Vec<HeartZone>)>>(text).map(|rows| h.zones = rows.into_iter().collect()),
            // meta, live records: read by their owners.
            _ => Some(()),
        }
    };
    ok.is_some()
}

/// What a person's store holds.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Loaded {
    pub history: History,
    /// Each source's own record, as its owner wrote it: (source key, text).
    pub live: Vec<(String, String)>,
    /// Parts that could not be read (skipped, and left as they are until rewritten).
    pub unreadable: u32,
}

impl Loaded {
    pub fn live(&self, source: Origin) -> Option<&str> {
        self.live.iter().find(|(k, _)| k == origin_key(source)).map(|(_, v)| v.as_str())
    }
}

fn meta(v: u32) -> String {
    format!("{{\"v\":{v}}}")
}

/// The schema version of a meta record (a struct, not a `Value`: no second deserialiser).
fn version_of(text: &str) -> Option<u32> {
    #[derive(serde::Deserialize)]
    struct Meta {
        v: u32,
    }
    serde_json::from_str::<Meta>(text).ok().map(|m| m.v)
}

/// Reads a person's history (and the curves of `day`'s month).
pub async fn load(p: &impl Parts, person: &str, day: Date) -> Result<Loaded, StoreError> {
    let mut out = Loaded::default();
    let prefix = format!("{person}/");
    for (key, text) in p.read(&prefix).await? {
        let rest = &key[prefix.len()..];
        if rest == "meta" {
            if version_of(&text).is_none_or(|v| v > VERSION) {
                return Err(StoreError::Newer);
            }
        } else if let Some(src) = rest.strip_prefix("live/") {
            out.live.push((src.to_string(), text));
        } else if !decode(&mut out.history, rest, &text) {
            out.unreadable += 1;
        }
    }
    load_curves(p, person, &mut out.history, day).await?;
    Ok(out)
}

/// Adds the curves of `day`'s month to `h` (the day views read curves month by month).
pub async fn load_curves(p: &impl Parts, person: &str, h: &mut History, day: Date) -> Result<(), StoreError> {
    let (y, m, _) = day.ymd();
    let prefix = format!("{person}#curves/");
    for kind in [Intraday::Steps, Intraday::HeartRate] {
        for (key, text) in p.read(&format!("{prefix}{}/{y:04}-{m:02}", word(&kind))).await? {
            decode(h, &format!("curves/{}", &key[prefix.len()..]), &text);
        }
    }
    Ok(())
}

/// Writes the parts of `h` changed since it was loaded, and a source's own record, in one
/// transaction. On success nothing is dirty any more; on failure the store is as it was.
pub async fn save(p: &impl Parts, person: &str, h: &mut History, live: Option<(Origin, String)>) -> Result<(), StoreError> {
    let mut puts: Vec<(String, String)> = h.dirty.iter().map(|part| (part_key(person, *part), encode(h, *part))).collect();
    if let Some((src, text)) = live {
        puts.push((format!("{person}/live/{}", origin_key(src)), text));
    }
    if puts.is_empty() {
        return Ok(());
    }
    puts.push((format!("{person}/meta"), meta(VERSION)));
    p.write(puts).await?;
    h.dirty.clear();
    Ok(())
}

/// Deletes everything kept for a person (their data, every source's record).
pub async fn clear(p: &impl Parts, person: &str) -> Result<(), StoreError> {
    p.delete(&format!("{person}/")).await?;
    p.delete(&format!("{person}#")).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::MemParts;
    use futures::executor::block_on;

    #[test]
    fn a_newer_stores_version_is_neither_read_nor_overwritten() {
        let p = MemParts::default();
        block_on(p.write(vec![("fitbit-A/meta".into(), "{\"v\":9}".into()), ("fitbit-A/days/steps".into(), "[[1,2.0,1]]".into())])).unwrap();
        assert_eq!(block_on(load(&p, "fitbit-A", Date::from_days_since_epoch(1))), Err(StoreError::Newer));
        assert_eq!(p.get("fitbit-A/days/steps").as_deref(), Some("[[1,2.0,1]]"));
    }

    #[test]
    fn an_unreadable_part_is_skipped_and_the_rest_still_loads() {
        let p = MemParts::default();
        block_on(p.write(vec![
            ("fitbit-A/meta".into(), meta(VERSION)),
            ("fitbit-A/days/steps".into(), "not json".into()),
            ("fitbit-A/days/floors".into(), "[[20000,12.0,1]]".into()),
        ]))
        .unwrap();
        let l = block_on(load(&p, "fitbit-A", Date::from_days_since_epoch(20000))).unwrap();
        assert_eq!(l.unreadable, 1);
        assert_eq!(l.history.series(Metric::Floors).unwrap().points.len(), 1);
    }
}
