//! Day curves: readings added into 5-minute buckets as they stream, a day at a time.

use super::{curve_preference, Acc, Agg, Family, BUCKETS, SHAREABLE};
use crate::date::Date;
use crate::history::BUCKET_MIN;
use crate::model::Intraday;
use std::collections::BTreeMap;

impl Agg {
    /// A reading for a day curve at local second `secs` of `date`.
    pub fn add_curve(&mut self, k: Intraday, family: Family, date: Date, secs: u32, value: f64) {
        if !value.is_finite() || !self.in_range(date) {
            return;
        }
        let b = ((secs / 60).min(1439) / BUCKET_MIN) as usize;
        let key = (k, family, date);
        if self.hot.as_ref().is_none_or(|(hk, _)| *hk != key) {
            self.cool();
            let day = self
                .curves
                .remove(&key)
                .unwrap_or_else(|| Box::new([Acc::default(); BUCKETS]));
            self.hot = Some((key, day));
        }
        if let Some((_, day)) = self.hot.as_mut() {
            day[b].sum += value;
            day[b].n += 1;
        }
    }

    /// The curves gathered so far, as numbers another worker can add to its own
    /// ([`Agg::add_curves`]): per curve its kind, family (their places in [`Intraday::ALL`] and
    /// [`SHAREABLE`]) and day, then each bucket's sum and count.
    pub fn take_curves(&mut self) -> Vec<f64> {
        self.cool();
        let mut out = Vec::with_capacity(self.curves.len() * (3 + 2 * BUCKETS));
        for ((k, f, d), day) in std::mem::take(&mut self.curves) {
            let (Some(ki), Some(fi)) = (
                Intraday::ALL.iter().position(|x| *x == k),
                SHAREABLE.iter().position(|x| *x == f),
            ) else {
                continue;
            };
            out.extend([ki as f64, fi as f64, d.days_since_epoch() as f64]);
            out.extend(day.iter().flat_map(|a| [a.sum, a.n as f64]));
        }
        out
    }

    /// Adds curves taken from another worker's `Agg` ([`Agg::take_curves`]): sums and counts add
    /// up, so the result does not depend on which worker read which file.
    pub fn add_curves(&mut self, flat: &[f64]) -> Result<(), &'static str> {
        self.cool();
        for c in flat.chunks(3 + 2 * BUCKETS) {
            if c.len() != 3 + 2 * BUCKETS {
                return Err("curves from the other worker do not read");
            }
            let (Some(k), Some(f)) = (
                Intraday::ALL.get(c[0] as usize),
                SHAREABLE.get(c[1] as usize),
            ) else {
                return Err("curves from the other worker do not read");
            };
            let day = self
                .curves
                .entry((*k, *f, Date::from_days_since_epoch(c[2] as i32)))
                .or_insert_with(|| Box::new([Acc::default(); BUCKETS]));
            for (a, b) in day.iter_mut().zip(c[3..].chunks(2)) {
                a.sum += b[0];
                a.n += b[1] as u32;
            }
        }
        Ok(())
    }

    /// Puts the day being filled back with the others.
    pub(super) fn cool(&mut self) {
        if let Some((k, day)) = self.hot.take() {
            self.curves.insert(k, day);
        }
    }

    /// Each kind's curves from one family (the first of [`curve_preference`] holding any), as
    /// 5-minute buckets: heart rate the mean of its readings, steps their sum.
    pub(super) fn found_curves(&self) -> BTreeMap<(Intraday, Date), Vec<(u16, u16)>> {
        let mut out = BTreeMap::new();
        for k in Intraday::ALL {
            let Some(family) = curve_preference(k)
                .iter()
                .copied()
                .find(|f| self.curves.keys().any(|(kk, ff, _)| *kk == k && ff == f))
            else {
                continue;
            };
            for ((_, _, date), buckets) in self.curves.range(
                (k, family, Date::from_days_since_epoch(i32::MIN / 2))
                    ..=(k, family, Date::from_days_since_epoch(i32::MAX / 2)),
            ) {
                let curve = buckets
                    .iter()
                    .enumerate()
                    .filter(|(_, a)| a.n > 0)
                    .map(|(i, a)| {
                        let v = if k == Intraday::HeartRate {
                            a.sum / a.n as f64
                        } else {
                            a.sum
                        };
                        (
                            (i as u32 * BUCKET_MIN) as u16,
                            v.round().clamp(0.0, 65535.0) as u16,
                        )
                    })
                    .collect();
                out.insert((k, *date), curve);
            }
        }
        out
    }
}
