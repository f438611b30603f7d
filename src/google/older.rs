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
                zone: k.rec.zone.clone(),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::google::client::GoogleClient;
    use crate::google::record::Record;
    use crate::google::testkit::{ask, plan, today, NOW};
    use crate::testing::{fake_google, json, FakeHttp, MemParts};
    use futures::executor::block_on;

    const ZONES: sync::Zones<'static> = sync::Zones {
        today: &|z| (z == "America/New_York").then(today),
        offset: &|_, _| None,
    };

    fn older(p: &MemParts, http: &FakeHttp, now: i64, from: Date) -> (Shown, Outcome) {
        let (client, plan) = (GoogleClient::new(http.clone()), plan());
        block_on(ask(p, &client, &plan, now, &ZONES).fetch_older(from)).unwrap()
    }

    fn sent(http: &FakeHttp, since: usize, part: &str) -> usize {
        http.log.borrow()[since..]
            .iter()
            .filter(|r| r.url.contains(part))
            .count()
    }

    #[test]
    fn older_history_comes_a_year_a_round_newest_first_and_resumes_after_a_429() {
        let p = MemParts::default();
        let ok = fake_google(|_| None);
        let (client, plan) = (GoogleClient::new(ok.clone()), plan());
        block_on(ask(&p, &client, &plan, NOW, &ZONES).refresh(None)).unwrap();
        let kept = today().add_days(-29);
        let from = today().add_days(-3 * 365);
        // Round 1: the year before what is kept, every type, then more to come.
        let n = ok.log.borrow().len();
        let (shown, out) = older(&p, &ok, NOW + 1_000, from);
        assert!(out.more && !out.rate_limited);
        assert_eq!(shown.rec.back_to, Some(kept.add_days(-365)));
        assert_eq!(shown.rec.chunk, None);
        assert_eq!(sent(&ok, n, "/steps/"), 5, "365 days in ranges of ≤ 90");
        let first_end = ok.log.borrow()[n..]
            .iter()
            .find(|r| r.url.contains("/steps/"))
            .and_then(|r| r.body.clone())
            .unwrap();
        let (y, m, d) = kept.ymd();
        assert!(first_end.contains(&format!(
            "\"end\":{{\"date\":{{\"year\":{y},\"month\":{m},\"day\":{d}}}}}"
        )));
        // Round 2: Google limits requests at sleep; what came before it is kept and recorded.
        let limited = fake_google(|u| {
            u.contains("/sleep/").then(|| {
                json(
                    429,
                    r#"{"error":{"code":429,"status":"RESOURCE_EXHAUSTED"}}"#,
                )
            })
        });
        let (shown, out) = older(&p, &limited, NOW + 2_000, from);
        assert!(out.rate_limited && out.more);
        let chunk = shown.rec.chunk.clone().expect("the year under way");
        assert_eq!(chunk.to, kept.add_days(-366));
        assert!(
            chunk.done.contains(&"steps".to_string()) && !chunk.done.contains(&"sleep".to_string())
        );
        let p2 = progress(&shown.rec, today(), &plan);
        assert_eq!(p2.chunk.map(|c| c.2), Some(chunk.done.len()));
        assert!(p2.types > chunk.done.len());
        // Within Google's minute: nothing is sent.
        let n = ok.log.borrow().len();
        let (_, out) = older(&p, &ok, NOW + 30_000, from);
        assert!(out.rate_limited && ok.log.borrow().len() == n);
        // After it: only the types still missing, then the year counts as kept.
        let (shown, out) = older(
            &p,
            &ok,
            NOW + 2_000 + crate::google::record::RATE_PAUSE_MS,
            from,
        );
        assert_eq!(sent(&ok, n, "/steps/"), 0, "steps came already");
        assert_eq!(
            sent(&ok, n, "/sleep/"),
            1,
            "sleep asked again (one page here)"
        );
        assert_eq!(shown.rec.back_to, Some(chunk.from));
        assert!(shown.rec.chunk.is_none() && out.more);
        // The third year reaches `from`: nothing more to ask, and then nothing is sent.
        let (shown, out) = older(&p, &ok, NOW + 200_000, from);
        assert_eq!((shown.rec.back_to, out.more), (Some(from), false));
        let n = ok.log.borrow().len();
        older(&p, &ok, NOW + 300_000, from);
        assert_eq!(ok.log.borrow().len(), n);
        let text = serde_json::to_string(&shown.rec).unwrap();
        assert_eq!(Record::parse(&text), Some(shown.rec));
    }

    #[test]
    fn a_type_with_pages_left_over_is_not_done() {
        let p = MemParts::default();
        let endless = fake_google(|u| {
            u.contains("/exercise/")
                .then(|| json(200, r#"{"dataPoints":[],"nextPageToken":"more"}"#))
        });
        let (_, out) = older(&p, &endless, NOW, today().add_days(-100));
        assert!(out.partial.contains(&Call::Exercises));
        let rec = block_on(crate::google::record::load(&p, &plan(), today(), &|_| None))
            .unwrap()
            .rec;
        let chunk = rec.chunk.expect("kept under way");
        assert!(
            !chunk.done.contains(&"exercise".to_string())
                && chunk.done.contains(&"sleep".to_string())
        );
        assert_eq!(rec.back_to, None);
    }
}
