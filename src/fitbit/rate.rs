//! Fitbit's request budget: 150 requests per user per clock hour, reset at the top of the hour.
//!
//! The `Fitbit-Rate-Limit-*` headers are used when the browser may read them (CORS permitting);
//! otherwise the budget counts this browser's own requests. The record lives in localStorage,
//! so every tab spends from the same budget.

use crate::env::KvStore;
use crate::jsontext::FromJson;
use serde::Serialize;

pub const LIMIT: u32 = 150;
/// Below this many requests left, only essential data is refreshed.
pub const RESERVE: u32 = 20;
pub const KEY: &str = crate::keys::RATE;
const HOUR_MS: i64 = 3_600_000;

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Budget {
    /// The clock hour (ms since epoch / 1 h) the counts belong to.
    pub hour: i64,
    pub used: u32,
    /// Fitbit's own count, from the last readable `Fitbit-Rate-Limit-Remaining`.
    pub remaining_hint: Option<u32>,
    /// After a 429: send nothing before this instant.
    pub blocked_until_ms: Option<i64>,
}

crate::from_json_struct! { Budget { hour, used, remaining_hint, blocked_until_ms } }

/// Why a request was not sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Deferred {
    /// When sending may resume.
    pub until_ms: i64,
    /// True when Fitbit itself said 429 (rather than our own reserve).
    pub limited: bool,
}

pub fn next_hour(now_ms: i64) -> i64 {
    (now_ms.div_euclid(HOUR_MS) + 1) * HOUR_MS
}

impl Budget {
    pub fn load(store: &impl KvStore, now_ms: i64) -> Budget {
        let b: Budget = store
            .get(KEY)
            .and_then(|s| Budget::from_json(&s))
            .unwrap_or_default();
        b.current(now_ms)
    }

    pub fn save(&self, store: &impl KvStore) {
        let _ = store.set(KEY, &serde_json::to_string(self).expect("serialisable"));
    }

    /// The budget as of `now`: a new clock hour starts from zero.
    pub fn current(mut self, now_ms: i64) -> Budget {
        let hour = now_ms.div_euclid(HOUR_MS);
        if hour != self.hour {
            self.hour = hour;
            self.used = 0;
            self.remaining_hint = None;
        }
        if self.blocked_until_ms.is_some_and(|t| now_ms >= t) {
            self.blocked_until_ms = None;
        }
        self
    }

    pub fn remaining(&self) -> u32 {
        let own = LIMIT.saturating_sub(self.used);
        self.remaining_hint.map_or(own, |h| h.min(own))
    }

    /// May a request be sent now? Non-essential requests keep a reserve untouched.
    pub fn check(&self, now_ms: i64, essential: bool) -> Result<(), Deferred> {
        if let Some(t) = self.blocked_until_ms {
            return Err(Deferred {
                until_ms: t,
                limited: true,
            });
        }
        let left = self.remaining();
        if left == 0 || (!essential && left <= RESERVE) {
            return Err(Deferred {
                until_ms: next_hour(now_ms),
                limited: false,
            });
        }
        Ok(())
    }

    /// Counts a request before it is sent, so concurrent requests (and tabs) cannot overspend.
    pub fn reserve(&mut self) {
        self.used += 1;
    }

    /// Takes Fitbit's own remaining count from an answer, when the header was readable.
    pub fn observe(&mut self, remaining_header: Option<u32>) {
        if remaining_header.is_some() {
            self.remaining_hint = remaining_header;
        }
    }

    /// Fitbit answered 429: stop until its reset (or the top of the hour).
    pub fn rate_limited(&mut self, now_ms: i64, reset_secs: Option<u64>) {
        self.used = LIMIT;
        self.remaining_hint = Some(0);
        let until = reset_secs.map_or_else(|| next_hour(now_ms), |s| now_ms + s as i64 * 1000);
        self.blocked_until_ms = Some(until.max(now_ms + 1000));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::MemStore;

    const H: i64 = 490_000 * HOUR_MS; // some top of the hour

    #[test]
    fn counts_requests_and_resets_at_the_top_of_the_hour_not_an_hour_later() {
        let mut b = Budget::default().current(H + 50 * 60_000);
        for _ in 0..10 {
            b.reserve();
        }
        assert_eq!(b.remaining(), 140);
        // Ten minutes later it is a new clock hour: a full budget again.
        let b = b.current(H + 60 * 60_000);
        assert_eq!(b.remaining(), 150);
    }

    #[test]
    fn the_header_count_wins_when_lower() {
        let mut b = Budget::default().current(H);
        b.reserve();
        b.observe(Some(121));
        assert_eq!(b.remaining(), 121);
        b.reserve();
        assert_eq!(b.remaining(), 121, "the hint is Fitbit's own count");
    }

    #[test]
    fn a_low_budget_defers_non_essential_requests_only() {
        let mut b = Budget::default().current(H + 1000);
        b.used = LIMIT - RESERVE;
        assert_eq!(
            b.check(H + 1000, false),
            Err(Deferred {
                until_ms: H + HOUR_MS,
                limited: false
            })
        );
        assert_eq!(b.check(H + 1000, true), Ok(()));
        b.used = LIMIT;
        assert!(b.check(H + 1000, true).is_err());
    }

    #[test]
    fn a_429_blocks_everything_until_the_reset_then_clears() {
        let mut b = Budget::default().current(H);
        b.rate_limited(H + 10_000, Some(1201));
        let until = H + 10_000 + 1_201_000;
        assert_eq!(
            b.check(H + 20_000, true),
            Err(Deferred {
                until_ms: until,
                limited: true
            })
        );
        let b2 = b.clone().current(until);
        assert_eq!(b2.blocked_until_ms, None);
        // Without a reset header: the top of the next hour.
        let mut c = Budget::default().current(H + 5);
        c.rate_limited(H + 5, None);
        assert_eq!(c.blocked_until_ms, Some(H + HOUR_MS));
    }

    #[test]
    fn shared_through_storage_across_tabs() {
        let store = MemStore::default();
        let mut tab1 = Budget::load(&store, H);
        tab1.reserve();
        tab1.save(&store);
        let mut tab2 = Budget::load(&store, H + 1);
        tab2.reserve();
        tab2.save(&store);
        assert_eq!(Budget::load(&store, H + 2).used, 2);
        assert_eq!(Budget::load(&store, H + HOUR_MS).used, 0);
        store.set(KEY, "garbage").unwrap();
        assert_eq!(Budget::load(&store, H).used, 0);
    }
}
