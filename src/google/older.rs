//! Older history from the Google Health API, a year at a time, newest first: each round asks
//! for one year (or the rest of the one under way) of every history type, keeps what came back
//! in one write, and records which types came back whole. A 429 or a failure stops the year
//! there; the next round asks only for the types still missing. The year counts as kept only
//! when every type came back with all its pages.

use super::plan::Call;
use super::record::{Ask, Shown, DASHBOARD_DAYS, RATE_PAUSE_MS};
use super::sync::{self, Outcome};
use crate::date::Date;
use crate::env::Http;
use crate::history::store::{Parts, StoreError};
use crate::model::{Origin, Snapshot};
use serde::Serialize;

/// The most older history reaches back (ten years).
pub const MAX_DAYS: i32 = 3_660;
/// One round's span.
pub const CHUNK_DAYS: i32 = 365;

/// A year of older history under way: its days, and the data types that came back whole.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Chunk {
    pub from: Date,
    pub to: Date,
    pub done: Vec<String>,
}

crate::from_json_struct! { Chunk { from, to, done } }

/// Where older history stands, for History to say.
#[derive(Clone, Debug, PartialEq)]
pub struct Progress {
    /// Every type is kept from this day on.
    pub kept_from: Date,
    /// The year under way: its first and last day, and how many of `types` came back.
    pub chunk: Option<(Date, Date, usize)>,
    pub types: usize,
}

/// The types older history asks for: the plan's data types (no settings, profile, devices).
pub fn history_calls(plan: &[Call]) -> Vec<Call> {
    plan.iter()
        .copied()
        .filter(|c| c.type_id().is_some())
        .collect()
}

/// The oldest day kept whole, as `rec` says.
fn kept_from(rec: &super::record::Record, today: Date) -> Date {
    rec.back_to
        .unwrap_or_else(|| rec.day.unwrap_or(today).add_days(1 - DASHBOARD_DAYS as i32))
}

/// Where older history stands for `plan`.
pub fn progress(rec: &super::record::Record, today: Date, plan: &[Call]) -> Progress {
    let types = history_calls(plan);
    Progress {
        kept_from: kept_from(rec, today),
        chunk: rec.chunk.as_ref().map(|c| {
            let done = types.iter().filter(|t| c.done.contains(&t.key())).count();
            (c.from, c.to, done)
        }),
        types: types.len(),
    }
}

impl<P: Parts, H: Http> Ask<'_, P, H> {
    /// One round of older history toward `from` (a history view reached it): the year under
    /// way, else the year before what is kept. `Outcome::more` says whether another round is
    /// needed. Nothing is sent when those days are kept, or during a pause after a 429.
    pub async fn fetch_older(&self, from: Date) -> Result<(Shown, Outcome), StoreError> {
        let mut k = self.kept().await?;
        let kept = kept_from(&k.rec, k.today);
        let target = from.max(kept.add_days(-MAX_DAYS));
        // A year under way is resumed where it stopped (it ends the day before what is kept).
        let chunk = k.rec.chunk.take().filter(|c| c.to == kept.add_days(-1));
        let mut out = Outcome::default();
        if chunk.is_none() && target >= kept {
            // Nothing older to ask for.
        } else if k.rec.paused_until_ms > self.now_ms {
            out.rate_limited = true;
            out.more = true;
            k.rec.chunk = chunk;
        } else {
            let mut chunk = chunk.unwrap_or_else(|| {
                let to = kept.add_days(-1);
                Chunk {
                    from: target.max(to.add_days(1 - CHUNK_DAYS)),
                    to,
                    done: Vec::new(),
                }
            });
            let calls: Vec<Call> = history_calls(self.plan)
                .into_iter()
                .filter(|c| !chunk.done.contains(&c.key()))
                .collect();
            let here = sync::Here {
                today: chunk.to,
                offset_ms: k.rec.offset_ms.unwrap_or(0),
                days: chunk.to.days_since(chunk.from) as u32 + 1,
            };
            let mut snap = Snapshot::loading(Origin::GoogleHealth, chunk.to);
            out = sync::load(self.client, self.token, &calls, here, &mut snap, self.zones).await;
            chunk.done.extend(out.applied.iter().map(|c| c.key()));
            if out.rate_limited {
                k.rec.paused_until_ms = self.now_ms + RATE_PAUSE_MS;
            }
            let whole = calls.iter().all(|c| chunk.done.contains(&c.key()));
            if whole {
                k.rec.back_to = Some(chunk.from);
                k.rec.chunk = None;
                out.more = chunk.from > target;
            } else {
                // Resumed next round: after a 429's pause, or the next time a view asks.
                out.more = out.rate_limited;
                k.rec.chunk = Some(chunk);
            }
            self.keep(&mut k, &snap).await?;
        }
        let today = k.today;
        Ok((
            self.shown(k, Snapshot::loading(Origin::GoogleHealth, today))
                .await?,
            out,
        ))
    }
}
