//! What the history views compute from a daily series: ranges, aggregation that keeps long
//! ranges readable, personal records and streaks. Pure; days without data are gaps, never 0.

use crate::date::Date;
use crate::model::{Metric, Point, Series};

/// A history view's span of days.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Range {
    Week,
    Month,
    Year,
    All,
}

impl Range {
    pub const ALL: [Range; 4] = [Range::Week, Range::Month, Range::Year, Range::All];

    pub fn key(self) -> &'static str {
        match self {
            Range::Week => "week",
            Range::Month => "month",
            Range::Year => "year",
            Range::All => "all",
        }
    }

    pub fn parse(s: &str) -> Option<Range> {
        Range::ALL.into_iter().find(|r| r.key() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Range::Week => "Week",
            Range::Month => "Month",
            Range::Year => "Year",
            Range::All => "All",
        }
    }

    /// Days covered ending at `end` (`All`: from `first`).
    pub fn days(self, end: Date, first: Date) -> u32 {
        match self {
            Range::Week => 7,
            Range::Month => 30,
            Range::Year => 365,
            Range::All => (end.days_since(first) + 1).max(1) as u32,
        }
    }

    /// One step back or forward moves by the range's own length.
    pub fn step(self) -> i32 {
        match self {
            Range::Week => 7,
            Range::Month => 30,
            Range::Year => 365,
            Range::All => 0,
        }
    }
}

/// How many days one drawn value stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bucket {
    Day,
    Week,
    Month,
}

impl Bucket {
    /// Daily values up to about three months; weekly up to about two years; monthly beyond,
    /// so a chart never draws more than about a hundred marks.
    pub fn for_days(days: u32) -> Bucket {
        match days {
            0..=92 => Bucket::Day,
            93..=730 => Bucket::Week,
            _ => Bucket::Month,
        }
    }

    /// The first day of the bucket holding `d` (weeks start on Monday).
    pub fn start(self, d: Date) -> Date {
        match self {
            Bucket::Day => d,
            Bucket::Week => d.add_days(-(d.weekday() as i32)),
            Bucket::Month => {
                let (y, m, _) = d.ymd();
                Date::from_ymd(y, m, 1).expect("valid")
            }
        }
    }
}

/// Whether a metric's days add up into a period (steps) or are levels averaged over it (weight).
pub fn adds_up(m: Metric) -> bool {
    matches!(
        m,
        Metric::Steps
            | Metric::Distance
            | Metric::Floors
            | Metric::CaloriesOut
            | Metric::ActiveZoneMinutes
            | Metric::CaloriesIn
            | Metric::Water
    )
}

/// The points of `s` in `[start, end]`, per bucket: the mean of the days that have a value
/// (for a total metric, the mean daily total, so weeks and months compare with a day's goal).
/// Buckets with no day are left out (gaps).
pub fn aggregate(s: &Series, start: Date, end: Date, bucket: Bucket) -> Vec<Point> {
    let lo = s.points.partition_point(|p| p.date < start);
    let hi = s.points.partition_point(|p| p.date <= end);
    let mut out: Vec<(Date, f64, u32)> = Vec::new();
    for p in &s.points[lo..hi] {
        let b = bucket.start(p.date);
        match out.last_mut() {
            Some(last) if last.0 == b => {
                last.1 += p.value;
                last.2 += 1;
            }
            _ => out.push((b, p.value, 1)),
        }
    }
    out.into_iter()
        .map(|(date, sum, n)| Point {
            date,
            value: sum / n as f64,
        })
        .collect()
}

/// Personal records and streaks of one metric.
#[derive(Clone, Debug, PartialEq)]
pub struct Records {
    pub best: Option<Point>,
    /// Longest run of consecutive days at or over the goal: (days, last day of the run).
    pub longest_streak: Option<(u32, Date)>,
    /// Consecutive days at or over the goal ending on `today` (or yesterday, while today is
    /// still under way).
    pub current_streak: u32,
    pub days_with_data: u32,
}

/// Records of `s` up to `today`. For a metric where less is better (resting heart rate),
/// `best` is the lowest value; streaks need a goal.
pub fn records(s: &Series, goal: Option<f64>, today: Date) -> Records {
    let hi = s.points.partition_point(|p| p.date <= today);
    let points = &s.points[..hi];
    let lower_is_better = matches!(s.metric, Metric::RestingHeartRate);
    let best = points.iter().copied().fold(None::<Point>, |b, p| match b {
        Some(b)
            if (if lower_is_better {
                p.value >= b.value
            } else {
                p.value <= b.value
            }) =>
        {
            Some(b)
        }
        _ => Some(p),
    });
    let mut longest: Option<(u32, Date)> = None;
    let mut run = 0u32;
    let mut last: Option<Date> = None;
    if let Some(goal) = goal {
        for p in points {
            let met = p.value >= goal;
            run = match (met, last) {
                (true, Some(l)) if p.date.days_since(l) == 1 && run > 0 => run + 1,
                (true, _) => 1,
                (false, _) => 0,
            };
            last = Some(p.date);
            if run > 0 && longest.is_none_or(|(n, _)| run > n) {
                longest = Some((run, p.date));
            }
        }
    }
    // The current run counts if it reaches today, or yesterday while today is under the goal.
    let current = match last {
        Some(l) if run > 0 && today.days_since(l) == 0 => run,
        Some(l) if today.days_since(l) <= 1 => {
            let today_under = goal.is_some_and(|g| s.on(today).is_some_and(|v| v < g));
            if run > 0 && (today.days_since(l) == 1 || today_under) {
                run
            } else if today_under {
                // Today is under way: the run up to yesterday still stands.
                run_ending(points, goal, today.add_days(-1))
            } else {
                0
            }
        }
        _ => 0,
    };
    Records {
        best,
        longest_streak: longest,
        current_streak: current,
        days_with_data: points.len() as u32,
    }
}

/// The run of goal days ending exactly on `end`.
fn run_ending(points: &[Point], goal: Option<f64>, end: Date) -> u32 {
    let Some(goal) = goal else { return 0 };
    let mut n = 0;
    let mut want = end;
    for p in points.iter().rev().skip_while(|p| p.date > end) {
        if p.date != want || p.value < goal {
            break;
        }
        n += 1;
        want = want.add_days(-1);
    }
    n
}

/// One cell of a calendar heatmap: the day, its value (None: no data), and a level 0–4.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Cell {
    pub date: Date,
    pub value: Option<f64>,
    pub level: u8,
}

/// A year of days ending at `end`, in weeks (columns, Monday first), like a contribution
/// graph. Levels are quartiles of the year's values (0: no data).
pub fn heatmap(s: &Series, end: Date) -> Vec<Vec<Cell>> {
    let first = Bucket::Week.start(end.add_days(-364));
    let mut values: Vec<f64> = s
        .window(end, end.days_since(first) as u32 + 1)
        .iter()
        .map(|p| p.value)
        .collect();
    crate::order::by_key(&mut values, |v| crate::order::f64_key(*v));
    let q = |f: f64| {
        values
            .get(((values.len() as f64 - 1.0) * f) as usize)
            .copied()
            .unwrap_or(0.0)
    };
    let cuts = [q(0.25), q(0.5), q(0.75)];
    let mut weeks: Vec<Vec<Cell>> = Vec::new();
    let mut d = first;
    while d <= end {
        if d.weekday() == 0 || weeks.is_empty() {
            weeks.push(Vec::with_capacity(7));
        }
        let value = s.on(d);
        let level = value.map_or(0, |v| 1 + cuts.iter().filter(|c| v > **c).count() as u8);
        weeks.last_mut().expect("pushed").push(Cell {
            date: d,
            value,
            level,
        });
        d = d.add_days(1);
    }
    weeks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    /// Deterministic multi-year steps: day i has 5,000 + (i·7919 mod 10,000) steps, except
    /// every 13th day, which has no data.
    fn years(start: Date, n: i32) -> Series {
        let pts = (0..n)
            .filter(|i| i % 13 != 12)
            .map(|i| Point {
                date: start.add_days(i),
                value: 5_000.0 + ((i as i64 * 7919) % 10_000) as f64,
            })
            .collect();
        Series::new(Metric::Steps, pts)
    }

    #[test]
    fn week_buckets_start_on_monday_and_average_only_days_with_data() {
        // 2026-11-16 is a Monday.
        let s = Series::new(
            Metric::Steps,
            vec![
                Point {
                    date: d("2026-11-16"),
                    value: 1000.0,
                },
                Point {
                    date: d("2026-11-18"),
                    value: 3000.0,
                },
                Point {
                    date: d("2026-11-23"),
                    value: 500.0,
                },
            ],
        );
        let w = aggregate(&s, d("2026-11-01"), d("2026-11-30"), Bucket::Week);
        assert_eq!(
            w,
            vec![
                Point {
                    date: d("2026-11-16"),
                    value: 2000.0
                },
                Point {
                    date: d("2026-11-23"),
                    value: 500.0
                }
            ]
        );
    }

    #[test]
    fn month_buckets_over_three_years_leave_empty_months_out() {
        let s = years(d("2023-01-01"), 3 * 365);
        let m = aggregate(&s, d("2023-01-01"), d("2025-12-31"), Bucket::Month);
        assert_eq!(m.len(), 36);
        assert_eq!(m[0].date, d("2023-01-01"));
        // January 2023 by hand: the mean of its days that have data.
        let jan: Vec<f64> = s
            .window(d("2023-01-31"), 31)
            .iter()
            .map(|p| p.value)
            .collect();
        assert!((m[0].value - jan.iter().sum::<f64>() / jan.len() as f64).abs() < 1e-9);
        let gap = Series::new(
            Metric::Steps,
            s.points
                .iter()
                .copied()
                .filter(|p| p.date.ymd().1 != 6)
                .collect(),
        );
        assert_eq!(
            aggregate(&gap, d("2023-01-01"), d("2025-12-31"), Bucket::Month).len(),
            33
        );
    }

    #[test]
    fn long_ranges_aggregate_to_at_most_about_a_hundred_marks() {
        assert_eq!(Bucket::for_days(30), Bucket::Day);
        assert_eq!(Bucket::for_days(365), Bucket::Week);
        assert_eq!(Bucket::for_days(5 * 365), Bucket::Month);
        let s = years(d("2021-01-01"), 5 * 365);
        let end = d("2025-12-30");
        for r in Range::ALL {
            let days = r.days(end, d("2021-01-01"));
            let n = aggregate(
                &s,
                end.add_days(1 - days as i32),
                end,
                Bucket::for_days(days),
            )
            .len();
            assert!(n <= 92 && n > 0, "{r:?}: {n}");
        }
    }

    #[test]
    fn records_and_streaks_on_generated_years() {
        let s = years(d("2022-01-01"), 4 * 365);
        let today = s.points.last().unwrap().date;
        let goal = 10_000.0;
        let r = records(&s, Some(goal), today);
        // Best day and streaks checked against a brute force over the same data.
        let best = s
            .points
            .iter()
            .max_by(|a, b| a.value.total_cmp(&b.value))
            .unwrap();
        assert_eq!(r.best.unwrap().value, best.value);
        let mut longest = 0;
        for (i, p) in s.points.iter().enumerate() {
            let mut n = 0;
            let mut want = p.date;
            for q in s.points[..=i].iter().rev() {
                if q.date != want || q.value < goal {
                    break;
                }
                n += 1;
                want = want.add_days(-1);
            }
            longest = longest.max(n);
        }
        assert_eq!(r.longest_streak.unwrap().0, longest);
        assert!(longest >= 2);
        assert_eq!(r.days_with_data as usize, s.points.len());
    }

    #[test]
    fn a_gap_breaks_a_streak_and_today_under_way_keeps_yesterdays_run() {
        let mk = |vals: &[(&str, f64)]| {
            Series::new(
                Metric::Steps,
                vals.iter()
                    .map(|(s, v)| Point {
                        date: d(s),
                        value: *v,
                    })
                    .collect(),
            )
        };
        let s = mk(&[
            ("2026-11-01", 12e3),
            ("2026-11-02", 12e3),
            ("2026-11-04", 12e3),
            ("2026-11-05", 11e3),
            ("2026-11-06", 3e3),
        ]);
        let r = records(&s, Some(10e3), d("2026-11-06"));
        assert_eq!(r.longest_streak, Some((2, d("2026-11-02"))));
        // Today (the 6th) is under the goal so far: the run to yesterday still counts.
        assert_eq!(r.current_streak, 2);
        assert_eq!(records(&s, Some(10e3), d("2026-11-08")).current_streak, 0);
        assert_eq!(records(&s, Some(10e3), d("2026-11-05")).current_streak, 2);
        let rhr = Series::new(
            Metric::RestingHeartRate,
            vec![
                Point {
                    date: d("2026-11-01"),
                    value: 60.0,
                },
                Point {
                    date: d("2026-11-02"),
                    value: 55.0,
                },
            ],
        );
        assert_eq!(
            records(&rhr, None, d("2026-11-02")).best.unwrap().value,
            55.0
        );
    }

    #[test]
    fn heatmap_is_a_year_of_monday_first_weeks_with_gaps_as_level_zero() {
        let s = years(d("2025-01-01"), 400);
        let end = d("2026-01-20");
        let weeks = heatmap(&s, end);
        assert!(weeks.len() == 53 || weeks.len() == 54);
        assert!(weeks
            .iter()
            .all(|w| w.len() <= 7 && w[0].date.weekday() == 0));
        assert_eq!(weeks.last().unwrap().last().unwrap().date, end);
        let cells: Vec<&Cell> = weeks.iter().flatten().collect();
        assert!(cells.iter().all(|c| (c.value.is_none()) == (c.level == 0)));
        assert!(cells.iter().any(|c| c.value.is_none()));
        for l in 1..=4 {
            assert!(cells.iter().any(|c| c.level == l), "level {l}");
        }
    }
}
