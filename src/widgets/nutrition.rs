//! Nutrition: calories eaten against calories burned, and water.

use super::{slot_notice, stat, Ctx};
use crate::components::chart::{ChartKind, TrendChart};
use crate::model::{Metric, Unit};
use crate::units::{grouped, show};
use leptos::prelude::*;

pub fn view(cx: &Ctx) -> AnyView {
    let snap = cx.snap;
    let Some(cin) = cx.series(Metric::CaloriesIn) else {
        return slot_notice(snap.series(Metric::CaloriesIn), "No food logged yet.").unwrap_or_else(|| ().into_any());
    };
    let eaten = cin.on(snap.today);
    let burned = cx.series(Metric::CaloriesOut).and_then(|s| s.on(snap.today));
    let balance = eaten.zip(burned).map(|(i, o)| {
        let d = (i - o).round() as i64;
        // A true minus sign reads better than a hyphen.
        format!("{}{} kcal", if d > 0 { "+" } else if d < 0 { "−" } else { "" }, grouped(d.abs()))
    });
    let water = cx.series(Metric::Water).and_then(|s| s.on(snap.today));
    let water_goal = snap.goals.get(&Metric::Water).copied();
    view! {
        <p class="headline">
            <span class="big">{eaten.map(|v| grouped(v as i64)).unwrap_or_else(|| "—".into())}</span>
            " kcal eaten today"
        </p>
        <dl class="stats">
            {stat("Burned so far", burned.map(|v| format!("{} kcal", grouped(v as i64))))}
            {stat("Balance", balance)}
            {stat("Water", water.map(|w| show(w, Unit::Milliliters, &cx.prefs).to_string()))}
            {stat("Water goal", water_goal.map(|w| show(w, Unit::Milliliters, &cx.prefs).to_string()))}
        </dl>
        <TrendChart
            points=cin.window(snap.today, 30).to_vec()
            start=snap.today.add_days(-29)
            days=30
            unit=Unit::Kilocalories
            kind=ChartKind::Bars
            caption="Calories eaten, last 30 days".to_string()
            prefs=cx.prefs
        />
    }
    .into_any()
}
