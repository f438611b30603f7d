//! Body: weight with its 30-day trend and goal, BMI and body fat.

use super::{slot_notice, stat, Ctx};
use crate::components::chart::ChartKind;
use crate::model::{Metric, Unit};
use crate::units::show;
use leptos::prelude::*;

pub fn view(cx: &Ctx) -> AnyView {
    let snap = cx.snap;
    let Some(weight) = cx.series(Metric::Weight).filter(|s| !s.points.is_empty()) else {
        return slot_notice(snap.series(Metric::Weight), "No weight logged yet.")
            .unwrap_or_else(|| view! { <p class="notice">"No weight logged yet."</p> }.into_any());
    };
    let latest = weight.latest_until(snap.today);
    let goal = snap.goals.get(&Metric::Weight).copied();
    // Against the first weigh-in of the 30 days shown (a source may hold no older one).
    let change30 = latest.and_then(|l| {
        let first = weight
            .window(snap.today, 30)
            .first()
            .filter(|f| f.date < l.date)?;
        let delta = l.value - first.value;
        let shown = show(delta.abs(), Unit::Kilograms, &cx.prefs);
        Some(format!(
            "{}{} since {}",
            if delta < 0.0 { "−" } else { "+" },
            shown,
            first.date.short_label()
        ))
    });
    view! {
        <p class="headline">
            <span class="big">{latest.map(|p| show(p.value, Unit::Kilograms, &cx.prefs).to_string()).unwrap_or_else(|| "—".into())}</span>
        </p>
        <dl class="stats">
            {stat("Change in 30 days", change30)}
            {goal.map(|g| stat("Goal", Some(show(g, Unit::Kilograms, &cx.prefs).to_string())))}
            {stat("BMI", cx.shown_latest(Metric::Bmi))}
            {stat("Body fat", cx.shown_latest(Metric::BodyFat))}
        </dl>
        {super::trend(cx, weight, 30, ChartKind::Line, goal, "Weight, last 30 days")}
    }
    .into_any()
}
