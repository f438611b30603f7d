//! Native tests on series with known answers.

use super::ask::Ask;
use super::doc::Doc;
use super::*;
use crate::date::Date;
use crate::history::stats::Range;
use crate::jsontext::FromJson;
use crate::model::{Metric, Point, Series};

fn day(i: i32) -> Date {
    Date::from_ymd(2025, 1, 1).unwrap().add_days(i)
}

/// A small deterministic wobble in [-1, 1].
fn wobble(i: i32, salt: u32) -> f64 {
    let mut x = (i as u32).wrapping_mul(2_654_435_761) ^ salt.wrapping_mul(40_503);
    x ^= x >> 13;
    x = x.wrapping_mul(0x5bd1_e995);
    x ^= x >> 15;
    (x % 2001) as f64 / 1000.0 - 1.0
}

fn series(m: Metric, days: std::ops::Range<i32>, f: impl Fn(i32) -> f64) -> Series {
    Series::new(
        m,
        days.map(|i| Point {
            date: day(i),
            value: f(i),
        })
        .collect(),
    )
}

const FEVER: std::ops::Range<i32> = 150..157;

/// Resting heart rate 56 ± 1 bpm and skin temperature ± 0.15 °C, with a fever week of
/// +8 bpm and +1.5 °C on nights 150–156.
fn fever() -> (Series, Series) {
    let ill = |i| FEVER.contains(&i);
    (
        series(Metric::RestingHeartRate, 0..200, |i| {
            56.0 + wobble(i, 1).round() + if ill(i) { 8.0 } else { 0.0 }
        }),
        series(Metric::SkinTemperatureDelta, 0..200, |i| {
            0.15 * wobble(i, 2) + if ill(i) { 1.5 } else { 0.0 }
        }),
    )
}

#[test]
fn a_fever_week_is_flagged_on_exactly_its_nights() {
    let (rhr, skin) = fever();
    let want: Vec<Date> = FEVER.map(day).collect();
    for s in [&rhr, &skin] {
        let got: Vec<Date> = ranges::outside(s).iter().map(|(p, _)| p.date).collect();
        assert_eq!(got, want, "{:?}", s.metric);
        assert!(ranges::outside(s).iter().all(|(p, b)| b.side(p.value) == 1));
    }
    // The night after the fever is usual again, its range not widened by the fever week.
    let b = ranges::usual(&rhr, day(157)).unwrap();
    assert_eq!(b.nights, 30);
    assert!((b.mid - 56.0).abs() <= 1.0 && b.high < 61.0, "{b:?}");
    assert_eq!(b.side(rhr.on(day(157)).unwrap()), 0);
}

#[test]
fn too_few_nights_give_no_range() {
    let s = series(Metric::RestingHeartRate, 0..14, |i| {
        if i == 13 {
            90.0
        } else {
            55.0
        }
    });
    // Night 13 has only 13 nights before it.
    assert_eq!(ranges::usual(&s, day(13)), None);
    assert!(ranges::outside(&s).is_empty());
    let s = series(Metric::RestingHeartRate, 0..15, |i| {
        if i == 14 {
            90.0
        } else {
            55.0
        }
    });
    assert_eq!(ranges::outside(&s).len(), 1);
    // Gaps count: 20 nights spread over 60 days leave fewer than 14 in any 30.
    let sparse = Series::new(
        Metric::RestingHeartRate,
        (0..20)
            .map(|i| Point {
                date: day(i * 3),
                value: 55.0,
            })
            .collect(),
    );
    assert_eq!(ranges::nights(&sparse).len(), 0);
}

#[test]
fn a_steady_metric_flags_nothing_the_floor_keeps_ordinary_wobble_usual() {
    // Exactly 55 every night but one at 57: 2 bpm is within the 3 bpm floor.
    let s = series(Metric::RestingHeartRate, 0..60, |i| {
        if i == 40 {
            57.0
        } else {
            55.0
        }
    });
    assert!(ranges::outside(&s).is_empty());
}

/// 57 ± 2 bpm for a year, then 54 ± 2 for the last 90 days.
fn drifting() -> Series {
    series(Metric::RestingHeartRate, 0..455, |i| {
        (if i >= 365 { 54.0 } else { 57.0 }) + 2.0 * wobble(i, 3)
    })
}

#[test]
fn what_changed_says_both_figures_and_the_days_they_rest_on() {
    let s = drifting();
    let end = day(454);
    let c = changes::change(&s, end).unwrap();
    assert_eq!((c.days_recent, c.days_before), (90, 365));
    assert!(
        (c.before - 57.0).abs() < 0.3 && (c.recent - 54.0).abs() < 0.3,
        "{c:?}"
    );
    assert!(changes::crosses(&c) && c.size < 0.0);
    let steady = series(Metric::Steps, 0..455, |i| 8000.0 + 500.0 * wobble(i, 4));
    assert!(!changes::crosses(&changes::change(&steady, end).unwrap()));
    let found = changes::highlights(&[steady, s.clone()], end);
    assert_eq!(
        found.iter().map(|c| c.metric).collect::<Vec<_>>(),
        [Metric::RestingHeartRate]
    );
    let words = write::sentence(&found[0], &Default::default());
    assert!(
        words.starts_with("Resting heart rate: 57 → 54 bpm (−3 bpm, −")
            && words.ends_with(
                "%), last 90 days (90 with data) against the 12 months before (365 with data)."
            ),
        "{words}"
    );
}

#[test]
fn too_few_days_claim_no_change() {
    // 29 recent days: nothing said, however large the change.
    let s = series(Metric::RestingHeartRate, 0..455, |i| {
        if i >= 365 {
            70.0
        } else {
            57.0
        }
    });
    let thin = Series::new(
        s.metric,
        s.points
            .iter()
            .copied()
            .filter(|p| p.date < day(365) || p.date > day(425))
            .collect(),
    );
    assert_eq!(changes::change(&thin, day(454)), None);
    let short = series(Metric::RestingHeartRate, 300..455, |_| 57.0);
    assert_eq!(
        changes::change(&short, day(454)),
        None,
        "65 days before are under 90"
    );
}

#[test]
fn periods_compare_with_the_previous_and_a_year_earlier() {
    // Steps: 1000 a day, 1100 in the last week, 800 a year before it; one day missing.
    let s = series(Metric::Steps, 0..400, |i| match i {
        393.. => 1100.0 + if i == 399 { 400.0 } else { 0.0 },
        28..=34 => 800.0,
        _ => 1000.0,
    });
    let s = Series::new(
        s.metric,
        s.points
            .into_iter()
            .filter(|p| p.date != day(395))
            .collect(),
    );
    let c = compare::compare(&s, day(399), Range::Week);
    assert_eq!(
        (c.this.from, c.this.to, c.this.days),
        (day(393), day(399), 6)
    );
    assert_eq!(c.this.total, Some(6.0 * 1100.0 + 400.0));
    assert_eq!(c.this.best.map(|b| b.date), Some(day(399)));
    assert_eq!((c.previous.average, c.previous.days), (Some(1000.0), 7));
    assert_eq!(
        (c.year_ago.from, c.year_ago.average),
        (day(28), Some(800.0))
    );
    let (d, pct) = compare::difference(&c.this, &c.previous).unwrap();
    assert!((d - 7000.0 / 6.0 + 1000.0).abs() < 1e-9 && (pct.unwrap() - 16.666).abs() < 0.01);
    // Resting heart rate: the best day is the lowest, and no total.
    let r = compare::summary(&drifting(), day(0), day(30));
    assert_eq!(r.total, None);
    assert!(r.best.unwrap().value <= r.average.unwrap());
}

/// Sleep of 380–470 minutes; the next day's steps follow it (plus their own noise).
fn planted(lag: i32, sign: f64) -> (Series, Series) {
    let sleep = series(Metric::MinutesAsleep, 0..300, |i| {
        425.0 + 45.0 * wobble(i, 5)
    });
    let steps = series(Metric::Steps, 0..300, |i| {
        let last = 425.0 + 45.0 * wobble(i - lag, 5);
        8000.0 + sign * 60.0 * (last - 425.0) + 1500.0 * wobble(i, 6)
    });
    (sleep, steps)
}

#[test]
fn a_planted_relation_is_found_with_its_sign_and_lag() {
    let (sleep, steps) = planted(1, 1.0);
    let r = relate::relate(&sleep, &steps, 1).unwrap();
    assert_eq!(r.n, 299);
    assert!(
        r.rho > 0.6 && r.strength == relate::Strength::Strong,
        "{}",
        r.rho
    );
    let same_day = relate::relate(&sleep, &steps, 0).unwrap();
    assert!(same_day.rho.abs() < 0.15, "{}", same_day.rho);
    let (sleep, steps) = planted(1, -1.0);
    assert!(relate::relate(&sleep, &steps, 1).unwrap().rho < -0.6);
    // Too few days with both: no claim.
    let short = Series::new(Metric::Steps, steps.points[..30].to_vec());
    assert_eq!(relate::relate(&sleep, &short, 1), None, "29 pairs");
}

#[test]
fn rank_correlation_has_known_values() {
    assert_eq!(
        relate::spearman(&[(1.0, 10.0), (2.0, 20.0), (3.0, 30.0)]),
        1.0
    );
    assert_eq!(
        relate::spearman(&[(1.0, 3.0), (2.0, 2.0), (3.0, 1.0)]),
        -1.0
    );
    // Ties share ranks: x ranks 1.5 1.5 3, y ranks 1 2 3 → ρ = √3/2.
    let rho = relate::spearman(&[(1.0, 1.0), (1.0, 2.0), (2.0, 3.0)]);
    assert!((rho - 3f64.sqrt() / 2.0).abs() < 1e-12, "{rho}");
    assert_eq!(relate::Strength::of(0.05), relate::Strength::None);
    assert_eq!(relate::Strength::of(-0.35), relate::Strength::Moderate);
}

#[test]
fn profiles_average_by_weekday_and_month() {
    // 2025-01-01 was a Wednesday (index 2); 10 000 steps on Saturdays, 5 000 otherwise.
    let s = series(Metric::Steps, 0..365, |i| {
        if day(i).weekday() == 5 {
            10_000.0
        } else {
            5000.0
        }
    });
    let w = relate::weekdays(&s);
    assert_eq!(w[5], (Some(10_000.0), 52));
    assert_eq!(w[2], (Some(5000.0), 53));
    let m = relate::months(&series(Metric::Steps, 0..59, |i| {
        if i < 31 {
            1.0
        } else {
            2.0
        }
    }));
    assert_eq!(
        (m[0], m[1], m[2]),
        ((Some(1.0), 31), (Some(2.0), 28), (None, 0))
    );
    let few = relate::weekdays(&series(Metric::Steps, 0..21, |_| 1.0));
    assert_eq!(few[0], (None, 3), "3 Mondays are under the minimum of 4");
}

fn all_series() -> Vec<Series> {
    let (rhr, skin) = fever();
    let (sleep, steps) = planted(1, 1.0);
    vec![rhr, skin, sleep, steps]
}

#[test]
fn the_insights_doc_reads_back_and_says_its_limits() {
    let series = all_series();
    let ask = Ask::new(day(199));
    let doc = write::insights(&series, &ask);
    let text = serde_json::to_string(&doc).unwrap();
    assert_eq!(Doc::from_json(&text), Some(doc.clone()));
    assert!(doc.lines.iter().any(|l| l.contains("not medical advice")));
    for id in ["changed", "ranges", "compare", "relation", "profile"] {
        assert!(doc.sections.iter().any(|s| s.id == id), "{id}");
    }
    // The fever nights are listed with their dates; the relation is read in plain words.
    for d in FEVER.map(day) {
        assert!(text.contains(&format!("[\"{d}\"")), "{d}");
    }
    assert!(text.contains("a strong tendency: on days with more time asleep, the next day's steps tended to be higher") || text.contains("A strong tendency"), "{text}");
    for banned in ["diagnos", "because", "leads to", "caused by"] {
        assert!(!text.to_lowercase().contains(banned), "{banned}");
    }
}

#[test]
fn the_report_holds_the_chosen_range_metrics_and_readings() {
    let series = all_series();
    let ask = Ask {
        report: true,
        from: day(140),
        to: day(169),
        metrics: vec![Metric::RestingHeartRate, Metric::Steps, Metric::Weight],
        ..Ask::new(day(199))
    };
    let readings = [
        format!("{}T08:00:00|Normal Sinus Rhythm|61", day(150)),
        format!("{}T08:00:00|Atrial Fibrillation|90", day(10)),
    ];
    let doc = report::report(&series, &ask, &readings, "an export");
    let titles: Vec<&str> = doc.sections.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Resting heart rate (bpm)",
            "Steps (count)",
            "Heart rhythm readings"
        ]
    );
    assert!(doc.lines[0].starts_with(&format!("{} to {} (30 days)", day(140), day(169))));
    let text = serde_json::to_string(&doc).unwrap();
    assert!(text.contains("Outside the usual range on 7 nights"));
    assert!(
        !text.contains("Atrial"),
        "a reading outside the range is left out"
    );
    assert_eq!(Doc::from_json(&text), Some(doc));
}

#[test]
fn an_ask_survives_its_query() {
    let a = Ask {
        report: true,
        x: Metric::Steps,
        y: Metric::SleepScore,
        lag: 0,
        profile: Metric::Weight,
        period: Range::Year,
        metrics: vec![Metric::Weight],
        units: crate::units::System::Uk.prefs(),
        ..Ask::new(day(10))
    };
    assert_eq!(Ask::parse(&a.query()), a);
    assert_eq!(
        Ask::parse("units=9x").units,
        crate::units::System::Metric.prefs()
    );
}

#[test]
fn a_few_odd_nights_of_a_steady_measure_are_no_highlight() {
    // Skin temperature steady within ±0.1 °C, and a fever week (+1.5 °C) in the last 90 days:
    // past half an SD of the steady year, but under the 0.25 °C a highlight needs.
    let s = series(Metric::SkinTemperatureDelta, 0..455, |i| {
        0.1 * wobble(i, 2).round() + if (420..427).contains(&i) { 1.5 } else { 0.0 }
    });
    let c = changes::change(&s, day(454)).unwrap();
    assert!(c.size.abs() >= changes::THRESHOLD_SD, "{c:?}");
    assert!(!changes::crosses(&c));
    assert_eq!(
        c.percent(),
        None,
        "no percent of a deviation from a baseline"
    );
}
