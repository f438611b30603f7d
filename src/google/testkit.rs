//! What the tests of the Google record and of its older history share: account 42's whole
//! plan on 2026-01-07, asked at a given time in given zones.
use super::client::GoogleClient;
use super::plan::Call;
use super::record::Ask;
use super::sync::Zones;
use crate::date::Date;
use crate::model::Need;
use crate::scope::Scope;
use crate::testing::{FakeHttp, MemParts};
use crate::widgets::registry::WIDGETS;

pub const NOW: i64 = 1_767_800_000_000; // 2026-01-07, 15:33 UTC

pub fn today() -> Date {
    Date::from_ymd(2026, 1, 7).unwrap()
}

/// Every call the widgets need, with every scope granted.
pub fn plan() -> Vec<Call> {
    let needs: Vec<Need> = WIDGETS
        .iter()
        .flat_map(|w| w.needs.iter().copied())
        .collect();
    super::plan::plan(&needs, &Scope::ALL)
}

/// Account 42 asking with token "t" at `now_ms`, the device's day being [`today`].
pub fn ask<'a>(
    parts: &'a MemParts,
    client: &'a GoogleClient<FakeHttp>,
    plan: &'a [Call],
    now_ms: i64,
    zones: &'a Zones<'a>,
) -> Ask<'a, MemParts, FakeHttp> {
    Ask {
        parts,
        client,
        token: "t",
        account: "42",
        plan,
        now_ms,
        device_today: today(),
        zones,
    }
}
