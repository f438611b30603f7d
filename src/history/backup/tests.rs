use super::*;
use crate::date::Date;
use crate::history::{sample, History, Part};
use crate::model::{HeartZone, Metric, NutritionDay, Origin};
use crate::testing::MemParts;
use futures::executor::block_on;

/// A store holding every kind of record: two sources' days (one outranking the other), sleep,
/// exercises, both curves, food, zones, an export's shares and each source's own record.
fn full_store() -> MemParts {
    let end = Date::from_ymd(2026, 11, 20).unwrap();
    let mut h = sample::years(end, 1, Origin::Fitbit);
    h.merge(sample::years(end.add_days(-200), 1, Origin::Archive));
    h.nutrition.insert(
        end,
        (
            NutritionDay {
                calories: 2100.0,
                carbs_g: 250.0,
                fat_g: 70.0,
                protein_g: 90.0,
                fiber_g: 30.0,
                sodium_mg: 2000.0,
                water_ml: 1800.0,
                calorie_goal: Some(2200.0),
            },
            Origin::Fitbit,
        ),
    );
    h.zones.insert(
        end,
        (
            vec![HeartZone {
                name: "Cardio".into(),
                min_bpm: 130,
                max_bpm: 160,
                minutes: 22,
            }],
            Origin::Fitbit,
        ),
    );
    h.sums.entry(Metric::Steps).or_default().insert(
        end.add_days(-300),
        vec![(
            "Global Export Data/steps-2026-01-25.json".into(),
            "".into(),
            9000.0,
        )],
    );
    for part in [Part::Nutrition, Part::Zones, Part::Sums(Metric::Steps)] {
        h.dirty.insert(part);
    }
    let p = MemParts::default();
    block_on(store::save(
        &p,
        ME.prefix,
        &mut h,
        Some((Origin::Fitbit, "{\"v\":1}".into())),
    ))
    .unwrap();
    block_on(p.write(vec![(
        "me/live/archive".into(),
        "{\"v\":1,\"zone\":\"UTC\"}".into(),
    )]))
    .unwrap();
    p
}

fn everything(p: &MemParts) -> Vec<(String, String)> {
    p.keys()
        .into_iter()
        .map(|k| (k.clone(), p.get(&k).unwrap()))
        .collect()
}

fn loaded(p: &MemParts) -> History {
    let mut h = block_on(store::load_parts(p, ME.prefix)).unwrap().history;
    block_on(store::load_all_curves(p, ME.prefix, &mut h)).unwrap();
    h.dirty.clear();
    h
}

fn round_trip(p: &MemParts) -> Backup {
    let entries = entries(&everything(p), "2026-12-07T18:00:00Z", "0.1.0");
    let (header, rest) = entries.split_first().unwrap();
    assert_eq!(header.0, HEADER);
    read(std::str::from_utf8(&header.1).unwrap(), rest.to_vec()).unwrap()
}

#[test]
fn a_backup_restored_into_an_empty_store_gives_back_every_record_kind() {
    let original = full_store();
    let backup = round_trip(&original);
    assert_eq!(backup.created, "2026-12-07T18:00:00Z");
    assert_eq!(backup.parts, everything(&original));
    let fresh = MemParts::default();
    block_on(restore(&fresh, backup)).unwrap();
    assert_eq!(loaded(&fresh), loaded(&original));
    assert!(
        !loaded(&fresh).under.days.is_empty(),
        "outranked values kept"
    );
    assert_eq!(fresh.get("me/live/fitbit"), original.get("me/live/fitbit"));
    assert_eq!(
        fresh.get("me/live/archive"),
        original.get("me/live/archive")
    );
}

#[test]
fn restoring_the_same_backup_again_changes_nothing_and_keeps_what_else_is_stored() {
    let backup = round_trip(&full_store());
    // A store with a Google day of its own: it stays, beside everything restored.
    let p = MemParts::default();
    let mut own = History::default();
    let day = Date::from_ymd(2026, 12, 1).unwrap();
    own.put_day(Metric::Steps, day, 4321.0, Origin::GoogleHealth);
    own.dirty.insert(Part::Days(Metric::Steps));
    block_on(store::save(&p, ME.prefix, &mut own, None)).unwrap();
    block_on(restore(&p, backup.clone())).unwrap();
    let once = everything(&p);
    block_on(restore(&p, backup)).unwrap();
    assert_eq!(everything(&p), once);
    assert_eq!(
        loaded(&p).days[&Metric::Steps].get(&day),
        Some(&(4321.0, Origin::GoogleHealth))
    );
}

#[test]
fn a_newer_format_another_file_or_a_damaged_part_is_refused_with_its_reason() {
    let newer = r#"{"format":"pulsedeck-backup","version":2,"created":"2027-01-01T00:00:00Z"}"#;
    assert_eq!(read(newer, vec![]), Err(BackupError::Newer(2)));
    assert_eq!(
        read(r#"{"format":"other"}"#, vec![]),
        Err(BackupError::NotABackup)
    );
    assert_eq!(read("not json", vec![]), Err(BackupError::NotABackup));
    let v1 = r#"{"format":"pulsedeck-backup","version":1,"created":"x"}"#;
    assert_eq!(
        read(v1, vec![("store/me/sleep".into(), vec![0xff, 0xfe])]),
        Err(BackupError::Damaged("store/me/sleep".into()))
    );
}

#[test]
fn a_backup_of_a_newer_store_schema_is_refused_and_nothing_changes() {
    let p = full_store();
    let before = everything(&p);
    let mut parts = everything(&p);
    for (k, v) in parts.iter_mut() {
        if k == "me/meta" {
            *v = "{\"v\":99}".into();
        }
    }
    let backup = Backup {
        created: String::new(),
        parts,
    };
    assert_eq!(block_on(restore(&p, backup)), Err(StoreError::Newer));
    assert_eq!(everything(&p), before);
}

/// The format as version 1 writes it, pinned: a later reader still reads this file.
#[test]
fn version_1_as_written_reads() {
    let header = r#"{"format":"pulsedeck-backup","version":1,"created":"2026-12-07T18:00:00Z","app":"0.1.0","store_version":2,"parts":2}"#;
    let backup = read(
        header,
        vec![
            ("store/me/meta".into(), b"{\"v\":2}".to_vec()),
            ("store/me/days/steps".into(), b"[]".to_vec()),
            ("notes.txt".into(), b"left alone".to_vec()),
        ],
    )
    .unwrap();
    assert_eq!(backup.parts.len(), 2);
    let written = entries(&backup.parts, "2026-12-07T18:00:00Z", "0.1.0");
    assert_eq!(std::str::from_utf8(&written[0].1).unwrap(), header);
}

#[test]
fn an_older_backup_never_rolls_back_what_the_store_holds_since() {
    let p = full_store();
    let backup = round_trip(&p);
    // After the backup: Fitbit's last day completed, and an export day's shares redone.
    let end = Date::from_ymd(2026, 11, 20).unwrap();
    let mut h = loaded(&p);
    h.put_day(Metric::Steps, end, 12_345.0, Origin::Fitbit);
    h.dirty.insert(Part::Days(Metric::Steps));
    let day = end.add_days(-300);
    let newer = vec![(
        "Global Export Data/steps-2026-01-25.json".to_string(),
        String::new(),
        9500.0,
    )];
    h.sums
        .entry(Metric::Steps)
        .or_default()
        .insert(day, newer.clone());
    h.dirty.insert(Part::Sums(Metric::Steps));
    block_on(store::save(&p, ME.prefix, &mut h, None)).unwrap();
    let now = everything(&p);
    block_on(restore(&p, backup)).unwrap();
    let back = loaded(&p);
    assert_eq!(back.days[&Metric::Steps][&end], (12_345.0, Origin::Fitbit));
    assert_eq!(back.sums[&Metric::Steps][&day], newer);
    // Nothing else moved either: the store already held all the backup had.
    assert_eq!(loaded(&p), {
        let q = MemParts::default();
        for (k, v) in now {
            block_on(q.write(vec![(k, v)])).unwrap();
        }
        loaded(&q)
    });
}

#[test]
fn a_restore_that_fails_to_write_changes_nothing() {
    let backup = round_trip(&full_store());
    let p = MemParts::default();
    let mut own = History::default();
    own.put_day(
        Metric::Steps,
        Date::from_ymd(2026, 12, 1).unwrap(),
        4321.0,
        Origin::GoogleHealth,
    );
    own.dirty.insert(Part::Days(Metric::Steps));
    block_on(store::save(&p, ME.prefix, &mut own, None)).unwrap();
    let before = everything(&p);
    p.fail_writes.set(true);
    assert_eq!(block_on(restore(&p, backup)), Err(StoreError::Quota));
    assert_eq!(everything(&p), before);
}
