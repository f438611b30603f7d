//! History: any daily metric over a week, a month, a year or everything stored, with a year
//! heatmap, personal records and streaks. The view lives in the address (`?metric=steps&
//! range=year&end=2026-11-21`), so it can be bookmarked and the back button returns to the
//! previous range. Reads only the snapshot's series (whatever source filled them).

use crate::browser::window;
use crate::date::Date;
use crate::history::stats::Range;
use crate::model::{Metric, Series, Snapshot};
use crate::units::UnitPrefs;
use leptos::prelude::*;

mod shown;

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
    /// How far fetching older history has come, in words (None: nothing under way).
    pub progress: Signal<Option<String>>,
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
    let nav = Nav {
        view: view_sig,
        snapshot,
        today,
        older,
    };
    // Back and forward buttons restore the range shown then.
    let pop = window_event_listener(leptos::ev::popstate, move |_| view_sig.set(current()));
    on_cleanup(move || pop.remove());
    // The first day a (week, month, year) view shows: a source that fetches older history is
    // asked for it when a view reaches before what is kept.
    Effect::new(move |_| {
        let v = view_sig.get();
        if let (Some(o), true, false) = (older, nav.fetches(), v.range == Range::All) {
            let start = nav
                .end()
                .add_days(1 - v.range.days(nav.end(), nav.first()) as i32);
            if start < nav.first() {
                o.load.run(start);
            }
        }
    });
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let dir = match ev.key().as_str() {
            "ArrowLeft" => -1,
            "ArrowRight" => 1,
            _ => return,
        };
        ev.prevent_default();
        nav.step(dir);
    };

    // Chart, records and heatmap: one block, drawn again when the view or the data changes.
    let body = move || {
        let v = view_sig.get();
        let Some(s) = nav.series() else {
            return view! { <p class="notice">"No stored days of this yet."</p> }.into_any();
        };
        shown::shown(nav, v, s, prefs.get())
    };
    view! {
        <section class="history" id="history" aria-labelledby="history-title" on:keydown=on_key>
            <h2 id="history-title">"History"</h2>
            <div class="history-controls">
                <label>"Show "
                    <select on:change=move |ev| {
                        let m = Metric::from_key(&event_target_value(&ev)).unwrap_or(Metric::Steps);
                        nav.go(View { metric: m, ..view_sig.get_untracked() });
                    }>{metric_options(nav)}</select>
                </label>
                <div class="ranges" role="group" aria-label="Range">{range_buttons(nav)}</div>
                <div class="ranges" role="group" aria-label="Move (or use the arrow keys)">
                    <button type="button" class="secondary" on:click=move |_| nav.step(-1)
                        disabled=move || view_sig.with(|v| v.range == Range::All)>"← Earlier"</button>
                    <button type="button" class="secondary" on:click=move |_| nav.step(1)
                        disabled=move || view_sig.with(|v| v.range == Range::All || v.end.is_none())>"Later →"</button>
                </div>
            </div>
            {move || older.and_then(|o| o.progress.get()).map(|p| view! {
                <p class="notice older-progress" role="status">{p}</p>
            })}
            {body}
        </section>
    }
}

/// The view shown and what moving it needs. (Plain reads, no memo per value: each memo type
/// and each reactive block is generic code in the bundle.)
#[derive(Clone, Copy)]
struct Nav {
    view: RwSignal<View>,
    snapshot: Signal<Snapshot>,
    today: Signal<Date>,
    older: Option<LoadOlder>,
}

impl Nav {
    /// Whether the source shown fetches older history.
    fn fetches(self) -> bool {
        self.older.is_some_and(|o| o.active.get())
    }

    /// Shows `v`, as a new entry of the browser's history.
    fn go(self, v: View) {
        if let Ok(h) = window().history() {
            let _ = h.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&v.query()));
        }
        self.view.set(v);
    }

    /// The series of the metric viewed, if it has one.
    fn series(self) -> Option<Series> {
        let m = self.view.with(|v| v.metric);
        self.snapshot.with(|s| s.series(m).ready().cloned())
    }

    /// The last day shown: never after today.
    fn end(self) -> Date {
        self.view
            .with(|v| v.end)
            .unwrap_or_else(|| self.today.get())
            .min(self.today.get())
    }

    /// The first day kept of the metric viewed (today if none).
    fn first(self) -> Date {
        self.snapshot
            .with(|s| {
                s.series(self.view.with(|v| v.metric))
                    .ready()
                    .and_then(|s| s.points.first().map(|p| p.date))
            })
            .unwrap_or_else(|| self.today.get())
    }

    /// Moves the view a range earlier (`dir` -1) or later (1).
    fn step(self, dir: i32) {
        let v = self.view.get_untracked();
        let by = v.range.step() * dir;
        if by == 0 {
            return;
        }
        let new_end = self.end().add_days(by);
        // Before the first day kept only where a source can fetch it.
        if new_end.days_since(self.first()) < 0 && dir < 0 && !self.fetches() {
            return;
        }
        self.go(View {
            end: (new_end < self.today.get_untracked()).then_some(new_end),
            ..v
        });
    }
}

/// One button per range, the one shown pressed.
fn range_buttons(nav: Nav) -> impl IntoView {
    move || {
        Range::ALL
            .into_iter()
            .map(|r| {
                view! {
                    <button type="button" class="secondary" aria-pressed=move || (nav.view.with(|v| v.range) == r).to_string()
                        on:click=move |_| nav.go(View { range: r, ..nav.view.get_untracked() })>{r.label()}</button>
                }
            })
            .collect_view()
    }
}

/// The metrics with stored days, the one viewed selected.
fn metric_options(nav: Nav) -> impl IntoView {
    move || {
        let selected = nav.view.with(|v| v.metric);
        let available: Vec<Metric> = nav.snapshot.with(|s| {
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
    }
}

#[cfg(test)]
mod tests;
