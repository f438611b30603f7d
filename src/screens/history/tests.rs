use super::*;

#[test]
fn the_view_round_trips_through_the_address_and_falls_back_on_nonsense() {
    let v = View {
        metric: Metric::MinutesAsleep,
        range: Range::Year,
        end: Date::parse("2025-03-01").ok(),
    };
    assert_eq!(View::parse(&v.query()), v);
    assert_eq!(
        v.query(),
        "?metric=minutes_asleep&range=year&end=2025-03-01"
    );
    assert_eq!(
        View::parse("?metric=nope&range=decade&end=x"),
        View {
            metric: Metric::Steps,
            range: Range::Month,
            end: None
        }
    );
    // A Fitbit callback's query is not a history view.
    assert_eq!(View::parse("?code=abc&state=x").range, Range::Month);
}
