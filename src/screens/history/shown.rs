//! What one view of the history shows: the chart, the sources of its days, records and
//! streaks, and for some metrics a year heatmap.

use super::{Nav, View, HEATMAPS};
use crate::components::chart::{ChartKind, TrendChart};
use crate::date::Date;
use crate::history::stats::{self, Bucket};
use crate::model::{Metric, Origin, Series};
use crate::units::{show, UnitPrefs};
use leptos::prelude::*;

/// Chart, records and heatmap of `s` as `v` shows it (drawn again when the view or the data
/// changes: the signals read here are the caller's to track).
pub(super) fn shown(nav: Nav, v: View, s: Series, prefs: UnitPrefs) -> AnyView {
    let (end, first, today) = (nav.end(), nav.first(), nav.today.get());
    let goal = nav.snapshot.with(|x| x.goals.get(&v.metric).copied());
    let bucket = Bucket::for_days(v.range.days(end, first));
    // Whole weeks or months only: a partial first bucket would chart one day as a "mean".
    let start = bucket.start(end.add_days(1 - v.range.days(end, first) as i32));
    let start = if bucket == Bucket::Day {
        start
    } else {
        start.max(bucket.start(first))
    };
    let days = (end.days_since(start) + 1) as u32;
    let points = stats::aggregate(&s, start, end, bucket);
    let kind = if stats::adds_up(v.metric) {
        ChartKind::Bars
    } else {
        ChartKind::Line
    };
    let caption = caption_of(v.metric, start, end, bucket);
    let sources = nav
        .snapshot
        .with(|x| in_view(x.sources.get(&v.metric), start, end));
    let r = stats::records(&s, goal, today);
    let fmt = |x: f64| show(x, v.metric.unit(), &prefs).to_string();
    let best_label = if v.metric == Metric::RestingHeartRate {
        "Lowest day"
    } else {
        "Best day"
    };
    let best = r
        .best
        .map(|p| format!("{} on {}", fmt(p.value), p.date.short_label_y()));
    let streak = |n: u32| format!("{n} day{}", if n == 1 { "" } else { "s" });
    let streaks = goal.map(|_| {
        view! {
            {crate::widgets::stat("Longest goal streak", r.longest_streak.map(|(n, d)| format!("{}, to {}", streak(n), d.short_label_y())))}
            {crate::widgets::stat("Current streak", Some(streak(r.current_streak)))}
        }
    });
    let heatmap = HEATMAPS
        .contains(&v.metric)
        .then(|| heatmap_view(&s, end, prefs));
    let usual = crate::screens::insights::usual::in_view(&s, start, end, &prefs);
    let metric = v.metric;
    let download = move |_| {
        let csv = nav.snapshot.with_untracked(|x| {
            let runs = x.sources.get(&metric).cloned().unwrap_or_default();
            crate::export::view_csv(metric, &s.points, &runs, start, end)
        });
        let name = format!("pulsedeck-{}-{start}-to-{end}.csv", metric.key());
        let _ = crate::browser::download(&name, "text/csv", &csv);
    };
    view! {
        <p class="range-label" aria-live="polite">{caption.clone()}</p>
        <TrendChart points=points start=start days=days metric=v.metric kind=kind goal=goal caption=caption prefs=prefs bucket=bucket sources=sources.clone()/>
        {source_marks(&sources)}
        {usual}
        <dl class="stats records">
            {crate::widgets::stat(best_label, best)}
            {streaks}
            {crate::widgets::stat("Days recorded", Some(crate::units::grouped(r.days_with_data as i64)))}
        </dl>
        {heatmap}
        <button type="button" class="secondary small" id="history-csv" on:click=download>"Download this view (CSV)"</button>
    }
    .into_any()
}

/// A year of days as a grid of weeks (Monday at the top), coloured by quartile; each day's
/// value in its tooltip, and a summary for screen readers.
fn heatmap_view(s: &Series, end: Date, prefs: UnitPrefs) -> impl IntoView {
    const CELL: f64 = 11.0;
    let weeks = stats::heatmap(s, end);
    let cells: Vec<&stats::Cell> = weeks.iter().flatten().collect();
    let with_data = cells.iter().filter(|c| c.value.is_some()).count();
    let unit = s.metric.unit();
    let top = cells
        .iter()
        .filter_map(|c| c.value.map(|v| (c.date, v)))
        .max_by(|a, b| a.1.total_cmp(&b.1));
    let summary = format!(
        "{}, the year to {}: {with_data} days with data{}",
        s.metric.label(),
        end.short_label_y(),
        top.map(|(d, v)| format!(
            "; highest {} on {}.",
            show(v, unit, &prefs),
            d.short_label_y()
        ))
        .unwrap_or_else(|| ".".into())
    );
    let rects = weeks
        .iter()
        .enumerate()
        .flat_map(|(x, week)| {
            week.iter().map(move |c| {
                let title = match c.value {
                    Some(v) => format!("{}: {}", c.date.short_label_y(), show(v, unit, &prefs)),
                    None => format!("{}: no data", c.date.short_label_y()),
                };
                view! {
                    <rect class=format!("l{}", c.level) x=format!("{}", x as f64 * CELL) y=format!("{}", c.date.weekday() as f64 * CELL)
                        width="9" height="9" rx="2"><title>{title}</title></rect>
                }
            })
        })
        .collect_view();
    let w = weeks.len() as f64 * CELL;
    view! {
        <figure class="heatmap">
            <svg viewBox=format!("0 0 {w} {}", 7.0 * CELL) role="img" aria-label=summary.clone()>{rects}</svg>
            <figcaption>{summary}" Darker: higher (quartiles of the year); empty: no data."</figcaption>
        </figure>
    }
}

/// "Steps, Nov 8, 2026 to Dec 7, 2026, weekly mean".
fn caption_of(m: Metric, start: Date, end: Date, bucket: Bucket) -> String {
    let per = match bucket {
        Bucket::Day => "",
        Bucket::Week => ", weekly mean",
        Bucket::Month => ", monthly mean",
    };
    let (a, b) = (start.short_label_y(), end.short_label_y());
    format!("{}, {a} to {b}{per}", m.label())
}

/// The runs of `runs` inside the view, named by source, when more than one source gave the
/// days in view (one source needs no mark).
fn in_view(
    runs: Option<&Vec<(Date, Date, Origin)>>,
    start: Date,
    end: Date,
) -> Vec<(Date, Date, &'static str)> {
    let inside: Vec<(Date, Date, Origin)> = runs
        .into_iter()
        .flatten()
        .filter(|(a, b, _)| *b >= start && *a <= end)
        .map(|(a, b, o)| ((*a).max(start), (*b).min(end), *o))
        .collect();
    let one = inside.windows(2).all(|w| w[0].2 == w[1].2);
    if one {
        return Vec::new();
    }
    inside
        .into_iter()
        .map(|(a, b, o)| (a, b, o.caps().title))
        .collect()
}

/// Under the chart: each source in view with the span of its days ("Fitbit (legacy Web API):
/// Nov 8 – Dec 7, 2026"); nothing when one source gave them all.
fn source_marks(runs: &[(Date, Date, &'static str)]) -> Option<impl IntoView> {
    let mut spans: Vec<(&str, Date, Date)> = Vec::new();
    for (a, b, name) in runs {
        match spans.iter_mut().find(|s| s.0 == *name) {
            Some(s) => (s.1, s.2) = (s.1.min(*a), s.2.max(*b)),
            None => spans.push((name, *a, *b)),
        }
    }
    (!spans.is_empty()).then(|| {
        let items = spans
            .into_iter()
            .map(|(name, a, b)| view! { <li><strong>{name}</strong>{format!(": {} – {}", a.short_label_y(), b.short_label_y())}</li> })
            .collect_view();
        view! { <ul class="source-marks hint" aria-label="Sources of the days in view">{items}</ul> }
    })
}
