//! Cardio fitness (VO2 max): a single value after GPS runs, otherwise a range.

use super::{slot_notice, Ctx};
use crate::components::chart::ChartKind;
use crate::model::Metric;
use leptos::prelude::*;

pub fn view(cx: &Ctx) -> AnyView {
    let snap = cx.snap;
    let Some(scores) = snap.cardio_fitness.ready().filter(|s| !s.is_empty()) else {
        return slot_notice(&snap.cardio_fitness, "No cardio fitness score yet: it needs some time wearing a device with heart-rate tracking.")
            .unwrap_or_else(|| ().into_any());
    };
    let latest = scores.iter().rev().find(|s| s.date <= snap.today).copied();
    let shown = latest.map(|s| {
        if s.low == s.high {
            format!("{:.0}", s.low)
        } else {
            format!("{:.0}–{:.0}", s.low, s.high)
        }
    });
    let trend = cx.series(Metric::Vo2Max).map(|s| {
        view! {
            {super::trend(cx, s, 30, ChartKind::Line, None, "Cardio fitness (middle of the range), last 30 days")}
        }
    });
    view! {
        <p class="headline"><span class="big">{shown.unwrap_or_else(|| "—".into())}</span>" ml/kg/min"</p>
        <p class="hint">"A range means Fitbit estimated it without a GPS run; a single value comes after one."</p>
        {trend}
    }
    .into_any()
}
