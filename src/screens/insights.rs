//! Insights (`#insights`) and the report to print (`#report`): the controls, and the doc the
//! import worker computes from the days the page holds (see `insights`). The place lives in
//! the address's fragment, so the back button returns to the dashboard. Loaded with its own
//! stylesheet (`insights.css`, screen and print), never in the first paint.

use crate::browser::window;
use crate::date::Date;
use crate::history::stats::Range;
use crate::insights::ask::Ask;
use crate::model::{Metric, Snapshot};
use crate::units::UnitPrefs;
use leptos::prelude::*;

mod doc_view;
pub mod usual;

/// Where the person is: the dashboard (`None`), Insights (`Some(false)`) or the report
/// (`Some(true)`).
pub fn place() -> Signal<Option<bool>> {
    let read = || match window().location().hash().unwrap_or_default().as_str() {
        "#insights" => Some(false),
        "#report" => Some(true),
        _ => None,
    };
    let place = RwSignal::new(read());
    let on = window_event_listener(leptos::ev::hashchange, move |_| place.set(read()));
    on_cleanup(move || on.remove());
    place.into()
}

/// A link to a place (`""`: the dashboard): the fragment set on this address, so the query
/// (History's view) stays and nothing reloads (`<base>` would resolve `#x` against the root).
fn link(hash: &'static str, text: &'static str) -> impl IntoView {
    let href = if hash.is_empty() { "./" } else { hash };
    view! {
        <a href=href on:click=move |ev| {
            ev.prevent_default();
            let _ = window().location().set_hash(hash);
        }>{text}</a>
    }
}

/// The link to Insights, below the dashboard.
#[component]
pub fn InsightsLink() -> impl IntoView {
    view! {
        <nav class="to-insights" aria-label="Insights">
            {link("#insights", "Insights")}
            " — your usual ranges, what changed, how your metrics go together, and a report to print."
        </nav>
    }
}

/// The metrics with days in `snap`.
fn kept(snap: &Snapshot) -> Vec<Metric> {
    snap.series
        .iter()
        .filter(|(_, s)| s.ready().is_some_and(|s| !s.points.is_empty()))
        .map(|(m, _)| *m)
        .collect()
}

/// A `<select>` of `metrics`, `now` selected; `set` gets the choice.
fn pick(
    label: &'static str,
    metrics: Vec<Metric>,
    now: Metric,
    set: impl Fn(Metric) + 'static,
) -> impl IntoView {
    view! {
        <label>{label}" "
            <select on:change=move |ev| if let Some(m) = Metric::from_key(&event_target_value(&ev)) { set(m) }>
                {metrics.into_iter().map(|m| view! { <option value=m.key() selected=m == now>{m.label()}</option> }).collect_view()}
            </select>
        </label>
    }
}

/// Insights or the report, for the days of `base` (the person's whole kept history).
#[component]
pub fn Insights(base: Signal<Snapshot>, prefs: Signal<UnitPrefs>, report: bool) -> impl IntoView {
    // It takes the dashboard's place: start at its top (the link was below the dashboard).
    window().scroll_to_with_x_and_y(0.0, 0.0);
    let end = base.with_untracked(|s| s.today);
    let ask = RwSignal::new(Ask {
        report,
        ..Ask::new(end)
    });
    let answer: RwSignal<Option<Result<crate::insights::page::Answer, String>>> =
        RwSignal::new(None);
    let engine = StoredValue::new_local(crate::insights::page::Engine::start());
    // Each question's number: an answer to an older one is dropped.
    let asked = StoredValue::new(0u32);
    Effect::new(move |_| {
        let a = Ask {
            units: prefs.get(),
            end: base.with(|s| s.today),
            ..ask.get()
        };
        let n = asked.get_value() + 1;
        asked.set_value(n);
        answer.set(None);
        let snap = base.get_untracked();
        leptos::task::spawn_local(async move {
            let Some(e) = engine.try_get_value() else {
                return;
            };
            let got = match e {
                Ok(e) => e.ask(&a, &snap).await,
                Err(m) => Err(m),
            };
            if asked.try_get_value() == Some(n) {
                let _ = answer.try_set(Some(got));
            }
        });
    });
    let metrics = move || base.with(kept);
    let controls = move || {
        let a = ask.get();
        if report {
            super::report::controls(ask, metrics()).into_any()
        } else {
            insight_controls(ask, metrics(), a).into_any()
        }
    };
    let body = move || {
        match answer.get() {
        None => view! { <p class="notice" role="status">"Working it out from your days…"</p> }.into_any(),
        Some(Err(e)) => view! { <p class="notice error" role="alert">{e}</p> }.into_any(),
        Some(Ok((d, sections, ms))) => view! { <div class="doc-host" data-computed-ms=format!("{ms:.1}")>{doc_view::doc(d, sections)}</div> }.into_any(),
    }
    };
    view! {
        <link rel="stylesheet" href="insights.css"/>
        <section class="insights" class:report=report aria-labelledby="insights-title">
            <nav class="insights-nav" aria-label="Insights">
                {link("", "← Back to the dashboard")}
                {if report { link("#insights", "Insights") } else { link("#report", "A report to print") }}
            </nav>
            <h2 id="insights-title" class="sr-only">{if report { "Report" } else { "Insights" }}</h2>
            {controls}
            <div aria-live="polite">{body}</div>
        </section>
    }
}

/// Insights' own controls: the period compared, the relation's metrics and lag, the profile.
fn insight_controls(ask: RwSignal<Ask>, kept: Vec<Metric>, a: Ask) -> impl IntoView {
    view! {
        <div class="insight-controls">
            <label>"Compare "
                <select on:change=move |ev| if let Some(r) = Range::parse(&event_target_value(&ev)) { ask.update(|a| a.period = r) }>
                    {[Range::Week, Range::Month, Range::Year].into_iter().map(|r| view! { <option value=r.key() selected=r == a.period>{format!("this {}", r.label().to_lowercase())}</option> }).collect_view()}
                </select>
            </label>
            {pick("Relate", kept.clone(), a.x, move |m| ask.update(|a| a.x = m))}
            {pick("with", kept.clone(), a.y, move |m| ask.update(|a| a.y = m))}
            <label>"taken "
                <select on:change=move |ev| { let lag = event_target_value(&ev) == "1"; ask.update(|a| a.lag = i32::from(lag)) }>
                    <option value="1" selected=a.lag == 1>"the next day"</option>
                    <option value="0" selected=a.lag == 0>"the same day"</option>
                </select>
            </label>
            {pick("Profile of", kept.clone(), a.profile, move |m| ask.update(|a| a.profile = m))}
        </div>
    }
}

/// A date input's value.
pub(super) fn date_of(ev: &leptos::ev::Event) -> Option<Date> {
    Date::parse(&event_target_value(ev)).ok()
}
