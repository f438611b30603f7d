use super::*;

#[test]
fn a_failure_stays_said_until_something_newer_replaces_it() {
    let today = Date::from_ymd(2026, 11, 22).unwrap();
    let mut before = Snapshot::loading(Origin::GoogleHealth, today);
    before.sleep = Slot::Failed("blocked".into());
    before
        .series
        .insert(Metric::RestingHeartRate, Slot::Failed("400".into()));
    before
        .series
        .insert(Metric::Steps, Slot::Failed("old".into()));
    before.devices = Slot::NotShared;
    before.exercises = Slot::NoData;
    // Painted from the store: steps came back meanwhile, the rest is not known.
    let mut now = Snapshot::loading(Origin::GoogleHealth, today);
    now.series.insert(Metric::Steps, Slot::NoData);
    now.keep_marks(&before);
    assert_eq!(now.sleep, Slot::Failed("blocked".into()));
    assert_eq!(
        now.series(Metric::RestingHeartRate),
        &Slot::Failed("400".into())
    );
    assert_eq!(
        now.series(Metric::Steps),
        &Slot::NoData,
        "a newer answer wins"
    );
    assert_eq!(now.devices, Slot::NotShared);
    assert_eq!(
        now.exercises,
        Slot::Loading,
        "only failures and 'not shared' are kept"
    );
    assert_eq!(now.series(Metric::Weight), &Slot::Loading);
    assert!(!now.series.contains_key(&Metric::Weight));
}

#[test]
fn keys_are_the_serde_names_and_read_back() {
    for m in Metric::ALL {
        assert_eq!(
            serde_json::to_string(&m).unwrap(),
            format!("\"{}\"", m.key())
        );
        assert_eq!(Metric::from_key(m.key()), Some(m));
    }
    for k in Intraday::ALL {
        assert_eq!(
            serde_json::to_string(&k).unwrap(),
            format!("\"{}\"", k.key())
        );
        assert_eq!(Intraday::from_key(k.key()), Some(k));
    }
    assert_eq!(Metric::from_key("stepz"), None);
    for o in Origin::ALL {
        assert_eq!(
            serde_json::to_string(&o).unwrap(),
            format!("\"{}\"", o.key())
        );
        assert_eq!(Origin::from_key(o.key()), Some(o));
    }
    for e in crate::fitbit::endpoints::Endpoint::ALL
        .into_iter()
        .chain(crate::fitbit::endpoints::Endpoint::INTRADAY)
    {
        assert_eq!(
            serde_json::to_string(&e).unwrap(),
            format!("\"{}\"", e.key())
        );
        assert_eq!(
            crate::fitbit::endpoints::Endpoint::from_key(e.key()),
            Some(e)
        );
    }
}

fn d(s: &str) -> Date {
    Date::parse(s).unwrap()
}

#[test]
fn series_sorts_and_keeps_the_last_value_per_date() {
    let s = Series::new(
        Metric::Weight,
        vec![
            Point {
                date: d("2026-01-03"),
                value: 70.0,
            },
            Point {
                date: d("2026-01-01"),
                value: 71.0,
            },
            Point {
                date: d("2026-01-03"),
                value: 69.5,
            },
        ],
    );
    assert_eq!(s.points.len(), 2);
    assert_eq!(s.on(d("2026-01-03")), Some(69.5));
    assert_eq!(s.on(d("2026-01-02")), None);
    assert_eq!(s.latest_until(d("2026-01-02")).unwrap().value, 71.0);
}

#[test]
fn window_and_mean_cover_exactly_the_requested_days() {
    let start = d("2026-01-01");
    let s = Series::new(
        Metric::Steps,
        (0..10)
            .map(|i| Point {
                date: start.add_days(i),
                value: i as f64,
            })
            .collect(),
    );
    let w = s.window(d("2026-01-10"), 7);
    assert_eq!(w.first().unwrap().date, d("2026-01-04"));
    assert_eq!(w.len(), 7);
    assert_eq!(s.mean(d("2026-01-10"), 7), Some(6.0));
    assert_eq!(s.mean(d("2025-12-01"), 7), None);
}

#[test]
fn slot_serialises_with_its_state_as_the_tag() {
    let ready: Slot<u32> = Slot::Ready(3);
    assert_eq!(serde_json::to_string(&ready).unwrap(), r#"{"ready":3}"#);
    assert_eq!(
        serde_json::to_string(&Slot::<u32>::NotShared).unwrap(),
        r#""not_shared""#
    );
}
