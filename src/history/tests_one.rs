//! One person, many sources: the union, the precedence rule, removing one source, the store
//! of version 1 adopted.

use super::person::{self, ME};
use super::store::{self, Parts};
use super::*;
use crate::model::{HeartZone, Point, Series};
use crate::testing::MemParts;
use futures::executor::block_on;

fn d(s: &str) -> Date {
    Date::parse(s).unwrap()
}

fn steps(src: Origin, today: Date, days: i32, value: impl Fn(i32) -> f64) -> Snapshot {
    let mut s = Snapshot::loading(src, today);
    let pts = (0..days)
        .map(|i| Point {
            date: today.add_days(-i),
            value: value(i),
        })
        .collect();
    s.series
        .insert(Metric::Steps, Slot::Ready(Series::new(Metric::Steps, pts)));
    s.nutrition = Slot::Ready(food(if src == Origin::Archive {
        1500.0
    } else {
        2100.0
    }));
    s.heart_zones = Slot::Ready(vec![HeartZone {
        name: "Cardio".into(),
        min_bpm: 130,
        max_bpm: 160,
        minutes: days as u32,
    }]);
    s.intraday.insert(
        Intraday::Steps,
        Slot::Ready(vec![(0, days as f64), (600, 2.0 * days as f64)]),
    );
    s
}

fn food(calories: f64) -> NutritionDay {
    NutritionDay {
        calories,
        carbs_g: 1.0,
        fat_g: 1.0,
        protein_g: 1.0,
        fiber_g: 0.0,
        sodium_mg: 0.0,
        water_ml: 0.0,
        calorie_goal: None,
    }
}

const NEEDS: [Need; 4] = [
    Need::Series(Metric::Steps),
    Need::Nutrition,
    Need::HeartZones,
    Need::Intraday(Intraday::Steps),
];

/// An export of 400 days, then Fitbit's last 30 (other values): a history of both.
fn export_then_fitbit() -> (History, Date) {
    let today = d("2026-11-20");
    let mut h = History::default();
    h.absorb(
        Origin::Archive,
        &steps(Origin::Archive, today, 400, |i| 5000.0 + i as f64),
        &NEEDS,
    );
    h.absorb(
        Origin::Fitbit,
        &steps(Origin::Fitbit, today, 30, |i| 9000.0 + i as f64),
        &NEEDS,
    );
    (h, today)
}

#[test]
fn the_union_shows_every_days_value_and_a_live_one_wins_where_both_gave() {
    let (h, today) = export_then_fitbit();
    let s = h.series(Metric::Steps).unwrap();
    assert_eq!(s.points.len(), 400, "the export's years stay in view");
    assert_eq!(s.on(today), Some(9000.0));
    assert_eq!(s.on(today.add_days(-29)), Some(9029.0));
    assert_eq!(s.on(today.add_days(-30)), Some(5030.0));
    assert_eq!(h.origin_of(Metric::Steps, today), Some(Origin::Fitbit));
    assert_eq!(
        h.origin_of(Metric::Steps, today.add_days(-300)),
        Some(Origin::Archive)
    );
    // Food, zones and curves follow the same rule.
    assert_eq!(h.nutrition[&today], (food(2100.0), Origin::Fitbit));
    assert_eq!(h.zones[&today].1, Origin::Fitbit);
    assert_eq!(
        h.curves[&(Intraday::Steps, today)],
        (vec![(0, 30), (600, 60)], Origin::Fitbit)
    );
    // An export imported again after the live days changes nothing shown.
    let mut again = h.clone();
    again.absorb(
        Origin::Archive,
        &steps(Origin::Archive, today, 400, |i| 5000.0 + i as f64),
        &NEEDS,
    );
    assert_eq!(again.series(Metric::Steps), h.series(Metric::Steps));
    assert_eq!(again.nutrition, h.nutrition);
    assert_eq!(
        h.held(Origin::Fitbit),
        layer::Held {
            days: 30,
            first: Some(today.add_days(-29)),
            last: Some(today),
            nights: 0,
            exercises: 0,
            updated_ms: None,
            placed_in: None,
        }
    );
    assert_eq!(
        h.held(Origin::Archive).days,
        400,
        "days outranked still count as the export's"
    );
    assert_eq!(h.sources(), vec![Origin::Fitbit, Origin::Archive]);
}

#[test]
fn a_painted_snapshot_says_where_each_days_value_came_from() {
    let (h, today) = export_then_fitbit();
    let mut s = Snapshot::loading(Origin::Fitbit, today);
    h.paint(&mut s);
    let runs = &s.sources[&Metric::Steps];
    assert_eq!(
        runs,
        &vec![
            (today.add_days(-399), today.add_days(-30), Origin::Archive),
            (today.add_days(-29), today, Origin::Fitbit),
        ]
    );
}

#[test]
fn removing_fitbit_keeps_the_export_and_its_values_show_again() {
    let (mut h, today) = export_then_fitbit();
    h.dirty.clear();
    h.remove_source(Origin::Fitbit);
    let s = h.series(Metric::Steps).unwrap();
    assert_eq!(s.points.len(), 400);
    assert_eq!(
        s.on(today),
        Some(5000.0),
        "the export's own value of the day, never lost"
    );
    assert!(h
        .days
        .values()
        .flat_map(|d| d.values())
        .all(|(_, o)| *o == Origin::Archive));
    assert_eq!(h.nutrition[&today], (food(1500.0), Origin::Archive));
    assert_eq!(
        h.curves[&(Intraday::Steps, today)],
        (vec![(0, 400), (600, 800)], Origin::Archive)
    );
    assert_eq!(h.held(Origin::Fitbit), layer::Held::default());
    assert!(h.under == layer::Under::default(), "nothing left hidden");
    assert!(h.dirty.contains(&Part::Days(Metric::Steps)) && h.dirty.contains(&Part::Nutrition));
}

#[test]
fn removing_the_export_keeps_the_live_days_only() {
    let (mut h, today) = export_then_fitbit();
    h.remove_source(Origin::Archive);
    let s = h.series(Metric::Steps).unwrap();
    assert_eq!(s.points.len(), 30);
    assert_eq!(s.on(today), Some(9000.0));
    assert_eq!(h.held(Origin::Archive), layer::Held::default());
    assert!(h.sums.is_empty());
}

#[test]
fn two_live_sources_the_newer_write_wins_and_removing_it_brings_the_other_back() {
    let today = d("2026-11-20");
    let mut h = History::default();
    h.absorb(
        Origin::Fitbit,
        &steps(Origin::Fitbit, today, 3, |_| 100.0),
        &NEEDS,
    );
    h.absorb(
        Origin::GoogleHealth,
        &steps(Origin::GoogleHealth, today, 2, |_| 200.0),
        &NEEDS,
    );
    assert_eq!(h.series(Metric::Steps).unwrap().on(today), Some(200.0));
    h.remove_source(Origin::GoogleHealth);
    assert_eq!(
        h.series(Metric::Steps)
            .unwrap()
            .points
            .iter()
            .map(|p| p.value)
            .collect::<Vec<_>>(),
        vec![100.0; 3]
    );
}

#[test]
fn what_sources_hide_survives_the_store_and_every_row_keeps_its_source() {
    let p = MemParts::default();
    let (mut h, today) = export_then_fitbit();
    block_on(store::save(&p, ME.prefix, &mut h, None)).unwrap();
    let mut back = block_on(store::load(&p, ME.prefix, today)).unwrap().history;
    block_on(store::load_all_curves(&p, ME.prefix, &mut back)).unwrap();
    h.dirty.clear();
    assert_eq!(back.days, h.days);
    assert_eq!(back.under, h.under);
    assert_eq!(back.nutrition, h.nutrition);
    assert_eq!(back.curves, h.curves);
    // Removed through the store: the export's values are read back.
    block_on(person::remove(&p, Origin::Fitbit)).unwrap();
    let after = block_on(store::load(&p, ME.prefix, today)).unwrap().history;
    assert_eq!(after.series(Metric::Steps).unwrap().on(today), Some(5000.0));
    assert_eq!(after.curves[&(Intraday::Steps, today)].1, Origin::Archive);
}

#[test]
fn removing_a_source_deletes_its_record_and_leaves_the_others() {
    let p = MemParts::default();
    let (mut h, _) = export_then_fitbit();
    block_on(store::save(
        &p,
        ME.prefix,
        &mut h,
        Some((Origin::Fitbit, "{\"fitbit\":1}".into())),
    ))
    .unwrap();
    block_on(store::save(
        &p,
        ME.prefix,
        &mut h,
        Some((Origin::Archive, "{\"v\":1}".into())),
    ))
    .unwrap();
    block_on(person::remove(&p, Origin::Fitbit)).unwrap();
    let l = block_on(store::load_parts(&p, ME.prefix)).unwrap();
    assert_eq!(l.live(Origin::Fitbit), None);
    assert_eq!(l.live(Origin::Archive), Some("{\"v\":1}"));
    assert_eq!(l.history.held(Origin::Archive).days, 400);
}

#[test]
fn the_stores_of_version_1_are_adopted_into_one_history_once() {
    let p = MemParts::default();
    let today = d("2026-11-20");
    // Version 1: one store per source, food and curves without their source.
    block_on(p.write(vec![
        ("fitbit-ABC/meta".into(), "{\"v\":1}".into()),
        (
            "fitbit-ABC/days/steps".into(),
            format!("[[{},9000,1]]", today.days_since_epoch()),
        ),
        (
            "fitbit-ABC/nutrition".into(),
            format!(
                "[[\"{today}\",{}]]",
                serde_json::to_string(&food(2100.0)).unwrap()
            ),
        ),
        ("fitbit-ABC/live/fitbit".into(), "{\"fitbit\":1}".into()),
        (
            "fitbit-ABC#curves/steps/2026-11".into(),
            format!("[[{},[[0,5]]]]", today.days_since_epoch()),
        ),
        ("archive-export/meta".into(), "{\"v\":1}".into()),
        (
            "archive-export/days/steps".into(),
            format!(
                "[[{},5000,3],[{},4000,3]]",
                today.days_since_epoch(),
                today.add_days(-1).days_since_epoch()
            ),
        ),
        (
            "archive-export/sums/steps".into(),
            format!(
                "[[{},\"a.csv\",\"Charge 6\",4000]]",
                today.add_days(-1).days_since_epoch()
            ),
        ),
        ("archive-export/live/archive".into(), "{\"v\":1}".into()),
        // A store of a newer version is not this version's to move.
        ("google-x/meta".into(), "{\"v\":7}".into()),
        ("google-x/days/steps".into(), "[[1,1,2]]".into()),
    ]))
    .unwrap();
    let names = block_on(person::legacy(&p)).unwrap();
    assert_eq!(names, vec!["fitbit-ABC", "google-x", "archive-export"]);
    block_on(person::adopt(&p, &names)).unwrap();
    let l = block_on(store::load(&p, ME.prefix, today)).unwrap();
    let h = &l.history;
    assert_eq!(h.days[&Metric::Steps][&today], (9000.0, Origin::Fitbit));
    assert_eq!(
        h.days[&Metric::Steps][&today.add_days(-1)],
        (4000.0, Origin::Archive)
    );
    assert_eq!(
        h.under.days[&Metric::Steps][&today],
        vec![(5000.0, Origin::Archive)]
    );
    assert_eq!(
        h.nutrition[&today].1,
        Origin::Fitbit,
        "a version 1 row is its store's source's"
    );
    assert_eq!(
        h.curves[&(Intraday::Steps, today)],
        (vec![(0, 5)], Origin::Fitbit)
    );
    assert_eq!(h.sums[&Metric::Steps].len(), 1);
    assert_eq!(l.live(Origin::Fitbit), Some("{\"fitbit\":1}"));
    assert_eq!(l.live(Origin::Archive), Some("{\"v\":1}"));
    assert!(!l.newer);
    let left: Vec<String> = p
        .keys()
        .into_iter()
        .filter(|k| !k.starts_with("me"))
        .collect();
    assert_eq!(left, vec!["google-x/days/steps", "google-x/meta"]);
    // Once adopted, only the newer store is found again, and adopting it changes nothing.
    let before = p
        .keys()
        .into_iter()
        .map(|k| (p.get(&k), k))
        .collect::<Vec<_>>();
    let again = block_on(person::legacy(&p)).unwrap();
    block_on(person::adopt(&p, &again)).unwrap();
    assert_eq!(
        p.keys()
            .into_iter()
            .map(|k| (p.get(&k), k))
            .collect::<Vec<_>>(),
        before
    );
}

#[test]
fn deleting_everything_leaves_nothing() {
    let p = MemParts::default();
    let (mut h, _) = export_then_fitbit();
    block_on(store::save(&p, ME.prefix, &mut h, None)).unwrap();
    block_on(p.write(vec![("fitbit-A/meta".into(), "{\"v\":1}".into())])).unwrap();
    block_on(person::delete_everything(&p)).unwrap();
    assert!(p.keys().is_empty());
}
