//! History kept in parts: one record per metric, per session kind, per month of curves, plus
//! each source's own record (freshness, time zone, current state). Behind the small [`Parts`]
//! trait (IndexedDB in the browser, a map in tests). Every save is one transaction: all of a
//! refresh's parts or none.
//!
//! Keys: `{person}/meta` (the schema version), `{person}/days/{metric}`, `{person}/sleep`,
//! `{person}/exercises`, `{person}/nutrition`, `{person}/zones`, `{person}/live/{source}`,
//! `{person}/sums/{metric}` (an imported export's shares behind its summed days), and
//! `{person}#curves/{kind}/{yyyy-mm}` (outside the `/` prefix, so painting reads no curve but
//! the month of the day viewed).

use super::codec::{decode, encode, part_key};
use super::History;
use crate::date::Date;
use crate::jsontext;
use crate::model::{Intraday, Origin};

/// The stored shape's version. A store of a newer version belongs to a newer pulsedeck in
/// another tab: it is read as far as it can be and never written. Version 1 kept one store
/// per source and account (`fitbit-{id}`, `google-{id}`, `archive-export`); version 2 keeps
/// one person (`me`), every row with its source, values outranked by another source's kept
/// under it (`person::adopt` moves a version 1 store in).
pub const VERSION: u32 = 2;

#[derive(Clone, Debug, PartialEq)]
pub enum StoreError {
    /// No IndexedDB (a private window of some browsers, or storage blocked).
    Unavailable,
    /// The browser refused to store more.
    Quota,
    /// A newer version of pulsedeck keeps this store.
    Newer,
    /// Another tab holds the database open and does not let go for this one's upgrade (an
    /// older pulsedeck, before tabs closed on `versionchange`).
    Blocked,
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
    /// Lets the page handle what waits (input, paint) in the middle of a long decode: the
    /// browser's store yields to the event loop; a test's counts.
    async fn breathe(&self) {}
}

/// Text decoded between two breaths: three years of parts (1 MB, most of it sleep stages)
/// took 50–60 ms on a slow 2-core machine, one main-thread task unless cut (the goal is none
/// over 50 ms); 256 KiB is about 10 ms of it.
pub const BREATH_BYTES: usize = 256 << 10;

/// The name version 1 gave the store of one source's account ("fitbit-ABC123").
pub fn legacy_person(source: Origin, account: &str) -> String {
    format!("{}-{account}", origin_key(source))
}

/// The source of a version 1 store, from its name.
fn legacy_origin(person: &str) -> Origin {
    let key = person.split('-').next().unwrap_or_default();
    Origin::ALL
        .into_iter()
        .find(|o| origin_key(*o) == key)
        .unwrap_or(Origin::Archive)
}

pub fn origin_key(o: Origin) -> &'static str {
    match o {
        Origin::Demo => "demo",
        Origin::Fitbit => "fitbit",
        Origin::GoogleHealth => "google",
        Origin::Archive => "archive",
    }
}

/// What a person's store holds.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Loaded {
    pub history: History,
    /// Each source's own record, as its owner wrote it: (source key, text).
    pub live: Vec<(String, String)>,
    /// Parts that could not be read (skipped, and left as they are until rewritten).
    pub unreadable: u32,
    /// A newer pulsedeck keeps this store: read as far as this version can, never written.
    pub newer: bool,
}

impl Loaded {
    pub fn live(&self, source: Origin) -> Option<&str> {
        self.live
            .iter()
            .find(|(k, _)| k == origin_key(source))
            .map(|(_, v)| v.as_str())
    }
}

pub(crate) fn meta(v: u32) -> String {
    format!("{{\"v\":{v}}}")
}

/// The schema version of a meta record (a struct, not a `Value`: no second deserialiser).
pub(crate) fn version_of(text: &str) -> Option<u32> {
    jsontext::Members::new(text)?.get("v")
}

/// Reads a person's history (and the curves of `day`'s month).
pub async fn load(p: &impl Parts, person: &str, day: Date) -> Result<Loaded, StoreError> {
    let mut out = load_parts(p, person).await?;
    load_curves(p, person, &mut out.history, day).await?;
    Ok(out)
}

/// Reads a person's history without any curve (for a caller that learns the day to show from
/// the source's own record, then reads that month's curves once).
pub async fn load_parts(p: &impl Parts, person: &str) -> Result<Loaded, StoreError> {
    let mut out = Loaded::default();
    let prefix = format!("{person}/");
    let mut since = 0;
    for (key, text) in p.read(&prefix).await? {
        since += text.len();
        if since > BREATH_BYTES {
            since = text.len();
            p.breathe().await;
        }
        let rest = &key[prefix.len()..];
        if rest == "meta" {
            out.newer = version_of(&text).is_none_or(|v| v > VERSION);
        } else if let Some(src) = rest.strip_prefix("live/") {
            out.live.push((src.to_string(), text));
        } else if !decode(&mut out.history, rest, &text, legacy_origin(person)) {
            out.unreadable += 1;
        }
    }
    Ok(out)
}

/// Adds the curves of `day`'s month to `h` (the day views read curves month by month).
pub async fn load_curves(
    p: &impl Parts,
    person: &str,
    h: &mut History,
    day: Date,
) -> Result<(), StoreError> {
    let (y, m, _) = day.ymd();
    let prefix = format!("{person}#curves/");
    for kind in Intraday::ALL {
        for (key, text) in p
            .read(&format!("{prefix}{}/{y:04}-{m:02}", kind.key()))
            .await?
        {
            decode(
                h,
                &format!("curves/{}", &key[prefix.len()..]),
                &text,
                legacy_origin(person),
            );
        }
    }
    Ok(())
}

/// Adds every stored curve to `h` (a change that rewrites curve months it did not read, such
/// as removing a source, must not lose their other days).
pub async fn load_all_curves(
    p: &impl Parts,
    person: &str,
    h: &mut History,
) -> Result<(), StoreError> {
    let prefix = format!("{person}#curves/");
    for (key, text) in p.read(&prefix).await? {
        decode(
            h,
            &format!("curves/{}", &key[prefix.len()..]),
            &text,
            legacy_origin(person),
        );
        p.breathe().await;
    }
    Ok(())
}

/// Adds the curves of every month in `months` (first days) to `h`, in one read per kind (an
/// import touching years of months must not make a round trip per month).
pub async fn load_curve_months(
    p: &impl Parts,
    person: &str,
    h: &mut History,
    months: &[Date],
) -> Result<(), StoreError> {
    let prefix = format!("{person}#curves/");
    let wanted: std::collections::BTreeSet<String> = months
        .iter()
        .map(|d| {
            let (y, m, _) = d.ymd();
            format!("{y:04}-{m:02}")
        })
        .collect();
    for kind in Intraday::ALL {
        let kind_prefix = format!("{prefix}{}/", kind.key());
        for (key, text) in p.read(&kind_prefix).await? {
            if wanted
                .iter()
                .any(|m| key[kind_prefix.len()..].starts_with(m.as_str()))
            {
                decode(
                    h,
                    &format!("curves/{}", &key[prefix.len()..]),
                    &text,
                    legacy_origin(person),
                );
            }
        }
    }
    Ok(())
}

/// Writes the parts of `h` changed since it was loaded, and a source's own record, in one
/// transaction. On success nothing is dirty any more; on failure the store is as it was. A
/// store a newer pulsedeck wrote meanwhile is refused (`Newer`): an old tab never writes over it.
pub async fn save(
    p: &impl Parts,
    person: &str,
    h: &mut History,
    live: Option<(Origin, String)>,
) -> Result<(), StoreError> {
    let extra = live
        .map(|(src, text)| (format!("{person}/live/{}", origin_key(src)), text))
        .into_iter()
        .collect();
    save_with(p, person, h, extra).await
}

/// [`save`], with `extra` entries (records, the schema version) in the same transaction.
pub async fn save_with(
    p: &impl Parts,
    person: &str,
    h: &mut History,
    extra: Vec<(String, String)>,
) -> Result<(), StoreError> {
    if p.read(&format!("{person}/meta"))
        .await?
        .iter()
        .any(|(_, t)| version_of(t).is_none_or(|v| v > VERSION))
    {
        return Err(StoreError::Newer);
    }
    let mut puts: Vec<(String, String)> = h
        .dirty
        .iter()
        .map(|part| (part_key(person, *part), encode(h, *part)))
        .collect();
    puts.extend(extra);
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
    use super::super::codec::{decode, encode, part_key, to_json};
    use super::super::Part;
    use super::*;
    use crate::model::{HeartZone, Metric, NutritionDay};
    use crate::testing::MemParts;
    use futures::executor::block_on;

    #[test]
    fn a_newer_stores_version_is_read_as_far_as_it_can_be_and_never_written() {
        let p = MemParts::default();
        block_on(p.write(vec![
            ("me/meta".into(), "{\"v\":9}".into()),
            ("me/days/steps".into(), "[[1,2.0,1]]".into()),
        ]))
        .unwrap();
        let l = block_on(load(&p, "me", Date::from_days_since_epoch(1))).unwrap();
        assert!(l.newer);
        assert_eq!(l.history.series(Metric::Steps).unwrap().points.len(), 1);
        let mut h = l.history;
        h.put_day(
            Metric::Steps,
            Date::from_days_since_epoch(2),
            5.0,
            Origin::Fitbit,
        );
        h.dirty.insert(Part::Days(Metric::Steps));
        let before = p
            .keys()
            .into_iter()
            .map(|k| (p.get(&k), k))
            .collect::<Vec<_>>();
        assert_eq!(
            block_on(save(&p, "me", &mut h, Some((Origin::Fitbit, "{}".into())))),
            Err(StoreError::Newer)
        );
        assert_eq!(
            p.keys()
                .into_iter()
                .map(|k| (p.get(&k), k))
                .collect::<Vec<_>>(),
            before
        );
        assert_eq!(p.get("me/days/steps").as_deref(), Some("[[1,2.0,1]]"));
    }

    /// Parts written by serde (the first version of the store wrote them so) read the same
    /// as parts written now: no migration needed.
    #[test]
    fn parts_written_by_serde_read_back_identically() {
        let end = Date::from_days_since_epoch(20_400);
        let mut h = crate::history::sample::years(end, 1, Origin::Fitbit);
        let food = NutritionDay {
            calories: 1800.5,
            carbs_g: 1.0,
            fat_g: 2.0,
            protein_g: 3.0,
            fiber_g: 4.0,
            sodium_mg: 5.0,
            water_ml: 6.0,
            calorie_goal: None,
        };
        h.nutrition.insert(end, (food, Origin::Fitbit));
        h.zones.insert(
            end,
            (
                vec![HeartZone {
                    name: "Fat \"Burn\", [x]".into(),
                    min_bpm: 1,
                    max_bpm: 2,
                    minutes: 3,
                }],
                Origin::Fitbit,
            ),
        );
        let serde_parts: Vec<(Part, String)> = vec![
            (
                Part::Days(Metric::Weight),
                to_json(
                    &h.days[&Metric::Weight]
                        .iter()
                        .map(|(d, (v, o))| (d.days_since_epoch(), *v, *o as u8))
                        .collect::<Vec<_>>(),
                ),
            ),
            (
                Part::Sleep,
                to_json(
                    &h.sleep
                        .values()
                        .map(|(l, o)| (l, *o as u8))
                        .collect::<Vec<_>>(),
                ),
            ),
            (
                Part::Exercises,
                to_json(
                    &h.exercises
                        .values()
                        .map(|(e, o)| (e, *o as u8))
                        .collect::<Vec<_>>(),
                ),
            ),
            // Version 1 kept food, zones and curves without their source (the store's own).
            (
                Part::Nutrition,
                to_json(
                    &h.nutrition
                        .iter()
                        .map(|(d, (n, _))| (d, n))
                        .collect::<Vec<_>>(),
                ),
            ),
            (
                Part::Zones,
                to_json(&h.zones.iter().map(|(d, (z, _))| (d, z)).collect::<Vec<_>>()),
            ),
        ];
        for (part, old) in serde_parts {
            let rest = part_key("p", part)["p/".len()..].to_string();
            let (mut a, mut b) = (History::default(), History::default());
            assert!(decode(&mut a, &rest, &old, Origin::Fitbit), "{rest}");
            assert!(
                decode(&mut b, &rest, &encode(&h, part), Origin::Fitbit),
                "{rest}"
            );
            assert_eq!(a, b, "{rest}");
            assert!(a != History::default());
        }
        let (y, m, _) = end.ymd();
        let curves: Vec<(i32, &Vec<(u16, u16)>)> = h
            .curves
            .iter()
            .filter(|((k, d), _)| *k == Intraday::HeartRate && d.ymd().0 == y && d.ymd().1 == m)
            .map(|((_, d), (c, _))| (d.days_since_epoch(), c))
            .collect();
        let rest = format!("curves/heart_rate/{y:04}-{m:02}");
        let (mut a, mut b) = (History::default(), History::default());
        assert!(decode(&mut a, &rest, &to_json(&curves), Origin::Fitbit));
        assert!(decode(
            &mut b,
            &rest,
            &encode(&h, Part::Curves(Intraday::HeartRate, y, m)),
            Origin::Fitbit
        ));
        assert_eq!(a, b);
        assert_eq!(a.curves.len(), curves.len());
    }

    #[test]
    fn a_long_read_breathes_between_slices_and_reads_the_same() {
        let p = MemParts::default();
        let end = Date::from_ymd(2026, 11, 20).unwrap();
        let mut h = crate::history::sample::years(end, 5, Origin::Fitbit);
        block_on(save(&p, "p", &mut h, None)).unwrap();
        let days_bytes: usize = p
            .keys()
            .iter()
            .filter(|k| k.starts_with("p/"))
            .map(|k| p.get(k).unwrap().len())
            .sum();
        assert!(days_bytes > 4 * BREATH_BYTES, "{days_bytes}");
        let got = block_on(load_parts(&p, "p")).unwrap();
        // Slices of at most BREATH_BYTES each (no part is larger), and not many more of them than that needs.
        let slices = p.breaths.get() as usize + 1;
        assert!(
            slices >= days_bytes.div_ceil(BREATH_BYTES),
            "{slices} slices of {days_bytes} bytes"
        );
        assert!(slices <= 2 * days_bytes.div_ceil(BREATH_BYTES));
        assert_eq!(got.history.days, h.days);
        assert_eq!(got.history.sleep, h.sleep);
        assert_eq!(got.unreadable, 0);
    }

    #[test]
    fn curves_of_several_months_load_in_one_read_per_kind_and_only_those_months() {
        let p = MemParts::default();
        let end = Date::from_ymd(2026, 11, 20).unwrap();
        let mut h = crate::history::sample::years(end, 1, Origin::Fitbit);
        h.dirty = h
            .curves
            .keys()
            .map(|(k, d)| crate::history::curve_part(*k, *d))
            .collect();
        block_on(save(&p, "p", &mut h, None)).unwrap();
        let months = [
            Date::from_ymd(2026, 9, 1).unwrap(),
            Date::from_ymd(2026, 11, 1).unwrap(),
        ];
        let mut got = History::default();
        block_on(load_curve_months(&p, "p", &mut got, &months)).unwrap();
        let want: Vec<_> = h
            .curves
            .keys()
            .filter(|(_, d)| matches!(d.ymd(), (2026, 9 | 11, _)))
            .collect();
        assert!(!want.is_empty());
        assert_eq!(got.curves.keys().collect::<Vec<_>>(), want);
        // The same as reading month by month.
        let mut by_month = History::default();
        for m in months {
            block_on(load_curves(&p, "p", &mut by_month, m)).unwrap();
        }
        assert_eq!(got.curves, by_month.curves);
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
