//! One history, many sources: for every key (a metric's day, a night, an exercise, a day's
//! curve, food or zones) the value shown is the winner of the precedence rule, and every other
//! source's latest value is kept *under* it, so removing the winner's source brings the next
//! one back. Removing one source never takes another's data.

use super::{curve_part, replaces, History, Part};
use crate::date::Date;
use crate::model::{Exercise, HeartZone, Intraday, Metric, NutritionDay, Origin, SleepLog};
use std::collections::BTreeMap;

/// Values outranked by another source's, by key: at most one per source.
pub type Layer<K, V> = BTreeMap<K, Vec<(V, Origin)>>;

/// What the winners hide, per kind of record.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Under {
    /// By metric, as `History::days` (a metric with nothing hidden has no entry).
    pub days: BTreeMap<Metric, Layer<Date, f64>>,
    pub sleep: Layer<(Date, String), SleepLog>,
    pub exercises: Layer<u64, Exercise>,
    pub curves: Layer<(Intraday, Date), Vec<(u16, u16)>>,
    pub nutrition: Layer<Date, NutritionDay>,
    pub zones: Layer<Date, Vec<HeartZone>>,
}

/// Puts `v` from `src` at `k`: the winner in `top` (the rule: `replaces`), any other source's
/// latest in `under`. Whether anything changed.
pub fn put<K: Ord + Clone, V: PartialEq>(
    top: &mut BTreeMap<K, (V, Origin)>,
    under: &mut Layer<K, V>,
    k: K,
    v: V,
    src: Origin,
) -> bool {
    match top.get(&k) {
        None => {
            top.insert(k, (v, src));
            true
        }
        Some((old, o)) if *o == src => {
            if *old == v {
                return false;
            }
            top.insert(k, (v, src));
            true
        }
        Some((_, o)) if replaces(src, *o) => {
            let (old, o) = top.insert(k.clone(), (v, src)).expect("present");
            let list = under.entry(k).or_default();
            list.retain(|(_, s)| *s != src && *s != o);
            list.push((old, o));
            true
        }
        Some(_) => {
            let list = under.entry(k).or_default();
            match list.iter_mut().find(|(_, s)| *s == src) {
                Some((x, _)) if *x == v => false,
                Some(e) => {
                    e.0 = v;
                    true
                }
                None => {
                    list.push((v, src));
                    true
                }
            }
        }
    }
}

/// Takes every value `src` gave out of `top` and `under`; where it was the winner, the best
/// value left under it (highest rank; of equal ranks the latest kept) takes its place. The
/// keys whose stored values changed (shown or hidden).
pub fn remove<K: Ord + Clone, V>(
    top: &mut BTreeMap<K, (V, Origin)>,
    under: &mut Layer<K, V>,
    src: Origin,
) -> Vec<K> {
    let mut changed = Vec::new();
    for (k, list) in under.iter_mut() {
        let n = list.len();
        list.retain(|(_, s)| *s != src);
        if list.len() != n {
            changed.push(k.clone());
        }
    }
    let won: Vec<K> = top
        .iter()
        .filter(|(_, (_, o))| *o == src)
        .map(|(k, _)| k.clone())
        .collect();
    for k in won {
        top.remove(&k);
        if let Some(list) = under.get_mut(&k) {
            // The last of the highest rank: `max_by_key` keeps the last maximum.
            let best = (0..list.len()).max_by_key(|&i| list[i].1.rank());
            if let Some(i) = best {
                top.insert(k.clone(), list.remove(i));
            }
        }
        changed.push(k);
    }
    under.retain(|_, l| !l.is_empty());
    changed
}

/// A metric's days as runs of one source (first day, last day, source): a day absent from
/// the map ends nothing, so a run spans the gaps between its own days.
pub fn runs(days: &BTreeMap<Date, (f64, Origin)>) -> Vec<(Date, Date, Origin)> {
    let mut out: Vec<(Date, Date, Origin)> = Vec::new();
    for (d, (_, o)) in days {
        match out.last_mut() {
            Some(last) if last.2 == *o => last.1 = *d,
            _ => out.push((*d, *d, *o)),
        }
    }
    out
}

/// What one source holds in a history: the days it gave any daily value (shown or kept
/// under another's), their span, its nights and exercises.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Held {
    pub days: usize,
    pub first: Option<Date>,
    pub last: Option<Date>,
    pub nights: usize,
    pub exercises: usize,
    /// When the source last gave data (its own record says; set by the app).
    pub updated_ms: Option<i64>,
    /// The time zone its UTC stamps were placed in, for a source whose row says it places
    /// them (its record says; set by the app).
    pub placed_in: Option<String>,
}

impl History {
    /// Removes everything `src` gave (its shares too, for an export), marking the parts that
    /// change; what other sources gave stays, and a value they gave under it shows again.
    pub fn remove_source(&mut self, src: Origin) {
        let mut dirty = Vec::new();
        for (m, days) in self.days.iter_mut() {
            let under = self.under.days.entry(*m).or_default();
            if !remove(days, under, src).is_empty() {
                dirty.push(Part::Days(*m));
            }
        }
        self.under.days.retain(|_, l| !l.is_empty());
        if !remove(&mut self.sleep, &mut self.under.sleep, src).is_empty() {
            dirty.push(Part::Sleep);
        }
        if !remove(&mut self.exercises, &mut self.under.exercises, src).is_empty() {
            dirty.push(Part::Exercises);
        }
        if !remove(&mut self.nutrition, &mut self.under.nutrition, src).is_empty() {
            dirty.push(Part::Nutrition);
        }
        if !remove(&mut self.zones, &mut self.under.zones, src).is_empty() {
            dirty.push(Part::Zones);
        }
        let gone = remove(&mut self.curves, &mut self.under.curves, src);
        dirty.extend(gone.into_iter().map(|(k, d)| curve_part(k, d)));
        if src == Origin::Archive {
            dirty.extend(std::mem::take(&mut self.sums).into_keys().map(Part::Sums));
        }
        self.days.retain(|_, d| !d.is_empty());
        self.dirty.extend(dirty);
    }

    /// What `src` holds here (see [`Held`]).
    pub fn held(&self, src: Origin) -> Held {
        let mut dates = std::collections::BTreeSet::new();
        for days in self.days.values() {
            dates.extend(days.iter().filter(|(_, (_, o))| *o == src).map(|(d, _)| *d));
        }
        for (d, list) in self.under.days.values().flatten() {
            if list.iter().any(|(_, o)| *o == src) {
                dates.insert(*d);
            }
        }
        let count = |top: usize, under: usize| top + under;
        Held {
            days: dates.len(),
            first: dates.first().copied(),
            last: dates.last().copied(),
            nights: count(
                self.sleep.values().filter(|(_, o)| *o == src).count(),
                self.under
                    .sleep
                    .values()
                    .filter(|l| l.iter().any(|(_, o)| *o == src))
                    .count(),
            ),
            exercises: count(
                self.exercises.values().filter(|(_, o)| *o == src).count(),
                self.under
                    .exercises
                    .values()
                    .filter(|l| l.iter().any(|(_, o)| *o == src))
                    .count(),
            ),
            updated_ms: None,
            placed_in: None,
        }
    }

    /// The sources whose data this history holds, in the capability table's order.
    pub fn sources(&self) -> Vec<Origin> {
        Origin::ALL
            .into_iter()
            .filter(|o| self.held(*o) != Held::default())
            .collect()
    }

    /// The source of a metric's shown value on a day.
    pub fn origin_of(&self, m: Metric, d: Date) -> Option<Origin> {
        self.days.get(&m)?.get(&d).map(|(_, o)| *o)
    }

    /// Everything `other` holds, merged under the precedence rule (the stores of earlier
    /// versions, one per source, become one history): values and what they hide.
    pub fn merge(&mut self, other: History) {
        for (m, days) in other.days {
            for (d, (v, o)) in days {
                self.put_day(m, d, v, o);
            }
            self.dirty.insert(Part::Days(m));
        }
        for (m, days) in other.under.days {
            for (d, (v, o)) in flat_keyed(days) {
                self.put_day(m, d, v, o);
            }
        }
        let sleep = other.sleep.into_values().chain(flat(other.under.sleep));
        for (l, o) in sleep {
            self.put_sleep(&l, o);
        }
        for (e, o) in other
            .exercises
            .into_values()
            .chain(flat(other.under.exercises))
        {
            self.put_exercise(&e, o);
        }
        let curves = other
            .curves
            .into_iter()
            .chain(flat_keyed(other.under.curves));
        for (k, (c, o)) in curves {
            self.put_curve(k.0, k.1, c, o);
        }
        for (d, (n, o)) in other
            .nutrition
            .into_iter()
            .chain(flat_keyed(other.under.nutrition))
        {
            if put(&mut self.nutrition, &mut self.under.nutrition, d, n, o) {
                self.dirty.insert(Part::Nutrition);
            }
        }
        for (d, (z, o)) in other.zones.into_iter().chain(flat_keyed(other.under.zones)) {
            if put(&mut self.zones, &mut self.under.zones, d, z, o) {
                self.dirty.insert(Part::Zones);
            }
        }
        for (m, days) in other.sums {
            self.sums.entry(m).or_default().extend(days);
            self.dirty.insert(Part::Sums(m));
        }
    }
}

fn flat<K, V>(l: Layer<K, V>) -> impl Iterator<Item = (V, Origin)> {
    l.into_values().flatten()
}

fn flat_keyed<K: Clone, V>(l: Layer<K, V>) -> impl Iterator<Item = (K, (V, Origin))> {
    l.into_iter()
        .flat_map(|(k, list)| list.into_iter().map(move |v| (k.clone(), v)))
}
