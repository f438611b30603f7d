use super::*;

#[test]
fn bars_start_at_zero_and_include_the_goal() {
    assert_eq!(
        y_range(&[5.0, 8.0], ChartKind::Bars, Some(10.0), None),
        (0.0, 10.5)
    );
    let (lo, hi) = y_range(&[60.0, 62.0], ChartKind::Line, None, None);
    assert!(lo < 60.0 && lo > 59.0 && hi > 62.0 && hi < 63.0);
    assert_eq!(y_range(&[], ChartKind::Line, None, None), (0.0, 1.0));
}

#[test]
fn a_flat_line_still_has_a_visible_range() {
    let (lo, hi) = y_range(&[70.0, 70.0], ChartKind::Line, None, None);
    assert!(hi - lo > 0.5);
}

#[test]
fn the_margin_stays_within_what_a_metric_can_be() {
    // Readiness from 15 to 99: the axis ends at 100, not 107, and starts at 6.6, not below.
    let most = Metric::Readiness.most();
    assert_eq!(y_range(&[15.0, 99.0], ChartKind::Line, None, most).1, 100.0);
    assert_eq!(
        y_range(&[96.0, 99.0], ChartKind::Bars, None, most),
        (0.0, 100.0)
    );
    // Near zero the margin stops at zero; a value below zero (skin temperature) keeps it.
    assert_eq!(y_range(&[2.0, 12.0], ChartKind::Line, None, None).0, 1.0);
    assert_eq!(y_range(&[0.5, 12.0], ChartKind::Line, None, None).0, 0.0);
    assert!(y_range(&[-0.4, 0.6], ChartKind::Line, None, None).0 < -0.4);
    // Data past the ceiling (a bad value) is still drawn whole.
    assert!(y_range(&[90.0, 104.0], ChartKind::Line, None, most).1 > 104.0);
}

#[test]
fn taller_values_make_taller_bars_from_a_common_base() {
    let r = (0.0, 100.0);
    let b = bars(&[(0, 25.0), (1, 100.0)], 2, r);
    assert_eq!(b.len(), 2);
    assert!(
        (b[0].y + b[0].h - (b[1].y + b[1].h)).abs() < 1e-9,
        "common baseline"
    );
    assert!((b[1].h / b[0].h - 4.0).abs() < 1e-9);
    assert!(b[0].x < b[1].x);
    assert!(b[1].x + b[1].w <= WIDTH);
}

#[test]
fn a_route_fits_its_box_with_north_up() {
    let d = route_path(&[(51.0, 0.0), (51.01, 0.0), (51.01, 0.02)], 200.0, 100.0);
    let nums: Vec<f64> = d
        .split(['M', 'L', ' '])
        .filter_map(|t| t.parse().ok())
        .collect();
    assert!(nums.iter().all(|v| (0.0..=200.0).contains(v)));
    // The second point is north of the first: drawn higher (smaller y).
    assert!(nums[3] < nums[1]);
    assert_eq!(route_path(&[], 10.0, 10.0), "");
}

#[test]
fn line_path_moves_then_draws() {
    let p = line_path(&[(0, 1.0), (2, 3.0)], 3, (0.0, 4.0));
    assert!(p.starts_with('M'));
    assert_eq!(p.matches('L').count(), 1);
}
