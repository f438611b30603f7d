//! ECG: readings taken with the ECG app on the device.

use super::{slot_notice, Ctx};
use leptos::prelude::*;

pub fn view(cx: &Ctx) -> AnyView {
    let Some(readings) = cx.snap.ecg.ready().filter(|r| !r.is_empty()) else {
        return slot_notice(
            &cx.snap.ecg,
            "No ECG readings: take one with the ECG app on a device that has it.",
        )
        .unwrap_or_else(|| ().into_any());
    };
    let rows = readings
        .iter()
        .take(5)
        .map(|r| {
            view! {
                <li>
                    <span class="when">{r.start.replacen('T', " ", 1).get(..16).unwrap_or_default().to_string()}</span>
                    <span class="what">{r.classification.clone()}</span>
                    <span class="hr">{r.avg_heart_rate.map(|h| format!("{h} bpm"))}</span>
                </li>
            }
        })
        .collect_view();
    view! { <ul class="rows">{rows}</ul> }.into_any()
}
