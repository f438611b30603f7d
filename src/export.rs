//! Export of the data kept in this browser: everything as JSON, or one metric as CSV.
//! Values are in the model's base units, named in the CSV header.

use crate::model::{Metric, Snapshot, Unit};

fn unit_suffix(u: Unit) -> &'static str {
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
}
