//! Importing a Google Takeout export of Fitbit / Google Health data (see
//! ../shared/reference/takeout-format.md): the zip reader, the map of what to read and what
//! to skip, one parser per family, and the aggregation into daily values and 5-minute curves.
//! Pure: the import worker (`src/bin/import.rs`) feeds it the person's files, slice by slice.
//!
//! An import is all or nothing: it gathers everything first ([`Import::finish`]) and the
//! history is written once, in one transaction, at the end.

pub mod agg;
pub mod backup;
pub mod classify;
pub mod clock;
#[cfg(any(test, feature = "test-support"))]
pub mod gen;
pub mod page;
pub mod parse;
pub mod record;
pub mod whose;
pub mod worker;
pub mod zip;
pub mod zone;

use agg::{Agg, Found};
use classify::{Class, Family};
use clock::Zone;
use std::collections::{BTreeMap, BTreeSet};
use zip::{Blob, Entry, Limits, ZipError};

/// One file of the import: an archive's entry to read, and its family.
#[derive(Clone, Debug)]
pub struct Job {
    pub archive: usize,
    pub entry: Entry,
    pub family: Family,
}

/// What the directories of the archives say, before anything is inflated.
#[derive(Clone, Debug, Default)]
pub struct Plan {
    pub jobs: Vec<Job>,
    /// Folders never opened, by the summary's name ("profile", "location"…).
    pub private: BTreeSet<&'static str>,
    /// Entries under a Fitbit / Google Health root (read or not).
    pub health_entries: usize,
    pub bytes: u64,
}

/// Whether a family is worth inflating: some metric or curve takes it, and no family it would
/// lose to is in the archives (the legacy heart-rate JSON is skipped when the CSV is there).
fn wanted(f: Family, present: &BTreeSet<Family>) -> bool {
    let pick = |prefs: &[Family]| {
        prefs.contains(&f)
            && prefs
                .iter()
                .take_while(|p| **p != f)
                .all(|p| !present.contains(p))
    };
    // Sessions: the legacy JSON logs when the export has them (they carry efficiency, the main
    // sleep and ids that join the sleep score), else the Health Fitness Data tables.
    let json_sleep = present.contains(&Family::JsonSleep);
    match f {
        Family::JsonSleep | Family::JsonExercise | Family::Trackers => return true,
        Family::HfSleeps | Family::HfSleepStages => return !json_sleep,
        Family::HfExercises => return !present.contains(&Family::JsonExercise),
        _ => {}
    }
    crate::model::Metric::ALL
        .into_iter()
        .any(|m| pick(agg::preference(m)))
        || crate::model::Intraday::ALL
            .into_iter()
            .any(|k| pick(agg::curve_preference(k)))
}

/// The plan for the archives' directories (`dirs[i]` of archive `i`).
pub fn plan(dirs: &[Vec<Entry>]) -> Plan {
    let mut p = Plan::default();
    let mut found: Vec<(usize, &Entry, Family)> = Vec::new();
    for (archive, entries) in dirs.iter().enumerate() {
        for e in entries.iter().filter(|e| !e.is_dir()) {
            match classify::classify(&e.name) {
                Class::Elsewhere => continue,
                Class::Read(f) => found.push((archive, e, f)),
                Class::Private(label) => {
                    p.private.insert(label);
                }
                Class::Unused => {}
            }
            p.health_entries += 1;
        }
    }
    let present: BTreeSet<Family> = found.iter().map(|(_, _, f)| *f).collect();
    for (archive, e, f) in found {
        // Split archives dropped twice, or an entry in two parts: read each name once.
        if wanted(f, &present)
            && !p
                .jobs
                .iter()
                .any(|j| j.entry.name == e.name && j.entry.crc == e.crc)
        {
            p.bytes += e.size;
            p.jobs.push(Job {
                archive,
                entry: e.clone(),
                family: f,
            });
        }
    }
    p
}

/// Which of `workers` reads each job: 0, the importer, reads every file but those of the
/// [`agg::SHAREABLE`] families, which go one at a time to whichever worker has the fewest
/// bytes so far (the importer's other files counted), so all move through the years together
/// and finish together. Every worker works it out from the same directories.
pub fn split(plan: &Plan, workers: usize) -> Vec<usize> {
    let mut bytes = vec![0u64; workers.max(1)];
    plan.jobs
        .iter()
        .map(|j| {
            let w = if agg::SHAREABLE.contains(&j.family) {
                (0..bytes.len()).min_by_key(|w| bytes[*w]).unwrap_or(0)
            } else {
                0
            };
            bytes[w] += j.entry.size;
            w
        })
        .collect()
}

/// What a helper worker read of its jobs ([`split`]), for the importer to add in
/// ([`Import::add_share`]).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Share {
    /// See [`agg::Agg::take_curves`].
    pub curves: Vec<f64>,
    pub dropped: Vec<(String, u64)>,
    pub files_read: Vec<String>,
    pub problems: Vec<(String, String)>,
    pub files: usize,
}

/// A file that could not be read, and why (the import goes on without it).
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    pub file: String,
    pub why: String,
}

/// What an import says when it ends.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Summary {
    pub first: Option<crate::date::Date>,
    pub last: Option<crate::date::Date>,
    /// Days with a value, per metric, and the family that gave them.
    pub days: Vec<(crate::model::Metric, usize, Family)>,
    pub nights: usize,
    pub exercises: usize,
    pub curve_days: usize,
    pub private: Vec<&'static str>,
    pub dropped: Vec<(String, u64)>,
    pub problems: Vec<Problem>,
    pub files: usize,
    /// The time zone UTC stamps were placed in (the browser's), by name.
    pub zone: String,
}

/// An import in progress.
pub struct Import {
    agg: Agg,
    /// Every file read, by id (its shares replace those it gave before).
    files_read: BTreeSet<String>,
    pub problems: Vec<Problem>,
    pub files: usize,
}

impl Import {
    /// `last_day`: the person's today (files padded past it are cut there).
    pub fn new(last_day: crate::date::Date) -> Import {
        Import {
            agg: Agg::until(last_day),
            files_read: BTreeSet::new(),
            problems: Vec::new(),
            files: 0,
        }
    }

    /// Reads one job from its archive. An entry that cannot be unpacked (damaged, encrypted,
    /// cut short, past a limit) stops the import (`Err`): nothing of it is stored, and the
    /// message says which file to fetch again. A file that unpacks but does not read as its
    /// family (a missing column) is a problem listed in the summary; the rest goes on.
    pub fn run(
        &mut self,
        job: &Job,
        blob: &(impl Blob + ?Sized),
        zone: &mut impl Zone,
    ) -> Result<(), ZipError> {
        let bytes = zip::extract(blob, &job.entry, Limits::default())?;
        self.read(job, &bytes, zone);
        Ok(())
    }

    /// Reads one job's bytes, unpacked already (by a second worker, while this one reads the
    /// previous job).
    pub fn read(&mut self, job: &Job, bytes: &[u8], zone: &mut impl Zone) {
        let id = classify::file_id(&job.entry.name);
        // The same file again in one import (an export dropped under two roots): it replaces.
        if !self.files_read.insert(id.clone()) {
            self.agg.forget(&id);
        }
        self.agg.file = id;
        if let Err(why) = parse::read(job.family, bytes, &mut self.agg, zone) {
            self.problems.push(Problem {
                file: job.entry.name.clone(),
                why,
            });
        }
        self.files += 1;
    }

    /// Everything this import read, for another worker's import ([`Import::add_share`]).
    pub fn share(mut self) -> Share {
        Share {
            curves: self.agg.take_curves(),
            dropped: std::mem::take(&mut self.agg.dropped)
                .into_iter()
                .map(|(k, v)| (k.into_owned(), v))
                .collect(),
            files_read: self.files_read.into_iter().collect(),
            problems: self.problems.into_iter().map(|p| (p.file, p.why)).collect(),
            files: self.files,
        }
    }

    /// Adds what another worker read ([`Import::share`]): the same as having read its files here.
    pub fn add_share(&mut self, s: Share) -> Result<(), &'static str> {
        self.agg.add_curves(&s.curves)?;
        for (why, n) in s.dropped {
            *self.agg.dropped.entry(why.into()).or_default() += n;
        }
        self.files_read.extend(s.files_read);
        self.problems.extend(
            s.problems
                .into_iter()
                .map(|(file, why)| Problem { file, why }),
        );
        self.files += s.files;
        Ok(())
    }

    pub fn finish(self, plan: &Plan) -> (Found, Summary) {
        let mut found = self.agg.finish(parse::fold);
        found.files = self.files_read;
        let mut problems = self.problems;
        // By file, whichever worker met them.
        problems.sort_unstable_by(|a, b| a.file.cmp(&b.file));
        let mut s = Summary {
            problems,
            files: self.files,
            private: plan.private.iter().copied().collect(),
            ..Summary::default()
        };
        for (m, days) in &found.days {
            s.days.push((*m, days.len(), found.chosen[m]));
            let (a, b) = (
                days.keys().next().copied(),
                days.keys().next_back().copied(),
            );
            s.first = s.first.min(a).or(s.first).or(a);
            s.last = s.last.max(b);
        }
        s.nights = found.sleep.len();
        s.exercises = found.exercises.len();
        s.curve_days = found
            .curves
            .keys()
            .map(|(_, d)| *d)
            .collect::<BTreeSet<_>>()
            .len();
        s.dropped = found
            .dropped
            .iter()
            .map(|(k, v)| (k.to_string(), *v))
            .collect();
        (found, s)
    }
}

/// The counts of a summary by family label, for display ("steps: 1,095 days").
pub fn days_by_label(s: &Summary) -> BTreeMap<&'static str, usize> {
    let mut out = BTreeMap::new();
    for (_, n, f) in &s.days {
        let e = out.entry(f.label()).or_insert(0);
        *e = (*e).max(*n);
    }
    out
}

impl crate::history::History {
    /// Takes what an import found, as given by `src` (the archive), under the one precedence
    /// rule: a day a live source gave keeps its value. Importing the same export again
    /// changes nothing (no part becomes dirty); a newer export updates the days it covers.
    pub fn absorb_found(&mut self, src: crate::model::Origin, found: &Found) {
        use crate::history::Part;
        for (m, days) in &found.days {
            let mut changed = false;
            if let Some(new) = found.sums.get(m) {
                // A summed day is the total of its shares: those of the files this import read,
                // and those of another tree on the days it gives, are replaced; those of other
                // files (other parts) stay (`agg::absorb_shares`).
                let stored = self.sums.entry(*m).or_default();
                let before = stored.clone();
                let touched = agg::absorb_shares(stored, new, &found.files);
                let totals: Vec<(crate::date::Date, Option<f64>)> = touched
                    .into_iter()
                    .map(|d| (d, stored.get(&d).map(agg::day_total)))
                    .collect();
                if *stored != before {
                    self.dirty.insert(Part::Sums(*m));
                }
                for (d, total) in totals {
                    match total {
                        Some(v) => changed |= self.put_day(*m, d, v, src),
                        // No file gives that day any more: an archived value of it goes.
                        None => {
                            let days = self.days.entry(*m).or_default();
                            if days.get(&d).is_some_and(|(_, o)| *o == src) {
                                days.remove(&d);
                                changed = true;
                            }
                        }
                    }
                }
            } else {
                for (d, v) in days {
                    changed |= self.put_day(*m, *d, *v, src);
                }
            }
            if changed {
                self.dirty.insert(Part::Days(*m));
            }
        }
        for log in &found.sleep {
            self.put_sleep(log, src);
        }
        for e in &found.exercises {
            self.put_exercise(e, src);
        }
        // Curves merge bucket by bucket: a day whose hours are in two parts of an export (or
        // half of it fetched live) is completed, never cut back.
        // (The export's own curve of the day; a live source's, if any, stays above it.)
        for ((k, d), curve) in &found.curves {
            let mut merged: BTreeMap<u16, u16> = self
                .curve_of(*k, *d, src)
                .into_iter()
                .flatten()
                .copied()
                .collect();
            merged.extend(curve.iter().copied());
            self.put_curve(*k, *d, merged.into_iter().collect(), src);
        }
    }
}
