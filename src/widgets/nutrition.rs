//! Nutrition: calories eaten against calories burned, and water.

use super::{slot_notice, stat, Ctx};
use crate::components::chart::ChartKind;
use crate::model::{Metric, Unit};
use crate::units::{grouped, show};
use leptos::prelude::*;

pub fn view(cx: &Ctx) -> AnyView {
    let snap = cx.snap;
    let Some(day) = snap.nutrition.ready() else {
        return slot_notice(
            &snap.nutrition,
            "Nothing logged that day: food and water you log in the Fitbit app appear here.",
        )
        .unwrap_or_else(|| ().into_any());
    };
    let on = cx.part_day(crate::model::Need::Nutrition);
    let burned = cx.series(Metric::CaloriesOut).and_then(|s| s.on(on));
    let balance = burned.map(|o| {
        let d = (day.calories - o).round() as i64;
        // A true minus sign reads better than a hyphen.
        format!(
            "{}{} kcal",
            if d > 0 {
                "+"
            } else if d < 0 {
                "−"
            } else {
                ""
            },
            grouped(d.abs())
        )
    });
    let water_goal = snap.goals.get(&Metric::Water).copied();
    let trend = cx
        .series(Metric::CaloriesIn)
        .filter(|s| s.points.len() > 1)
        .map(|cin| {
            view! {
                {super::trend(cx, cin, 30, ChartKind::Bars, None, "Calories eaten, last 30 days")}
            }
        });
    let grams = |g: f64| Some(format!("{g:.0} g"));
    view! {
        <p class="headline">
            <span class="big">{grouped(day.calories as i64)}</span>
            {format!(" kcal eaten {}", cx.words_on(on))}
            {day.calorie_goal.map(|g| format!(" of {}", grouped(g as i64)))}
        </p>
        <dl class="stats">
            {stat("Burned so far", burned.map(|v| format!("{} kcal", grouped(v as i64))))}
            {stat("Balance", balance)}
            {stat("Carbs", grams(day.carbs_g))}
            {stat("Fat", grams(day.fat_g))}
            {stat("Protein", grams(day.protein_g))}
            {stat("Fiber", grams(day.fiber_g))}
            {stat("Water", Some(show(day.water_ml, Unit::Milliliters, &cx.prefs).to_string()))}
            {water_goal.map(|w| stat("Water goal", Some(show(w, Unit::Milliliters, &cx.prefs).to_string())))}
        </dl>
        {trend}
    }
    .into_any()
}
