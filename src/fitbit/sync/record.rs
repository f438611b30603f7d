//! What this browser keeps of one person's Fitbit data between visits, and their "today".

use super::Outcome;
use crate::date::Date;
use crate::env::KvStore;
use crate::fitbit::endpoints::Endpoint;
use crate::model::{Need, Origin, Snapshot};
use serde::Serialize;
use std::collections::BTreeMap;

/// Bumped whenever the stored shape changes. Version 2 is the first that shipped (1 only
/// existed in unreleased builds), so there is nothing older to migrate yet; a record of a
/// newer version belongs to a newer tab and is neither read nor overwritten.
pub const CACHE_VERSION: u32 = 2;

/// What this browser keeps for one person: the last snapshot and when each part was fetched.
/// Written by serde, read back by hand ([`CacheRecord::from_json`]).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CacheRecord {
    pub v: u32,
    pub user_id: String,
    pub snapshot: Snapshot,
    pub fetched: BTreeMap<Endpoint, i64>,
    /// The person's UTC offset from their profile (a fallback for their "today").
    pub utc_offset_ms: Option<i64>,
    /// The person's IANA time zone from their profile: their "today", across DST changes.
    #[serde(default)]
    pub time_zone: Option<String>,
}

impl CacheRecord {
    pub fn new(user_id: &str, today: Date) -> CacheRecord {
        CacheRecord {
            v: CACHE_VERSION,
            user_id: user_id.into(),
            snapshot: Snapshot::loading(Origin::Fitbit, today),
            fetched: BTreeMap::new(),
            utc_offset_ms: None,
            time_zone: None,
        }
    }

    /// The record `text` holds, if it is one (unknown members ignored, a missing option is
    /// none, as serde read it).
    pub fn from_json(text: &str) -> Option<CacheRecord> {
        use crate::jsontext::{num, object, string};
        let mut rec = CacheRecord::new("", Date::from_days_since_epoch(0));
        let (mut v, mut user_id, mut snapshot, mut fetched) = (None, None, None, None);
        for (k, val) in object(text)? {
            match k.as_str() {
                "v" => v = Some(num::<u32>(val)?),
                "user_id" => user_id = Some(string(val)?),
                "snapshot" => snapshot = Some(Snapshot::from_json(val)?),
                "fetched" => {
                    fetched = Some(
                        object(val)?
                            .into_iter()
                            .map(|(e, t)| Some((Endpoint::from_key(&e)?, num(t)?)))
                            .collect::<Option<_>>()?,
                    )
                }
                "utc_offset_ms" => {
                    rec.utc_offset_ms = if val == "null" { None } else { Some(num(val)?) }
                }
                "time_zone" => {
                    rec.time_zone = if val == "null" {
                        None
                    } else {
                        Some(string(val)?)
                    }
                }
                _ => {}
            }
        }
        (rec.v, rec.user_id, rec.snapshot, rec.fetched) = (v?, user_id?, snapshot?, fetched?);
        Some(rec)
    }

    /// The record kept for `user_id` in `store`, if it is there, readable and of this version.
    pub fn load(store: &impl KvStore, key: &str, user_id: &str) -> Option<CacheRecord> {
        match crate::keys::read(store, key, CACHE_VERSION, |_, _| None::<CacheRecord>) {
            crate::keys::Versioned::Ok(r) if r.user_id == user_id => Some(r),
            _ => None,
        }
    }

    /// Stores the record, unless a newer version of pulsedeck keeps its own there.
    pub fn save(&self, store: &impl KvStore, key: &str) {
        if crate::keys::may_write(store, key, CACHE_VERSION) {
            let _ = store.set(key, &serde_json::to_string(self).expect("serialisable"));
        }
    }

    /// The parts of the snapshot that `out`'s successful answers filled.
    pub fn applied_needs(out: &Outcome) -> Vec<Need> {
        out.applied
            .iter()
            .flat_map(|e| e.feeds().iter().copied())
            .collect()
    }

    /// The oldest fetch time of the planned parts (for "data from 10:42").
    pub fn oldest_fetch(&self, plan: &[Endpoint]) -> Option<i64> {
        plan.iter()
            .filter_map(|e| self.fetched.get(e))
            .min()
            .copied()
    }
}

impl crate::jsontext::FromJson for CacheRecord {
    fn from_json(text: &str) -> Option<Self> {
        CacheRecord::from_json(text)
    }
}

/// The person's "today": in their profile's time zone (`zone_today`, which the browser
/// computes with `Intl`, DST included), else at their profile's offset, else this device's.
pub fn today(
    rec: &CacheRecord,
    now_ms: i64,
    zone_today: impl Fn(&str) -> Option<Date>,
    device_today: Date,
) -> Date {
    if let Some(d) = rec.time_zone.as_deref().and_then(zone_today) {
        return d;
    }
    rec.utc_offset_ms
        .map_or(device_today, |off| Date::from_unix_millis(now_ms, off))
}
