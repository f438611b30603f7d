//! History: any daily metric over a week, a month, a year or everything stored, with a year
//! heatmap, personal records and streaks. The view lives in the address (`?metric=steps&
//! range=year&end=2026-11-21`), so it can be bookmarked and the back button returns to the
//! previous range. Reads only the snapshot's series (whatever source filled them).

use crate::browser::window;
use crate::components::chart::{ChartKind, TrendChart};
use crate::date::Date;
use crate::history::stats::{self, Bucket, Range};
use crate::model::{Metric, Origin, Snapshot};
use crate::units::{show, UnitPrefs};
use leptos::prelude::*;

/// What the history section shows.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct View {
    pub metric: Metric,
    pub range: Range,
    /// The last day shown (None: today).
    pub end: Option<Date>,
}

/// Metrics with a heatmap (a year of days at a glance).
const HEATMAPS: [Metric; 3] = [
    Metric::Steps,
    Metric::MinutesAsleep,
    Metric::ActiveZoneMinutes,
];

impl View {
    /// Reads the view from a query string; anything missing or unknown falls back to steps,
    /// a month, ending today.
    pub fn parse(query: &str) -> View {
        let params = crate::env::form_decode(query.trim_start_matches('?'));
        let get = |k: &str| params.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
        View {
            metric: get("metric")
                .and_then(Metric::from_key)
                .unwrap_or(Metric::Steps),
            range: get("range").and_then(Range::parse).unwrap_or(Range::Month),
            end: get("end").and_then(|d| Date::parse(d).ok()),
        }
    }

    pub fn query(&self) -> String {
        let mut q = format!("?metric={}&range={}", self.metric.key(), self.range.key());
        if let Some(end) = self.end {
            q.push_str(&format!("&end={end}"));
        }
        q
    }
}

fn current() -> View {
    View::parse(&window().location().search().unwrap_or_default())
}

/// Given by a source that can fetch older history (the Google Health API): called with the
/// first day a view shows, it fetches what is not kept yet.
#[derive(Clone, Copy)]
pub struct LoadOlder {
    pub load: Callback<Date>,
    /// Whether the source shown is that source.
    pub active: Signal<bool>,
}

/// The history section. `today` is the person's today; `snapshot` holds every stored day.
#[component]
pub fn History(
    snapshot: Signal<Snapshot>,
    prefs: Signal<UnitPrefs>,
    today: Signal<Date>,
) -> impl IntoView {
    let view_sig = RwSignal::new(current());
    let older = use_context::<LoadOlder>();
    let fetches = move || older.is_some_and(|o| o.active.get());
    // Back and forward buttons restore the range shown then.
    let pop = window_event_listener(leptos::ev::popstate, move |_| view_sig.set(current()));
    on_cleanup(move || pop.remove());
    let go = move |v: View| {
        if let Ok(h) = window().history() {
            let _ = h.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&v.query()));
        }
        view_sig.set(v);
    };
    // What one view of the snapshot's series shows. (Plain reads, no memo per value: each
    // memo type and each reactive block is generic code in the bundle.)
    let series = move || {
        let m = view_sig.with(|v| v.metric);
        snapshot.with(|s| s.series(m).ready().cloned())
    };
    let end = move || {
        view_sig
            .with(|v| v.end)
            .unwrap_or_else(|| today.get())
            .min(today.get())
    };
    let first = move || {
        snapshot
            .with(|s| {
                s.series(view_sig.with(|v| v.metric))
                    .ready()
                    .and_then(|s| s.points.first().map(|p| p.date))
            })
            .unwrap_or_else(|| today.get())
    };
    // The first day a (week, month, year) view shows: a source that fetches older history is
    // asked for it when a view reaches before what is kept.
    Effect::new(move |_| {
        let v = view_sig.get();
        if let (Some(o), true, false) = (older, fetches(), v.range == Range::All) {
            let start = end().add_days(1 - v.range.days(end(), first()) as i32);
            if start < first() {
                o.load.run(start);
            }
        }
    });
    let step = move |dir: i32| {
        let v = view_sig.get_untracked();
        let by = v.range.step() * dir;
        if by == 0 {
            return;
        }
        let new_end = end().add_days(by);
        // Before the first day kept only where a source can fetch it.
        if new_end.days_since(first()) < 0 && dir < 0 && !fetches() {
            return;
        }
        go(View {
            end: (new_end < today.get_untracked()).then_some(new_end),
            ..v
        });
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let dir = match ev.key().as_str() {
            "ArrowLeft" => -1,
            "ArrowRight" => 1,
            _ => return,
        };
        ev.prevent_default();
        step(dir);
    };

    // Chart, records and heatmap: one block, drawn again when the view or the data changes.
    let body = move || {
        let v = view_sig.get();
        let Some(s) = series() else {
            return view! { <p class="notice">"No stored days of this yet."</p> }.into_any();
        };
        let (end, first, today, prefs) = (end(), first(), today.get(), prefs.get());
        let goal = snapshot.with(|x| x.goals.get(&v.metric).copied());
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
        let sources = snapshot.with(|x| in_view(x.sources.get(&v.metric), start, end));
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
        view! {
            <p class="range-label" aria-live="polite">{caption.clone()}</p>
            <TrendChart points=points start=start days=days metric=v.metric kind=kind goal=goal caption=caption prefs=prefs bucket=bucket sources=sources.clone()/>
            {source_marks(&sources)}
            <dl class="stats records">
                {crate::widgets::stat(best_label, best)}
                {streaks}
                {crate::widgets::stat("Days recorded", Some(crate::units::grouped(r.days_with_data as i64)))}
            </dl>
            {heatmap}
        }
        .into_any()
    };
    let range_buttons = move || {
        Range::ALL
            .into_iter()
            .map(|r| {
                view! {
                    <button type="button" class="secondary" aria-pressed=move || (view_sig.with(|v| v.range) == r).to_string()
                        on:click=move |_| go(View { range: r, ..view_sig.get_untracked() })>{r.label()}</button>
                }
            })
            .collect_view()
    };
    let options = move || {
        let selected = view_sig.with(|v| v.metric);
        let available: Vec<Metric> = snapshot.with(|s| {
            s.series
                .iter()
                .filter(|(_, sl)| sl.ready().is_some_and(|x| !x.points.is_empty()))
                .map(|(m, _)| *m)
                .collect()
        });
        available
            .into_iter()
            .map(|m| view! { <option value=m.key() selected=m == selected>{m.label()}</option> })
            .collect_view()
    };
    view! {
        <section class="history" id="history" aria-labelledby="history-title" on:keydown=on_key>
            <h2 id="history-title">"History"</h2>
            <div class="history-controls">
                <label>"Show "
                    <select on:change=move |ev| {
                        let m = Metric::from_key(&event_target_value(&ev)).unwrap_or(Metric::Steps);
                        go(View { metric: m, ..view_sig.get_untracked() });
                    }>{options}</select>
                </label>
                <div class="ranges" role="group" aria-label="Range">{range_buttons}</div>
                <div class="ranges" role="group" aria-label="Move (or use the arrow keys)">
                    <button type="button" class="secondary" on:click=move |_| step(-1)
                        disabled=move || view_sig.with(|v| v.range == Range::All)>"← Earlier"</button>
                    <button type="button" class="secondary" on:click=move |_| step(1)
                        disabled=move || view_sig.with(|v| v.range == Range::All || v.end.is_none())>"Later →"</button>
                </div>
            </div>
            {body}
        </section>
    }
}

/// A year of days as a grid of weeks (Monday at the top), coloured by quartile; each day's
/// value in its tooltip, and a summary for screen readers.
fn heatmap_view(s: &crate::model::Series, end: Date, prefs: UnitPrefs) -> impl IntoView {
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

#[cfg(test)]
mod tests {
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
}
