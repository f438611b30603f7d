use super::*;
use crate::history::sample;

fn history() -> (History, Date) {
    let end = Date::from_ymd(2026, 11, 20).unwrap();
    let mut h = sample::years(end, 1, Origin::Fitbit);
    h.merge(sample::years(end.add_days(-100), 1, Origin::Archive));
    (h, end)
}

#[test]
fn the_tidy_csv_has_one_row_per_stored_day_and_metric_with_its_unit_and_source() {
    let (h, end) = history();
    let csv = tidy(&h, None, None, None);
    let rows: Vec<&str> = csv.lines().skip(1).collect();
    let stored: usize = h.days.values().map(|d| d.len()).sum();
    assert_eq!(rows.len(), stored);
    assert_eq!(csv.lines().next(), Some("date,metric,value,unit,source"));
    // A sample of rows equals the stored values, as written (no locale, no grouping).
    for (m, days) in &h.days {
        for (d, (v, o)) in days.iter().step_by(97) {
            let row = format!("{d},{},{v},{},{}", m.key(), unit_suffix(m.unit()), o.key());
            assert!(rows.contains(&row.as_str()), "{row}");
        }
    }
    // The last day's steps are the live source's (it outranks the export).
    let last = format!("{end},steps,");
    let row = rows.iter().find(|r| r.starts_with(&last)).unwrap();
    assert!(row.ends_with(",count,fitbit"), "{row}");
    assert!(!csv.contains(' '), "numbers and names carry no spaces");
}

#[test]
fn a_view_is_its_metric_and_range_only() {
    let (h, end) = history();
    let from = end.add_days(-6);
    let csv = tidy(&h, Some(Metric::RestingHeartRate), Some(from), Some(end));
    let rows: Vec<&str> = csv.lines().skip(1).collect();
    assert_eq!(rows.len(), 7);
    assert!(rows
        .iter()
        .all(|r| r.contains(",resting_heart_rate,") && r.contains(",bpm,")));
    assert!(rows[0].starts_with(&from.to_string()));
}

#[test]
fn sessions_json_and_files_hold_everything() {
    let (h, _) = history();
    assert_eq!(sleep(&h).lines().count(), 1 + h.sleep.len());
    assert_eq!(exercises(&h).lines().count(), 1 + h.exercises.len());
    let v: serde_json::Value = serde_json::from_str(&json(&h)).unwrap();
    assert_eq!(v["format"], "pulsedeck-history");
    assert_eq!(v["sleep"].as_array().unwrap().len(), h.sleep.len());
    let steps = v["days"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m[0] == "steps")
        .unwrap();
    assert_eq!(steps[1], "count");
    assert_eq!(
        steps[2].as_array().unwrap().len(),
        h.days[&Metric::Steps].len()
    );
    let names: Vec<String> = files(&h).into_iter().map(|(n, _)| n).collect();
    assert!(names.contains(&"daily.csv".to_string()));
    assert!(names.contains(&"daily/steps.csv".to_string()));
    assert!(names.contains(&"history.json".to_string()));
    assert_eq!(csv_text("Run, easy"), "\"Run, easy\"");
    assert_eq!(csv_text("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
    assert_eq!(csv_text("-5k"), "'-5k");
}
