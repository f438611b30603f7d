//! Irregular rhythm notifications: alerts already seen in the Fitbit app.

use super::{slot_notice, Ctx};
use leptos::prelude::*;

pub fn view(cx: &Ctx) -> AnyView {
    let Some(alerts) = cx.snap.rhythm_alerts.ready() else {
        return slot_notice(&cx.snap.rhythm_alerts, "No data.").unwrap_or_else(|| ().into_any());
    };
    if alerts.is_empty() {
        return view! {
            <p class="headline"><span class="big">"No alerts"</span></p>
            <p class="hint">"Fitbit lists alerts here only after you have opened them in the Fitbit app."</p>
        }
        .into_any();
    }
    let rows = alerts
        .iter()
        .map(|a| view! { <li><span class="when">{a.detected.replacen('T', " ", 1)}</span><span class="what">"Irregular rhythm detected"</span></li> })
        .collect_view();
    view! {
        <p class="headline warn-text"><span class="big">{alerts.len()}</span>" alerts"</p>
        <ul class="rows">{rows}</ul>
        <p class="hint">"Talk to a doctor about these; pulsedeck only shows what Fitbit recorded."</p>
    }
    .into_any()
}
