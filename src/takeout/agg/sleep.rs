//! Sleep logs from the Health Fitness Data tables, and each night's minutes asleep as a share
//! of its own (see [`Agg::finish`]).

use super::{merge_share, Agg, Family};
use crate::date::Date;
use crate::model::{Metric, SleepLog};
use std::collections::{BTreeMap, BTreeSet};

/// A session of `UserSleeps`, in the person's local time.
#[derive(Clone, Debug, PartialEq)]
pub struct HfSleep {
    pub id: u64,
    pub stages: bool,
    pub start: (Date, u32),
    pub end: (Date, u32),
    pub asleep: u32,
    pub awake: u32,
    pub to_fall_asleep: u32,
    pub in_bed: u32,
    /// `sleep_session_v2` over `v1` when both describe one night (trap T11).
    pub version: String,
}

impl HfSleep {
    fn minutes(at: (Date, u32)) -> i64 {
        at.0.days_since_epoch() as i64 * 1440 + at.1 as i64 / 60
    }
    fn overlaps(&self, o: &HfSleep) -> bool {
        HfSleep::minutes(self.start) < HfSleep::minutes(o.end)
            && HfSleep::minutes(o.start) < HfSleep::minutes(self.end)
    }
}

/// Sleep logs from `UserSleeps` sessions and `UserSleepStages` minutes: of sessions that
/// overlap, the newest algorithm's (then the longest); the longest of a day is its main sleep.
fn hf_logs(mut sessions: Vec<HfSleep>, stages: &BTreeMap<u64, [u32; 4]>) -> Vec<(u64, SleepLog)> {
    crate::order::by_key(&mut sessions, |s| -(s.in_bed as i64));
    let mut kept: Vec<HfSleep> = Vec::new();
    for s in sessions {
        match kept.iter_mut().find(|k| k.overlaps(&s)) {
            Some(k) if s.version > k.version => *k = s,
            Some(_) => {}
            None => kept.push(s),
        }
    }
    let mut logs: Vec<(u64, SleepLog)> = kept
        .iter()
        .map(|s| {
            let st = stages.get(&s.id);
            // A stages night whose stage rows are not in the export has no stage split to show.
            let stages = match (s.stages, st) {
                (true, Some(m)) => Some(crate::model::SleepStages::Stages {
                    deep: m[0],
                    light: m[1],
                    rem: m[2],
                    wake: m[3],
                }),
                (true, None) => None,
                (false, _) => Some(crate::model::SleepStages::Classic {
                    asleep: s.asleep,
                    restless: 0,
                    awake: s.awake,
                }),
            };
            let log = SleepLog {
                date: s.end.0,
                start: format!("{:02}:{:02}", s.start.1 / 3600, s.start.1 / 60 % 60),
                minutes_asleep: s.asleep,
                minutes_awake: s.awake,
                time_in_bed: s.in_bed,
                minutes_to_fall_asleep: s.to_fall_asleep,
                efficiency: None,
                is_main: false,
                stages,
            };
            (s.id, log)
        })
        .collect();
    let days: std::collections::BTreeSet<Date> = logs.iter().map(|(_, l)| l.date).collect();
    for d in days {
        if let Some(main) = logs
            .iter_mut()
            .filter(|(_, l)| l.date == d)
            .max_by_key(|(_, l)| l.time_in_bed)
        {
            main.1.is_main = true;
        }
    }
    logs
}

impl Agg {
    /// Makes the table's sessions into sleep logs (a log already read under the same id stays),
    /// then gives each log's minutes asleep as a share of its own.
    pub(super) fn sleep_shares(&mut self) {
        let mut hf = BTreeSet::new();
        for (id, log) in hf_logs(std::mem::take(&mut self.hf_sleeps), &self.hf_stages) {
            if let std::collections::btree_map::Entry::Vacant(e) = self.sleep.entry(id) {
                e.insert(log);
                hf.insert(id);
            }
        }
        // Minutes asleep: one share per sleep log, named by its table and id (a night in two
        // files, or in two imports, counts once; the tables' ids differ, so a night of one
        // replaces the other's, see `shares::tree`).
        for (id, log) in &self.sleep {
            let shares = self
                .sums
                .entry((Metric::MinutesAsleep, Family::JsonSleep))
                .or_default()
                .entry(log.date)
                .or_default();
            let table = if hf.contains(id) {
                "UserSleeps"
            } else {
                "sleep"
            };
            merge_share(
                shares,
                &format!("{table} {id}"),
                "",
                log.minutes_asleep as f64,
            );
        }
    }
}
