//! The report's controls: its days, its metrics (defaults: resting heart rate, HRV, blood
//! oxygen, sleep, weight, steps; ECG and irregular-rhythm readings come when present), and
//! "Print / Save as PDF" (the browser's own: no PDF library, no network).

use super::insights::date_of;
use crate::insights::ask::Ask;
use crate::model::Metric;
use leptos::prelude::*;

pub fn controls(ask: RwSignal<Ask>, kept: Vec<Metric>) -> impl IntoView {
    let a = ask.get_untracked();
    let boxes = kept
        .into_iter()
        .map(|m| {
            let on = a.metrics.contains(&m);
            view! {
                <label class="check"><input type="checkbox" checked=on on:change=move |ev| {
                    let yes = event_target_checked(&ev);
                    ask.update(|a| {
                        a.metrics.retain(|x| *x != m);
                        if yes { a.metrics.push(m) }
                    });
                }/>" "{m.label()}</label>
            }
        })
        .collect_view();
    view! {
        <div class="insight-controls report-controls">
            <label>"From " <input type="date" value=a.from.to_string() on:change=move |ev| if let Some(d) = date_of(&ev) { ask.update(|a| a.from = d) }/></label>
            <label>"to " <input type="date" value=a.to.to_string() on:change=move |ev| if let Some(d) = date_of(&ev) { ask.update(|a| a.to = d) }/></label>
            <fieldset><legend>"Metrics"</legend>{boxes}</fieldset>
            <button type="button" class="primary" on:click=move |_| { let _ = crate::browser::window().print(); }>"Print / Save as PDF"</button>
        </div>
    }
}
