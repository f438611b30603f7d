//! Body: weight with its 90-day trend and goal, BMI and body fat.

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
    let change30 = latest.and_then(|l| {
        let then = weight.latest_until(snap.today.add_days(-30))?;
        let delta = l.value - then.value;
        let shown = show(delta.abs(), Unit::Kilograms, &cx.prefs);
        Some(format!("{}{}", if delta < 0.0 { "−" } else { "+" }, shown))
    });
    view! {
        <p class="headline">
            <span class="big">{latest.map(|p| show(p.value, Unit::Kilograms, &cx.prefs).to_string()).unwrap_or_else(|| "—".into())}</span>
        </p>
        <dl class="stats">
            {stat("Change in 30 days", change30)}
            {stat("Goal", goal.map(|g| show(g, Unit::Kilograms, &cx.prefs).to_string()))}
            {stat("BMI", cx.shown_latest(Metric::Bmi))}
            {stat("Body fat", cx.shown_latest(Metric::BodyFat))}
        </dl>
        {super::trend(cx, weight, 90, ChartKind::Line, goal, "Weight, last 90 days")}
    }
    .into_any()
}
