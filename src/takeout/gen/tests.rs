//! The whole import, natively: generated archives through the zip reader, the plan, every
//! family's reader and the aggregation, checked against what the generator says it encoded.

use super::*;
use crate::history::History;
use crate::model::{Intraday, Metric, Origin};
use crate::takeout::clock::Fixed;
use crate::takeout::{plan, zip, Import};

fn import(
    zips: &[(String, Vec<u8>)],
    offset_h: i32,
    today: Date,
) -> (
    crate::takeout::agg::Found,
    crate::takeout::Summary,
    crate::takeout::Plan,
) {
    let dirs: Vec<Vec<zip::Entry>> = zips.iter().map(|(_, z)| zip::entries(z).unwrap()).collect();
    let p = plan(&dirs);
    let mut imp = Import::new(today);
    let mut zone = Fixed(offset_h as i64 * 3_600_000);
    for job in &p.jobs {
        imp.run(job, &zips[job.archive].1, &mut zone).unwrap();
    }
    let (found, summary) = imp.finish(&p);
    (found, summary, p)
}

fn spec(vintage: Vintage, offset_h: i32) -> Spec {
    Spec {
        vintage,
        end: Date::from_ymd(2026, 11, 20).unwrap(),
        days: 75,
        offset_h,
        hr_every_s: 60,
        parts: 2,
        unworn_days: true,
        tracker: crate::takeout::gen::TRACKER,
    }
}

fn check(vintage: Vintage, offset_h: i32) {
    let s = spec(vintage, offset_h);
    let (zips, ex) = generate(&s);
    assert_eq!(zips.len(), 2);
    let (found, summary, p) = import(&zips, offset_h, s.end);
    assert_eq!(
        found.days[&Metric::Steps],
        ex.steps,
        "{vintage:?} {offset_h}: steps by local day"
    );
    assert_eq!(
        found.days[&Metric::ActiveMinutes],
        ex.active_minutes,
        "{vintage:?} {offset_h}: active minutes, the phone's mirror not added"
    );
    assert_eq!(
        found.days[&Metric::RestingHeartRate],
        ex.resting_hr,
        "{vintage:?} {offset_h}"
    );
    assert_eq!(
        found.days[&Metric::MinutesAsleep],
        ex.minutes_asleep,
        "{vintage:?} {offset_h}"
    );
    assert_eq!(found.sleep.len(), ex.nights, "boundary nights counted once");
    assert_eq!(found.exercises.len(), ex.exercises);
    assert_eq!(
        found
            .devices
            .iter()
            .map(|d| (d.name.as_str(), d.battery_percent))
            .collect::<Vec<_>>(),
        vec![("Charge 6", Some(64))]
    );
    assert_eq!(
        found.devices[0].last_sync.as_deref(),
        Some(format!("{}T20:00:00", s.end).as_str()),
        "local time of the last sync"
    );
    for (d, bpm) in &ex.noon_bpm {
        let curve = &found.curves[&(Intraday::HeartRate, *d)];
        assert_eq!(
            curve
                .iter()
                .find(|(m, _)| *m == 720)
                .map(|(_, v)| *v as f64),
            Some(*bpm),
            "{d}"
        );
        assert_eq!(curve.len(), 288, "{d}: a whole day of 5-minute buckets");
    }
    if vintage != Vintage::Fitbit2024 {
        assert!(zips
            .iter()
            .all(|(_, z)| zip::entries(z).unwrap().iter().all(|e| !e
                .name
                .contains("Physical Activity_GoogleData/")
                || e.name.matches('/').count()
                    == if vintage == Vintage::Fitbit2025 { 3 } else { 4 }
                || e.name.ends_with(".txt")
                || e.name.contains("gps_location"))));
    }
    let dist = &found.days[&Metric::Distance];
    for (d, m) in &ex.distance_m {
        assert!(
            (dist[d] - m).abs() < 1e-6,
            "{vintage:?} {d}: distance, the phone's mirror not added"
        );
    }
    if vintage != Vintage::Fitbit2024 {
        assert_eq!(found.days[&Metric::HeartRateVariability], ex.hrv_ms);
        assert_eq!(found.days[&Metric::Weight], ex.weight_kg);
        assert_eq!(found.days[&Metric::Readiness], ex.readiness);
        assert_eq!(found.days[&Metric::SleepScore], ex.sleep_score);
        assert_eq!(found.days[&Metric::SnoreMinutes], ex.snore_minutes);
    }
    assert_eq!(summary.private, ex.private);
    assert!(p
        .jobs
        .iter()
        .all(|j| !j.entry.name.contains("UserActivityProbabilities")
            && !j.entry.name.contains("Profile")));
    assert_eq!(summary.first, ex.steps.keys().next().copied());
    assert!(summary.problems.is_empty(), "{:?}", summary.problems);
    assert_eq!(
        summary.dropped,
        ex.dropped
            .iter()
            .map(|(k, v)| (k.to_string(), *v))
            .collect::<Vec<_>>(),
        "{vintage:?}: rows left out, and why"
    );
    assert!(
        ex.dropped.contains_key("empty file (\"no data\")"),
        "{vintage:?}: days without the tracker"
    );
}

#[test]
fn both_vintages_import_to_the_values_they_encode_west_and_east_of_utc() {
    check(Vintage::Fitbit2024, -5);
    check(Vintage::Fitbit2024, 9);
    check(Vintage::GoogleHealth2026, -5);
    check(Vintage::GoogleHealth2026, 9);
    check(Vintage::Fitbit2025, 2);
}

#[test]
fn files_never_needed_are_never_inflated() {
    let s = spec(Vintage::GoogleHealth2026, 0);
    let (mut zips, ex) = generate(&s);
    // Wreck the bytes of the huge file and the profile: the import does not notice.
    for (_, z) in zips.iter_mut() {
        let es = zip::entries(z).unwrap();
        for e in es.iter().filter(|e| {
            e.name.contains("UserActivityProbabilities") || e.name.contains("Profile.csv")
        }) {
            let at = e.header_at as usize + 30 + e.name.len() + 5;
            z[at] ^= 0xAA;
        }
    }
    let (found, summary, _) = import(&zips, 0, s.end);
    assert!(summary.problems.is_empty());
    assert_eq!(found.days[&Metric::Steps], ex.steps);
}

#[test]
fn importing_the_same_export_twice_changes_nothing_and_live_days_win() {
    let s = spec(Vintage::Fitbit2024, -5);
    let (zips, ex) = generate(&s);
    let (found, _, _) = import(&zips, -5, s.end);
    let mut h = History::default();
    let day = *ex.steps.keys().last().unwrap();
    h.put_day(Metric::Steps, day, 1234.0, Origin::Fitbit);
    h.dirty.clear();
    h.absorb_found(Origin::Archive, &found);
    assert!(!h.dirty.is_empty());
    assert_eq!(
        h.days[&Metric::Steps][&day],
        (1234.0, Origin::Fitbit),
        "a live day keeps its value"
    );
    assert_eq!(h.days[&Metric::Steps].len(), ex.steps.len());
    h.dirty.clear();
    let before = h.clone();
    h.absorb_found(Origin::Archive, &found);
    assert!(h.dirty.is_empty(), "nothing to write the second time");
    assert_eq!(h, before);
}

#[test]
fn a_zip_that_is_not_an_export_has_no_health_entries() {
    let z = zip::write::zip(
        &[
            ("Takeout/Google Photos/a.jpg".into(), vec![1, 2, 3]),
            ("notes.txt".into(), b"hi".to_vec()),
        ],
        &zip::write::Options {
            deflate: true,
            zip64: false,
        },
    );
    let p = plan(&[zip::entries(&z).unwrap()]);
    assert_eq!((p.health_entries, p.jobs.len()), (0, 0));
}

/// Parts dropped one after another: a day whose minutes straddle two parts is completed by
/// the second import, through the store (the shares are kept and read back).
#[test]
fn parts_imported_one_after_another_add_up_through_the_store() {
    use crate::history::store;
    use crate::testing::MemParts;
    use futures::executor::block_on;
    let s = spec(Vintage::GoogleHealth2026, -5);
    let (zips, ex) = generate(&s);
    let p = MemParts::default();
    for part in &zips {
        let (found, _, _) = import(std::slice::from_ref(part), -5, s.end);
        let mut h = block_on(store::load(&p, "archive-export", s.end))
            .unwrap()
            .history;
        for (_, d) in found.curves.keys() {
            block_on(store::load_curves(&p, "archive-export", &mut h, *d)).unwrap();
        }
        h.absorb_found(Origin::Archive, &found);
        block_on(store::save(&p, "archive-export", &mut h, None)).unwrap();
    }
    let h = block_on(store::load(&p, "archive-export", s.end))
        .unwrap()
        .history;
    let steps: std::collections::BTreeMap<Date, f64> = h.days[&Metric::Steps]
        .iter()
        .map(|(d, (v, _))| (*d, *v))
        .collect();
    assert_eq!(steps, ex.steps);
    assert_eq!(h.curves[&(Intraday::HeartRate, s.end)].0.len(), 288);
    // Both parts again, together: nothing changes.
    let (found, _, _) = import(&zips, -5, s.end);
    let mut again = h.clone();
    for (_, d) in found.curves.keys() {
        block_on(store::load_curves(&p, "archive-export", &mut again, *d)).unwrap();
    }
    again.dirty.clear();
    again.absorb_found(Origin::Archive, &found);
    assert!(again.dirty.is_empty(), "{:?}", again.dirty);
}

#[test]
fn a_damaged_entry_stops_the_import_with_its_name() {
    let s = spec(Vintage::Fitbit2024, 0);
    let (mut zips, _) = generate(&s);
    let es = zip::entries(&zips[0].1).unwrap();
    let e = es
        .iter()
        .find(|e| e.name.contains("sleep-"))
        .unwrap()
        .clone();
    zips[0].1[e.header_at as usize + 30 + e.name.len() + 20] ^= 0x55;
    let p = plan(&[zip::entries(&zips[0].1).unwrap()]);
    let mut imp = Import::new(s.end);
    let failed = p
        .jobs
        .iter()
        .map(|j| imp.run(j, &zips[0].1, &mut Fixed(0)))
        .find_map(Result::err);
    assert_eq!(failed, Some(zip::ZipError::Corrupt(e.name.clone())));
    assert!(crate::words::zip_problem(&failed.unwrap())
        .contains("Download that part of your export again"));
}

/// Imported again in another time zone, a file's days are redone, never added to the old.
#[test]
fn a_second_import_in_another_zone_redoes_the_days_it_moves() {
    let s = spec(Vintage::GoogleHealth2026, -5);
    let (zips, _) = generate(&s);
    let mut h = History::default();
    h.absorb_found(Origin::Archive, &import(&zips, -5, s.end).0);
    h.absorb_found(Origin::Archive, &import(&zips, 9, s.end).0);
    let mut fresh = History::default();
    fresh.absorb_found(Origin::Archive, &import(&zips, 9, s.end).0);
    assert_eq!(h.days[&Metric::Steps], fresh.days[&Metric::Steps]);
    let total = |h: &History| h.days[&Metric::Steps].values().map(|(v, _)| v).sum::<f64>();
    assert_eq!(total(&h), total(&fresh));
}

/// Several workers (see `worker.rs`): each helper reads its share of the heart-rate files into
/// an import of its own, handed over as numbers; the importer adds them in. The result is
/// the one import's, to the value, with a damaged file and unreadable rows among a helper's.
#[test]
fn an_import_split_between_workers_finds_what_one_finds() {
    for (vintage, offset_h, workers) in [
        (Vintage::Fitbit2024, -5, 2),
        (Vintage::GoogleHealth2026, 9, 2),
        (Vintage::Fitbit2025, 2, 2),
        (Vintage::Fitbit2025, -5, 4),
    ] {
        let s = Spec {
            hr_every_s: 20,
            ..spec(vintage, offset_h)
        };
        let (zips, _) = generate(&s);
        // Two of the heart-rate files the helper reads: one not text, one with a row that
        // does not read.
        let dirs: Vec<Vec<zip::Entry>> =
            zips.iter().map(|(_, z)| zip::entries(z).unwrap()).collect();
        let (p, zone) = (plan(&dirs), || Fixed(offset_h as i64 * 3_600_000));
        let who = crate::takeout::split(&p, workers);
        let theirs: Vec<&crate::takeout::Job> = p
            .jobs
            .iter()
            .zip(&who)
            .filter(|(_, w)| **w > 0)
            .map(|(j, _)| j)
            .collect();
        assert!(
            theirs.len() > 10
                && theirs
                    .iter()
                    .all(|j| crate::takeout::agg::SHAREABLE.contains(&j.family)),
            "{vintage:?}"
        );
        let bytes: Vec<u64> = (0..workers)
            .map(|w| {
                p.jobs
                    .iter()
                    .zip(&who)
                    .filter(|(_, x)| **x == w)
                    .map(|(j, _)| j.entry.size)
                    .sum()
            })
            .collect();
        let (most, least) = (bytes.iter().max().unwrap(), bytes.iter().min().unwrap());
        assert!(
            most - least < p.bytes / 20,
            "{vintage:?}: {bytes:?} bytes: about as many each"
        );
        let mut edited = Vec::new();
        for (n, job) in theirs
            .iter()
            .filter(|j| j.entry.size > 0)
            .take(2)
            .enumerate()
        {
            let z = &zips[job.archive].1;
            let mut bytes = zip::extract(z, &job.entry, zip::Limits::default()).unwrap();
            if n == 0 {
                bytes = b"\xff\xfe not text at all".to_vec();
            } else if job.family == crate::takeout::classify::Family::JsonHeartRate {
                let text = String::from_utf8(bytes).unwrap();
                bytes = text.replacen("\"bpm\" : ", "\"bpm\" : ?", 1).into_bytes();
            } else {
                let at = bytes.iter().position(|b| *b == b'\n').unwrap() + 1;
                bytes.splice(at..at, b"garbage row\n".iter().copied());
            }
            edited.push((job.entry.name.clone(), bytes));
        }
        let read = |imp: &mut Import, job: &crate::takeout::Job, zone: &mut Fixed| match edited
            .iter()
            .find(|(n, _)| *n == job.entry.name)
        {
            Some((_, bytes)) => imp.read(job, bytes, zone),
            None => imp.run(job, &zips[job.archive].1, zone).unwrap(),
        };
        let mut one = Import::new(s.end);
        for job in &p.jobs {
            read(&mut one, job, &mut zone());
        }
        let mut each: Vec<Import> = (0..workers).map(|_| Import::new(s.end)).collect();
        for (job, w) in p.jobs.iter().zip(&who) {
            read(&mut each[*w], job, &mut zone());
        }
        let mut me = each.remove(0);
        for other in each {
            me.add_share(other.share()).unwrap();
        }
        let (one, me) = (one.finish(&p), me.finish(&p));
        assert!(
            !one.1.problems.is_empty()
                && one
                    .1
                    .dropped
                    .iter()
                    .any(|(why, _)| why.starts_with("unreadable")),
            "{vintage:?}: the edits show"
        );
        assert!(
            theirs.iter().any(|j| j.entry.size == 0),
            "{vintage:?}: a helper meets an empty file too"
        );
        assert_eq!(me.1, one.1, "{vintage:?}: the summary");
        assert!(me.0 == one.0, "{vintage:?}: what was found");
    }
}

/// The summed metrics' days of a history.
fn summed(
    h: &History,
) -> std::collections::BTreeMap<Metric, std::collections::BTreeMap<Date, f64>> {
    use crate::takeout::{agg::Fold, parse::fold};
    h.days
        .iter()
        .filter(|(m, _)| fold(**m) == Fold::Sum)
        .map(|(m, days)| (*m, days.iter().map(|(d, (v, _))| (*d, *v)).collect()))
        .collect()
}

/// A history that absorbed these imports, one after another.
fn absorbed(imports: &[&crate::takeout::agg::Found]) -> History {
    let mut h = History::default();
    for f in imports {
        h.absorb_found(Origin::Archive, f);
    }
    h
}

/// Issue #20: the same days imported again from another vintage (another root, other files,
/// another family of the same metric) replace what the first import gave, never add to it, in
/// either order, whole or part by part. Each day reads as the last import gave it (else as the
/// first did), from the last import's shares alone.
#[test]
fn the_same_days_from_another_vintage_replace_never_add() {
    let spec = |vintage| Spec {
        days: 40,
        ..spec(vintage, -5)
    };
    let export = |vintage| generate(&spec(vintage));
    let exports = [
        (Vintage::Fitbit2024, export(Vintage::Fitbit2024)),
        (Vintage::GoogleHealth2026, export(Vintage::GoogleHealth2026)),
        (Vintage::Fitbit2025, export(Vintage::Fitbit2025)),
    ];
    let end = spec(Vintage::Fitbit2024).end;
    for (va, (a, ex)) in &exports {
        for (vb, (b, _)) in exports.iter().filter(|(v, _)| v != va) {
            let (fa, fb) = (import(a, -5, end).0, import(b, -5, end).0);
            let (first, last) = (absorbed(&[&fa]), absorbed(&[&fb]));
            let mut want = summed(&first);
            for (m, days) in summed(&last) {
                want.entry(m).or_default().extend(days);
            }
            let mut by_part = absorbed(&[&fa]);
            for part in b {
                by_part.absorb_found(
                    Origin::Archive,
                    &import(std::slice::from_ref(part), -5, end).0,
                );
            }
            for (h, how) in [(absorbed(&[&fa, &fb]), "whole"), (by_part, "part by part")] {
                assert_eq!(
                    h.days[&Metric::Steps][&end].0,
                    ex.steps[&end],
                    "{va:?} then {vb:?}, {how}: today's steps, once"
                );
                for (d, m) in &ex.distance_m {
                    assert!(
                        (h.days[&Metric::Distance][d].0 - m).abs() < 1e-6,
                        "{va:?} then {vb:?}, {how}: distance on {d}, once"
                    );
                }
                assert_eq!(
                    summed(&h),
                    want,
                    "{va:?} then {vb:?}, {how}: every summed metric"
                );
                for (m, days) in &last.sums {
                    for (d, shares) in days {
                        assert_eq!(
                            h.sums[m][d],
                            *shares,
                            "{va:?} then {vb:?}, {how}: {} on {d}, the last import's shares alone",
                            m.key()
                        );
                    }
                }
            }
        }
    }
}

/// The same export downloaded again (zipped under `Takeout 2/`, re-rooted as an owner
/// committed it, split into other parts), whole or part by part, after its first download's
/// parts one after another: always the values of one import, from the same shares.
#[test]
fn the_same_export_rezipped_or_split_otherwise_replaces_never_adds() {
    for vintage in [Vintage::Fitbit2024, Vintage::GoogleHealth2026] {
        let s = Spec {
            days: 40,
            ..spec(vintage, -5)
        };
        let (zips, ex) = generate(&s);
        let fresh = absorbed(&[&import(&zips, -5, s.end).0]);
        let mut h = History::default();
        for part in &zips {
            h.absorb_found(
                Origin::Archive,
                &import(std::slice::from_ref(part), -5, s.end).0,
            );
        }
        assert_eq!(
            summed(&h),
            summed(&fresh),
            "{vintage:?}: the first download's parts add up"
        );
        let again = [
            (
                "Takeout 2, 3 parts",
                rezip(&zips, |n| n.replacen("Takeout/", "Takeout 2/", 1), 3),
            ),
            (
                "re-rooted, 1 part",
                rezip(&zips, |n| n.replacen("Takeout/", "", 1), 1),
            ),
            ("5 parts", rezip(&zips, str::to_string, 5)),
        ];
        for (how, z) in &again {
            h.absorb_found(Origin::Archive, &import(z, -5, s.end).0);
            assert_eq!(summed(&h), summed(&fresh), "{vintage:?}, {how}: whole");
            assert_eq!(h.sums, fresh.sums, "{vintage:?}, {how}: whole");
            for part in z {
                h.absorb_found(
                    Origin::Archive,
                    &import(std::slice::from_ref(part), -5, s.end).0,
                );
                assert_eq!(
                    summed(&h),
                    summed(&fresh),
                    "{vintage:?}, {how}: part by part"
                );
            }
            assert_eq!(h.sums, fresh.sums, "{vintage:?}, {how}: part by part");
        }
        let steps: std::collections::BTreeMap<Date, f64> = h.days[&Metric::Steps]
            .iter()
            .map(|(d, (v, _))| (*d, *v))
            .collect();
        assert_eq!(steps, ex.steps, "{vintage:?}");
    }
}

/// One export dropped twice in one import, under two roots: each file counts once.
#[test]
fn one_export_dropped_under_two_roots_at_once_counts_once() {
    let s = Spec {
        days: 40,
        ..spec(Vintage::Fitbit2024, -5)
    };
    let (zips, ex) = generate(&s);
    let mut both = zips.clone();
    both.extend(rezip(&zips, |n| n.replacen("Takeout/", "Takeout 2/", 1), 2));
    let (one, twice) = (import(&zips, -5, s.end).0, import(&both, -5, s.end).0);
    assert_eq!(twice.days[&Metric::Steps], ex.steps);
    for m in [
        Metric::ActiveMinutes,
        Metric::MinutesAsleep,
        Metric::CaloriesOut,
    ] {
        assert_eq!(twice.days[&m].len(), one.days[&m].len(), "{}", m.key());
        for (d, v) in &one.days[&m] {
            assert!((twice.days[&m][d] - v).abs() < 1e-6, "{} on {d}", m.key());
        }
    }
}

/// Shares the path-keyed code stored (a file by its path: one export under two roots gave
/// each file twice, every day doubled) read as the ids they are: a re-import replaces them
/// all and they are written back by id.
#[test]
fn shares_stored_by_path_are_replaced_by_a_reimport() {
    let s = Spec {
        days: 40,
        ..spec(Vintage::Fitbit2024, -5)
    };
    let (zips, ex) = generate(&s);
    let fresh = absorbed(&[&import(&zips, -5, s.end).0]);
    let mut old = fresh.clone();
    for (m, days) in old.sums.iter_mut() {
        for (d, shares) in days.iter_mut() {
            *shares = shares
                .iter()
                .flat_map(|(f, src, v)| match f.contains('/') {
                    true => vec![
                        (format!("Takeout/Fitbit/{f}"), src.clone(), *v),
                        (format!("Takeout 2/Fitbit/{f}"), src.clone(), *v),
                    ],
                    false => vec![(f.clone(), src.clone(), *v)],
                })
                .collect();
            old.days.get_mut(m).unwrap().insert(
                *d,
                (crate::takeout::agg::day_total(shares), Origin::Archive),
            );
        }
    }
    assert_eq!(
        old.days[&Metric::Steps][&s.end].0,
        2.0 * ex.steps[&s.end],
        "the issue as it was stored"
    );
    old.dirty.clear();
    old.absorb_found(
        Origin::Archive,
        &import(
            &rezip(
                &zips,
                |n| n.replacen("Takeout/Fitbit/", "Takeout/Google Health/", 1),
                2,
            ),
            -5,
            s.end,
        )
        .0,
    );
    assert_eq!(summed(&old), summed(&fresh));
    assert_eq!(old.sums, fresh.sums, "by id, each once");
    assert!(
        old.dirty
            .contains(&crate::history::Part::Sums(Metric::Steps))
            && old
                .dirty
                .contains(&crate::history::Part::Days(Metric::Steps))
    );
    // Single path rows of another vintage give way to the days a 2026 export gives.
    let mut old = fresh.clone();
    for days in old.sums.values_mut() {
        for shares in days.values_mut() {
            shares
                .iter_mut()
                .filter(|(f, _, _)| f.contains('/'))
                .for_each(|(f, _, _)| *f = format!("Takeout/Fitbit/{f}"));
        }
    }
    let (zips, _) = generate(&Spec {
        days: 40,
        ..spec(Vintage::Fitbit2025, -5)
    });
    let (found, _, _) = import(&zips, -5, s.end);
    old.absorb_found(Origin::Archive, &found);
    let mut new = fresh.clone();
    new.absorb_found(Origin::Archive, &found);
    assert_eq!(summed(&old), summed(&new));
    // (A metric the import does not give keeps its rows as they are: read by id all the same.)
    for m in found.sums.keys() {
        assert_eq!(old.sums[m], new.sums[m], "{}", m.key());
    }
}
