use super::store::{self, Parts, StoreError};
use super::*;
use crate::model::{Point, Series};
use crate::testing::MemParts;
use futures::executor::block_on;

fn d(s: &str) -> Date {
    Date::parse(s).unwrap()
}

fn snap_with(today: Date, m: Metric, pts: &[(&str, f64)]) -> Snapshot {
    let mut s = Snapshot::loading(Origin::Fitbit, today);
    s.series.insert(
        m,
        Slot::Ready(Series::new(
            m,
            pts.iter()
                .map(|(x, v)| Point {
                    date: d(x),
                    value: *v,
                })
                .collect(),
        )),
    );
    s
}

#[test]
fn a_live_value_replaces_an_archived_one_never_the_reverse_and_nothing_is_summed() {
    let mut h = History::default();
    let today = d("2026-11-20");
    h.absorb(
        Origin::Archive,
        &snap_with(
            today,
            Metric::Steps,
            &[("2026-11-19", 9000.0), ("2026-11-18", 4000.0)],
        ),
        &[Need::Series(Metric::Steps)],
    );
    h.absorb(
        Origin::Fitbit,
        &snap_with(today, Metric::Steps, &[("2026-11-19", 9100.0)]),
        &[Need::Series(Metric::Steps)],
    );
    assert_eq!(
        h.days[&Metric::Steps][&d("2026-11-19")],
        (9100.0, Origin::Fitbit)
    );
    // An archive imported later does not undo the live value, but fills days it lacks.
    h.absorb(
        Origin::Archive,
        &snap_with(
            today,
            Metric::Steps,
            &[("2026-11-19", 1.0), ("2026-11-17", 7000.0)],
        ),
        &[Need::Series(Metric::Steps)],
    );
    let s = h.series(Metric::Steps).unwrap();
    assert_eq!(s.on(d("2026-11-19")), Some(9100.0));
    assert_eq!(s.on(d("2026-11-17")), Some(7000.0));
    assert_eq!(s.on(d("2026-11-18")), Some(4000.0));
    // Two live sources of equal rank: the newer write wins.
    h.absorb(
        Origin::GoogleHealth,
        &snap_with(today, Metric::Steps, &[("2026-11-19", 9150.0)]),
        &[Need::Series(Metric::Steps)],
    );
    assert_eq!(
        h.series(Metric::Steps).unwrap().on(d("2026-11-19")),
        Some(9150.0)
    );
}

#[test]
fn failed_loading_and_unshared_slots_change_nothing() {
    let today = d("2026-11-20");
    let mut h = History::default();
    h.absorb(
        Origin::Fitbit,
        &snap_with(today, Metric::Weight, &[("2026-11-19", 70.0)]),
        &[Need::Series(Metric::Weight)],
    );
    h.dirty.clear();
    let before = h.clone();
    let mut bad = Snapshot::loading(Origin::Fitbit, today);
    bad.series
        .insert(Metric::Weight, Slot::Failed("Fitbit 500".into()));
    bad.sleep = Slot::NotShared;
    bad.nutrition = Slot::Failed("x".into());
    h.absorb(
        Origin::Fitbit,
        &bad,
        &[
            Need::Series(Metric::Weight),
            Need::Sleep,
            Need::Nutrition,
            Need::Series(Metric::Steps),
        ],
    );
    assert_eq!(h, before);
    assert!(h.dirty.is_empty());
}

#[test]
fn painting_shows_stored_data_over_a_failure_and_dates_yesterdays_food() {
    let mut h = History::default();
    let yesterday = d("2026-11-20");
    let mut s = snap_with(yesterday, Metric::Steps, &[("2026-11-20", 8000.0)]);
    s.nutrition = Slot::Ready(NutritionDay {
        calories: 2100.0,
        carbs_g: 1.0,
        fat_g: 1.0,
        protein_g: 1.0,
        fiber_g: 1.0,
        sodium_mg: 1.0,
        water_ml: 1.0,
        calorie_goal: None,
    });
    h.absorb(
        Origin::Fitbit,
        &s,
        &[Need::Series(Metric::Steps), Need::Nutrition],
    );
    // A new day, every request failed.
    let mut today = Snapshot::loading(Origin::Fitbit, d("2026-11-21"));
    today
        .series
        .insert(Metric::Steps, Slot::Failed("Could not load".into()));
    today.nutrition = Slot::Failed("Could not load".into());
    h.paint(&mut today);
    assert_eq!(
        today.series(Metric::Steps).ready().unwrap().on(yesterday),
        Some(8000.0)
    );
    assert_eq!(today.nutrition.ready().unwrap().calories, 2100.0);
    assert_eq!(today.dated.get(&Need::Nutrition), Some(&yesterday));
    // Once today's food is stored, it is today's and undated.
    let mut t = today.clone();
    t.nutrition = Slot::Ready(NutritionDay {
        calories: 300.0,
        ..today.nutrition.ready().unwrap().clone()
    });
    h.absorb(Origin::Fitbit, &t, &[Need::Nutrition]);
    let mut again = Snapshot::loading(Origin::Fitbit, d("2026-11-21"));
    h.paint(&mut again);
    assert_eq!(again.nutrition.ready().unwrap().calories, 300.0);
    assert!(again.dated.is_empty());
    // A part the person stopped sharing is not painted from an earlier day.
    let mut unshared = Snapshot::loading(Origin::Fitbit, d("2026-11-22"));
    unshared.nutrition = Slot::NotShared;
    h.paint(&mut unshared);
    assert_eq!(unshared.nutrition, Slot::NotShared);
}

#[test]
fn curves_are_kept_in_five_minute_buckets() {
    let curve: DayCurve = (0..60)
        .map(|m| (m, 1.0))
        .chain([(600, 80.0), (601, 100.0)])
        .collect();
    assert_eq!(downsample(&curve, Intraday::Steps)[..2], [(0, 5), (5, 5)]);
    assert_eq!(downsample(&curve, Intraday::Steps).len(), 13);
    assert_eq!(
        downsample(&[(600, 80.0), (601, 100.0)].to_vec(), Intraday::HeartRate),
        vec![(600, 90)]
    );
}

fn five_years(end: Date) -> History {
    super::sample::years(end, 5, Origin::Fitbit)
}

#[test]
fn the_store_round_trips_and_a_refresh_writes_only_the_parts_it_changed() {
    let p = MemParts::default();
    let end = d("2026-11-21");
    let mut h = five_years(end);
    block_on(store::save(
        &p,
        "fitbit-A",
        &mut h,
        Some((Origin::Fitbit, "{\"rec\":1}".into())),
    ))
    .unwrap();
    assert!(h.dirty.is_empty());
    let loaded = block_on(store::load(&p, "fitbit-A", end)).unwrap();
    assert_eq!(loaded.live(Origin::Fitbit), Some("{\"rec\":1}"));
    assert_eq!(loaded.history.days, h.days);
    assert_eq!(loaded.history.sleep, h.sleep);
    assert_eq!(loaded.history.exercises, h.exercises);
    // Only the month of the day viewed is read of the curves (both kinds).
    assert_eq!(loaded.history.curves.len(), 2 * 21);
    assert_eq!(
        loaded.history.curves[&(Intraday::HeartRate, end)],
        h.curves[&(Intraday::HeartRate, end)]
    );

    // A refresh that brought one new weight writes that part (and the meta record) only.
    let mut h2 = loaded.history;
    h2.absorb(
        Origin::Fitbit,
        &snap_with(end, Metric::Weight, &[("2026-11-21", 71.5)]),
        &[Need::Series(Metric::Weight)],
    );
    assert_eq!(
        h2.dirty.iter().copied().collect::<Vec<_>>(),
        vec![Part::Days(Metric::Weight)]
    );
    let before = p.keys().len();
    block_on(store::save(&p, "fitbit-A", &mut h2, None)).unwrap();
    assert_eq!(p.keys().len(), before);
    assert_eq!(
        block_on(store::load(&p, "fitbit-A", end))
            .unwrap()
            .history
            .series(Metric::Weight)
            .unwrap()
            .on(end),
        Some(71.5)
    );
}

#[test]
fn a_failed_save_leaves_the_store_as_it_was_and_keeps_the_changes_to_retry() {
    let p = MemParts::default();
    let end = d("2026-11-21");
    let mut h = History::default();
    h.absorb(
        Origin::Fitbit,
        &snap_with(end, Metric::Steps, &[("2026-11-20", 5.0)]),
        &[Need::Series(Metric::Steps)],
    );
    block_on(store::save(&p, "fitbit-A", &mut h, None)).unwrap();
    let stored = p.get("fitbit-A/days/steps");
    h.absorb(
        Origin::Fitbit,
        &snap_with(end, Metric::Steps, &[("2026-11-21", 6.0)]),
        &[Need::Series(Metric::Steps)],
    );
    p.fail_writes.set(true);
    assert_eq!(
        block_on(store::save(&p, "fitbit-A", &mut h, None)),
        Err(StoreError::Quota)
    );
    assert_eq!(p.get("fitbit-A/days/steps"), stored);
    assert!(!h.dirty.is_empty());
    p.fail_writes.set(false);
    block_on(store::save(&p, "fitbit-A", &mut h, None)).unwrap();
    assert_eq!(
        block_on(store::load(&p, "fitbit-A", end))
            .unwrap()
            .history
            .series(Metric::Steps)
            .unwrap()
            .points
            .len(),
        2
    );
}

#[test]
fn two_accounts_never_share_a_part_and_clearing_one_leaves_the_other() {
    let p = MemParts::default();
    let end = d("2026-11-21");
    let (a, b) = (
        store::legacy_person(Origin::Fitbit, "A"),
        store::legacy_person(Origin::Fitbit, "AB"),
    );
    let mut ha = History::default();
    ha.absorb(
        Origin::Fitbit,
        &snap_with(end, Metric::Steps, &[("2026-11-20", 1.0)]),
        &[Need::Series(Metric::Steps)],
    );
    let mut hb = History::default();
    hb.absorb(
        Origin::Fitbit,
        &snap_with(end, Metric::Steps, &[("2026-11-19", 2.0)]),
        &[Need::Series(Metric::Steps)],
    );
    block_on(store::save(&p, &a, &mut ha, None)).unwrap();
    block_on(store::save(&p, &b, &mut hb, None)).unwrap();
    let la = block_on(store::load(&p, &a, end)).unwrap();
    assert_eq!(
        la.history.series(Metric::Steps).unwrap().points,
        vec![Point {
            date: d("2026-11-20"),
            value: 1.0
        }]
    );
    block_on(store::clear(&p, &a)).unwrap();
    assert!(block_on(store::load(&p, &a, end))
        .unwrap()
        .history
        .days
        .is_empty());
    assert_eq!(
        block_on(store::load(&p, &b, end))
            .unwrap()
            .history
            .series(Metric::Steps)
            .unwrap()
            .points
            .len(),
        1
    );
    assert!(block_on(p.read(""))
        .unwrap()
        .iter()
        .all(|(k, _)| k.starts_with("fitbit-AB")));
}

#[test]
fn exercises_are_painted_newest_first_by_day_then_start() {
    let mut h = History::default();
    let e = |id: u64, day: &str, start: Option<&str>| Exercise {
        name: format!("E{id}"),
        date: d(day),
        start: start.map(String::from),
        duration_min: 10,
        calories: None,
        avg_heart_rate: None,
        steps: None,
        distance: None,
        log_id: id,
        has_route: false,
    };
    // Log ids in no particular order of time.
    for x in [
        e(5, "2026-11-20", Some("18:05")),
        e(1, "2026-11-21", Some("07:30")),
        e(9, "2026-11-20", None),
        e(3, "2026-11-20", Some("09:59")),
        e(7, "2026-11-21", Some("23:10")),
    ] {
        h.exercises.insert(x.log_id, (x, Origin::Fitbit));
    }
    let mut snap = Snapshot::loading(Origin::Fitbit, d("2026-11-21"));
    h.paint(&mut snap);
    let ids: Vec<u64> = snap
        .exercises
        .ready()
        .unwrap()
        .iter()
        .map(|e| e.log_id)
        .collect();
    assert_eq!(ids, vec![7, 1, 5, 3, 9]);
}
