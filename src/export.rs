//! Export of the data kept in this browser: everything as JSON, or one metric as CSV.
//! Values are in the model's base units, named in the CSV header.

use crate::model::{Metric, Snapshot, Unit};

pub(crate) fn unit_suffix(u: Unit) -> &'static str {
    match u {
        Unit::Count => "count",
        Unit::Meters => "m",
        Unit::Kilocalories => "kcal",
        Unit::Minutes => "min",
        Unit::BeatsPerMinute => "bpm",
        Unit::Milliseconds => "ms",
        Unit::Kilograms => "kg",
        Unit::Percent => "percent",
        Unit::KgPerSquareMeter => "kg_per_m2",
        Unit::Milliliters => "ml",
        Unit::BreathsPerMinute => "breaths_per_min",
        Unit::KelvinDelta => "delta_c",
        Unit::MlPerKgPerMinute => "ml_per_kg_min",
    }
}

/// The snapshot as JSON (what "Download all data" saves). Compact on purpose: a pretty printer
/// would compile a second copy of every serialiser into the wasm.
pub fn to_json(snap: &Snapshot) -> String {
    serde_json::to_string(snap).expect("serialisable")
}

/// The metrics that have data, for the CSV choice.
pub fn metrics_with_data(snap: &Snapshot) -> Vec<Metric> {
    snap.series
        .iter()
        .filter_map(|(m, s)| s.ready().filter(|s| !s.points.is_empty()).map(|_| *m))
        .collect()
}

/// One metric as CSV: `date,<metric>_<unit>` then one row per day.
pub fn to_csv(snap: &Snapshot, metric: Metric) -> Option<String> {
    let series = snap.series(metric).ready()?;
    let name = metric.key();
    let mut out = format!("date,{name}_{}\n", unit_suffix(metric.unit()));
    for p in &series.points {
        out.push_str(&format!("{},{}\n", p.date, p.value));
    }
    Some(out)
}

/// A History view as tidy CSV (`date,metric,value,unit,source`, as "Download everything"
/// writes it): the days of `points` from `start` to `end`, each with the source `runs` gives it.
pub fn view_csv(
    metric: Metric,
    points: &[crate::model::Point],
    runs: &[(crate::date::Date, crate::date::Date, crate::model::Origin)],
    start: crate::date::Date,
    end: crate::date::Date,
) -> String {
    let mut out = String::from("date,metric,value,unit,source\n");
    for p in points.iter().filter(|p| p.date >= start && p.date <= end) {
        let src = runs
            .iter()
            .find(|(a, b, _)| *a <= p.date && p.date <= *b)
            .map_or("", |(.., o)| o.key());
        out.push_str(&format!(
            "{},{},{},{},{src}\n",
            p.date,
            metric.key(),
            p.value,
            unit_suffix(metric.unit())
        ));
    }
    out
}

pub fn csv_file_name(metric: Metric, snap: &Snapshot) -> String {
    let name = metric.key();
    format!("pulsedeck-{name}-{}.csv", snap.today)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::Date;

    #[test]
    fn csv_has_a_named_unit_column_and_one_row_per_day() {
        let snap = crate::demo::snapshot(Date::from_ymd(2026, 11, 21).unwrap());
        let csv = to_csv(&snap, Metric::Weight).unwrap();
        let mut lines = csv.lines();
        assert_eq!(lines.next(), Some("date,weight_kg"));
        let rows: Vec<&str> = lines.collect();
        assert_eq!(
            rows.len(),
            snap.series(Metric::Weight).ready().unwrap().points.len()
        );
        assert!(rows
            .iter()
            .all(|r| r.len() > 11 && r.as_bytes()[10] == b','));
        assert_eq!(
            csv_file_name(Metric::Weight, &snap),
            "pulsedeck-weight-2026-11-21.csv"
        );
        assert!(metrics_with_data(&snap).contains(&Metric::Steps));
    }

    #[test]
    fn json_round_trips() {
        let snap = crate::demo::snapshot(Date::from_ymd(2026, 11, 21).unwrap());
        // The export reads back as the store reads its own records.
        assert_eq!(Snapshot::from_json(&to_json(&snap)), Some(snap));
    }

    #[test]
    fn a_view_is_tidy_with_each_days_source() {
        use crate::model::{Origin, Point};
        let d = |n: i32| Date::from_ymd(2026, 11, 1).unwrap().add_days(n);
        let points: Vec<Point> = (0..10)
            .map(|i| Point {
                date: d(i),
                value: 1000.5 + i as f64,
            })
            .collect();
        let runs = [(d(0), d(4), Origin::Archive), (d(5), d(9), Origin::Fitbit)];
        let csv = view_csv(Metric::Steps, &points, &runs, d(3), d(6));
        assert_eq!(
            csv,
            "date,metric,value,unit,source\n2026-11-04,steps,1003.5,count,archive\n\
             2026-11-05,steps,1004.5,count,archive\n2026-11-06,steps,1005.5,count,fitbit\n\
             2026-11-07,steps,1006.5,count,fitbit\n"
        );
    }
}
